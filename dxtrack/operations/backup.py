"""`dxtrack backup` / `restore` / `backup verify`: everything of an instance in one archive.

The archive is a tar file:

* ``manifest.json`` — format name and version, when and from which engine, the applied
  migrations, and for every member its SHA-256 and (for tables) its number of rows;
* ``data/<app_label>.<model>.json`` — every row of every table, in primary-key order (the
  tables in dependency order), one line per chunk of CHUNK_ROWS rows, each line a JSON array of
  rows and each row the array of the table's column values in the order the manifest lists
  (format 3, backup_rows.py; formats 1 and 2, Django's serialization, are still read:
  backup_legacy.py): programmes, units, values with their full version history, forms,
  submissions and approvals, users, roles, password hashes, token hashes, sessions, the audit
  log, task results;
* ``files/…`` — the files of the data directory (uploads waiting to be imported, generated
  files), except the database itself, the static files and the SECRET_KEY file.

With a key in ``DXTRACK_BACKUP_KEY`` (a Fernet key: ``dxtrack backup --new-key`` prints one),
the whole tar is encrypted and authenticated (AES-128-CBC + HMAC-SHA256), in frames
(backup_stream.py): a wrong key or one changed byte is refused. Without it, the checksums of
the manifest catch a damaged member.

Nothing holds the archive, or a table, in memory: each table is written a chunk at a time to
a temporary file and added to the tar; a restore checks every member's checksum in a first
streamed pass (so a bad archive changes nothing), then loads a chunk at a time in a second.

A restore goes into an empty, migrated database only (the same migrations as the archive's),
on SQLite or PostgreSQL whichever the archive came from, in one transaction: refused with the
reason and nothing changed when the archive is truncated, tampered with, of another format
version, encrypted with another key, or when the database already holds data.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.common.numbers import count_shown
from dxtrack.operations.backup_legacy import load_serialized_rows, write_serialized_rows
from dxtrack.operations.backup_rows import TableLoader, table_models, write_table
from dxtrack.operations.backup_sqlite import sqlite_bulk_load, sqlite_indexes_deferred
from dxtrack.operations.backup_stream import (
    CryptoError,
    HashingWriter,
    copy_stream,
    decrypt_file,
    encrypt_file,
    is_encrypted,
    sha256_of_stream,
)

FORMAT = "dxtrack-backup"
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
KEY_VARIABLE = "DXTRACK_BACKUP_KEY"
# Written by `migrate` into any fresh database (content types and permissions, and the seeds of
# data migrations: DHIS2's default UIDs, the feedback taxonomy, the figures' version row): replaced by the archive's rows,
# never counted as data. Dependent tables first. A restore into a fresh database (the engines
# test) fails when a new data migration is missing here.
REBUILT_BY_MIGRATE = (
    "contenttypes.contenttype", "auth.permission", "dhis2.dhis2uid", "feedback.reminderstep", "feedback.contentarea",
    "feedback.contentkind", "figures.figuresversion",
)
SKIPPED_FILES = ("dxtrack.sqlite3", "dxtrack.sqlite3-wal", "dxtrack.sqlite3-shm", "secret_key")
SKIPPED_DIRECTORIES = ("staticfiles", "backups")
CHUNK_ROWS = 2000
# gzip's default (9) cost a third of a 1 M values backup for an archive 10 % smaller than at 6.
COMPRESS_LEVEL = 6


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


def _models(version: int = VERSION) -> list:
    """Every table, in dependency order; formats 1 and 2 kept many-to-many links on the rows."""
    models = table_models(apps)
    return models if version >= 3 else [model for model in models if not model._meta.auto_created]


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


def _data_files(data_dir: Path) -> Iterator[Path]:
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if relative.parts[0] in SKIPPED_DIRECTORIES or (len(relative.parts) == 1 and relative.name in SKIPPED_FILES):
            continue
        if path.is_file() and not path.is_symlink():
            yield path


def _add_file(archive: tarfile.TarFile, name: str, file: Path) -> None:
    info = tarfile.TarInfo(name)
    info.size = file.stat().st_size
    info.mtime = int(time.time())
    with file.open("rb") as handle:
        archive.addfile(info, handle)


def backup_create(path: Path, *, key: str | None = None, say: Callable[[str], None] = lambda line: None, version: int = VERSION) -> BackupSummary:
    """Write the archive of this instance to `path` (encrypted when `key` is given); `version` 2
    only to test that archives of that format are still read."""
    started = time.monotonic()
    path = Path(path)
    fernet = _fernet(key) if key else None
    summary = BackupSummary(encrypted=bool(key))
    manifest = {
        "format": FORMAT, "version": version, "created_at": timezone.now().isoformat(),
        "engine": connection.vendor, "migrations": _applied_migrations(), "tables": {}, "files": {},
    }
    # Temporary files beside the archive: the same disk, not /tmp's (often small) one.
    with tempfile.TemporaryDirectory(prefix=".dxtrack-backup-", dir=path.parent) as scratch:
        work, plain = Path(scratch) / "member", Path(scratch) / "archive.tar.gz"
        # One read transaction: every table as of the same moment (a consistent snapshot).
        with transaction.atomic(), tarfile.open(plain, mode="w:gz", compresslevel=COMPRESS_LEVEL) as archive:
            for model in _models(version):
                with work.open("wb") as handle:
                    out = HashingWriter(handle)
                    if version >= 3:
                        columns, rows = write_table(model, out.write, CHUNK_ROWS)
                    else:
                        columns, rows = None, write_serialized_rows(model, out.write, CHUNK_ROWS)
                name = f"data/{_label(model)}.json"
                _add_file(archive, name, work)
                manifest["tables"][_label(model)] = {"member": name, "rows": rows, "sha256": out.digest.hexdigest()}
                if columns is not None:
                    manifest["tables"][_label(model)]["columns"] = columns
                summary.tables += 1
                summary.rows += rows
                summary.counts[_label(model)] = rows
            data_dir = Path(settings.DATA_DIR)
            for file in _data_files(data_dir):
                name = f"files/{file.relative_to(data_dir).as_posix()}"
                with file.open("rb") as handle:
                    manifest["files"][name] = sha256_of_stream(handle)[0]
                _add_file(archive, name, file)
                summary.files += 1
            work.write_bytes(json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
            _add_file(archive, "manifest.json", work)
        temporary = Path(f"{path}.partial")
        if fernet:
            encrypt_file(fernet, plain, temporary)
        else:
            shutil.move(plain, temporary)
        os.replace(temporary, path)  # never half an archive under the final name
    summary.size = path.stat().st_size
    summary.seconds = time.monotonic() - started
    return summary


@dataclass
class OpenedArchive:
    """A checked archive: its manifest, and the plain tar.gz (decrypted into a temporary
    directory when encrypted: `close` removes it)."""

    manifest: dict
    encrypted: bool
    tar_path: Path
    row_counts: dict[str, int] = field(default_factory=dict)
    scratch: tempfile.TemporaryDirectory | None = None

    def members(self) -> Iterator[tuple[tarfile.TarInfo, object]]:
        """Each file member and a stream of its bytes, in the archive's order, read once.

        The gzip layer is opened by `gzip` rather than tarfile's own: tarfile's stream mode
        ends quietly when the compressed data stops at a member boundary, while `gzip`
        raises EOFError for a stream without its end marker, so a cut archive is always
        refused as cut rather than, depending on where it was cut, as lacking a manifest."""
        with gzip.open(self.tar_path, "rb") as compressed, tarfile.open(fileobj=compressed, mode="r|") as archive:
            for info in archive:
                if info.isfile():
                    yield info, archive.extractfile(info)
            # tarfile stops at its end-of-archive blocks; reading on to the gzip trailer makes
            # `gzip` check its length and CRC, so a cut in the last bytes is refused too.
            while compressed.read(1 << 16):
                pass

    def close(self) -> None:
        if self.scratch is not None:
            self.scratch.cleanup()


def _count_rows(handle) -> tuple[str, int]:
    """SHA-256 and number of rows of a table member, read line by line (format 1's single
    array is one line too: Django's JSON without indent has no line breaks)."""
    digest, rows = hashlib.sha256(), 0
    for line in handle:
        digest.update(line)
        rows += len(json.loads(line))
    return digest.hexdigest(), rows


def archive_open(path: Path, *, key: str | None = None, count_rows: bool = False) -> OpenedArchive:
    """Read and check an archive in one streamed pass: decrypted, complete, of our format and a
    version we read, every checksum right (and, with `count_rows`, the rows of each table)."""
    path = Path(path)
    try:
        encrypted = is_encrypted(path)
    except OSError as error:
        raise BackupError(_("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": error.strerror}) from None
    scratch, tar_path = None, path
    if encrypted:
        if not key:
            raise BackupError(_("The archive is encrypted: set %(variable)s to its key.") % {"variable": KEY_VARIABLE})
        fernet = _fernet(key)
        scratch = tempfile.TemporaryDirectory(prefix=".dxtrack-restore-", dir=path.parent)
        tar_path = Path(scratch.name) / "archive.tar.gz"
        try:
            decrypt_file(fernet, path, tar_path)
        except CryptoError:
            scratch.cleanup()
            raise BackupError(_("The archive cannot be decrypted: the key is wrong, or the file was changed or cut short.")) from None
    opened = OpenedArchive(manifest={}, encrypted=encrypted, tar_path=tar_path, scratch=scratch)
    try:
        _check(opened, count_rows=count_rows)
    except BaseException:
        opened.close()
        raise
    return opened


def _check(opened: OpenedArchive, *, count_rows: bool) -> None:
    digests: dict[str, str] = {}
    manifest_bytes = None
    try:
        for info, handle in opened.members():
            if info.name == "manifest.json":
                manifest_bytes = handle.read()
            elif count_rows and info.name.startswith("data/"):
                digests[info.name], opened.row_counts[info.name] = _count_rows(handle)
            else:
                digests[info.name] = sha256_of_stream(handle)[0]
    except (tarfile.TarError, EOFError, OSError, ValueError):
        raise BackupError(_("The archive is damaged or cut short (not a complete dxtrack backup).")) from None
    if manifest_bytes is None:
        raise BackupError(_("The archive has no manifest: it is not a dxtrack backup, or it is cut short."))
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        raise BackupError(_("The archive's manifest is not readable.")) from None
    if manifest.get("format") != FORMAT or manifest.get("version") not in READABLE_VERSIONS:
        raise BackupError(
            _("The archive is of format %(format)s version %(version)s; this dxtrack reads %(ours)s version %(our_version)s.")
            % {"format": manifest.get("format"), "version": manifest.get("version"), "ours": FORMAT, "our_version": VERSION}
        )
    expected = {table["member"]: table["sha256"] for table in manifest["tables"].values()} | manifest["files"]
    for name, digest in expected.items():
        if name not in digests:
            raise BackupError(_("The archive lacks %(member)s, listed in its manifest: it is cut short.") % {"member": name})
        if digests[name] != digest:
            raise BackupError(_("%(member)s does not match its checksum: the archive was changed or damaged.") % {"member": name})
    opened.manifest = manifest


def _database_rows() -> dict[str, int]:
    return {
        _label(model): model._base_manager.count()
        for model in _models()
        if _label(model) not in REBUILT_BY_MIGRATE
    }


def _load(model, handle, manifest: dict) -> None:
    if manifest["version"] < 3:
        load_serialized_rows(model, handle, manifest["version"])
        return
    try:
        loader = TableLoader(model, manifest["tables"][_label(model)]["columns"])
    except (KeyError, ValueError):
        raise BackupError(_("The archive's manifest does not list the columns of %(table)s.") % {"table": _label(model)}) from None
    for line in handle:
        loader.load_line(line)


def backup_restore(path: Path, *, key: str | None = None) -> BackupSummary:
    """Load an archive into this empty, migrated database (and its files into the data directory)."""
    started = time.monotonic()
    opened = archive_open(path, key=key)
    try:
        summary = _restore(opened)
    finally:
        opened.close()
    summary.seconds = time.monotonic() - started
    summary.size = Path(path).stat().st_size
    return summary


def _restore(opened: OpenedArchive) -> BackupSummary:
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
    tables = {table["member"]: label for label, table in manifest["tables"].items() if table["rows"]}
    data_dir = Path(settings.DATA_DIR)
    loaded = [known[label]._meta.db_table for label in tables.values()]
    # The tables in the archive's order, which is the dependency order they were written in;
    # constraints are checked once at the end anyway.
    with sqlite_bulk_load(), transaction.atomic(), connection.constraint_checks_disabled():
        for label in REBUILT_BY_MIGRATE:
            known[label]._base_manager.all().delete()
        with sqlite_indexes_deferred(loaded):
            for info, handle in opened.members():
                if info.name in tables:
                    label = tables[info.name]
                    _load(known[label], handle, manifest)
                    summary.rows += manifest["tables"][label]["rows"]
                    summary.tables += 1
                    summary.counts[label] = manifest["tables"][label]["rows"]
                elif info.name in manifest["files"]:
                    target = (data_dir / info.name.removeprefix("files/")).resolve()
                    if data_dir.resolve() not in target.parents:
                        continue  # a path outside the data directory is never written
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with target.open("wb") as out:
                        copy_stream(handle, out)
                    summary.files += 1
        connection.check_constraints()
        sequences = connection.ops.sequence_reset_sql(no_style(), list(known.values()))
        with connection.cursor() as cursor:
            for statement in sequences:
                cursor.execute(statement)
    return summary


def backup_verify(path: Path, *, key: str | None = None) -> BackupSummary:
    """Check an archive without restoring it: readable, complete, checksums right, rows counted."""
    opened = archive_open(path, key=key, count_rows=True)
    opened.close()
    summary = BackupSummary(encrypted=opened.encrypted, size=Path(path).stat().st_size, files=len(opened.manifest["files"]))
    for label, table in opened.manifest["tables"].items():
        found = opened.row_counts.get(table["member"], 0)
        if found != table["rows"]:
            raise BackupError(_("%(member)s holds %(found)s rows; its manifest says %(rows)s.") % {
                "member": table["member"], "found": count_shown(found), "rows": count_shown(table["rows"]),
            })
        summary.tables += 1
        summary.rows += table["rows"]
        summary.counts[label] = table["rows"]
    return summary
