"""Heartbeats of task workers, and what happens to the tasks of a worker that died.

Each `dxtrack worker` records `beat_at` every DXTRACK_WORKER_HEARTBEAT_SECONDS (10 s) from a
thread of its own, and on each beat looks for tasks still RUNNING whose worker has not beaten
for DXTRACK_WORKER_STALE_SECONDS (45 s): such a worker was killed or lost its machine, and its
task will never finish. The task row is marked FAILED (`WorkerDied`) in one conditional
update, so two surviving workers never both act on it, and `task_finished` is sent as the
worker itself would have: the import job of an upload, listening to it, ends as failed with
nothing written (the import ran in one transaction, which died with the worker).

On the worker's own machine a late beat is not enough: the process must be gone too (on SQLite
a long import holds the only write lock, and every heartbeat waits for it).

A task ends within STALE + HEARTBEAT seconds of its worker's death (under a minute by
default) without anyone opening a page, as long as one worker runs; `dxtrack serve` restarts
a dead worker, and a worker reaps at start, so a lone worker's task ends when it comes back.
Tasks claimed by a plain `db_worker` (no heartbeat row) are never touched.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.utils import DatabaseError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from dxtrack.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 10.0
STALE_SECONDS = 45.0


class WorkerDied(Exception):
    """The task's worker stopped beating before the task ended."""


def heartbeat_seconds() -> float:
    return float(getattr(settings, "DXTRACK_WORKER_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS))


def stale_seconds() -> float:
    return float(getattr(settings, "DXTRACK_WORKER_STALE_SECONDS", STALE_SECONDS))


def heartbeat_record(*, worker_id: str, started_at=None) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"beat_at": now, "host": socket.gethostname()[:255], "pid": os.getpid()},
        create_defaults={"beat_at": now, "host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at or now},
    )


def _alive_here(beat: WorkerHeartbeat) -> bool:
    """A worker on this machine whose process still runs is alive, however late its beat: on
    SQLite one long import transaction holds every other writer, heartbeats included."""
    if beat.host != socket.gethostname()[:255]:
        return False
    try:
        os.kill(beat.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a process of another user has that id: not ours, but we cannot tell
    return True


def tasks_reap_abandoned() -> list[str]:
    """Mark failed the RUNNING tasks whose worker stopped beating; the ids of those tasks."""
    now = timezone.now()
    stale = now - timedelta(seconds=stale_seconds())
    dead = {
        beat.worker_id for beat in WorkerHeartbeat.objects.filter(beat_at__lt=stale) if not _alive_here(beat)
    }
    reaped = []
    if dead:
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
            if not result.worker_ids or result.worker_ids[-1] not in dead:
                continue
            message = f"WorkerDied: worker {result.worker_ids[-1]} stopped beating before the task ended"
            claimed = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=now,
                exception_class_path=f"{WorkerDied.__module__}.{WorkerDied.__qualname__}", traceback=message,
            )
            if claimed:
                result.refresh_from_db()
                logger.warning("task %s marked failed: %s", result.pk, message)
                task_finished.send(sender=type(result.task.get_backend()), task_result=result.task_result)
                reaped.append(str(result.pk))
    # A dead worker's tasks are settled now; one that comes back beats again under its id.
    WorkerHeartbeat.objects.filter(worker_id__in=dead).delete()
    return reaped


class Heartbeat:
    """The thread of one worker process: beat, reap, wait; until stopped."""

    def __init__(self, *, worker_id: str) -> None:
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def start(self) -> None:
        self._beat()  # before the first task is claimed: a worker never runs a task unrecorded
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=heartbeat_seconds() + 5)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()  # a clean exit: nothing to reap

    def _beat(self) -> None:
        try:
            heartbeat_record(worker_id=self.worker_id, started_at=self.started_at)
            tasks_reap_abandoned()
        except DatabaseError:
            logger.exception("heartbeat of %s failed; trying again", self.worker_id)

    def _run(self) -> None:
        while not self.stopped.wait(heartbeat_seconds()):
            close_old_connections()
            self._beat()
        connection.close()
