"""The overview with figures computed from the values against figures read from the aggregate
store (decision 0017), on a database that already holds the demo, in one process.

    DXTRACK_DATA_DIR=/tmp/dx-demo .venv/bin/python manage.py demo --load-only
    DXTRACK_DATA_DIR=/tmp/dx-demo .venv/bin/python bench/bench_store.py [--requests 50]

Alternates the two modes request by request (so a busy machine slows both alike) and prints
p50 / p95 per mode, and the time of `figures check` (recomputing the whole store beside it).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from dxtrack.demo.services import PROGRAMME_CODE
    from dxtrack.figures.checking import cells_check
    from dxtrack.figures.services import store_built

    if not store_built():
        sys.exit("The store is not built: load the demo with this branch (or run `dxtrack figures rebuild`).")
    setup_test_environment()
    client = Client()
    url = f"/programmes/{PROGRAMME_CODE}/"
    timings: dict[str, list[float]] = {"off": [], "auto": []}
    for mode in timings:  # warm-up
        settings.DXTRACK_FIGURES_STORE = mode
        assert client.get(url).status_code == 200
    for _ in range(args.requests):
        for mode, found in timings.items():
            settings.DXTRACK_FIGURES_STORE = mode
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            found.append((time.perf_counter() - started) * 1000)
    for mode, found in timings.items():
        found.sort()
        p95 = found[max(int(len(found) * 0.95) - 1, 0)]
        label = "computed from values" if mode == "off" else "read from the store"
        print(f"overview {url}, {label}: p50 {statistics.median(found):.1f} ms, p95 {p95:.1f} ms, {len(found)} requests")
    started = time.perf_counter()
    differences = cells_check()
    print(f"figures check: {len(differences)} differences in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
