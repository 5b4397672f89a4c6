"""`dxtrack backup` / `restore` / `backup verify`: everything of an instance in one archive.

The archive is a tar file:

* ``manifest.json`` — format name and version, when and from which engine, the applied
  migrations, and for every member its SHA-256 and (for tables) its number of rows;
* ``data/<app_label>.<model>.json`` — every row of every model, Django's JSON serialization
  with primary keys, in primary-key order (the models in dependency order): programmes, units,
  values with their full version history, forms, submissions and approvals, users, roles,
  password hashes, token hashes, sessions, the audit log, task results;
* ``files/…`` — the files of the data directory (uploads waiting to be imported, generated
  files), except the database itself, the static files and the SECRET_KEY file.

With a key in ``DXTRACK_BACKUP_KEY`` (a Fernet key: ``dxtrack backup --new-key`` prints one),
the whole tar is encrypted and authenticated (AES-128-CBC + HMAC-SHA256): a wrong key or one
changed byte is refused. Without it, the checksums of the manifest catch a damaged member.

A restore goes into an empty, migrated database only (the same migrations as the archive's),
on SQLite or PostgreSQL whichever the archive came from, in one transaction: refused with the
reason and nothing changed when the archive is truncated, tampered with, of another format
version, encrypted with another key, or when the database already holds data.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import tarfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "dxtrack-backup"
VERSION = 1
MAGIC_ENCRYPTED = b"DXTRACK-BACKUP-FERNET-1\n"
KEY_VARIABLE = "DXTRACK_BACKUP_KEY"
# Written by `migrate` into any fresh database (content types and permissions, and the seeds of
# data migrations: DHIS2's default UIDs, the feedback taxonomy): replaced by the archive's rows,
# never counted as data. Dependent tables first. A restore into a fresh database (the engines
# test) fails when a new data migration is missing here.
REBUILT_BY_MIGRATE = (
    "contenttypes.contenttype", "auth.permission", "dhis2.dhis2uid", "feedback.reminderstep", "feedback.contentarea",
    "feedback.contentkind",
)
SKIPPED_FILES = ("dxtrack.sqlite3", "dxtrack.sqlite3-wal", "dxtrack.sqlite3-shm", "secret_key")
SKIPPED_DIRECTORIES = ("staticfiles", "backups")
CHUNK_ROWS = 2000
BATCH_ROWS = 500


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only; a restored instance must be identical."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """The archive or the database is not fit for the operation; the message says why."""


@dataclass
class BackupSummary:
    tables: int = 0
    rows: int = 0
    files: int = 0
    size: int = 0
    encrypted: bool = False
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def _models() -> list:
    """Every concrete model with a table, in dependency order (what a row points at comes first)."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [model for model in ordered if model._meta.managed and not model._meta.proxy]


