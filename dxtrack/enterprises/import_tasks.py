"""The background task of a registry upload: a thin wrapper the worker (`dxtrack db_worker`) runs."""

from django.dispatch import receiver
from django.utils import translation
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished

from dxtrack.enterprises.import_jobs import registry_job_abandon, registry_job_run


@task()
def registry_import_task(run_id: int, language: str) -> str:
    """Import an EnterpriseImport's file; returns the run's final status."""
    return registry_job_run(run_id=run_id, language=language).status


@receiver(task_finished, dispatch_uid="enterprises.registry_job_end_with_its_task")
def registry_job_end_with_its_task(sender, task_result, **kwargs) -> None:
    """A failed task (its worker died, dxtrack.operations.heartbeat) fails its run at once,
    instead of the run staying "running" until someone opens its page."""
    if task_result.status == TaskResultStatus.FAILED and task_result.task.module_path == registry_import_task.module_path:
        with translation.override(task_result.args[1]):  # the uploader's language, as the task had
            registry_job_abandon(run_id=int(task_result.args[0]))
