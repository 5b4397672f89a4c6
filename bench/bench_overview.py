"""Overview page latency on the demo: p50 / p95 / max over N requests (budget: p95 < 100 ms).

    .venv/bin/python bench/bench_overview.py [--requests 200]
    DATABASE_URL=postgres://root@127.0.0.1:5432/dxtrack_bench .venv/bin/python bench/bench_overview.py

Loads the demo into a fresh SQLite file under a temporary data directory (or into DATABASE_URL,
which must be an empty scratch database), then requests the page through Django's test client
in-process: the figure is the server's work (queries, roll-ups, rendering), not the network.
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
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DXTRACK_DATA_DIR", tempfile.mkdtemp(prefix="dxtrack-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from dxtrack.demo.services import PROGRAMME_CODE, demo_load

    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    demo_load(say=lambda line: None)
    print(f"demo load: {time.perf_counter() - started:.2f} s")

    client = Client()
    url = f"/programmes/{PROGRAMME_CODE}/"
    assert client.get(url).status_code == 200  # warm-up: imports, template compilation
    timings = []
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    engine = django.conf.settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"overview {url} on {engine}, {args.requests} requests: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms (budget p95 < 100 ms)"
    )


if __name__ == "__main__":
    main()
