"""The real worker: a task enqueued through the database backend is run by `dxtrack db_worker`."""

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from dxtrack.reporting.tasks import reminders_send_task

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_database_worker_runs_an_enqueued_task(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = reminders_send_task.enqueue(today="2026-02-23", dry_run=True)
    assert result.status == TaskResultStatus.READY  # queued in the database, nothing ran yet

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["dry_run"] is True
