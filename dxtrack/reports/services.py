"""Make a report file: build the report, render it in one format, and put the file in place
only when it is complete (written to a temporary file beside it, then renamed), so a failed
or interrupted run never leaves half a file where the report should be."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.utils import translation

from dxtrack.programmes.models import Programme
from dxtrack.reports.builder import report_build
from dxtrack.reports.charts import charts_draw
from dxtrack.reports.docx_render import docx_write
from dxtrack.reports.shapes import Report
from dxtrack.reports.xlsx_render import xlsx_write

FORMATS = ("docx", "pdf", "xlsx")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_render(report: Report, fmt: str, path: Path) -> None:
    """Render `report` as `fmt` into `path` (the report's language active while rendering)."""
    with translation.override(report.language):
        if fmt == "docx":
            with tempfile.TemporaryDirectory(prefix="dxtrack-charts-") as folder:
                docx_write(report, path, charts_draw(report, Path(folder)))
        elif fmt == "xlsx":
            xlsx_write(report, path)
        elif fmt == "pdf":
            from dxtrack.reports.pdf_render import (
                pdf_write,  # WeasyPrint loads Pango: only when asked
            )

            pdf_write(report, path)
        else:
            raise ValueError(fmt)
    if fmt in ("docx", "xlsx"):
        zip_normalise(path)


def zip_normalise(path: Path) -> None:
    """Rewrite a DOCX or XLSX (a zip) with every member dated 1 January 1980, the zip epoch:
    python-docx and openpyxl stamp members with the time of writing, so the same report made
    twice had two checksums. Member order and contents are kept as they are."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = _modified_as_created(data)
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            target.writestr(fixed, data)


def report_file_write(
    *, programme: Programme, as_of: date, fmt: str, output: Path, language: str = "vi", issued_on: date | None = None,
    progress: Callable[[int], None] = lambda percent: None,
) -> tuple[Report, str]:
    """Build and write the report to `output`; returns the report and the file's SHA-256.
    Raises ReportError (bad input, in `language`) before anything is written."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    report = report_build(programme=programme, as_of=as_of, language=language, issued_on=issued_on,
                          with_series=fmt != "xlsx")
    progress(50)
    output = Path(output)
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=output.parent)
    os.close(handle)
    try:
        report_render(report, fmt, Path(temporary))
        checksum = file_checksum(Path(temporary))
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    progress(100)
    return report, checksum


def _modified_as_created(core: bytes) -> bytes:
    """openpyxl stamps dcterms:modified with the time of saving; the report's date is its own."""
    created = re.search(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>", core)
    if created is None:
        return core
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + created.group(1) + rb"\g<2>", core)


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