def _label(model) -> str:
    return model._meta.label_lower


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _fernet(key: str | None):
    from cryptography.fernet import Fernet

    try:
        return Fernet((key or "").encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise BackupError(_("%(variable)s is not a valid key (44 characters of URL-safe base64; “dxtrack backup --new-key” makes one).") % {"variable": KEY_VARIABLE}) from None


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode("ascii")


def _rows(model) -> Iterator[bytes]:
    """The model's rows as one JSON array, streamed in chunks of serialized rows."""
    manager = model._base_manager
    yield b"["
    first = True
    queryset = manager.order_by("pk")
    for start in range(0, manager.count(), CHUNK_ROWS):
        chunk = serializers.serialize("json", queryset[start:start + CHUNK_ROWS], cls=ExactJSONEncoder)[1:-1]
        if chunk:
            yield (b"" if first else b",") + chunk.encode("utf-8")
            first = False
    yield b"]"


def _data_files(data_dir: Path) -> Iterator[Path]:
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if relative.parts[0] in SKIPPED_DIRECTORIES or (len(relative.parts) == 1 and relative.name in SKIPPED_FILES):
            continue
        if path.is_file() and not path.is_symlink():
            yield path


def _add(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(content))


def backup_create(path: Path, *, key: str | None = None, say: Callable[[str], None] = lambda line: None) -> BackupSummary:
    """Write the archive of this instance to `path` (encrypted when `key` is given)."""
    started = time.monotonic()
    summary = BackupSummary(encrypted=bool(key))
    manifest = {
        "format": FORMAT, "version": VERSION, "created_at": timezone.now().isoformat(),
        "engine": connection.vendor, "migrations": _applied_migrations(), "tables": {}, "files": {},
    }
    buffer = io.BytesIO()
    # One read transaction: every table as of the same moment (a consistent snapshot).
    with transaction.atomic(), tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for model in _models():
            content = b"".join(_rows(model))
            rows = model._base_manager.count()
            name = f"data/{_label(model)}.json"
            _add(archive, name, content)
            manifest["tables"][_label(model)] = {"member": name, "rows": rows, "sha256": hashlib.sha256(content).hexdigest()}
            summary.tables += 1
            summary.rows += rows
            summary.counts[_label(model)] = rows
        data_dir = Path(settings.DATA_DIR)
        for file in _data_files(data_dir):
            content = file.read_bytes()
            name = f"files/{file.relative_to(data_dir).as_posix()}"
            _add(archive, name, content)
            manifest["files"][name] = hashlib.sha256(content).hexdigest()
            summary.files += 1
        _add(archive, "manifest.json", json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
    payload = buffer.getvalue()
    if key:
        payload = MAGIC_ENCRYPTED + _fernet(key).encrypt(payload)
    temporary = Path(f"{path}.partial")
    temporary.write_bytes(payload)
    os.replace(temporary, path)  # never half an archive under the final name
    summary.size = len(payload)
    summary.seconds = time.monotonic() - started
    return summary


@dataclass
class OpenedArchive:
    manifest: dict
    members: dict[str, bytes]
    encrypted: bool


def archive_open(path: Path, *, key: str | None = None) -> OpenedArchive:
    """Read and check an archive: decrypted, complete, of our format and version, checksums right."""
    try:
        payload = Path(path).read_bytes()
    except OSError as error:
        raise BackupError(_("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": error.strerror}) from None
    encrypted = payload.startswith(MAGIC_ENCRYPTED)
    if encrypted:
        from cryptography.fernet import InvalidToken

        if not key:
            raise BackupError(_("The archive is encrypted: set %(variable)s to its key.") % {"variable": KEY_VARIABLE})
        try:
            payload = _fernet(key).decrypt(payload[len(MAGIC_ENCRYPTED):])
        except InvalidToken:
            raise BackupError(_("The archive cannot be decrypted: the key is wrong, or the file was changed or cut short.")) from None
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(payload), mode="r:gz") as archive:
            for info in archive:
                if not info.isfile():
                    continue
                handle = archive.extractfile(info)
                members[info.name] = handle.read() if handle else b""
    except (tarfile.TarError, EOFError, OSError, ValueError):
        raise BackupError(_("The archive is damaged or cut short (not a complete dxtrack backup).")) from None
    if "manifest.json" not in members:
        raise BackupError(_("The archive has no manifest: it is not a dxtrack backup, or it is cut short."))
    try:
        manifest = json.loads(members["manifest.json"])
    except ValueError:
        raise BackupError(_("The archive's manifest is not readable.")) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(
            _("The archive is of format %(format)s version %(version)s; this dxtrack reads %(ours)s version %(our_version)s.")
            % {"format": manifest.get("format"), "version": manifest.get("version"), "ours": FORMAT, "our_version": VERSION}
        )
    expected = {table["member"]: table["sha256"] for table in manifest["tables"].values()} | manifest["files"]
    for name, digest in expected.items():
        if name not in members:
            raise BackupError(_("The archive lacks %(member)s, listed in its manifest: it is cut short.") % {"member": name})
        if hashlib.sha256(members[name]).hexdigest() != digest:
            raise BackupError(_("%(member)s does not match its checksum: the archive was changed or damaged.") % {"member": name})
    return OpenedArchive(manifest=manifest, members=members, encrypted=encrypted)


def _database_rows() -> dict[str, int]:
    return {
        _label(model): model._base_manager.count()
        for model in _models()
        if _label(model) not in REBUILT_BY_MIGRATE
    }


def _load(model, content: bytes) -> None:
    """One table's rows, in batches: bulk inserts, no signals (as a raw save); then its many-to-many
    links, which the serialization keeps on the row."""
    items = list(serializers.deserialize("json", content.decode("utf-8")))
    if model._meta.parents:  # multi-table inheritance cannot be bulk-inserted
        for item in items:
            item.save()
        return
    model._base_manager.bulk_create([item.object for item in items], batch_size=BATCH_ROWS)
    for item in items:
        for name, values in (item.m2m_data or {}).items():
            getattr(item.object, name).set(values)


def backup_restore(path: Path, *, key: str | None = None) -> BackupSummary:
    """Load an archive into this empty, migrated database (and its files into the data directory)."""
    started = time.monotonic()
    opened = archive_open(path, key=key)
    manifest = opened.manifest
    if manifest["migrations"] != _applied_migrations():
        raise BackupError(_("The archive was made by another version of dxtrack (other migrations); restore it with that version, or migrate this database to match."))
    occupied = {label: count for label, count in _database_rows().items() if count}
    if occupied:
        listed = ", ".join(f"{label} ({count})" for label, count in sorted(occupied.items())[:5])
        raise BackupError(_("The database is not empty (%(tables)s): restore only into a new, migrated database.") % {"tables": listed})
    known = {_label(model): model for model in _models()}
    unknown = sorted(set(manifest["tables"]) - set(known))
    if unknown:
        raise BackupError(_("The archive holds tables this dxtrack does not know: %(tables)s.") % {"tables": ", ".join(unknown)})
    summary = BackupSummary(encrypted=opened.encrypted)
    with transaction.atomic(), connection.constraint_checks_disabled():
        for label in REBUILT_BY_MIGRATE:
            known[label]._base_manager.all().delete()
        for label in known:
            table = manifest["tables"].get(label)
            if table is None or not table["rows"]:
                continue
            _load(known[label], opened.members[table["member"]])
            summary.rows += table["rows"]
            summary.tables += 1
            summary.counts[label] = table["rows"]
        connection.check_constraints()
        sequences = connection.ops.sequence_reset_sql(no_style(), list(known.values()))
        with connection.cursor() as cursor:
            for statement in sequences:
                cursor.execute(statement)
    data_dir = Path(settings.DATA_DIR)
    for name in manifest["files"]:
        target = (data_dir / name.removeprefix("files/")).resolve()
        if data_dir.resolve() not in target.parents:
            continue  # a path outside the data directory is never written
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(opened.members[name])
        summary.files += 1
    summary.seconds = time.monotonic() - started
    summary.size = Path(path).stat().st_size
    return summary


def backup_verify(path: Path, *, key: str | None = None) -> BackupSummary:
    """Check an archive without restoring it: readable, complete, checksums right, rows counted."""
    opened = archive_open(path, key=key)
    summary = BackupSummary(encrypted=opened.encrypted, size=Path(path).stat().st_size, files=len(opened.manifest["files"]))
    for label, table in opened.manifest["tables"].items():
        rows = json.loads(opened.members[table["member"]])
        if len(rows) != table["rows"]:
            raise BackupError(_("%(member)s holds %(found)d rows; its manifest says %(rows)d.") % {"member": table["member"], "found": len(rows), "rows": table["rows"]})
        summary.tables += 1
        summary.rows += table["rows"]
        summary.counts[label] = table["rows"]
    return summary
