"""The measurements of bench/bench_national.py; each returns what it measured, nothing is asserted."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from statistics import median

import psycopg
import requests
from bench_import import SETUP, dxtrack, scratch, with_database, write_csv

ROLLUP_SQL = """
CREATE TEMPORARY TABLE bench_rollup AS
SELECT v.indicator_id, v.period, w.id AS ward_id, w.parent_id AS province_id, GROUPING(w.id, w.parent_id) AS level,
       count(*) AS reported, sum(v.value) AS total, sum(v.numerator) AS numerator, sum(v.denominator) AS denominator,
       min(v.value) AS low, max(v.value) AS high
FROM reporting_datavalue v JOIN orgunits_orgunit w ON w.id = v.org_unit_id
WHERE v.indicator_id IN (SELECT id FROM programmes_indicator WHERE programme_id = %s)
GROUP BY GROUPING SETS ((v.indicator_id, v.period, w.id), (v.indicator_id, v.period, w.parent_id), (v.indicator_id, v.period))
"""


def grouping_sets(url: str, programme: int) -> tuple[float, int]:
    """Seconds and result rows of one GROUP BY GROUPING SETS (ward, province, area) over the values."""
    with psycopg.connect(url) as conn:
        started = time.perf_counter()
        conn.execute(ROLLUP_SQL, [programme])
        seconds = time.perf_counter() - started
        (rows,) = conn.execute("SELECT count(*) FROM bench_rollup").fetchone()
        conn.rollback()
    return seconds, rows


def rebuild_in_process(code: str) -> tuple[float, int]:
    """(seconds, cells) of `cells_rebuild` of the programme here, committed as the command commits."""
    from dxtrack.figures.services import cells_rebuild
    from dxtrack.programmes.models import Programme

    programme = Programme.objects.get(code=code)
    started = time.perf_counter()
    cells = cells_rebuild(programme=programme)
    return time.perf_counter() - started, cells


def figures_rebuild(env: dict[str, str], code: str) -> tuple[float, float] | None:
    """(seconds, peak RSS MB) of `dxtrack figures rebuild --programme CODE`; None without the command."""
    _wall, _rss, status, _out, _err = dxtrack(["figures", "rebuild", "--help"], env, check=False)
    if status:
        return None
    wall, rss, *_ = dxtrack(["figures", "rebuild", "--programme", code], env)
    return wall, rss


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(env: dict[str, str], timeout: int, log: Path):
    """`dxtrack serve` (gunicorn, 2 web workers, no task worker) on a free port; yields (base URL, process)."""
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - our interpreter
            [sys.executable, "-m", "dxtrack.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--task-workers", "0", "--timeout", str(timeout)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"{base}/accounts/login/", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"dxtrack serve did not come up; see {log}")
            time.sleep(0.5)
        yield base, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                out.append(int(entry.name))
    return out


def worker_rss(serve_pid: int) -> list[tuple[int, float, float]]:
    """(pid, VmRSS MB, VmHWM MB) of each gunicorn web worker under `dxtrack serve`."""
    rows = []
    for master in _children(serve_pid):
        for worker in _children(master):
            status = dict(line.split(":", 1) for line in Path(f"/proc/{worker}/status").read_text().splitlines() if ":" in line)
            rows.append((worker, int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024))
    return rows


def sequential(url: str, count: int, timeout: float) -> list[float | None]:
    """Seconds of each request, one after the other; None for one that took longer than `timeout`."""
    timings: list[float | None] = []
    for _ in range(count):
        started = time.perf_counter()
        try:
            requests.get(url, timeout=timeout).raise_for_status()
        except requests.Timeout:
            timings.append(None)
            break  # the next would wait for this one in the worker
        timings.append(time.perf_counter() - started)
    return timings


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %.1f %.1f %.1f\\n", summary.requests, summary.errors.timeout,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency.max / 1000))
end
"""


