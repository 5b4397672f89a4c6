"""Which running tasks the heartbeat reaps, in one process (the killed-worker test runs real ones)."""

import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dxtrack.operations.heartbeat import heartbeat_record, tasks_reap_abandoned
from dxtrack.operations.models import WorkerHeartbeat
from dxtrack.reporting.imports.tasks import values_import_task
from dxtrack.reporting.models import ImportJob, ImportStatus


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DXTRACK_WORKER_STALE_SECONDS = 30


def _running_import(user, worker_id: str) -> tuple[ImportJob, DBTaskResult]:
    job = ImportJob.objects.create(created_by=user, created_at=timezone.now(), format="csv", filename="v.csv", status=ImportStatus.RUNNING)
    result = DBTaskResult.objects.get(id=values_import_task.enqueue(job.pk, "en", None).id)
    result.claim(worker_id)
    return job, result


def _beat(worker_id: str, *, pid: int, seconds_ago: int) -> None:
    WorkerHeartbeat.objects.create(worker_id=worker_id, host=socket.gethostname(), pid=pid,
                                   started_at=timezone.now(), beat_at=timezone.now() - timedelta(seconds=seconds_ago))


def _gone_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    process.wait()
    return process.pid


def test_the_task_of_a_dead_worker_fails_and_so_does_its_import(reporter_a):
    job, result = _running_import(reporter_a, "dead")
    _beat("dead", pid=_gone_pid(), seconds_ago=60)
    assert tasks_reap_abandoned() == [str(result.pk)]
    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == "FAILED" and result.finished_at is not None and "WorkerDied" in result.traceback
    assert job.status == ImportStatus.FAILED and "nothing was imported" in job.errors[0]["message"]
    assert not WorkerHeartbeat.objects.exists()
    assert tasks_reap_abandoned() == []  # once only


def test_a_late_beat_of_a_process_still_running_here_is_not_death(reporter_a):
    """On SQLite a long import holds the write lock and every heartbeat waits for it."""
    import os

    job, result = _running_import(reporter_a, "busy")
    _beat("busy", pid=os.getpid(), seconds_ago=600)
    assert tasks_reap_abandoned() == []
    result.refresh_from_db()
    assert result.status == "RUNNING"


def test_recent_beats_and_plain_db_workers_are_left_alone(reporter_a):
    _job, fresh = _running_import(reporter_a, "fresh")
    _beat("fresh", pid=_gone_pid(), seconds_ago=1)
    _job, plain = _running_import(reporter_a, "plain-db-worker")  # no heartbeat row at all
    assert tasks_reap_abandoned() == []
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"RUNNING"}


def test_a_beat_updates_the_row_of_its_worker(db):
    heartbeat_record(worker_id="w1")
    first = WorkerHeartbeat.objects.get().beat_at
    heartbeat_record(worker_id="w1")
    assert WorkerHeartbeat.objects.count() == 1 and WorkerHeartbeat.objects.get().beat_at >= first
