"""Load and soak of `dxtrack serve` on the demo, with wrk (budget: 0 errors at 20 concurrent;
overview and entry p95 < 150 ms on PostgreSQL; soak: web workers' RSS growth < 10 %).

    DXTRACK_DATA_DIR=/tmp/dx-load .venv/bin/python bench/bench_load.py [--seconds 60] [--soak 600]
    DATABASE_URL=postgres://…/dx_load .venv/bin/python bench/bench_load.py   # on PostgreSQL

1. Loads the demo into a fresh data directory; makes a session for the reporter of a ward
   (the entry page needs a login) and an API token for them.
2. Starts `dxtrack serve` (2 web workers, 1 task worker) on a free port.
3. wrk, 20 connections on 2 threads, `--seconds` each: the programme overview (anonymous), the
   reporter's entry page (session cookie) and GET /api/v1/values (token). A Lua script reports
   p50/p95/p99 and every non-2xx answer and socket error.
4. Soak: wrk on the overview for `--soak` seconds while the gunicorn workers' RSS is read from
   /proc every 30 s.
Needs wrk (`apt-get install -y wrk`).
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d p50=%.1f p95=%.1f p99=%.1f rps=%.1f\\n",
    summary.requests, errors, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
"""
PREPARE = """
import django; django.setup()
from django.conf import settings
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils.module_loading import import_string
from dxtrack.accounts.models import RoleAssignment
from dxtrack.accounts.tokens import token_create
from dxtrack.programmes.models import Programme
from dxtrack.reporting.models import Submission
submission = Submission.objects.filter(org_unit__kind="commune").order_by("pk").first()
user = RoleAssignment.objects.filter(org_unit=submission.org_unit, role="reporter").first().user
session = SessionStore()
# The backend a login records: the first that can fetch the user back (not the throttle's).
backend = next(path for path in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(path), "get_user"))
session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), backend
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print("SESSION", session.session_key)
print("TOKEN", token_create(user=user, name="load bench")[1])
print("ENTRY", f"/reporting/submissions/{submission.pk}/")
print("OVERVIEW", f"/programmes/{Programme.objects.order_by('pk').first().code}/")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _parent(pid: int) -> int:
    match = re.search(r"PPid:\s+(\d+)", (Path("/proc") / str(pid) / "status").read_text())
    return int(match.group(1)) if match else 0


def worker_rss_kib(serve_pid: int) -> list[int]:
    """RSS of this server's gunicorn web workers (children of its gunicorn master, which is a
    child of `dxtrack serve`), not of other gunicorns on the machine."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            pid = int(status.parent.name)
            if not cmdline.startswith("gunicorn: worker") or _parent(_parent(pid)) != serve_pid:
                continue
        except (OSError, ValueError):
            continue
        if match := re.search(r"VmRSS:\s+(\d+)", text):
            found.append(int(match.group(1)))
    return sorted(found)


def wrk(url: str, seconds: int, script: Path, headers: list[str]) -> str:
    args = ["wrk", "-t2", "-c20", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), *sum((["-H", h] for h in headers), []), url]
    result = subprocess.run(args, capture_output=True, text=True, check=True)  # noqa: S603
    return next(line for line in result.stdout.splitlines() if line.startswith("RESULT"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--soak", type=int, default=600)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    work = Path(tempfile.mkdtemp(prefix="dx-bench-load-"))
    env = {**os.environ, "DXTRACK_DATA_DIR": os.environ.get("DXTRACK_DATA_DIR", str(work / "data")), "LANG": "en_GB.UTF-8",
           "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
    print(f"loading the demo ({'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'})…", flush=True)
    subprocess.run([sys.executable, "-m", "dxtrack.cli", "demo", "--load-only"], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    prepared = subprocess.run([sys.executable, "-c", PREPARE], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
    found = dict(line.split(" ", 1) for line in prepared.splitlines() if line.split(" ", 1)[0] in ("SESSION", "TOKEN", "ENTRY", "OVERVIEW"))
    script = work / "report.lua"
    script.write_text(LUA)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "dxtrack.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--task-workers", "1"],  # noqa: S603
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + found["OVERVIEW"], timeout=5)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        cookie = f"Cookie: sessionid={found['SESSION']}; django_language=vi"
        targets = [
            ("overview", base + found["OVERVIEW"], []),
            ("entry", base + found["ENTRY"], [cookie]),
            ("api", base + "/api/v1/values?limit=50", [f"Authorization: Bearer {found['TOKEN']}"]),
        ]
        for name, url, headers in targets:
            print(f"{name:9} {url.removeprefix(base)}  {wrk(url, options.seconds, script, headers)}", flush=True)
        if options.soak:
            rss = [worker_rss_kib(server.pid)]
            print(f"soak {options.soak} s on the overview; gunicorn RSS (KiB) every 30 s: {rss[0]}", flush=True)
            soak = subprocess.Popen(["wrk", "-t2", "-c20", f"-d{options.soak}s", "--timeout", "10s", "-s", str(script), base + found["OVERVIEW"]],  # noqa: S603, S607
                                    stdout=subprocess.PIPE, text=True)
            started = time.monotonic()
            while soak.poll() is None:
                time.sleep(max(0.0, 30 - (time.monotonic() - started) % 30))
                if soak.poll() is None:
                    rss.append(worker_rss_kib(server.pid))
                    print(f"  {time.monotonic() - started:5.0f} s  {rss[-1]}", flush=True)
            print("soak", next(line for line in soak.stdout.read().splitlines() if line.startswith("RESULT")))
            first, last = sum(rss[1]), sum(rss[-1])  # from the first sample under load
            print(f"RSS total {first} → {last} KiB: {100 * (last - first) / first:+.1f} % (budget < 10 %)")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
