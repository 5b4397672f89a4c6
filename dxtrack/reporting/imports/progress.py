"""What an import running in the background shows while it runs, for every kind of import
(values: jobs.py; the enterprise registry: enterprises/import_jobs.py).

The run is one database transaction, so its progress cannot be read through its row until it
ends: the rows checked so far are written to a small file beside the stored upload, which the
progress page reads, and whose age tells a live run from one whose worker died.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from dxtrack.reporting.imports.cells import neutralise
from dxtrack.reporting.imports.files import stored_path
from dxtrack.reporting.imports.rows import ImportFileError
from dxtrack.reporting.models import ImportStatus

# How many of a run's errors its page lists (the CSV has them all).
ERRORS_SHOWN = 200
TERMINAL = (ImportStatus.DONE, ImportStatus.CHECKED, ImportStatus.REJECTED, ImportStatus.FAILED)


def progress_file(stored_relative: str) -> Path | None:
    try:
        return stored_path(stored_relative).parent / "progress"
    except ImportFileError:
        return None


def progress_read(stored_relative: str) -> int:
    """Rows checked so far by the run importing this upload (0 before it started)."""
    path = progress_file(stored_relative)
    try:
        return int(path.read_text()) if path is not None else 0
    except (OSError, ValueError):
        return 0


def progress_writer(stored_relative: str) -> Callable[[int], None]:
    path = progress_file(stored_relative)

    def write(rows: int) -> None:
        if path is None or not path.parent.exists():
            return
        temporary = path.with_suffix(".tmp")
        temporary.write_text(str(rows))
        os.replace(temporary, path)  # readers never see half a number

    return write


def progress_moved_at(stored_relative: str) -> datetime | None:
    """When the run last reported progress (None: never)."""
    path = progress_file(stored_relative)
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC) if path else None
    except OSError:
        return None


def run_page_state(status: str, errors: list[dict[str, Any]]) -> dict[str, Any]:
    """The parts of a run's page that depend only on its status and errors."""
    return {
        "finished": status in TERMINAL,
        "rejected": status in (ImportStatus.REJECTED, ImportStatus.FAILED),
        "errors": errors[:ERRORS_SHOWN],
        "more_errors": max(len(errors) - ERRORS_SHOWN, 0),
    }


def errors_csv(errors: Iterable[dict[str, Any]]) -> str:
    """The row-by-row error report as CSV text, with a BOM for Excel (cells neutralised:
    messages quote the file)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("row"), _("column"), _("message")])
    for error in errors:
        writer.writerow([error.get("row", 0), neutralise(str(error.get("column", ""))), neutralise(str(error.get("message", "")))])
    return out.getvalue()
