"""Time `dxtrack backup` and `dxtrack restore` of the demo (budget: under 30 s each), and of
the demo with N more values (budget at 1 M values: under 5 minutes each), with each step's
peak memory (RSS of its process, from the kernel's rusage).

    DXTRACK_DATA_DIR=/tmp/dx-bench .venv/bin/python bench/bench_backup.py
    DXTRACK_DATA_DIR=/tmp/dx-bench .venv/bin/python bench/bench_backup.py --values 1000000
    DATABASE_URL=postgres://…/dx_bench .venv/bin/python bench/bench_backup.py   # on PostgreSQL

1. Loads the demo (with its sample) into a fresh data directory (SQLite unless DATABASE_URL);
   with --values N, adds N synthetic monthly values (years 2200 on, so nothing of the demo's
   is touched), inserted in bulk.
2. `dxtrack backup FILE` of it, timed; then `dxtrack backup verify FILE`.
3. `dxtrack restore FILE` into a second, freshly migrated SQLite data directory, timed.
4. Checks that a backup of the restored instance holds the same rows as the first (each
   table member's SHA-256: the same rows serialise to the same bytes).

Each step runs as the command line does, in its own process (wall clock, `time.perf_counter`).
"""

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADD_VALUES = """
import sys, django; django.setup()
from datetime import date
from decimal import Decimal
from django.utils import timezone
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator
from dxtrack.reporting.models import DataValue
wanted, now = int(sys.argv[1]), timezone.now()
indicators = list(Indicator.objects.values_list("pk", flat=True))
units = list(OrgUnit.objects.values_list("pk", flat=True))
def rows():
    made = 0
    for year in range(2200, 9999):
        for month in range(1, 13):
            start = date(year, month, 1)
            end = date(year + (month == 12), month % 12 + 1, 1)
            for indicator in indicators:
                for unit in units:
                    yield DataValue(indicator_id=indicator, org_unit_id=unit, period=f"{year}-{month:02d}", period_start=start,
                                    period_end=end, value=Decimal(made % 1000), source="bench", recorded_at=now)
                    made += 1
                    if made == wanted:
                        return
batch = []
for row in rows():
    batch.append(row)
    if len(batch) == 10000:
        DataValue.objects.bulk_create(batch); batch = []
DataValue.objects.bulk_create(batch)
print(DataValue.objects.count())
"""


def run(*args: str, env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one command in its own process."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def dxtrack(*args: str, env: dict) -> tuple[float, float]:
    return run("-m", "dxtrack.cli", *args, env=env)


def table_digests(path: Path) -> dict:
    with tarfile.open(path) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    return {label: (table["rows"], table["sha256"]) for label, table in manifest["tables"].items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", type=int, default=0, help="synthetic values to add to the demo")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dx-bench-backup-"))
    source = {**os.environ, "DXTRACK_DATA_DIR": str(work / "source"), "LANG": "en_GB.UTF-8", "DJANGO_SETTINGS_MODULE": "config.settings"}
    target = {key: value for key, value in source.items() if key != "DATABASE_URL"}
    target["DXTRACK_DATA_DIR"] = str(work / "target")
    archive, again = work / "demo.dxbackup", work / "again.dxbackup"
    print(f"loading the demo ({'PostgreSQL' if source.get('DATABASE_URL') else 'SQLite'})…", flush=True)
    dxtrack("demo", "--load-only", env=source)
    if options.values:
        seconds, _ = run("-c", ADD_VALUES, str(options.values), env=source)
        print(f"added {options.values:,} values in {seconds:.0f} s", flush=True)
    backup = dxtrack("backup", str(archive), env=source)
    verify = dxtrack("backup", "verify", str(archive), env=source)
    dxtrack("migrate", "-v0", env=target)
    restore = dxtrack("restore", str(archive), env=target)
    dxtrack("backup", str(again), env=target)
    first, second = table_digests(archive), table_digests(again)
    rows = sum(count for count, _ in first.values())
    identical = first == second
    print(f"rows {rows:,} (values {first['reporting.datavalue'][0]:,})  archive {archive.stat().st_size / 1024 / 1024:.1f} MB")
    budget = "5 min" if options.values >= 1_000_000 else "30 s"
    for name, (seconds, rss) in (("backup", backup), ("verify", verify), ("restore", restore)):
        print(f"{name:7} {seconds:7.1f} s  peak RSS {rss:6.0f} MiB   (budget {budget}{', into SQLite' if name == 'restore' else ''})")
    print(f"restored rows identical: {identical}")
    if not identical:
        print({label: (first[label], second.get(label)) for label in first if first[label] != second.get(label)})
        raise SystemExit(1)


if __name__ == "__main__":
    main()
