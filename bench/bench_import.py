"""Time `dxtrack values import` of N values (default 1,000,000) from CSV into PostgreSQL.

Budget (issue 4): under 60 s with validation, peak RSS under 300 MB whatever the file size;
the second run of the same file changes nothing.

    DATABASE_URL=postgres://root@127.0.0.1:5432/dxtrack_dev .venv/bin/python bench/bench_import.py [--rows N]

A scratch database `<name>_bench_import` is created on DATABASE_URL's server, migrated, given
today's administrative units (`orgunits import-vn`, 34 provinces and 3,321 wards) and a
synthetic programme of 50 monthly indicators (40 counts, 10 percentages with numerator and
denominator), then dropped (`--keep` keeps it). The CSV gives every indicator for every ward,
month after month from July 2025. Each import is its own `dxtrack values import` process:
wall time includes Python and Django start-up, and peak RSS is that process's (wait4).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BUDGET_SECONDS = 60.0
BUDGET_RSS_MB = 300.0
ROOT = Path(__file__).resolve().parent.parent


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def scratch(url: str, name: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def dxtrack(args: list[str], env: dict[str, str], *, check: bool = True) -> tuple[float, float, int, str, str]:
    """(wall seconds, peak RSS in MB, exit code, stdout, stderr) of one dxtrack process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "dxtrack.cli", *args], env=env, stdout=out, stderr=err)  # noqa: S603
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if check and process.returncode:
        sys.exit(f"dxtrack {' '.join(args)} failed ({process.returncode}):\n{stdout}\n{stderr[-3000:]}")
    return wall, usage.ru_maxrss / 1024, process.returncode, stdout, stderr


SETUP = """
from decimal import Decimal
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, Pillar, Programme
country = OrgUnit.objects.get(code="VN")
programme = Programme.objects.create(code="BENCH", title_vi="Chương trình thử", horizon_start=2025, horizon_end=2030, area=country)
pillar = Pillar.objects.create(programme=programme, code="P", name_vi="Trụ cột")
for number in range(1, 51):
    share = number > 40
    Indicator.objects.create(
        programme=programme, pillar=pillar, code=f"B{number:02d}", name_vi=f"Chỉ tiêu {number}",
        value_type="percentage_with_parts" if share else "count", period_type="month",
        unit_aggregation="ratio_of_sums" if share else "sum", period_aggregation="last",
        natural_limit=Decimal(100) if share else None,
    )
with open(__OUT__, "w") as out:
    out.write("\\n".join(OrgUnit.objects.filter(kind="commune", valid_to__isnull=True).order_by("code").values_list("code", flat=True)))
"""


def write_csv(path: Path, wards: list[str], rows: int) -> int:
    """Every indicator for every ward, month after month from 2025-07, until `rows` lines."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("indicator,org_unit,period,value,numerator,denominator,comment\n")
        month = 0
        while written < rows:
            year, index = 2025 + (6 + month) // 12, (6 + month) % 12 + 1
            period = f"{year}-{index:02d}"
            for position, ward in enumerate(wards):
                lines = []
                for number in range(1, 51):
                    if number > 40:
                        denominator = 50 + (position + number) % 200
                        lines.append(f"B{number:02d},{ward},{period},,{(position * 7 + number + month) % denominator},{denominator},\n")
                    else:
                        lines.append(f"B{number:02d},{ward},{period},{(position * 13 + number * 7 + month) % 1000},,,\n")
                take = lines[: rows - written]
                out.writelines(take)
                written += len(take)
                if written >= rows:
                    break
            month += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the budget is for PostgreSQL).")
    name = urlsplit(url).path.lstrip("/") + "_bench_import"
    scratch(url, name, create=True)
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        env = {**os.environ, "DATABASE_URL": with_database(url, name), "DXTRACK_DATA_DIR": str(work_dir), "PYTHONPATH": str(ROOT)}
        try:
            dxtrack(["migrate", "--no-input", "-v", "0"], env)
            dxtrack(["orgunits", "import-vn"], env)
            wards_file = work_dir / "wards.txt"
            dxtrack(["shell", "-c", SETUP.replace("__OUT__", repr(str(wards_file)))], env)
            wards = wards_file.read_text().split()
            csv_path = work_dir / "values.csv"
            started = time.perf_counter()
            count = write_csv(csv_path, wards, args.rows)
            print(f"{count:,} values over {len(wards):,} wards × 50 indicators; CSV {csv_path.stat().st_size / 1e6:.1f} MB "
                  f"written in {time.perf_counter() - started:.1f} s")
            results = []
            for label in ("first run (all created)", "second run (all unchanged)"):
                wall, rss, _code, stdout, _stderr = dxtrack(["values", "import", str(csv_path), "--language", "en"], env)
                results.append((label, wall, rss, stdout.strip().splitlines()[-1]))
            dry_wall, dry_rss, _code, dry_out, _ = dxtrack(["values", "import", str(csv_path), "--dry-run", "--language", "en"], env)
            results.append(("dry run", dry_wall, dry_rss, dry_out.strip().splitlines()[-1]))
        finally:
            if not args.keep:
                scratch(url, name, create=False)
    print(f"{'run':30} {'wall s':>8} {'peak RSS MB':>12}  result")
    for label, wall, rss, line in results:
        flag = "" if wall < BUDGET_SECONDS and rss < BUDGET_RSS_MB else "  OVER BUDGET"
        print(f"{label:30} {wall:8.1f} {rss:12.0f}  {line}{flag}")
    print(f"budget: < {BUDGET_SECONDS:.0f} s and < {BUDGET_RSS_MB:.0f} MB per run")


if __name__ == "__main__":
    main()
