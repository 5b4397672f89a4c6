"""SQLite → PostgreSQL → SQLite: a backup restored on the other engine, backed up again, holds
every table's rows identical (compared parsed: engines order JSON keys their own way)."""

import json
import os
import subprocess
import sys
import tarfile

import pytest

from dxtrack.operations.backup import backup_create
from dxtrack.operations.tests.processes import ROOT, process_env

# One name per test process: two runs on one server (two checkouts, CI beside a developer) must
# not drop each other's database mid-restore.
RESTORE_DATABASE = f"dx_test_restore_{os.getpid()}"
SERVER = os.getenv("DXTRACK_TEST_POSTGRES_SERVER", "postgres://root@127.0.0.1:5432")


def _postgres_or_skip():
    try:
        import psycopg

        return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except Exception as error:  # noqa: BLE001  (any reason: no server here)
        if os.getenv("DXTRACK_REQUIRE_POSTGRES"):
            raise
        pytest.skip(f"no PostgreSQL server at {SERVER}: {error}")


@pytest.fixture
def empty_postgres():
    with _postgres_or_skip() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DATABASE}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{RESTORE_DATABASE}"')
    yield f"{SERVER}/{RESTORE_DATABASE}"
    with _postgres_or_skip() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DATABASE}" WITH (FORCE)')


def _run(*args: str, env: dict) -> None:
    result = subprocess.run([sys.executable, "-m", "dxtrack.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert result.returncode == 0, result.stdout + result.stderr


def _tables(path) -> dict:
    """Each table's rows (a member holds one JSON array per line, a chunk of rows each)."""
    with tarfile.open(path) as archive:
        return {
            info.name: [row for line in archive.extractfile(info) for row in json.loads(line)]
            for info in archive if info.name.startswith("data/")
        }


def test_sqlite_to_postgresql_and_back_keeps_every_row(instance_data, empty_postgres, tmp_path):
    source = tmp_path / "source.dxbackup"
    backup_create(source)
    on_postgres = process_env(tmp_path / "pg-data", DATABASE_URL=empty_postgres)
    _run("migrate", "-v0", env=on_postgres)
    _run("restore", str(source), env=on_postgres)
    _run("backup", str(tmp_path / "postgres.dxbackup"), env=on_postgres)
    on_sqlite = process_env(tmp_path / "sqlite-data")
    _run("migrate", "-v0", env=on_sqlite)
    _run("restore", str(tmp_path / "postgres.dxbackup"), env=on_sqlite)
    _run("backup", str(tmp_path / "sqlite.dxbackup"), env=on_sqlite)
    original = _tables(source)
    assert sum(len(rows) for rows in original.values()) > 100
    for copy in ("postgres.dxbackup", "sqlite.dxbackup"):
        restored = _tables(tmp_path / copy)
        assert restored.keys() == original.keys()
        assert [name for name in original if restored[name] != original[name]] == [], copy
