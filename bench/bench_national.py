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
- the rebuild, timed in this process around `figures.services.cells_rebuild` as the GROUP BY is
  timed around its statement (the figure held to the budget), then the whole `dxtrack figures
  rebuild --programme CODE` process, Python and Django start-up included;
- the overview: one request alone, then p95 at 20 concurrent with wrk (`--duration`, a per-request
  `--timeout`) against `dxtrack serve` (gunicorn, 2 web workers), and each web worker's RSS
  (VmRSS and peak VmHWM from /proc);
- value approved → visible: an approver POSTs "approve" on a submitted form whose value changes
  an overview figure; the time until a GET of the overview differs from before the approval;
- one value changed: `reporting.services.value_record` of one value inside a transaction (rolled
  back), and the aggregate store's own part of it (`cells_before` + `cells_refresh`: time and
  SQL round trips);
- 1 M values imported with validation: bench/bench_import.py's set-up and CSV, one
  `dxtrack values import` process (wall time, peak RSS) on a scratch database whose aggregate
  store is built before the import (so the import refreshes it, as in production).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import national_data  # noqa: E402  (bench/ is not a package)
import national_measures as measure  # noqa: E402
from bench_import import dxtrack, with_database  # noqa: E402

STEPS = ("rollup", "rebuild", "overview", "approve", "change", "import")


def say(line: str) -> None:
    print(line, flush=True)


def prepare(url: str, scale: national_data.Scale, env: dict[str, str], reuse: bool) -> tuple[int, int, list[int], float]:
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
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(national_data.STATE_SQL)
        if national_data.state(conn, f"complete:{scale.programme}") and not reuse:
            sys.exit(f"{scale.programme}'s values are already loaded: pass --reuse to measure on them (or drop the database)")
    seconds = national_data.load_values(url, scale, programme, wards, say)
    say(f"values: {'already loaded (reused)' if not seconds else f'loaded in {seconds:.0f} s'}")
    return programme, area, wards, seconds


