"""Queries and time per request of the working pages, one client, in process (no server, no
queueing): where `bench_pages_concurrent.py`'s p95 comes from.

    DATABASE_URL=postgres://root@127.0.0.1:5432/dx_issue8 DXTRACK_DATA_DIR=/tmp/dx_issue8 \\
        /work/main/.venv/bin/python bench/profile_working_pages.py [--repeat 5] [--top 5]

The pages and personas are `bench_pages_concurrent.prepare()`'s (the demo data). Each page is
requested once to warm up, then `--repeat` times; printed: the median time, the queries of one
request, and with `--top` the most frequent query shapes (numbers stripped) of that request.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

WORKING_PAGES = (
    "overdue list (officer)",
    "overdue list, communes",
    "approval queue",
    "My forms",
    "imports list",
    "template page (picker)",
    "completeness",
    "completeness, overdue",
    "notifications",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    from bench_pages_concurrent import prepare

    pages, _cookies = prepare()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dxtrack.accounts.models import User

    for name in WORKING_PAGES:
        if name not in pages:
            continue
        persona, path = pages[name]
        client = Client()
        client.force_login(User.objects.get(username=persona))
        status = client.get(path).status_code  # warm-up
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - began) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(
            f"{name:26} {status}  median {statistics.median(times):7.1f} ms  {len(queries):4d} queries"
        )
        if args.top:
            shapes = Counter(
                re.sub(r"\d+", "N", query["sql"])[:140] for query in queries.captured_queries
            )
            for shape, count in shapes.most_common(args.top):
                print(f"      {count:4d} × {shape}")


if __name__ == "__main__":
    main()
