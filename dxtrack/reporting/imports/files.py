"""Uploaded files: size, what they really are (by content, never by name), and where they live.

Every import — web, command line, task — passes `file_inspect` before a reader opens the file:

* more than `DXTRACK_IMPORT_MAX_BYTES` (50 MiB) is refused;
* the type is read from the first bytes: a ZIP holding `[Content_Types].xml` and
  `xl/workbook.xml` is an XLSX workbook; `{` starts DHIS2 JSON; other UTF-8 text is CSV (DHIS2
  CSV when its header names `dataelement`); a PDF, an old .xls, a Word file or other binary
  content is refused by name;
* a workbook with macros (.xlsm, `vbaProject.bin`) or in binary form (.xlsb) is refused;
* a ZIP whose entries would unpack to more than `MAX_UNPACKED_BYTES` or that compress more
  than `MAX_RATIO` to one (a zip bomb) is refused before anything is unpacked.

Uploads are stored as `DXTRACK_DATA_DIR/imports/<uuid>/upload`: the name the user gave is
kept for display only and never becomes part of a path.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import re
import shutil
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from dxtrack.common.numbers import count_shown
from dxtrack.reporting.imports.rows import ImportFileError

FORMATS = ("xlsx", "csv", "dhis2-json", "dhis2-csv")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 100
RATIO_FREE_BYTES = 1024 * 1024  # small XML parts compress far better than data; only big ones count
MAX_ZIP_ENTRIES = 2_000
_HEAD = 8192
_FORMAT_NAMES = {
    "xlsx": "XLSX", "csv": "CSV", "dhis2-json": "DHIS2 JSON", "dhis2-csv": "DHIS2 CSV",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def max_upload_bytes() -> int:
    return int(getattr(settings, "DXTRACK_IMPORT_MAX_BYTES", MAX_UPLOAD_BYTES))


def too_large_message(size: int) -> str:
    return _("The file is %(size)s MB; files over %(limit)s MB are refused. Split it into smaller files.") % {
        "size": f"{size / 1024 / 1024:.1f}", "limit": f"{max_upload_bytes() / 1024 / 1024:.0f}",
    }


@dataclass(frozen=True)
class Inspected:
    format: str
    size: int


def file_inspect(path: Path, *, declared: str | None = None) -> Inspected:
    """The file's real format; ImportFileError when it is too large, hostile or not what `declared` says."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_upload_bytes():
        raise ImportFileError(too_large_message(size))
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    with path.open("rb") as handle:
        head = handle.read(_HEAD)
    found = _format_of(path, head)
    if declared and declared != found:
        raise ImportFileError(
            _("The file was given as %(declared)s but its content is %(found)s.")
            % {"declared": _FORMAT_NAMES.get(declared, declared), "found": _FORMAT_NAMES[found]}
        )
    return Inspected(format=found, size=size)


def _format_of(path: Path, head: bytes) -> str:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        _zip_check(path)
        return "xlsx"
    if head.startswith(b"%PDF"):
        raise ImportFileError(_("The file is a PDF document, not a spreadsheet or data file. Upload the XLSX template, CSV or DHIS2 file itself."))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("The file is an old Excel 97–2003 (.xls) or Office document. Open it in Excel and save it as “Excel Workbook (.xlsx)”."))
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        raise ImportFileError(_("The file is an image or a compressed archive, not a spreadsheet or data file."))
    text = _head_text(head)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        return "dhis2-json"
    first_line = stripped.split("\n", 1)[0].lower()
    if "dataelement" in first_line.replace(" ", "").replace("_", ""):
        return "dhis2-csv"
    if stripped.startswith("<"):
        raise ImportFileError(_("The file is HTML or XML, not CSV. Upload the XLSX template, CSV or DHIS2 file itself."))
    return "csv"


def _head_text(head: bytes) -> str:
    if b"\x00" in head:
        raise ImportFileError(_("The file is binary, not a spreadsheet or data file."))
    try:
        # Incremental, so that a character cut by the 8 KiB boundary is not an error.
        return codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not UTF-8 text. In Excel choose “Save as… CSV UTF-8”, or upload the XLSX template.")
        ) from None


