"""Report files generated in the background: the request, what the task does, and the list.

`report_job_create` checks the inputs while the user waits (a bad as-of date is refused at
once, nothing kept) and records the request; `report_job_run` is what the worker does: it
writes the file through `report_file_write` (a temporary file renamed at the end), then marks
the entry done with the file's size and SHA-256. A generation that fails is marked failed with
its reason and keeps no file; one whose worker died is marked failed by `report_job_reap` once
its progress has not moved for STALE_AFTER.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dxtrack.audit.models import Outcome
from dxtrack.audit.services import audit_record
from dxtrack.programmes.models import Programme
from dxtrack.reports.builder import as_of_check
from dxtrack.reports.errors import ReportError
from dxtrack.reports.models import ReportFile, ReportStatus
from dxtrack.reports.services import report_file_write

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)
TERMINAL = (ReportStatus.DONE, ReportStatus.FAILED)


def reports_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def report_path(entry: ReportFile) -> Path:
    return reports_dir() / entry.stored_path


def download_name(entry: ReportFile) -> str:
    code = entry.programme.code.replace("/", "-").replace('"', "")
    return f"bao-cao-{code}-{entry.as_of.isoformat()}-{entry.language}.{entry.format}"


def _programme_version(programme: Programme) -> int | None:
    latest = programme.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return int(latest) if latest is not None else None


def report_job_create(
    *, user: Any, programme: Programme, as_of: date, language: str, fmt: str, public: bool = False,
) -> ReportFile:
    """Record a request; ReportError (nothing recorded) when the as-of date is impossible."""
    with translation.override(language):
        as_of_check(programme, as_of, timezone.localdate())
    return ReportFile.objects.create(
        programme=programme, programme_version=_programme_version(programme), as_of=as_of, language=language,
        format=fmt, issued_on=timezone.localdate(), created_by=user, created_at=timezone.now(),
        is_public=public and programme.is_public,
    )


def _progress_writer(entry_id: int):
    def write(percent: int) -> None:
        ReportFile.objects.filter(pk=entry_id, status=ReportStatus.RUNNING).update(progress=percent, updated_at=timezone.now())

    return write


def report_job_run(*, entry_id: int) -> ReportFile:
    """Generate the entry's file. Runs again harmlessly: an entry that ended is left as it is."""
    with transaction.atomic():
        entry = ReportFile.objects.select_for_update().select_related("programme__area").get(pk=entry_id)
        if entry.status in TERMINAL:
            return entry
        entry.status, entry.progress = ReportStatus.RUNNING, 5
        entry.stored_path = f"{entry.pk}-{download_name(entry)}"
        entry.save(update_fields=["status", "progress", "stored_path", "updated_at"])
    try:
        _report, checksum = report_file_write(
            programme=entry.programme, as_of=entry.as_of, fmt=entry.format, output=report_path(entry),
            language=entry.language, issued_on=entry.issued_on, progress=_progress_writer(entry.pk),
        )
    except ReportError as error:
        return _finish(entry, status=ReportStatus.FAILED, error=error.message)
    except Exception:
        logger.exception("report %s failed", entry_id)
        with translation.override(entry.language):
            reason = _("The report could not be generated on the server. Try again later or tell the administrator.")
        return _finish(entry, status=ReportStatus.FAILED, error=reason)
    return _finish(entry, status=ReportStatus.DONE, checksum=checksum)


def _finish(entry: ReportFile, *, status: str, error: str = "", checksum: str = "") -> ReportFile:
    path = report_path(entry)
    if status == ReportStatus.DONE:
        entry.size, entry.sha256, entry.progress = path.stat().st_size, checksum, 100
    else:
        path.unlink(missing_ok=True)
        entry.stored_path, entry.size, entry.sha256 = "", 0, ""
    entry.status, entry.error, entry.finished_at = status, error, timezone.now()
    entry.save()
    audit_record(
        actor=entry.created_by, action="reports.generate", obj=entry,
        outcome=Outcome.SUCCESS if status == ReportStatus.DONE else Outcome.FAILED,
        details={"programme": entry.programme.code, "as_of": entry.as_of.isoformat(), "format": entry.format,
                 "language": entry.language, "sha256": entry.sha256, "error": error},
    )
    return entry


def report_job_reap(entry: ReportFile) -> ReportFile:
    """Mark an entry failed when its worker stopped (no progress for STALE_AFTER)."""
    if entry.status not in (ReportStatus.PENDING, ReportStatus.RUNNING) or timezone.now() - entry.updated_at < STALE_AFTER:
        return entry
    with translation.override(entry.language):
        reason = _("The generation stopped (the worker ended). Generate the report again.")
    return _finish(entry, status=ReportStatus.FAILED, error=reason)
