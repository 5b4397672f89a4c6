"""Import jobs: an uploaded file, the background task that imports it, and its progress.

`import_job_create` stores the upload and checks what it really is while the user waits (a
renamed PDF or a zip bomb is refused at once); `import_job_run` is what the task does. The run
is one database transaction, so its progress cannot be seen through the job row until it
ends: it is written to a small file beside the upload instead (`progress`), which the
progress page reads. A job whose worker died is marked failed by `import_job_reap` once its
progress has not moved for `STALE_AFTER`; nothing of it was written (the transaction died too).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dxtrack.audit.models import Outcome
from dxtrack.audit.services import audit_record
from dxtrack.common.numbers import count_shown
from dxtrack.reporting.imports.files import (
    display_name,
    estimate_rows,
    file_inspect,
    stored_path,
    upload_remove,
    upload_store,
)
from dxtrack.reporting.imports.progress import (
    TERMINAL,
    progress_moved_at,
    progress_read,
    progress_writer,
)
from dxtrack.reporting.imports.rows import ImportFileError, ImportReport
from dxtrack.reporting.imports.service import values_import_file
from dxtrack.reporting.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)


def import_job_create(*, user: Any, upload: UploadedFile, dry_run: bool) -> ImportJob:
    """Store and inspect an upload; ImportFileError (nothing kept) when it is refused."""
    stored = upload_store(chunks=upload.chunks())
    try:
        inspected = file_inspect(stored.path)
    except ImportFileError:
        upload_remove(stored.relative)
        raise
    return ImportJob.objects.create(
        created_by=user, created_at=timezone.now(), format=inspected.format, filename=display_name(upload.name or ""),
        stored_path=stored.relative, size=stored.size, sha256=stored.sha256, dry_run=dry_run,
    )


def import_job_progress(job: ImportJob) -> int:
    """Rows checked so far: the job row once it ended, the progress file while it runs."""
    return job.rows_done if job.status in TERMINAL else progress_read(job.stored_path)


def import_job_run(*, job_id: int, language: str, programme_code: str | None = None) -> ImportJob:
    """Import the job's file. Runs again harmlessly: a job that ended is left as it is."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status in TERMINAL:
            return job
        job.status = ImportStatus.RUNNING
        try:
            job.rows_total = estimate_rows(stored_path(job.stored_path), job.format)
        except (ImportFileError, OSError):
            job.rows_total = 0
        job.save(update_fields=["status", "rows_total"])
    with translation.override(language):
        try:
            report = values_import_file(
                path=stored_path(job.stored_path), filename=job.filename, user=job.created_by, format=job.format,
                programme_code=programme_code or None, dry_run=job.dry_run, progress=progress_writer(job.stored_path),
                before_commit=lambda written: _record_done(job, written),
            )
        except ImportFileError as error:
            report = ImportReport(source=job.filename, dry_run=job.dry_run)
            report.error(error.row, error.column, error.message)
        except Exception:
            logger.exception("import job %s failed", job_id)
            report = ImportReport(source=job.filename, dry_run=job.dry_run)
            report.error(0, "", _("The import failed on the server; nothing was imported. Try again later or tell the administrator."))
            return _finish(job, report, status=ImportStatus.FAILED)
    job.refresh_from_db()  # what _record_done saved, unless its transaction rolled back
    if job.status == ImportStatus.DONE:  # recorded with the values (_record_done)
        upload_remove(job.stored_path)
        return job
    if report.rejected:
        status = ImportStatus.REJECTED
    else:
        status = ImportStatus.CHECKED if job.dry_run else ImportStatus.DONE
    return _finish(job, report, status=status)


def _record_done(job: ImportJob, report: ImportReport) -> None:
    """The job's end and its audit event, in the import's own transaction: a worker dying after
    the values commit cannot leave the job to be marked failed (nothing imported) while its
    values are in the database; dying before, both roll back together."""
    _finish(job, report, status=ImportStatus.DONE, remove_upload=False)


def _finish(job: ImportJob, report: ImportReport, *, status: str, remove_upload: bool = True) -> ImportJob:
    errors = [error.as_dict() for error in report.errors]
    if report.error_count > len(errors):
        errors.append({"row": 0, "column": "", "message": _("… and %(count)s more errors.") % {"count": count_shown(report.error_count - len(report.errors))}})
    job.status = status
    job.rows_total = job.rows_done = report.rows
    job.created, job.updated, job.unchanged = report.created, report.updated, report.unchanged
    job.errors = errors
    job.finished_at = timezone.now()
    job.save()
    if remove_upload:  # the figures are in the database now, or were refused
        upload_remove(job.stored_path)
    audit_record(
        actor=job.created_by, action="values.import", obj=job,
        outcome=Outcome.SUCCESS if status in (ImportStatus.DONE, ImportStatus.CHECKED) else Outcome.FAILED,
        details={
            "status": status, "format": job.format, "sha256": job.sha256, "dry_run": job.dry_run, "rows": report.rows,
            "created": report.created, "updated": report.updated, "errors": report.error_count,
        },
    )
    return job


def import_job_abandon(*, job_id: int) -> ImportJob | None:
    """The job's task ended without finishing it (its worker died): mark it failed.

    Nothing was written: the import runs in one transaction, which died with the worker."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in TERMINAL:
            if job is not None:
                upload_remove(job.stored_path)  # done with its values, the worker died before removing it
            return job
        report = ImportReport(source=job.filename, dry_run=job.dry_run)
        report.error(0, "", _("The import stopped (the worker ended); nothing was imported. Upload the file again."))
        return _finish(job, report, status=ImportStatus.FAILED)


def import_job_reap(job: ImportJob) -> ImportJob:
    """Mark a job failed when its worker stopped (no progress for STALE_AFTER)."""
    if job.status not in (ImportStatus.RUNNING,):
        return job
    last = progress_moved_at(job.stored_path) or job.created_at
    if timezone.now() - last < STALE_AFTER:
        return job
    report = ImportReport(source=job.filename, dry_run=job.dry_run)
    report.error(0, "", _("The import stopped (the worker ended); nothing was imported. Upload the file again."))
    return _finish(job, report, status=ImportStatus.FAILED)
