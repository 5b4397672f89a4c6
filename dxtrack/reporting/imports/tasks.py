"""The background task of an upload: a thin wrapper the worker (`dxtrack db_worker`) runs."""

from django_tasks import task

from dxtrack.reporting.imports.jobs import import_job_run


@task()
def values_import_task(job_id: int, language: str, programme_code: str | None = None) -> str:
    """Import an ImportJob's file; returns the job's final status."""
    return import_job_run(job_id=job_id, language=language, programme_code=programme_code).status
