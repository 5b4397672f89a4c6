"""The background task of an upload: a thin wrapper the worker (`dxtrack db_worker`) runs."""

from django.dispatch import receiver
from django.utils import translation
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished

from dxtrack.reporting.imports.jobs import import_job_abandon, import_job_run


@task()
def values_import_task(job_id: int, language: str, programme_code: str | None = None) -> str:
    """Import an ImportJob's file; returns the job's final status."""
    return import_job_run(job_id=job_id, language=language, programme_code=programme_code).status


@receiver(task_finished, dispatch_uid="reporting.import_job_end_with_its_task")
def import_job_end_with_its_task(sender, task_result, **kwargs) -> None:
    """A failed import task (its worker died, dxtrack.operations.heartbeat) fails its job at once,
    instead of the job staying "running" until someone opens its page."""
    if task_result.status == TaskResultStatus.FAILED and task_result.task.module_path == values_import_task.module_path:
        with translation.override(task_result.args[1]):  # the uploader's language, as the task had
            import_job_abandon(job_id=int(task_result.args[0]))
