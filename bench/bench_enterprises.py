"""Time `dxtrack enterprises import` of the 68,000-enterprise sample registry into PostgreSQL,
and the registry search at that size.

Budgets (issue 10): import with MST and address checks < 30 s on PostgreSQL, peak RSS < 300 MB;
registry search p95 < 100 ms at 68,000 rows.

    DATABASE_URL=postgres://root@127.0.0.1:5432/dx_issue_10 .venv/bin/python bench/bench_enterprises.py [--rows N]

A scratch database `<name>_bench_enterprises` is created on DATABASE_URL's server, migrated and
given Binh Duong's units before and after 1 July 2025 (`orgunits import-vn --legacy --province
74`), then dropped (`--keep` keeps it). The CSV is `dxtrack.enterprises.sample.sample_rows`
(valid MSTs, 7,000 IT); to exercise the ward checks, one row in six names its ward by the old
(pre-2025) ward code and one in six by an old address ("Phường …, Thành phố …, Tỉnh Bình
Dương"), which vietnamadminunits converts. Each import is its own process: wall time includes
Python and Django start-up; peak RSS is that process's (wait4).

Search: 400 queries of the registry page's kind, as the province's leader (every ward): a name
word without accents, an MST prefix, a VSIC prefix with a size class, a ward with "IT only";
each is the count plus the first page of 50 (what the page runs). p50 / p95 of wall time.
"""

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

IMPORT_BUDGET_SECONDS = 30.0
BUDGET_RSS_MB = 300.0
SEARCH_BUDGET_MS = 100.0
ROOT = Path(__file__).resolve().parent.parent

SETUP = """
import csv
from dxtrack.enterprises.files import COLUMNS
from dxtrack.enterprises.sample import binh_duong_ward_codes, sample_rows
from dxtrack.orgunits.models import OrgUnit, OrgUnitLineage
today = binh_duong_ward_codes()
links = OrgUnitLineage.objects.filter(to_unit__code__in=today, to_unit__valid_to__isnull=True, from_unit__kind="commune")
old = {}
for link in links.select_related("from_unit__parent__parent", "to_unit"):
    unit = link.from_unit
    address = f"{unit.name_vi}, {unit.parent.name_vi}, {unit.parent.parent.name_vi}"
    old.setdefault(link.to_unit.code, []).append((unit.code, address))
with open(__OUT__, "w", newline="", encoding="utf-8") as handle:
    writer = csv.DictWriter(handle, fieldnames=COLUMNS)
    writer.writeheader()
    for index, row in enumerate(sample_rows(count=__ROWS__, it_count=__ROWS__ * 7000 // 68000, ward_codes=today)):
        choices = old.get(row["ward"])
        if choices and index % 6 == 1:
            row["ward"] = choices[index % len(choices)][0]
        elif choices and index % 6 == 2:
            row["ward"] = choices[index % len(choices)][1]
        writer.writerow(row)
"""


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def scratch(url: str, name: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def dxtrack(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of one dxtrack process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "dxtrack.cli", *args], env=env, stdout=out, stderr=err)  # noqa: S603
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"dxtrack {' '.join(args)} failed:\n{stdout}\n{stderr[-3000:]}")
    return wall, usage.ru_maxrss / 1024, stdout