def _zip_check(path: Path) -> None:
    """Refuse archives that are not plain XLSX workbooks, before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ImportFileError(_("The workbook holds %(count)s parts; at most %(limit)s are accepted.") % {"count": count_shown(len(entries)), "limit": count_shown(MAX_ZIP_ENTRIES)})
            unpacked = 0
            for entry in entries:
                unpacked += entry.file_size
                if entry.file_size > RATIO_FREE_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
                    raise ImportFileError(_bomb_message())
            if unpacked > MAX_UNPACKED_BYTES:
                raise ImportFileError(_bomb_message())
            if "[Content_Types].xml" not in names or ("xl/workbook.xml" not in names and "xl/workbook.bin" not in names):
                if "word/document.xml" in names:
                    raise ImportFileError(_("The file is a Word document, not an XLSX workbook."))
                raise ImportFileError(_("The file is a ZIP archive, not an XLSX workbook."))
            content_types = archive.read("[Content_Types].xml") if archive.getinfo("[Content_Types].xml").file_size < RATIO_FREE_BYTES else b""
    except zipfile.BadZipFile:
        raise ImportFileError(_("The workbook is damaged (not a readable ZIP archive). Save it again in Excel.")) from None
    if any(name.lower().endswith("vbaproject.bin") for name in names) or b"macroEnabled" in content_types:
        raise ImportFileError(_("Workbooks with macros (.xlsm) are refused. Save it as “Excel Workbook (.xlsx)” without macros."))
    if b"sheet.binary" in content_types or "xl/workbook.bin" in names:
        raise ImportFileError(_("Binary workbooks (.xlsb) are not accepted. Save it as “Excel Workbook (.xlsx)”."))


def estimate_rows(path: Path, format: str) -> int:  # noqa: A002
    """Roughly how many rows a file holds, for the progress bar (read in 1 MiB blocks)."""
    if format == "xlsx":
        return 0  # the dimension in a workbook is whatever the writer claimed; no bar then
    marker = b"dataElement" if format == "dhis2-json" else b"\n"
    count = 0
    with Path(path).open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(marker)
    return max(count - (0 if format == "dhis2-json" else 1), 0)


def _bomb_message() -> str:
    return _("The workbook would unpack to far more data than it holds (a “zip bomb”); it was not opened.")


def display_name(name: str) -> str:
    """The user's file name for showing back: last component, no control characters, 255 at most."""
    base = re.split(r"[\\/]", name or "")[-1]
    return _CONTROL.sub("", base).strip()[:255] or "upload"


@dataclass(frozen=True)
class StoredUpload:
    directory: Path
    path: Path
    relative: str
    size: int
    sha256: str


def imports_root() -> Path:
    return Path(settings.DATA_DIR) / "imports"


def upload_store(*, chunks: Iterable[bytes]) -> StoredUpload:
    """Write an upload under a new uuid directory, refusing it once it passes the size limit."""
    directory = imports_root() / uuid.uuid4().hex
    directory.mkdir(parents=True)
    target = directory / "upload"
    digest = hashlib.sha256()
    size = 0
    limit = max_upload_bytes()
    try:
        with target.open("xb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise ImportFileError(too_large_message(size))
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return StoredUpload(directory=directory, path=target, relative=f"imports/{directory.name}/upload", size=size, sha256=digest.hexdigest())


def stored_path(relative: str) -> Path:
    """The absolute path of a stored upload; only paths this module made are accepted."""
    match = re.fullmatch(r"imports/([0-9a-f]{32})/upload", relative or "")
    if match is None:
        raise ImportFileError(_("The uploaded file is no longer available."))
    return imports_root() / match[1] / "upload"


def upload_remove(relative: str) -> None:
    with contextlib.suppress(ImportFileError):
        shutil.rmtree(stored_path(relative).parent, ignore_errors=True)
