"""Time `dxtrack orgunits import-vn --legacy`: a first run on an empty database, then the
idempotent second run. Budget: under 60 s each (issue 2).

    .venv/bin/python bench/bench_import_vn.py                       # SQLite only
    DATABASE_URL=postgres://root@127.0.0.1:5432/dxtrack_dev .venv/bin/python bench/bench_import_vn.py

SQLite: a fresh file in a temporary DXTRACK_DATA_DIR, migrated first. PostgreSQL (when
DATABASE_URL is set): a scratch database `<name>_bench_import_vn` is created on the same server,
migrated, timed and dropped; the database DATABASE_URL names is left alone (`--in-place` uses it
as it is instead, so "first run" is then only first if it is empty). Each figure is the wall time
of the whole command process (Python and Django start-up included) and the time the command
itself reports.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

BUDGET_SECONDS = 60.0
COMMAND = ["orgunits", "import-vn", "--legacy"]


def dxtrack(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "dxtrack.cli", *args], env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"dxtrack {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout


def bench(label: str, env: dict[str, str]) -> list[tuple[str, float, str]]:
    dxtrack(["migrate", "--no-input", "-v", "0"], env)
    rows = []
    for run in ("first run", "second run"):
        wall, out = dxtrack(COMMAND, env)
        summary = out.strip().splitlines()[-1]
        inner = re.search(r"([\d.]+) s", summary)
        rows.append((f"{label}, {run}", wall, f"{inner.group(1)} s in the command; {summary.split(': ', 1)[-1]}" if inner else summary))
    return rows


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_scratch(url: str, action: str, name: str) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--in-place", action="store_true", help="use the DATABASE_URL database itself")
    options = parser.parse_args()

    base_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    rows = []
    with tempfile.TemporaryDirectory(prefix="dxtrack-bench-") as data_dir:
        rows += bench("SQLite", base_env | {"DXTRACK_DATA_DIR": data_dir})

        url = os.environ.get("DATABASE_URL")
        if url:
            env = base_env | {"DXTRACK_DATA_DIR": data_dir}
            if options.in_place:
                rows += bench("PostgreSQL (in place)", env | {"DATABASE_URL": url})
            else:
                scratch = (urlsplit(url).path.lstrip("/") or "dxtrack") + "_bench_import_vn"
                postgres_scratch(url, "create", scratch)
                try:
                    rows += bench("PostgreSQL", env | {"DATABASE_URL": with_database(url, scratch)})
                finally:
                    postgres_scratch(url, "drop", scratch)
        else:
            print("DATABASE_URL not set: PostgreSQL skipped.")

    print(f"dxtrack {' '.join(COMMAND)}  (budget {BUDGET_SECONDS:.0f} s)")
    for label, wall, detail in rows:
        print(f"  {label:<28} {wall:6.2f} s wall   ({detail})")
    over = [label for label, wall, _ in rows if wall >= BUDGET_SECONDS]
    if over:
        sys.exit(f"Over budget: {', '.join(over)}")


if __name__ == "__main__":
    main()