def run(args: argparse.Namespace, url: str, scale: national_data.Scale, env: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each measurement as (figure, result, budget)."""
    programme, _area, wards, _load = prepare(url, scale, env, args.reuse)
    rows: list[tuple[str, str, str]] = []

    def add(row: tuple[str, str, str]) -> None:  # printed at once too: a long run keeps what it measured
        rows.append(row)
        say(f"  {row[0]}: {row[1]}")
    rollup = None
    if "rollup" in args.steps:
        rollup, count = measure.grouping_sets(url, programme)
        add(("PostgreSQL GROUP BY GROUPING SETS (ward, province, area × indicator × month)", f"{rollup:.1f} s ({count:,} rows)", "baseline"))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    if "rebuild" in args.steps:
        # Timed as the GROUP BY is: in this process, around the work only (the command's
        # Python and Django start-up, ~2 s, is not the rebuild's); the whole command after it.
        seconds, cells = measure.rebuild_in_process(scale.programme)
        ratio = f", {seconds / rollup:.2f} × GROUP BY" if rollup else ""
        add(("figures rebuild in this process (services.cells_rebuild, as the GROUP BY is timed)",
             f"{seconds:.1f} s{ratio} ({cells:,} cells)", "≤ 1.5 × GROUP BY"))
        rebuilt = measure.figures_rebuild(env, scale.programme)
        if rebuilt is None:
            add(("dxtrack figures rebuild --programme " + scale.programme, "not available (no such command)", ""))
        else:
            ratio = f", {rebuilt[0] / rollup:.2f} × GROUP BY" if rollup else ""
            add(("dxtrack figures rebuild --programme " + scale.programme + " (the whole process, start-up included)",
                 f"{rebuilt[0]:.1f} s{ratio}, peak RSS {rebuilt[1]:.0f} MB", ""))
    log = Path(os.environ["DXTRACK_DATA_DIR"]) / "bench-serve.log"
    budget = "< 150 ms" if scale.name == "national" else "< 100 ms"
    if "overview" in args.steps:
        with measure.server(env, args.timeout * 10, log) as (base, process):
            url_overview = f"{base}/programmes/{scale.programme}/"
            # Cold: straight after the start, each worker computes the figures once inside the
            # run (figures are cached per store version, decision 0026); warm: after that.
            cold = measure.wrk(url_overview, args.connections, args.duration, args.timeout)
            add((f"overview p95 at {args.connections} concurrent, cold start (every worker's first computation in the run)",
                 _wrk_text(cold, args), ""))
            alone = measure.sequential(url_overview, args.alone, args.timeout * 4)
            add((f"overview, one request at a time ({args.alone} requests, warm)", " / ".join(f"{t * 1000:,.0f} ms" if t else f"> {args.timeout * 4} s (timed out)" for t in alone), ""))
            result = measure.wrk(url_overview, args.connections, args.duration, args.timeout)
            add((f"overview p95 at {args.connections} concurrent, wrk {args.duration} s, gunicorn -w 2 (warm)", _wrk_text(result, args), budget))
            # The floor: a small page (the login form) through the same server, middleware and
            # machine — what no caching of figures can go below.
            floor = measure.wrk(f"{base}/accounts/login/", args.connections, args.duration, args.timeout)
            add((f"a small page (login form) at {args.connections} concurrent, the same server: the floor", _wrk_text(floor, args), ""))
            add(("load average (1 min) of the machine during the runs", f"{os.getloadavg()[0]:.1f}", ""))
            with measure.version_bumps(args.write_every):
                writing = measure.wrk(url_overview, args.connections, args.duration, args.timeout)
            add((f"overview p95 at {args.connections} concurrent, a figures write every {args.write_every:g} s", _wrk_text(writing, args), ""))
            for pid, rss, peak in measure.worker_rss(process.pid):
                add((f"web worker {pid} RSS after the overview runs", f"{rss:.0f} MB (peak {peak:.0f} MB)", "< 300 MB"))
    if "approve" in args.steps:
        with measure.server(env, args.timeout * 10, log) as (base, _process):
            seen = measure.approve_visible(base, f"{base}/programmes/{scale.programme}/", scale.programme, args.timeout * 4, args.cap,
                                           stable_check=not args.no_stable_check)
        text = seen.get("error") or f"{seen['seconds']:.2f} s (the POST itself {seen['post_seconds']:.2f} s, {seen['polls']} overview GETs)"
        add(("value approved → visible on the overview", str(text), "< 1 s"))
    if "change" in args.steps:
        changed = measure.value_change(scale.programme, 20)
        store = (f"; its aggregates (cells_before + cells_refresh): median {changed['store_median_ms']:.1f} ms, "
                 f"max {changed['store_max_ms']:.1f} ms, {changed['store_statements']:.0f} of its "
                 f"{changed['statements']:.0f} statements")
        add(("one value changed (value_record in a transaction, 20 wards)",
                     f"median {changed['median_ms']:.1f} ms, max {changed['max_ms']:.1f} ms{store}", "aggregates < 20 ms"))
    if "import" in args.steps:
        wall, rss, summary, rebuilt = measure.import_million(url, args.import_rows)
        add((f"dxtrack values import of {args.import_rows:,} values (bench_import's CSV) into a built store",
             f"{wall:.1f} s, peak RSS {rss:.0f} MB: {summary}", "≤ 40 s, < 300 MB"))
        add(("  then `dxtrack figures rebuild` of the imported programme (the aggregates' order of cost)", f"{rebuilt:.1f} s", ""))
    return rows


def _wrk_text(result: dict[str, float], args: argparse.Namespace) -> str:
    over = f", {result['timeouts']:.0f} timed out (> {args.timeout} s)" if result["timeouts"] else ""
    if not result["requests"]:
        return f"p95 > {args.duration} s: none of the {args.connections} requests completed within the run{over}"
    return (f"p95 {result['p95_ms']:,.0f} ms, p50 {result['p50_ms']:,.0f} ms, max {result['max_ms']:,.0f} ms; "
            f"{result['requests']:.0f} completed{over}, {result['non_2xx']:.0f} non-2xx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(national_data.SCALES), default="national")
    parser.add_argument("--reuse", action="store_true", help="measure on the data set already loaded (a partial load resumes either way)")
    parser.add_argument("--load-only", action="store_true", help="build the data set and stop")
    parser.add_argument("--steps", type=lambda text: text.split(","), default=list(STEPS), help=f"comma-separated subset of {','.join(STEPS)}")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--alone", type=int, default=3, help="overview requests timed one at a time before wrk")
    parser.add_argument("--duration", type=int, default=10, help="wrk seconds")
    parser.add_argument("--timeout", type=int, default=30, help="wrk per-request timeout, seconds")
    parser.add_argument("--write-every", type=float, default=1.0, help="seconds between store-version bumps in the overview's write run")
    parser.add_argument("--cap", type=float, default=120, help="longest wait for an approval to show, seconds")
    parser.add_argument("--no-stable-check", action="store_true", help="approve → visible: skip the second GET that proves the page stable")
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to the bench's own PostgreSQL database (e.g. …/dx_national).")
    scale = national_data.SCALES[args.scale]
    data_dir = os.environ.setdefault("DXTRACK_DATA_DIR", f"/tmp/dx-bench-{args.scale}")  # noqa: S108 - a bench's scratch
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if args.load_only:
        prepare(url, scale, env, reuse=True)
        return
    commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True).stdout.strip()  # noqa: S603,S607
    rows = run(args, url, scale, env)
    say(f"\n{scale.name} scale, code at {commit[:72]}")
    width = max(len(row[0]) for row in rows)
    for figure, result, budget in rows:
        say(f"{figure:{width}}  {result}" + (f"  [budget {budget}]" if budget else ""))


if __name__ == "__main__":
    main()
