"""A restore into SQLite, tuned for loading a million rows in one transaction.

Measured on a 1 M values archive (bench/bench_backup.py, figures in docs/operations.md):

* the page cache: with SQLite's default 2 MiB, the pages of the values' indexes were spilled
  to the WAL and written again and again (900 MB written, 3½ of 4½ minutes in executemany);
* the indexes: each value went into five index B-trees at scattered keys, besides its table and
  its unique key (declared in the table, so it stays). Dropped before the load and created
  again after it, each is built once from sorted keys. A unique index created again fails on
  a duplicate as the insert would have; the drop and the creation are in the restore's
  transaction (SQLite's DDL is transactional), so a failed restore leaves every index as it was;
* synchronous=OFF: no fsync while the restore runs; the restore is one transaction in a
  database that was empty, so a crash loses only the restore itself, which is run again.

journal_mode stays WAL: it cannot change inside a transaction, and leaving it (OFF or MEMORY)
would take away the rollback that keeps the old data on a failure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection

RESTORE_CACHE_KIB = 256 * 1024  # a restore's peak memory grows by at most this


@contextmanager
def sqlite_bulk_load() -> Iterator[None]:
    """A larger page cache and no fsync while the restore runs (outside its transaction:
    synchronous cannot change inside one); as they were afterwards. Nothing on PostgreSQL."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cache_size = cursor.execute("PRAGMA cache_size").fetchone()[0]
        synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{RESTORE_CACHE_KIB}")
        cursor.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
            cursor.execute(f"PRAGMA synchronous = {int(synchronous)}")


@contextmanager
def sqlite_indexes_deferred(tables: Iterable[str]) -> Iterator[None]:
    """Inside the restore's transaction: the indexes of `tables` dropped, and created again
    (the same SQL) when the block ends without an error. Nothing on PostgreSQL."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        # Indexes with SQL of their own; those of a table's UNIQUE or PRIMARY KEY clause
        # (sql NULL) belong to the table and cannot be dropped.
        indexes = [
            (name, sql)
            for table in tables
            for name, sql in cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL", [table]
            ).fetchall()
        ]
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)
