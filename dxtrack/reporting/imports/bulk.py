"""Bulk writes of values and their versions, fast on PostgreSQL and plain elsewhere.

On PostgreSQL new values go in with COPY (ids taken from the table's sequence first, so the
versions can point at them) and changed values through COPY into a temporary table and one
UPDATE … FROM; Django's bulk_create spends most of its time preparing each field of each row,
which would cost more than the whole import budget. Elsewhere (SQLite, the embedded mode)
Django's bulk_create and bulk_update are used.

Versions are written by the database itself on every backend: one INSERT … SELECT copies the
new state of the written rows into DataValueVersion, so the history is by construction the
current row, field for field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection

from dxtrack.reporting.models import DataValue, DataValueVersion

UPDATE_BATCH_SIZE = 500  # bulk_update writes CASE expressions; smaller batches keep them cheap
_IN_CHUNK = 900  # SQLite's old limit of 999 variables per statement


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def value_columns() -> list[str]:
    return [field.column for field in DataValue._meta.concrete_fields]


def values_insert(rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert DataValue rows given as {attname: value} (no id); returns their ids in order."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _pg_insert(rows)
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
    return [obj.pk for obj in objects]


def _pg_insert(rows: Sequence[dict[str, Any]]) -> list[int]:
    table = DataValue._meta.db_table
    columns = [field for field in DataValue._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        names = ", ".join(_quote(field.column) for field in columns)
        attnames = [field.attname for field in columns]
        with cursor.cursor.copy(f"COPY {_quote(table)} ({names}) FROM STDIN") as copy:  # noqa: S608 - names from the model
            for pk, row in zip(ids, rows, strict=True):
                row["id"] = pk
                copy.write_row([row[name] for name in attnames])
    return ids


def values_update(rows: Sequence[dict[str, Any]], *, fields: Sequence[str], recorded_by_id: int | None, recorded_at: datetime) -> None:
    """Set `fields` (and who and when) of existing DataValue rows given as {"id": …, field: …}."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _pg_update(rows, fields=fields, recorded_by_id=recorded_by_id, recorded_at=recorded_at)
        return
    objects = []
    for row in rows:
        obj = DataValue(pk=row["id"], recorded_by_id=recorded_by_id, recorded_at=recorded_at)
        for name in fields:
            setattr(obj, name, row[name])
        objects.append(obj)
    DataValue.objects.bulk_update(objects, [*fields, "recorded_by", "recorded_at"], batch_size=UPDATE_BATCH_SIZE)


def _pg_update(rows: Sequence[dict[str, Any]], *, fields: Sequence[str], recorded_by_id: int | None, recorded_at: datetime) -> None:
    table = DataValue._meta.db_table
    model_fields = [DataValue._meta.get_field(name) for name in ("id", *fields)]
    definition = ", ".join(f"{_quote(field.column)} {field.db_type(connection)}" for field in model_fields)
    names = ", ".join(_quote(field.column) for field in model_fields)
    assignments = ", ".join(f"{_quote(field.column)} = u.{_quote(field.column)}" for field in model_fields[1:])
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS dxtrack_import_update ({definition}) ON COMMIT DROP")
        cursor.execute("TRUNCATE dxtrack_import_update")
        with cursor.cursor.copy(f"COPY dxtrack_import_update ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row["id"], *(row[name] for name in fields)])
        cursor.execute(
            f"UPDATE {_quote(table)} AS t SET {assignments}, recorded_by_id = %s, recorded_at = %s "  # noqa: S608 - names from the model
            "FROM dxtrack_import_update AS u WHERE t.id = u.id",
            [recorded_by_id, recorded_at],
        )


def versions_insert(ids: Sequence[int], *, reason: str) -> None:
    """One DataValueVersion per id: a copy of the value row as it is now, with `reason`."""
    if not ids:
        return
    copied = [
        field.column for field in DataValueVersion._meta.concrete_fields
        if field.name not in ("id", "data_value", "reason")
    ]
    target = ", ".join(_quote(name) for name in ("data_value_id", "reason", *copied))
    source = ", ".join(["id", "%s", *(_quote(name) for name in copied)])
    sql = (
        f"INSERT INTO {_quote(DataValueVersion._meta.db_table)} ({target}) "  # noqa: S608 - names from the models
        f"SELECT {source} FROM {_quote(DataValue._meta.db_table)} WHERE id "
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql + "= ANY(%s)", [reason, list(ids)])
            return
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start:start + _IN_CHUNK]
            cursor.execute(sql + f"IN ({', '.join(['%s'] * len(chunk))})", [reason, *chunk])
