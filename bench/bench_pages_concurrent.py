"""p50 / p95 / max of the working and portal pages issue 8 added or changed, at 20 concurrent
clients, on a real server (gunicorn) and PostgreSQL.

    DATABASE_URL=postgres://root@127.0.0.1:5432/dx_8_bench DXTRACK_DATA_DIR=/tmp/dx-8-bench \\
        /work/main/.venv/bin/python bench/bench_pages_concurrent.py [--rounds 10] [--clients 20]

Data: the demo (`demo_load`: Binh Duong's 2024 units and HCMC's 2025 wards, the 05-NQ/TU
programme, its sample values and personas), loaded once into that database; not the national
bench data of the figures-engine issue. Each of the `--clients` threads holds its own
`requests` session (keep-alive) logged in as the page's persona (sessions made with Django's
test client, so no password or second factor is typed; gunicorn is started with
DXTRACK_MFA_REQUIRED_ROLES=enterprise for the same reason) and requests every page `--rounds`
times in a shuffled order. Latency is client-side wall time of the whole response (body read),
so it includes the server's queueing on this 2-core machine. Budget (issue 8): p95 < 150 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Migrate, load the demo if missing; the pages as name → (persona, path) and a session
    cookie per persona."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from dxtrack.accounts.models import User
    from dxtrack.demo.services import PROGRAMME_CODE, demo_load
    from dxtrack.programmes.models import Programme
    from dxtrack.reporting.models import DataValue, ReportingForm, Submission

    call_command("migrate", verbosity=0)
    if not Programme.objects.filter(code=PROGRAMME_CODE).exists():
        demo_load(say=lambda line: None)
    submission = Submission.objects.filter(org_unit__code="25747").order_by("-pk").first()
    value = DataValue.objects.filter(org_unit__code="25747").order_by("-pk").first()
    form = ReportingForm.objects.order_by("code").first()
    indicator = Programme.objects.get(code=PROGRAMME_CODE).indicators.order_by("order", "code").first()
    pages = {
        "overdue list (officer)": ("canbo", reverse("reporting:overdue_list")),
        "overdue list, communes": ("canbo", reverse("reporting:overdue_list") + "?level=commune"),
        "notifications": ("phucuong", reverse("reporting:notification_list")),
        "imports list": ("phucuong", reverse("reporting:import_upload")),
        "template page (picker)": ("canbo", reverse("reporting:import_template")),
        "approval queue": ("pheduyet", reverse("dashboards:approval_queue")),
        "portal": ("", reverse("dashboards:portal_home")),
        "portal search": ("", reverse("dashboards:portal_home") + "?q=Ph%C3%BA"),
        "series DHIS2 JSON": ("", reverse("dashboards:indicator_download", args=[PROGRAMME_CODE, indicator.code, "series", "dhis2"])),
        "My forms": ("phucuong", reverse("reporting:submission_list")),
    }
    if form is not None:
        period = Submission.objects.filter(form=form).order_by("-period").values_list("period", flat=True).first() or "2024"
        pages["completeness"] = ("canbo", reverse("reporting:form_completeness", args=[form.code, period]))
        pages["completeness, overdue"] = ("canbo", reverse("reporting:form_completeness", args=[form.code, period]) + "?show=overdue")
    if submission is not None:
        pages["entry grid"] = ("phucuong", reverse("reporting:entry", args=[submission.pk]))
        pages["form history"] = ("phucuong", reverse("reporting:submission_history", args=[submission.pk]))
    if value is not None:
        pages["value history"] = ("phucuong", reverse("reporting:value_history", args=[value.pk]))
    cookies = {}
    for persona in {persona for persona, _path in pages.values() if persona}:
        client = Client()
        client.force_login(User.objects.get(username=persona))
        cookies[persona] = client.cookies["sessionid"].value
    return pages, cookies


def serve(port: int) -> subprocess.Popen:
    env = {**os.environ, "DXTRACK_MFA_REQUIRED_ROLES": "enterprise", "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(  # noqa: S603  (our own gunicorn, fixed arguments)
        [str(VENV_BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "10",
         "--keep-alive", "60", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    for _attempt in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run(base: str, pages: dict, cookies: dict, *, clients: int, rounds: int) -> dict[str, list[float]]:
    import requests

    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(number: int) -> None:
        sessions = {persona: requests.Session() for persona in [*cookies, ""]}
        for persona, session in sessions.items():
            if persona:
                session.cookies.set("sessionid", cookies[persona], domain="127.0.0.1")
        order = [name for name in pages for _ in range(rounds)]
        random.Random(number).shuffle(order)
        start.wait()
        for name in order:
            persona, path = pages[name]
            began = time.perf_counter()
            try:
                status = sessions[persona].get(base + path, allow_redirects=False).status_code
            except requests.RequestException as error:  # counted, not fatal: the run goes on
                status = type(error).__name__
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                timings[name].append(elapsed)
                if status != 200:
                    errors.append(f"{name}: {status}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"  {len(errors)} responses other than 200, e.g. {sorted(set(errors))[:5]}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        print("warning: DATABASE_URL is not PostgreSQL; the budget is for PostgreSQL")
    pages, cookies = prepare()
    port = free_port()
    server = serve(port)
    try:
        base = f"http://127.0.0.1:{port}"
        run(base, pages, cookies, clients=args.clients, rounds=1)  # warm-up: imports, caches, connections
        began = time.perf_counter()
        timings = run(base, pages, cookies, clients=args.clients, rounds=args.rounds)
        wall = time.perf_counter() - began
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    total = sum(len(t) for t in timings.values())
    print(f"{args.clients} concurrent clients × {args.rounds} rounds, gunicorn 2 workers × 10 threads, "
          f"{total} requests in {wall:.1f} s ({total / wall:.0f}/s); budget p95 < 150 ms")
    for name, values in timings.items():
        values.sort()
        p95 = values[max(int(len(values) * 0.95) - 1, 0)]
        flag = "" if p95 < 150 else "  over budget"
        print(f"  {name:26} p50 {statistics.median(values):7.1f} ms  p95 {p95:7.1f} ms  max {values[-1]:7.1f} ms{flag}")


if __name__ == "__main__":
    main()