def wrk(url: str, connections: int, duration: int, timeout: int) -> dict[str, float]:
    """wrk -c N: completed requests, timeouts, non-2xx, socket errors, p50 / p95 / max ms (of the completed)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s", "-s", script.name, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    os.unlink(script.name)
    fields = next(line for line in out.splitlines() if line.startswith("RESULT")).split()[1:]
    names = ("requests", "timeouts", "non_2xx", "socket_errors", "p50_ms", "p95_ms", "max_ms")
    return dict(zip(names, (float(value) for value in fields), strict=True))


@contextmanager
def version_bumps(every: float):
    """While the block runs, bump the store version every `every` seconds (a committed write of
    figures, as an approval does, without changing any value): how the overview fares when the
    cache keeps going stale."""
    from django.db import connection, transaction

    from dxtrack.figures.versions import figures_changed

    stop = threading.Event()

    def bump() -> None:
        while not stop.wait(every):
            with transaction.atomic():
                figures_changed()
        connection.close()

    thread = threading.Thread(target=bump, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _normalised(html: str) -> str:
    """The page without what changes on every request (CSRF tokens, nonces)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def approve_visible(base: str, overview: str, scale_code: str, timeout: float, cap: float, *, stable_check: bool = True) -> dict[str, float | str]:
    """An approver approves a submitted form that changes one ward's value of an overview figure;
    seconds from the approve POST until a GET of the overview differs from the page before it
    (`stable_check`: first make sure two GETs without a change give the same page)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from dxtrack.reporting.models import SubmissionStatus
    submission, user = _submitted_form(scale_code)
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client = requests.Session()
    client.cookies.set(settings.SESSION_COOKIE_NAME, session.session_key)
    entry = f"{base}/reporting/submissions/{submission.pk}/"
    page = client.get(entry, timeout=timeout)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    button = 'value="approve"' in page.text
    if page.status_code != 200 or not token or not button:
        return {"error": f"entry page {page.status_code}, approve button {button}"}
    before = _normalised(requests.get(overview, timeout=timeout).text)
    if stable_check and _normalised(requests.get(overview, timeout=timeout).text) != before:
        return {"error": "the overview differs between two requests without a change"}
    started = time.perf_counter()
    posted = client.post(entry, data={"action": "approve", "submission_version": submission.version,
                                      "csrfmiddlewaretoken": token.group(1)}, headers={"Referer": entry},
                         allow_redirects=False, timeout=timeout)
    post_seconds = time.perf_counter() - started
    submission.refresh_from_db()
    if submission.status != SubmissionStatus.APPROVED:
        return {"error": f"approve POST answered {posted.status_code}; submission {submission.status}"}
    polls = 0
    while time.perf_counter() - started < cap:
        polls += 1
        if _normalised(requests.get(overview, timeout=timeout).text) != before:
            return {"seconds": time.perf_counter() - started, "post_seconds": post_seconds, "polls": polls}
    return {"error": f"not visible within {cap:.0f} s ({polls} overview requests)"}


def last_full_month() -> tuple[str, date, date]:
    """The latest month that ended before today: the newest period the figures show (later ones are future)."""
    end = date.today().replace(day=1) - timedelta(days=1)
    return f"{end:%Y-%m}", end.replace(day=1), end


def _submitted_form(scale_code: str):
    """A submitted form for a ward not used by an earlier run, its I001 value for the last full month raised by 1,000."""

    from dxtrack.accounts.models import Role, RoleAssignment, User
    from dxtrack.programmes.models import Programme
    from dxtrack.reporting.models import (
        DataValue,
        FormIndicator,
        ReportingForm,
        Submission,
        SubmissionStatus,
    )
    from dxtrack.reporting.services import value_record

    programme = Programme.objects.get(code=scale_code)
    indicator = programme.indicators.get(code="I001")
    form, _ = ReportingForm.objects.get_or_create(code=f"{scale_code}-F", defaults=dict(
        programme=programme, name_vi="Biểu mẫu đo tải", period_type="month", unit_level="commune", approval_level="province"))
    FormIndicator.objects.get_or_create(form=form, indicator=indicator)
    used = set(Submission.objects.filter(form=form).values_list("org_unit_id", flat=True))
    period, start, end = last_full_month()
    value = (DataValue.objects.select_related("org_unit").filter(indicator=indicator, period=period)
             .exclude(org_unit_id__in=used).order_by("org_unit__code").first())
    ward = value.org_unit
    user, _ = User.objects.get_or_create(username="bench-approver")
    RoleAssignment.objects.get_or_create(user=user, role=Role.APPROVER, org_unit_id=ward.parent_id)
    submission = Submission.objects.create(
        form=form, org_unit=ward, period=period, period_start=start, period_end=end,
        deadline=end + timedelta(days=7), status=SubmissionStatus.SUBMITTED)
    value_record(indicator=indicator, org_unit=ward, period=period, value=value.value + 1000, submission=submission,
                 recorded_by=user, reason="bench: approve → visible")
    return submission, user


def value_change(scale_code: str, samples: int) -> dict[str, float]:
    """`value_record` of one value in a transaction that is rolled back, `samples` times on different wards
    (after one unmeasured write: the first on a connection prepares its statements): median and max ms of
    the call, and of the aggregate store's own part — `cells_before` and `cells_refresh`, the reads before
    the write and the delta after it, with the version bump — and the SQL round trips of each."""
    from django.db import connection, transaction

    import dxtrack.reporting.services as writer
    from dxtrack.programmes.models import Programme
    from dxtrack.reporting.models import DataValue

    indicator = Programme.objects.get(code=scale_code).indicators.get(code="I002")
    period = last_full_month()[0]
    values = list(DataValue.objects.select_related("org_unit").filter(indicator=indicator, period=period)
                  .order_by("org_unit__code")[:samples + 1])
    calls, store, statements, all_statements = [], [], [], []

    def counted(execute, sql, params, many, context):
        all_statements[-1] += 1
        return execute(sql, params, many, context)

    # The store's own part, timed where value_record calls it; its statements are those Django's
    # execute wrapper sees meanwhile.
    def timing(function):
        def timed(*args, **kwargs):
            started, sent = time.perf_counter(), all_statements[-1]
            try:
                return function(*args, **kwargs)
            finally:
                store[-1] += time.perf_counter() - started
                statements[-1] += all_statements[-1] - sent
        return timed

    originals = writer.cells_before, writer.cells_refresh
    writer.cells_before, writer.cells_refresh = timing(originals[0]), timing(originals[1])
    try:
        with connection.execute_wrapper(counted):
            for value in values:
                for tally in (store, statements, all_statements):
                    tally.append(0)
                with transaction.atomic():
                    started = time.perf_counter()
                    writer.value_record(indicator=indicator, org_unit=value.org_unit, period=period, value=value.value + 1,
                                        reason="bench: one value changed")
                    calls.append(time.perf_counter() - started)
                    transaction.set_rollback(True)
    finally:
        writer.cells_before, writer.cells_refresh = originals
    calls, store, statements, all_statements = calls[1:], store[1:], statements[1:], all_statements[1:]
    return {"median_ms": median(calls) * 1000, "max_ms": max(calls) * 1000,
            "store_median_ms": median(store) * 1000, "store_max_ms": max(store) * 1000,
            "store_statements": median(statements), "statements": median(all_statements)}


def import_million(url: str, rows: int) -> tuple[float, float, str, float]:
    """bench_import's programme and CSV, one `dxtrack values import` on a scratch database whose
    aggregate store is built first (`dxtrack figures rebuild`, no values yet), so the import
    keeps the store in step as a real one does: (s, MB, summary, seconds of a `figures rebuild`
    of the imported values afterwards — the aggregates' share of the import, roughly)."""
    name = f"{urlsplit_name(url)}_import_{os.getpid()}"  # two benches on one server do not share it
    scratch(url, name, create=True)
    try:
        with tempfile.TemporaryDirectory() as work:
            work_dir = Path(work)
            env = {**os.environ, "DATABASE_URL": with_database(url, name), "DXTRACK_DATA_DIR": str(work_dir),
                   "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
            dxtrack(["migrate", "--no-input", "-v", "0"], env)
            dxtrack(["orgunits", "import-vn"], env)
            wards_file = work_dir / "wards.txt"
            dxtrack(["shell", "-c", SETUP.replace("__OUT__", repr(str(wards_file)))], env)
            csv_path = work_dir / "values.csv"
            write_csv(csv_path, wards_file.read_text().split(), rows)
            dxtrack(["figures", "rebuild"], env)
            wall, rss, _code, stdout, _err = dxtrack(["values", "import", str(csv_path), "--language", "en"], env)
            rebuilt, *_ = dxtrack(["figures", "rebuild", "--programme", "BENCH"], env)
            return wall, rss, stdout.strip().splitlines()[-1], rebuilt
    finally:
        scratch(url, name, create=False)


def urlsplit_name(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path.lstrip("/")
