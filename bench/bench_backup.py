"""Time `dxtrack backup` and `dxtrack restore` of the demo (budget: under 30 s each).

    DXTRACK_DATA_DIR=/tmp/dx-bench .venv/bin/python bench/bench_backup.py
    DATABASE_URL=postgres://…/dx_bench .venv/bin/python bench/bench_backup.py   # on PostgreSQL

1. Loads the demo (with its sample) into a fresh data directory (SQLite unless DATABASE_URL).
2. `dxtrack backup FILE` of it, timed; then `dxtrack backup verify FILE`.
3. `dxtrack restore FILE` into a second, freshly migrated SQLite data directory, timed.
4. Checks that a backup of the restored instance holds the same rows as the first.

Each step runs as the command line does, in its own process (wall clock, `time.perf_counter`).
"""

import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dxtrack.cli", *args], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    return time.perf_counter() - started


def tables(path: Path) -> dict:
    with tarfile.open(path) as archive:
        return {info.name: json.load(archive.extractfile(info)) for info in archive if info.name.startswith("data/")}


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="dx-bench-backup-"))
    source = {**os.environ, "DXTRACK_DATA_DIR": str(work / "source"), "LANG": "en_GB.UTF-8"}
    target = {key: value for key, value in source.items() if key != "DATABASE_URL"}
    target["DXTRACK_DATA_DIR"] = str(work / "target")
    archive, again = work / "demo.dxbackup", work / "again.dxbackup"
    print(f"loading the demo ({'PostgreSQL' if source.get('DATABASE_URL') else 'SQLite'})…", flush=True)
    run("demo", "--load-only", env=source)
    backup = run("backup", str(archive), env=source)
    verify = run("backup", "verify", str(archive), env=source)
    run("migrate", "-v0", env=target)
    restore = run("restore", str(archive), env=target)
    run("backup", str(again), env=target)
    rows = sum(len(content) for content in tables(archive).values())
    identical = tables(archive) == tables(again)
    print(f"rows {rows:,}  archive {archive.stat().st_size / 1024 / 1024:.1f} MB")
    print(f"backup  {backup:6.1f} s   (budget 30 s)")
    print(f"verify  {verify:6.1f} s")
    print(f"restore {restore:6.1f} s   (budget 30 s, into SQLite)")
    print(f"restored rows identical: {identical}")
    if not identical:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
