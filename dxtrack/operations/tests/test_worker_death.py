"""A worker killed in the middle of an import: its task and its job reach a final state by
themselves (another worker's heartbeat reaps them), nothing is written, no page is opened."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest

from dxtrack.operations.tests.processes import ROOT, dxtrack, migrate, process_env, wait_until

FAST = {"DXTRACK_WORKER_HEARTBEAT_SECONDS": "0.5", "DXTRACK_WORKER_STALE_SECONDS": "2"}
ENQUEUE = """
import django, os, sys
django.setup()
from django.utils import timezone
from dxtrack.accounts.models import User
from dxtrack.reporting.models import ImportJob
from dxtrack.reporting.imports.tasks import values_import_task
user = User.objects.create_user(username="uploader", password="not-used-1")
job = ImportJob.objects.create(created_by=user, created_at=timezone.now(), format="csv", filename="big.csv",
                               stored_path=sys.argv[1], status="pending")
values_import_task.enqueue(job.pk, "en", None)
"""


@pytest.fixture
def data_dir(tmp_path):
    migrate(tmp_path)
    return tmp_path


def _row(data_dir, sql: str):
    with sqlite3.connect(data_dir / "dxtrack.sqlite3", timeout=30) as database:
        return database.execute(sql).fetchone()


def _write_locked(data_dir) -> bool:
    """True while another process holds SQLite's write lock (the import's transaction is open)."""
    database = sqlite3.connect(data_dir / "dxtrack.sqlite3", timeout=0, isolation_level=None)
    try:
        database.execute("BEGIN IMMEDIATE")
        database.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        database.close()


def test_a_job_whose_worker_was_killed_mid_import_fails_by_itself(data_dir):
    # The upload is a named pipe nobody writes: the worker that opens it is stuck mid-import.
    directory = uuid.uuid4().hex
    (data_dir / "imports" / directory).mkdir(parents=True)
    os.mkfifo(data_dir / "imports" / directory / "upload")
    env = process_env(data_dir, **FAST)
    subprocess.run([sys.executable, "-c", ENQUEUE, f"imports/{directory}/upload"], cwd=ROOT, env=env,  # noqa: S603
                                capture_output=True, text=True, check=True, timeout=60)
    first = dxtrack("worker", "--no-startup-delay", "--interval", "0.2", data_dir=data_dir, env=env,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    second = None
    try:
        wait_until(lambda: _row(data_dir, "SELECT status FROM django_tasks_database_dbtaskresult")[0] == "RUNNING",
                   seconds=60, what="the first worker claimed the task")
        wait_until(lambda: _write_locked(data_dir), seconds=30, what="the first worker inside the import's transaction")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()
        second = dxtrack("worker", "--no-startup-delay", "--interval", "0.2", data_dir=data_dir, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: _row(data_dir, "SELECT status FROM reporting_importjob")[0] == "failed", seconds=60,
                   what="the job marked failed by the surviving worker")
        assert time.monotonic() - killed_at < 120
    finally:
        if first.poll() is None:
            first.kill()  # stuck in the pipe, beyond SIGTERM
            first.wait(timeout=30)
        if second is not None:
            second.terminate()
            second.wait(timeout=30)
    status, traceback = _row(data_dir, "SELECT status, traceback FROM django_tasks_database_dbtaskresult")
    assert status == "FAILED" and "WorkerDied" in traceback
    errors, finished = _row(data_dir, "SELECT errors, finished_at FROM reporting_importjob")
    assert "The import stopped (the worker ended); nothing was imported." in errors and finished is not None
    assert _row(data_dir, "SELECT COUNT(*) FROM reporting_datavalue")[0] == 0
    assert not (data_dir / "imports" / directory).exists()  # the upload was cleaned up
    assert _row(data_dir, "SELECT COUNT(*) FROM operations_workerheartbeat")[0] == 0  # the dead one forgotten, the second left cleanly
