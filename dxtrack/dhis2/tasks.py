"""The background task of an async dataValueSets import: a thin wrapper the worker runs."""

from django_tasks import task

from dxtrack.dhis2.jobs import job_run


@task()
def dhis2_import_task(job_id: int) -> str:
    return job_run(job_id)
