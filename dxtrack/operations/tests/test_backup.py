"""Backups: a round trip gives every table's rows back identical; bad archives and a non-empty
database are refused with the reason and change nothing."""

import io
import json
import tarfile
from datetime import UTC
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from dxtrack.operations.backup import (
    REBUILT_BY_MIGRATE,
    BackupError,
    archive_open,
    backup_create,
    backup_restore,
    backup_verify,
    new_key,
)
from dxtrack.operations.tests.backup_data import table_rows


@pytest.fixture(autouse=True)
def english():
    """These tests read the English messages."""
    with translation.override("en"):
        yield


def _members(path) -> dict[str, bytes]:
    with tarfile.open(path) as archive:
        return {info.name: archive.extractfile(info).read() for info in archive if info.isfile()}


def _rewrite(path, target, change) -> None:
    """A copy of the archive with members changed by `change(members)` (the manifest kept unless changed)."""
    members = change(_members(path))
    with tarfile.open(target, "w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))


@pytest.fixture
def archive(tmp_path, instance_data, settings):
    (settings.DATA_DIR / "imports" / ("0" * 32)).mkdir(parents=True, exist_ok=True)
    (settings.DATA_DIR / "imports" / ("0" * 32) / "upload").write_bytes(b"indicator,org_unit,period,value\n")
    path = tmp_path / "instance.dxbackup"
    backup_create(path)
    return path


@pytest.mark.django_db(transaction=True)  # flush for real: PostgreSQL will not TRUNCATE inside the test's transaction
def test_a_backup_restored_into_an_emptied_database_gives_every_row_back(archive, tmp_path, settings):
    before = table_rows()
    assert before["reporting.datavalueversion"] and before["accounts.user"] and before["audit.auditevent"]
    call_command("flush", interactive=False, verbosity=0)  # the empty database (contenttypes remade by migrate)
    (settings.DATA_DIR / "imports" / ("0" * 32) / "upload").unlink()
    summary = backup_restore(archive)
    assert table_rows() == before
    assert summary.rows == sum(len(rows) for rows in before.values())
    assert (settings.DATA_DIR / "imports" / ("0" * 32) / "upload").read_bytes().startswith(b"indicator,")
    from dxtrack.reporting.models import DataValue

    assert DataValue.objects.get(period="2024", indicator__code="CB").value == Decimal("41")


def test_verify_counts_what_the_archive_holds(archive):
    summary = backup_verify(archive)
    assert summary.rows == sum(table["rows"] for table in archive_open(archive).manifest["tables"].values()) > 0
    assert summary.files == 1 and not summary.encrypted


def test_a_non_empty_database_is_refused_and_left_alone(archive):
    before = table_rows()
    with pytest.raises(BackupError, match="The database is not empty"):
        backup_restore(archive)
    assert table_rows() == before


def test_a_tampered_member_is_refused(archive, tmp_path):
    def change(members):
        name = "data/reporting.datavalue.json"
        members[name] = members[name].replace(b'"41.000000"', b'"99.000000"', 1)
        return members

    _rewrite(archive, tmp_path / "tampered", change)
    with pytest.raises(BackupError, match="reporting.datavalue.json does not match its checksum"):
        backup_verify(tmp_path / "tampered")


@pytest.mark.parametrize("kept", [0.1, 0.5, 0.9, -8])
def test_a_truncated_archive_is_refused(archive, tmp_path, kept):
    """Wherever the cut falls (a member's data, a header, the gzip trailer's last bytes), the
    archive is refused as cut short, never read as a complete one without a manifest."""
    whole = archive.read_bytes()
    end = int(len(whole) * kept) if kept > 0 else len(whole) + kept
    cut = tmp_path / "cut"
    cut.write_bytes(whole[:end])
    with pytest.raises(BackupError, match="damaged or cut short"):
        backup_verify(cut)


def test_an_archive_of_another_format_version_is_refused(archive, tmp_path):
    def change(members):
        manifest = json.loads(members["manifest.json"])
        manifest["version"] = 99
        members["manifest.json"] = json.dumps(manifest).encode()
        return members

    _rewrite(archive, tmp_path / "future", change)
    with pytest.raises(BackupError, match="version 99; this dxtrack reads dxtrack-backup version 3"):
        backup_verify(tmp_path / "future")


def test_an_encrypted_archive_needs_its_own_key(tmp_path, instance_data):
    key = new_key()
    path = tmp_path / "secret.dxbackup"
    backup_create(path, key=key)
    assert b"dxtrack" not in path.read_bytes()[30:]  # nothing readable past the marker
    assert backup_verify(path, key=key).encrypted
    with pytest.raises(BackupError, match="the key is wrong"):
        backup_verify(path, key=new_key())
    with pytest.raises(BackupError, match="The archive is encrypted: set DXTRACK_BACKUP_KEY"):
        backup_verify(path)
    flipped = bytearray(path.read_bytes())
    flipped[-10] ^= 1
    (tmp_path / "flipped").write_bytes(bytes(flipped))
    with pytest.raises(BackupError, match="changed or cut short"):
        backup_verify(tmp_path / "flipped", key=key)


def test_the_commands_say_what_they_did_and_why_they_refuse(archive, tmp_path, monkeypatch):
    from io import StringIO

    out = StringIO()
    call_command("backup", "verify", str(archive), stdout=out)
    assert "is a complete, intact backup" in out.getvalue()
    with pytest.raises(CommandError, match="Nothing was restored: The database is not empty"):
        call_command("restore", str(archive))
    monkeypatch.setenv("DXTRACK_BACKUP_KEY", new_key())
    call_command("backup", str(tmp_path / "second.dxbackup"), stdout=StringIO())
    assert backup_verify(tmp_path / "second.dxbackup", key=__import__("os").environ["DXTRACK_BACKUP_KEY"]).encrypted


@pytest.mark.django_db(transaction=True)
def test_tables_and_encryption_larger_than_a_chunk_stream_and_come_back_identical(tmp_path, instance_data, monkeypatch, settings):
    from dxtrack.operations import backup, backup_stream

    monkeypatch.setattr(backup, "CHUNK_ROWS", 2)  # the three value versions: two lines
    monkeypatch.setattr(backup_stream, "FRAME_BYTES", 1024)  # many encrypted frames
    plain, secret, key = tmp_path / "plain.dxbackup", tmp_path / "secret.dxbackup", new_key()
    backup_create(plain)
    backup_create(secret, key=key)
    lines = _members(plain)["data/reporting.datavalueversion.json"].splitlines()
    assert [len(json.loads(line)) for line in lines] == [2, 1]
    assert secret.read_bytes().count(b"gAAAAA") > 3, "several Fernet frames"
    before = table_rows()
    assert backup_verify(secret, key=key).counts["reporting.datavalueversion"] == 3
    call_command("flush", interactive=False, verbosity=0)
    backup_restore(secret, key=key)
    assert table_rows() == before


def test_encrypted_frames_reordered_or_dropped_are_refused(tmp_path, instance_data, monkeypatch):
    import struct

    from dxtrack.operations import backup_stream

    monkeypatch.setattr(backup_stream, "FRAME_BYTES", 512)
    key, path = new_key(), tmp_path / "secret.dxbackup"
    backup_create(path, key=key)
    data = path.read_bytes()
    body, frames = data[len(backup_stream.MAGIC_ENCRYPTED):], []
    while body:
        length = struct.unpack(">I", body[:4])[0]
        frames.append(body[:4 + length])
        body = body[4 + length:]
    assert len(frames) >= 3
    for name, kept in (("swapped", [frames[1], frames[0], *frames[2:]]), ("dropped", frames[:-1])):
        (tmp_path / name).write_bytes(backup_stream.MAGIC_ENCRYPTED + b"".join(kept))
        with pytest.raises(BackupError, match="changed or cut short"):
            backup_verify(tmp_path / name, key=key)


@pytest.mark.django_db(transaction=True)
def test_a_restore_keeps_the_times_that_rows_stamp_themselves(tmp_path, instance_data, units):
    # auto_now / auto_now_add fields would stamp the restore's own time over the archive's.
    from datetime import datetime

    from dxtrack.enterprises.models import Enterprise

    enterprise = Enterprise.objects.create(
        tax_code="0100109106", name_vi="Công ty TNHH Phần mềm Đông Á", legal_form="tnhh2", vsic="62010",
        employees=12, size_class="small", ward=units["ward_a"], ward_input="25747",
    )
    then = datetime(2024, 3, 1, 8, 30, tzinfo=UTC)
    Enterprise.objects.filter(pk=enterprise.pk).update(created_at=then, updated_at=then)
    path = tmp_path / "stamped.dxbackup"
    backup_create(path)
    call_command("flush", interactive=False, verbosity=0)
    backup_restore(path)
    restored = Enterprise.objects.get(tax_code="0100109106")
    assert (restored.created_at, restored.updated_at) == (then, then)


@pytest.mark.django_db(transaction=True)
def test_an_archive_of_format_2_is_still_restored(tmp_path, instance_data, units):
    # Format 2 (Django's serialization, many-to-many links on the rows) is what earlier backups are.
    from dxtrack.orgunits.models import OrgUnitGroup

    group = OrgUnitGroup.objects.create(code="NHOM-SL", name_vi="Nhóm sao lưu")
    group.units.set([units["ward_a"], units["ward_b"]])
    path = tmp_path / "format-2.dxbackup"
    backup_create(path, version=2)
    assert archive_open(path).manifest["version"] == 2
    before = table_rows()
    call_command("flush", interactive=False, verbosity=0)
    backup_restore(path)
    assert table_rows() == before
    assert set(OrgUnitGroup.objects.get(code="NHOM-SL").units.values_list("pk", flat=True)) == {units["ward_a"].pk, units["ward_b"].pk}


@pytest.mark.django_db(transaction=True)
def test_format_3_keeps_many_to_many_links_as_their_own_tables(tmp_path, instance_data, units):
    from dxtrack.orgunits.models import OrgUnitGroup

    group = OrgUnitGroup.objects.create(code="NHOM-SL", name_vi="Nhóm sao lưu")
    group.units.set([units["ward_a"], units["ward_b"]])
    path = tmp_path / "format-3.dxbackup"
    backup_create(path)
    manifest = archive_open(path).manifest
    links = manifest["tables"]["orgunits.orgunitgroup_units"]
    assert (links["rows"], links["columns"]) == (2, ["id", "orgunitgroup_id", "orgunit_id"])
    before = table_rows()
    call_command("flush", interactive=False, verbosity=0)
    backup_restore(path)
    assert table_rows() == before


def _sqlite_state() -> tuple:
    """The indexes and the page cache and fsync settings a SQLite restore changes while it runs."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return ()
    with connection.cursor() as cursor:
        indexes = cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()
        return (indexes, *(cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "synchronous")))


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_fails_while_loading_writes_nothing_and_keeps_every_index(archive, monkeypatch):
    # On SQLite the load runs with the tables' indexes dropped: a failure half-way must bring
    # them back with the rollback, and the pragmas as they were.
    from dxtrack.operations import backup_rows
    from dxtrack.reporting.models import DataValue

    call_command("flush", interactive=False, verbosity=0)
    before = _sqlite_state()
    original = backup_rows.TableLoader.load_line

    def load_line(self, line):
        if self.sql.startswith('INSERT INTO "reporting_datavalue" '):  # after its first line
            original(self, line)
            raise OSError("disk full")
        return original(self, line)

    monkeypatch.setattr(backup_rows.TableLoader, "load_line", load_line)
    with pytest.raises(OSError, match="disk full"):
        backup_restore(archive)
    assert not DataValue.objects.exists()
    assert not any(rows for label, rows in table_rows().items() if label not in REBUILT_BY_MIGRATE)
    assert _sqlite_state() == before
