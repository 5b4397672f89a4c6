"""The background task of a report: a thin wrapper the worker (`dxtrack db_worker`) runs."""

from django_tasks import task

from dxtrack.reports.jobs import report_job_run


@task()
def report_generate_task(entry_id: int) -> str:
    """Generate a ReportFile's file; returns its final status."""
    return report_job_run(entry_id=entry_id).status
