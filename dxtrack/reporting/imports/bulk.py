"""Bulk writes of values and their versions, fast on PostgreSQL and plain elsewhere.

`BatchWriter` takes the new and changed rows of each batch. Versions are always written by the
database itself: one INSERT … SELECT copies the new state of the written rows into
DataValueVersion, so the history is by construction the current row, field for field.

On PostgreSQL new values go in with COPY (ids taken from the table's sequence first, so the
versions can point at them) and changed values through COPY into a temporary table and one
UPDATE … FROM — Django's bulk_create spends most of its time preparing each field of each row,
more than the whole import budget. The writes run in a second thread on the **same**
connection, hence in the same transaction, while the main thread checks the next batch; the
foreign keys of the two tables are checked at each statement (SET CONSTRAINTS … IMMEDIATE)
instead of all at commit, so that PostgreSQL checks them while Python works. At most two
batches wait for the writer: memory stays flat.

Elsewhere (SQLite, the embedded mode) Django's bulk_create and bulk_update run in line.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection

from dxtrack.reporting.models import DataValue, DataValueVersion

UPDATE_BATCH_SIZE = 500  # bulk_update writes CASE expressions; smaller batches keep them cheap
_IN_CHUNK = 900  # SQLite's old limit of 999 variables per statement
_TEMPORARY = "dxtrack_import_update"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _versions_sql() -> str:
    """INSERT … SELECT of versions; the caller appends the WHERE on ids."""
    copied = [
        field.column for field in DataValueVersion._meta.concrete_fields
        if field.name not in ("id", "data_value", "reason")
    ]
    target = ", ".join(_quote(name) for name in ("data_value_id", "reason", *copied))
    source = ", ".join(["id", "%s", *(_quote(name) for name in copied)])
    return (
        f"INSERT INTO {_quote(DataValueVersion._meta.db_table)} ({target}) "  # noqa: S608 - names from the models
        f"SELECT {source} FROM {_quote(DataValue._meta.db_table)} WHERE id "
    )


class BatchWriter:
    """Writes the batches of one import; `close()` waits for the last one (and raises its error)."""

    def __init__(self, *, reason: str, recorded_by_id: int | None, recorded_at: datetime, update_fields: Sequence[str]) -> None:
        self.reason = reason
        self.recorded_by_id = recorded_by_id
        self.recorded_at = recorded_at
        self.update_fields = list(update_fields)
        self.versions_sql = _versions_sql()
        self.postgres = connection.vendor == "postgresql"
        self._thread: threading.Thread | None = None
        self.constraints = ""
        self._queue: queue.Queue[Callable[[Any], None] | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        if self.postgres:
            self._prepare_postgres()

    # -- the interface ------------------------------------------------------------------------

    def create(self, rows: list[dict[str, Any]]) -> None:
        """Insert DataValue rows given as {attname: value} (no id), each with its first version."""
        if rows:
            self._submit(lambda cursor: self._pg_create(cursor, rows)) if self.postgres else self._create(rows)

    def update(self, rows: list[dict[str, Any]]) -> None:
        """Set `update_fields` (and who and when) of stored rows given as {"id": …, field: …}."""
        if rows:
            self._submit(lambda cursor: self._pg_update(cursor, rows)) if self.postgres else self._update(rows)

    def close(self, *, quiet: bool = False) -> None:
        """Wait for the writer; raise its error unless `quiet` (another error is on its way)."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
            if self.constraints and self._error is None:  # back to how Django declares them
                with connection.cursor() as cursor:
                    cursor.execute(f"SET CONSTRAINTS {self.constraints} DEFERRED")
        if quiet:
            self._error = None
        self._raise()

    # -- SQLite and others: Django, in line -----------------------------------------------------

    def _create(self, rows: list[dict[str, Any]]) -> None:
        objects = [DataValue(**row) for row in rows]
        DataValue.objects.bulk_create(objects, batch_size=len(objects))
        if any(obj.pk is None for obj in objects):  # an SQLite too old to return ids
            ids = {
                (i, u, p): pk for pk, i, u, p in DataValue.objects.filter(
                    indicator_id__in={o.indicator_id for o in objects}, org_unit_id__in={o.org_unit_id for o in objects},
                    period__in={o.period for o in objects},
                ).values_list("pk", "indicator_id", "org_unit_id", "period")
            }
            for obj in objects:
                obj.pk = ids[(obj.indicator_id, obj.org_unit_id, obj.period)]
        self._versions([obj.pk for obj in objects])

    def _update(self, rows: list[dict[str, Any]]) -> None:
        objects = []
        for row in rows:
            obj = DataValue(pk=row["id"], recorded_by_id=self.recorded_by_id, recorded_at=self.recorded_at)
            for name in self.update_fields:
                setattr(obj, name, row[name])
            objects.append(obj)
        DataValue.objects.bulk_update(objects, [*self.update_fields, "recorded_by", "recorded_at"], batch_size=UPDATE_BATCH_SIZE)
        self._versions([row["id"] for row in rows])

    def _versions(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(ids), _IN_CHUNK):
                chunk = ids[start:start + _IN_CHUNK]
                cursor.execute(self.versions_sql + f"IN ({', '.join(['%s'] * len(chunk))})", [self.reason, *chunk])

    # -- PostgreSQL: COPY, in a second thread on the same connection ------------------------------

    def _prepare_postgres(self) -> None:
        table = DataValue._meta.db_table
        fields = list(DataValue._meta.concrete_fields)
        self.attnames = [field.attname for field in fields]
        self.sequence_sql = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
        self.table = table
        self.copy_sql = f"COPY {_quote(table)} ({', '.join(_quote(f.column) for f in fields)}) FROM STDIN"
        changed = [DataValue._meta.get_field(name) for name in ("id", *self.update_fields)]
        self.temporary_sql = (
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_TEMPORARY} "
            f"({', '.join(f'{_quote(f.column)} {f.db_type(connection)}' for f in changed)}) ON COMMIT DROP"
        )
        self.copy_update_sql = f"COPY {_TEMPORARY} ({', '.join(_quote(f.column) for f in changed)}) FROM STDIN"
        assignments = ", ".join(f"{_quote(f.column)} = u.{_quote(f.column)}" for f in changed[1:])
        self.update_sql = (
            f"UPDATE {_quote(table)} AS t SET {assignments}, recorded_by_id = %s, recorded_at = %s "  # noqa: S608
            f"FROM {_TEMPORARY} AS u WHERE t.id = u.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE contype = 'f' AND condeferrable "
                "AND conrelid IN (%s::regclass, %s::regclass)",
                [DataValue._meta.db_table, DataValueVersion._meta.db_table],
            )
            self.constraints = ", ".join(_quote(name) for (name,) in cursor.fetchall())
            if self.constraints:
                cursor.execute(f"SET CONSTRAINTS {self.constraints} IMMEDIATE")
        # The raw psycopg connection is shared: psycopg serialises the two threads' commands.
        self.raw = connection.connection
        self._thread = threading.Thread(target=self._loop, name="dxtrack-import-writer", daemon=True)
        self._thread.start()

    def _submit(self, job: Callable[[Any], None]) -> None:
        self._raise()
        self._queue.put(job)

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _loop(self) -> None:
        with self.raw.cursor() as cursor:
            while (job := self._queue.get()) is not None:
                if self._error is None:
                    try:
                        job(cursor)
                    except BaseException as error:  # handed to the main thread, raised there
                        self._error = error

    def _pg_create(self, cursor: Any, rows: list[dict[str, Any]]) -> None:
        cursor.execute(self.sequence_sql, [self.table, len(rows)])
        ids = [pk for (pk,) in cursor.fetchall()]
        attnames = self.attnames
        with cursor.copy(self.copy_sql) as copy:
            for pk, row in zip(ids, rows, strict=True):
                row["id"] = pk
                copy.write_row([row[name] for name in attnames])
        cursor.execute(self.versions_sql + "= ANY(%s)", [self.reason, ids])

    def _pg_update(self, cursor: Any, rows: list[dict[str, Any]]) -> None:
        cursor.execute(self.temporary_sql)
        cursor.execute(f"TRUNCATE {_TEMPORARY}")
        fields = self.update_fields
        with cursor.copy(self.copy_update_sql) as copy:
            for row in rows:
                copy.write_row([row["id"], *(row[name] for name in fields)])
        cursor.execute(self.update_sql, [self.recorded_by_id, self.recorded_at])
        cursor.execute(self.versions_sql + "= ANY(%s)", [self.reason, [row["id"] for row in rows]])