SEARCH = """
import json, random, time
from django.core.paginator import Paginator
from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.enterprises.models import Enterprise
from dxtrack.enterprises.selectors import RegistryQuery, enterprise_list_for_user, enterprise_search
from dxtrack.orgunits.models import OrgUnit
leader = User.objects.create_user(username="bench-leader")
RoleAssignment.objects.create(user=leader, role=Role.LEADER, org_unit=OrgUnit.objects.get(code="74", valid_to__isnull=False))
rng = random.Random(7)
words = ["binh an", "phu thinh", "hung phat", "tan tien", "dong a", "cong ty", "thuong mai", "san xuat", "minh long"]
codes = list(Enterprise.objects.values_list("tax_code", flat=True)[:5000])
wards = sorted(set(Enterprise.objects.values_list("ward__code", flat=True)))
queries = []
for number in range(__QUERIES__):
    kind = number % 4
    if kind == 0:
        queries.append(RegistryQuery(text=rng.choice(words)))
    elif kind == 1:
        queries.append(RegistryQuery(text=rng.choice(codes)[:7]))
    elif kind == 2:
        queries.append(RegistryQuery(vsic=rng.choice(["14", "46", "62", "4711"]), size=rng.choice(["micro", "small", "medium"])))
    else:
        queries.append(RegistryQuery(ward=rng.choice(wards), it_only=True))
times = []
for query in queries:
    started = time.perf_counter()
    page = Paginator(enterprise_search(enterprise_list_for_user(leader), query), 50).get_page(1)
    list(page)
    page.paginator.count
    times.append((time.perf_counter() - started) * 1000)
print(json.dumps([[["name word", "MST prefix", "VSIC + size", "ward + IT"][n % 4], t] for n, t in enumerate(times)]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=68_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the budget is for PostgreSQL).")
    name = urlsplit(url).path.lstrip("/") + "_bench_enterprises"
    scratch(url, name, create=True)
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        env = {**os.environ, "DATABASE_URL": with_database(url, name), "DXTRACK_DATA_DIR": str(work_dir), "PYTHONPATH": str(ROOT)}
        try:
            dxtrack(["migrate", "--no-input", "-v", "0"], env)
            dxtrack(["orgunits", "import-vn", "--legacy", "--province", "74"], env)
            csv_path = work_dir / "registry.csv"
            started = time.perf_counter()
            dxtrack(["shell", "-c", SETUP.replace("__OUT__", repr(str(csv_path))).replace("__ROWS__", str(args.rows))], env)
            with csv_path.open(encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            addresses = sum(1 for row in rows if not row["ward"].isdigit())
            print(f"{len(rows):,} enterprises ({sum(r['is_it'] == '1' for r in rows):,} IT, {addresses:,} by old address); "
                  f"CSV {csv_path.stat().st_size / 1e6:.1f} MB written in {time.perf_counter() - started:.1f} s")
            del rows
            results = []
            for label in ("first run (all created)", "second run (all unchanged)"):
                wall, rss, stdout = dxtrack(["enterprises", "import", str(csv_path), "--language", "en"], env)
                results.append((label, wall, rss, stdout.strip().splitlines()[-1]))
            wall, rss, stdout = dxtrack(["enterprises", "import", str(csv_path), "--dry-run", "--language", "en"], env)
            results.append(("dry run", wall, rss, stdout.strip().splitlines()[-1]))
            _wall, _rss, stdout = dxtrack(["shell", "-c", SEARCH.replace("__QUERIES__", str(args.queries))], env)
            timed = json.loads(stdout.strip().splitlines()[-1])
            times = sorted(t for _kind, t in timed)
        finally:
            if not args.keep:
                scratch(url, name, create=False)
    print(f"{'run':30} {'wall s':>8} {'peak RSS MB':>12}  result")
    for label, wall, rss, line in results:
        flag = "" if wall < IMPORT_BUDGET_SECONDS and rss < BUDGET_RSS_MB else "  OVER BUDGET"
        print(f"{label:30} {wall:8.1f} {rss:12.0f}  {line}{flag}")
    p50 = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    flag = "" if p95 < SEARCH_BUDGET_MS else "  OVER BUDGET"
    print(f"search: {len(times)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms (budget p95 < {SEARCH_BUDGET_MS:.0f} ms){flag}")
    for kind in dict.fromkeys(kind for kind, _t in timed):
        own = sorted(t for k, t in timed if k == kind)
        print(f"  {kind:12} p50 {statistics.median(own):6.1f} ms  p95 {own[int(len(own) * 0.95) - 1]:6.1f} ms")


if __name__ == "__main__":
    main()
