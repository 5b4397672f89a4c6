"""Latency of the leaders' pages (dxtrack/explore) on the demo: p50 / p95 / max per page.

    .venv/bin/python bench/bench_explore_pages.py [--requests 30]
    DXTRACK_DATA_DIR=/tmp/dx-8 .venv/bin/python bench/bench_explore_pages.py   # reuse a loaded demo
    DATABASE_URL=postgres://root@127.0.0.1:5432/dxtrack_bench .venv/bin/python bench/bench_explore_pages.py

Loads the demo unless the programme is already there, then requests each page through
Django's test client in-process, one request at a time: the figure is the server's work
(queries, figures, rendering), not the network. Budget (issue 8): p95 < 150 ms.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DXTRACK_DATA_DIR", tempfile.mkdtemp(prefix="dxtrack-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from dxtrack.demo.services import PROGRAMME_CODE, demo_load
    from dxtrack.orgunits.models import OrgUnit
    from dxtrack.programmes.models import Programme

    setup_test_environment()
    call_command("migrate", verbosity=0)
    if not Programme.objects.filter(code=PROGRAMME_CODE).exists():
        demo_load(say=lambda line: None)
    old_ward = OrgUnit.objects.get(code="25747", valid_to__isnull=False)
    new_ward = OrgUnit.objects.get(code="25747", valid_to__isnull=True)
    base = f"/programmes/{PROGRAMME_CODE}"
    pages = {
        "indicator": f"{base}/indicators/CQS-06/",
        "indicator as of 2024": f"{base}/indicators/CQS-06/?as_of=2024-12-31",
        "indicator, a ward": f"{base}/indicators/CQS-06/?unit={new_ward.pk}",
        "series.xlsx": f"{base}/indicators/CQS-06/series.xlsx",
        "scorecard, old ward": f"{base}/units/{old_ward.pk}/",
        "scorecard, new ward": f"{base}/units/{new_ward.pk}/",
        "rankings (index)": f"{base}/rankings/",
        "map": f"{base}/indicators/CQS-06/map/",
        "DTI": "/rankings/dti/",
        "DTI map": "/rankings/dti/map/",
    }
    client = Client()
    engine = django.conf.settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{args.requests} requests per page on {engine} (budget p95 < 150 ms)")
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url  # warm-up
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
        print(f"  {name:22} p50 {statistics.median(timings):7.1f} ms  p95 {p95:7.1f} ms  max {timings[-1]:7.1f} ms")


if __name__ == "__main__":
    main()
