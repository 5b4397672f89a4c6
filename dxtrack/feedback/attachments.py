"""Attachments checked by their content, not their name: a renamed .exe is refused as what it is.

>>> sniff(b"%PDF-1.7 ...")
'application/pdf'
>>> sniff(b"MZ\\x90\\x00") is None
True
"""

import hashlib
import io
import zipfile

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from dxtrack.feedback.services import FeedbackError

MAX_BYTES = 5 * 1024 * 1024
# Office files are ZIP archives; a small one must not unpack into gigabytes.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", DOCX: ".docx", XLSX: ".xlsx"}


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return None
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names or any(name.startswith("word/vbaProject") or name.startswith("xl/vbaProject") for name in names):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def attachment_check(upload: UploadedFile) -> dict:
    """An acceptable file's metadata (name, type by content, size, SHA-256) and, under "content",
    the bytes that were checked (those are the bytes stored); or FeedbackError."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    if upload.size > MAX_BYTES:
        raise FeedbackError(_("“%(name)s” is larger than 5 MB.") % {"name": name}, field="attachment")
    content = upload.read()
    kind = sniff(content[:16])
    if kind == "zip":
        kind = _office_type(content)
    expected = EXTENSIONS.get(kind or "")
    if expected is None or not name.lower().endswith((expected, ".jpeg") if expected == ".jpg" else expected):
        raise FeedbackError(
            _("“%(name)s” is not an accepted file, or its content does not match its name: send PDF, PNG, JPEG, DOCX or XLSX.") % {"name": name},
            field="attachment",
        )
    return {"filename": name, "content_type": kind, "size": len(content), "sha256": hashlib.sha256(content).hexdigest(),
            "content": content}
