"""`dxtrack serve`: gunicorn and a task worker come up, answer, and stop cleanly on SIGTERM."""

import signal
import sqlite3
import subprocess
import urllib.error
import urllib.request

import pytest

from dxtrack.operations.tests.processes import dxtrack, free_port, migrate, process_env, wait_until


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("serve")
    migrate(directory)
    return directory


def _get(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (our own server)
            return response.status
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _workers_beating(data_dir) -> int:
    with sqlite3.connect(data_dir / "dxtrack.sqlite3", timeout=30) as database:
        return database.execute("SELECT COUNT(*) FROM operations_workerheartbeat").fetchone()[0]


def test_serve_answers_pages_and_stops_gracefully_on_sigterm(data_dir):
    port = free_port()
    server = dxtrack("serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--task-workers", "1",
                     data_dir=data_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_until(lambda: _get(f"http://127.0.0.1:{port}/accounts/login/") == 200, seconds=60, what="the login page")
        assert _get(f"http://127.0.0.1:{port}/") == 200
        wait_until(lambda: _workers_beating(data_dir), seconds=60, what="the task worker's first heartbeat")
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0, output
    assert "Booting worker" in output and "GET /accounts/login/" in output  # gunicorn's logs, on stdout
    assert "Starting worker" in output or "shutting down gracefully" in output  # the task worker's
    assert _get(f"http://127.0.0.1:{port}/") is None  # nothing left listening
    assert _workers_beating(data_dir) == 0  # the task worker left cleanly


def test_serve_refuses_to_start_with_a_published_secret_key(data_dir):
    env = process_env(data_dir, SECRET_KEY="dxtrack-insecure-development-key-change-me", DEBUG="false")
    server = dxtrack("serve", "--bind", f"127.0.0.1:{free_port()}", data_dir=data_dir, env=env,
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output, _ = server.communicate(timeout=60)
    assert server.returncode != 0 and "dxtrack.E001" in output
