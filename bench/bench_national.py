"""Issue 7's budgets at national (or province) scale on PostgreSQL: a table of figures.

    apt-get install -y wrk          # or `make bench-deps`
    DATABASE_URL=postgres://root@127.0.0.1:5432/dx_national DXTRACK_DATA_DIR=/tmp/dx-national \\
        .venv/bin/python bench/bench_national.py --scale national --reuse
    DATABASE_URL=postgres://root@127.0.0.1:5432/dx_province DXTRACK_DATA_DIR=/tmp/dx-province \\
        .venv/bin/python bench/bench_national.py --scale province --reuse

The database named by DATABASE_URL is the bench's own (created when missing, kept afterwards):
national = 3,321 wards × 150 monthly indicators × 60 months (29.9 M values), province = the
province with 168 wards × 100 indicators × 60 months (1.0 M). How the data set is built and why
the values are generated in SQL rather than imported: bench/national_data.py. The first run
loads (tens of minutes nationally); `--reuse` keeps whatever is already there.

Figures, each in the same run:
- one PostgreSQL GROUP BY GROUPING SETS over the programme's values (ward, province, country ×
  indicator × month): the baseline `figures rebuild` is held to (≤ 1.5×);
- `dxtrack figures rebuild --programme CODE` when the command exists, else "not available";
- the overview: one request alone, then p95 at 20 concurrent with wrk (`--duration`, a per-request
  `--timeout`) against `dxtrack serve` (gunicorn, 2 web workers), and each web worker's RSS
  (VmRSS and peak VmHWM from /proc);
- value approved → visible: an approver POSTs "approve" on a submitted form whose value changes
  an overview figure; the time until a GET of the overview differs from before the approval;
- one value changed: `reporting.services.value_record` of one value inside a transaction (rolled
  back), with the aggregate store's own part when the figures app has one (`cells_apply`);
- 1 M values imported with validation: bench/bench_import.py's set-up and CSV, one
  `dxtrack values import` process (wall time, peak RSS) on a scratch database.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import national_data  # noqa: E402  (bench/ is not a package)
from bench_import import dxtrack, scratch, with_database  # noqa: E402


def say(line: str) -> None:
    print(line, flush=True)


def prepare(url: str, scale: national_data.Scale, env: dict[str, str]) -> tuple[int, int, list[int], float]:
    """Database, org units, programme and values; (programme id, area id, ward ids, load seconds)."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    dxtrack(["migrate", "--no-input", "-v", "0"], env)
    with psycopg.connect(url) as conn:
        units = conn.execute("SELECT count(*) FROM orgunits_orgunit WHERE kind = 'commune'").fetchone()[0]
    if not units:
        wall, _rss, *_ = dxtrack(["orgunits", "import-vn"], env)
        say(f"orgunits import-vn: {wall:.1f} s")
    with psycopg.connect(url) as conn:
        area, wards = national_data.area_and_wards(conn, scale)
    code = (national_data.PROGRAMME.replace("__AREA__", str(area)).replace("__CODE__", repr(scale.programme))
            .replace("__COUNT__", str(scale.indicators)).replace("__SHARES__", str(scale.shares))
            .replace("__WARDS__", str(len(wards))))
    _wall, _rss, _code, out, _err = dxtrack(["shell", "-c", code], env)
    programme = int(out.strip().splitlines()[-1])
    total = len(wards) * scale.indicators * scale.months
    say(f"{scale.name}: programme {scale.programme} (id {programme}), {len(wards):,} wards × {scale.indicators} "
        f"indicators × {scale.months} months = {total:,} values")
    seconds = national_data.load_values(url, scale, programme, wards, say)
    say(f"values: {'already loaded (reused)' if not seconds else f'loaded in {seconds:.0f} s'}")
    return programme, area, wards, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(national_data.SCALES), default="national")
    parser.add_argument("--reuse", action="store_true", help="keep the data set that is already loaded (else refuse to load over one)")
    parser.add_argument("--load-only", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to the bench's own PostgreSQL database (e.g. …/dx_national).")
    scale = national_data.SCALES[args.scale]
    data_dir = os.environ.setdefault("DXTRACK_DATA_DIR", f"/tmp/dx-bench-{args.scale}")
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    prepare(url, scale, env)
    if args.load_only:
        return


if __name__ == "__main__":
    main()
