"""The registry import on the web: an upload becomes a pending `EnterpriseImport`, a background
task (`dxtrack db_worker`) imports it, and its page shows the progress.

The pattern is the values import's (reporting/imports/jobs.py), and its pieces are reused: the
upload is stored and inspected by reporting's `files.py` (size limit, real type, zip bombs) and
the statuses are its `ImportStatus`. The import itself is `registry_import`, the very function
of `dxtrack enterprises import`: the same columns, the same all-or-nothing rule, and the run is
recorded in the transaction that writes the enterprises. While it runs, that transaction hides
its progress, so the rows checked are written to a small file beside the upload.

A worker killed halfway: its transaction dies with it, so nothing of the file is written. The
worker's heartbeat (dxtrack.operations.heartbeat) fails its task, and `registry_job_abandon`
(on the task's end) marks the run failed; a run whose progress has not moved for the values
import's `STALE_AFTER` is marked failed when its page is opened (`registry_job_reap`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import openpyxl
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dxtrack.audit.models import Outcome
from dxtrack.audit.services import audit_record
from dxtrack.enterprises.accounts import VERIFIER_ROLES
from dxtrack.enterprises.imports import registry_import
from dxtrack.enterprises.models import EnterpriseImport
from dxtrack.enterprises.selectors import ward_ids_for_user
from dxtrack.reporting.imports.files import (
    display_name,
    estimate_rows,
    file_inspect,
    stored_path,
    upload_remove,
    upload_store,
)
from dxtrack.reporting.imports.jobs import STALE_AFTER
from dxtrack.reporting.imports.progress import (
    TERMINAL,
    progress_moved_at,
    progress_read,
    progress_writer,
)
from dxtrack.reporting.imports.rows import ImportFileError
from dxtrack.reporting.models import ImportStatus

logger = logging.getLogger(__name__)

REGISTRY_FORMATS = ("csv", "xlsx")
# Who imports the registry on the web: programme officers, the people who already verify the
# claims of the enterprises of their wards; each on those wards only (the programme office,
# on the province, on all of them). Everyone else keeps the command line and the admin.
REGISTRY_MANAGER_ROLES = VERIFIER_ROLES


def registry_wards_managed(user: Any) -> set[int] | None:
    """The wards whose enterprises the user may import (None: all, a superuser; empty: none)."""
    if user is None:
        return set()
    return ward_ids_for_user(user, roles=REGISTRY_MANAGER_ROLES)


def registry_job_create(*, user: Any, upload: UploadedFile, dry_run: bool) -> EnterpriseImport:
    """Store and inspect an upload while the user waits; ImportFileError (nothing kept) when refused."""
    stored = upload_store(chunks=upload.chunks())
    try:
        inspected = file_inspect(stored.path)
        if inspected.format not in REGISTRY_FORMATS:
            raise ImportFileError(_("The registry is imported from its CSV or XLSX template, not from a DHIS2 file."))
    except ImportFileError:
        upload_remove(stored.relative)
        raise
    return EnterpriseImport.objects.create(
        created_by=user, filename=display_name(upload.name or ""), format=inspected.format, stored_path=stored.relative,
        size=stored.size, sha256=stored.sha256, dry_run=dry_run, status=ImportStatus.PENDING,
    )


def registry_job_progress(run: EnterpriseImport) -> int:
    """Rows checked so far: the run's row once it ended, the progress file while it runs."""
    return run.rows if run.status in TERMINAL else progress_read(run.stored_path)


def _rows_in(path: Path, format: str) -> int:  # noqa: A002
    """The rows of the file for the bar: lines of a CSV; for a workbook, the sheet's dimension."""
    if format != "xlsx":
        return estimate_rows(path, format)
    try:
        with path.open("rb") as handle:
            workbook = openpyxl.load_workbook(handle, read_only=True)
            try:
                return max((workbook.worksheets[0].max_row or 1) - 1, 0)
            finally:
                workbook.close()
    except Exception:  # noqa: BLE001  (an unreadable workbook is reported by the import itself)
        return 0


def registry_job_run(*, run_id: int, language: str) -> EnterpriseImport:
    """Import the run's file. Runs again harmlessly: a run that ended is left as it is."""
    with transaction.atomic():
        run = EnterpriseImport.objects.select_for_update().get(pk=run_id)
        if run.status in TERMINAL:
            return run
        run.status = ImportStatus.RUNNING
        try:
            run.rows_total = _rows_in(stored_path(run.stored_path), run.format)
        except ImportFileError:
            run.rows_total = 0
        run.save(update_fields=["status", "rows_total"])
    with translation.override(language):
        try:
            registry_import(
                path=stored_path(run.stored_path), dry_run=run.dry_run, by=run.created_by, filename=run.filename,
                run=run, wards=registry_wards_managed(run.created_by), progress=progress_writer(run.stored_path),
            )
        except Exception:
            logger.exception("registry import %s failed", run_id)
            run.refresh_from_db()
            _fail(run, _("The import failed on the server; nothing was imported. Try again later or tell the administrator."))
    upload_remove(run.stored_path)  # the enterprises are in the database now, or were refused
    run.refresh_from_db()
    return run


def _fail(run: EnterpriseImport, message: str) -> EnterpriseImport:
    run.status, run.accepted, run.finished_at = ImportStatus.FAILED, False, timezone.now()
    run.created = run.updated = run.unchanged = run.skipped = 0
    run.errors = [{"row": 0, "column": "", "message": message}]
    run.save()
    upload_remove(run.stored_path)
    audit_record(actor=run.created_by, action="enterprises.import", obj=run, outcome=Outcome.FAILED,
                 details={"status": run.status, "sha256": run.sha256, "dry_run": run.dry_run})
    return run


def _stopped_message() -> str:
    return _("The import stopped (the worker ended); nothing was imported. Upload the file again.")


def registry_job_abandon(*, run_id: int) -> EnterpriseImport | None:
    """The run's task ended without finishing it (its worker died): mark it failed."""
    with transaction.atomic():
        run = EnterpriseImport.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in TERMINAL:
            if run is not None:
                upload_remove(run.stored_path)  # finished, the worker died before removing it
            return run
        return _fail(run, _stopped_message())


def registry_job_reap(run: EnterpriseImport) -> EnterpriseImport:
    """Mark a running run failed when its progress has not moved for STALE_AFTER."""
    if run.status != ImportStatus.RUNNING:
        return run
    if timezone.now() - (progress_moved_at(run.stored_path) or run.created_at) < STALE_AFTER:
        return run
    return _fail(run, _stopped_message())
