"""Background tasks of the reporting app: thin wrappers the worker (`dxtrack db_worker`) runs."""

from datetime import date

from django_tasks import task

from dxtrack.reporting.reminders import reminders_send


@task()
def reminders_send_task(today: str | None = None, dry_run: bool = False) -> dict:
    """`reminders_send` for the worker; arguments and result are JSON (dates as YYYY-MM-DD)."""
    run = reminders_send(today=date.fromisoformat(today) if today else None, dry_run=dry_run)
    return run.as_dict()
