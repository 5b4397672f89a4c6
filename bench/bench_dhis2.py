"""DHIS2 dataValueSets at scale: POST then GET of N values (default 100,000) through a real server.

Budgets (issue 12): the GET streams N values in under 3 s with the server worker's peak RSS
under 200 MB; the POST of N values (JSON) takes under 10 s. On PostgreSQL.

    DATABASE_URL=postgres://root@127.0.0.1:5432/dx_issue_12 .venv/bin/python bench/bench_dhis2.py [--values N] [--port 18120]

A scratch database `<name>_bench_dhis2` is created on DATABASE_URL's server, migrated and given
a province with 1,000 wards, a programme of 10 yearly count indicators and a form holding them
(N values are 1,000 wards × 10 indicators × N / 10,000 years back from 2024), then dropped
(`--keep` keeps it). gunicorn serves it with one sync worker (restarted before the GETs); the client is Python's urllib
with a personal access token (`Authorization: ApiToken`). Times are the client's, from the
request to the last byte; the RSS is the worker's VmHWM (peak resident set) read from /proc
after each request. The POST is made twice: all values created, then all unchanged.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

POST_BUDGET_SECONDS = 10.0
GET_BUDGET_SECONDS = 3.0
GET_BUDGET_RSS_MB = 200.0
WARDS = 1_000
INDICATORS = 10
ROOT = Path(__file__).resolve().parent.parent

SETUP = """
from dxtrack.accounts.models import User
from dxtrack.accounts.tokens import token_create
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, Pillar, Programme
from dxtrack.reporting.models import FormIndicator, ReportingForm
province = OrgUnit.objects.create(code="BP", kind="province", name_vi="Tỉnh thử")
province.path = "/"
province.save()
OrgUnit.objects.bulk_create([
    OrgUnit(code=f"W{number:04d}", kind="commune", name_vi=f"Phường {number}", parent=province, path=f"/{province.pk}/")
    for number in range(1, __WARDS__ + 1)
])
programme = Programme.objects.create(code="BENCH", title_vi="Chương trình thử", horizon_start=2010, horizon_end=2030, area=province)
pillar = Pillar.objects.create(programme=programme, code="P", name_vi="Trụ cột")
form = ReportingForm.objects.create(programme=programme, code="F-BENCH", name_vi="Biểu thử", period_type="year", unit_level="commune")
for number in range(1, __INDICATORS__ + 1):
    indicator = Indicator.objects.create(
        programme=programme, pillar=pillar, code=f"I{number:02d}", name_vi=f"Chỉ tiêu {number}", value_type="count",
        period_type="year", unit_aggregation="sum", period_aggregation="last",
    )
    FormIndicator.objects.create(form=form, indicator=indicator, order=number)
user = User.objects.create_superuser(username="bench", password="bench-password-not-used")
_token, plain = token_create(user=user, name="bench")
open(__OUT__, "w").write(plain)
"""


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def scratch(url: str, name: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)  # noqa: S603


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def call(method: str, url: str, token: str, *, body: bytes | None = None) -> tuple[float, int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers={  # noqa: S310 - our own server
        "Authorization": f"ApiToken {token}", "Content-Type": "application/json", "Accept": "application/json",
    })
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
        content = response.read()
        status = response.status
    return time.perf_counter() - started, status, content


def wait_for(url: str, token: str) -> None:
    for _attempt in range(200):
        try:
            call("GET", url, token)
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"the server did not answer at {url}")


def start(port: int, env: dict[str, str], base: str, token: str) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", "300", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )
    wait_for(f"{base}/api/system/info", token)
    return server


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--values", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=18120)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the budgets are for PostgreSQL).")
    years = max(1, args.values // (WARDS * INDICATORS))
    name = urlsplit(url).path.lstrip("/") + "_bench_dhis2"
    scratch(url, name, create=True)
    base = f"http://127.0.0.1:{args.port}"
    results = []
    server = None
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        env = {**os.environ, "DATABASE_URL": with_database(url, name), "DXTRACK_DATA_DIR": str(work_dir), "PYTHONPATH": str(ROOT)}
        try:
            manage(["migrate", "--no-input", "-v", "0"], env)
            token_file = work_dir / "token"
            setup = SETUP.replace("__OUT__", repr(str(token_file))).replace("__WARDS__", str(WARDS)).replace("__INDICATORS__", str(INDICATORS))
            manage(["shell", "-c", setup], env)
            token = token_file.read_text().strip()
            server = start(args.port, env, base, token)
            worker = worker_pid(server.pid)
            _t, _s, units = call("GET", f"{base}/api/organisationUnits?paging=false&fields=id,code,level", token)
            _t, _s, elements = call("GET", f"{base}/api/dataElements?paging=false&fields=id,code", token)
            _t, _s, sets = call("GET", f"{base}/api/dataSets?fields=id", token)
            unit_list = json.loads(units)["organisationUnits"]
            wards = [unit["id"] for unit in unit_list if unit["level"] == 2]
            province = next(unit["id"] for unit in unit_list if unit["level"] == 1)
            element_ids = [element["id"] for element in json.loads(elements)["dataElements"]]
            form = json.loads(sets)["dataSets"][0]["id"]
            entries = [
                {"dataElement": element, "period": str(2024 - year), "orgUnit": ward, "value": str((index * 7 + year) % 1000)}
                for year in range(years) for index, ward in enumerate(wards) for element in element_ids
            ]
            body = json.dumps({"dataValues": entries}).encode()
            print(f"{len(entries):,} values ({len(wards):,} wards × {len(element_ids)} indicators × {years} years), "
                  f"JSON body {len(body) / 1e6:.1f} MB")
            for label in ("POST (all created)", "POST (all unchanged)"):
                wall, status, content = call("POST", f"{base}/api/dataValueSets", token, body=body)
                count = json.loads(content)["response"]["importCount"]
                results.append((label, wall, peak_rss_mb(worker), f"HTTP {status} {count}", POST_BUDGET_SECONDS, None))
            stop(server)  # the GET's peak RSS is measured in a fresh worker, not after the POSTs
            server = start(args.port, env, base, token)
            worker = worker_pid(server.pid)
            query = urlencode({"dataSet": form, "startDate": f"{2024 - years + 1}-01-01", "endDate": "2024-12-31",
                               "orgUnit": province, "children": "true"})
            for suffix in ("json", "csv"):
                wall, status, content = call("GET", f"{base}/api/dataValueSets.{suffix}?{query}", token)
                rows = len(json.loads(content)["dataValues"]) if suffix == "json" else content.count(b"\n") - 1
                results.append((f"GET .{suffix}", wall, peak_rss_mb(worker), f"HTTP {status}, {rows:,} values, "
                                 f"{len(content) / 1e6:.1f} MB", GET_BUDGET_SECONDS, GET_BUDGET_RSS_MB))
        finally:
            if server is not None:
                stop(server)
            if not args.keep:
                scratch(url, name, create=False)
    print(f"{'run':24} {'wall s':>8} {'worker peak RSS MB':>19}  result")
    for label, wall, rss, line, seconds, megabytes in results:
        over = wall >= seconds or (megabytes is not None and rss >= megabytes)
        print(f"{label:24} {wall:8.2f} {rss:19.0f}  {line}{'  OVER BUDGET' if over else ''}")
    print(f"budgets: POST < {POST_BUDGET_SECONDS:.0f} s; GET < {GET_BUDGET_SECONDS:.0f} s with worker RSS < {GET_BUDGET_RSS_MB:.0f} MB "
          "(the worker's peak since it started: the GETs run in a fresh worker, the .csv line after the .json one)")


if __name__ == "__main__":
    main()
