"""A table's rows in a backup archive (format 3): plain column values, read and written in bulk.

Format 2 went through Django's serializers: a model instance and a dict of field names per row
on the way out, a model instance and `bulk_create` on the way in; at 1 M values that was
8 minutes each way. Format 3 keeps the same members (one JSON array of rows per line, CHUNK_ROWS
rows to a line) but a row is the array of its table's column values, in the order of the
columns the manifest lists for the table (the fields' attnames):

* out: `values_list` in one streamed query, so the engine's converters still run and both engines
  write the same values (a Decimal as its digits, a time in ISO 8601 with its offset, bytes in
  base64, a JSON field as JSON);
* in: `executemany` of one INSERT per table, each value prepared by its field for this engine
  (to_python, then get_db_prep_save) — only for the types that need it; no signals, no
  auto_now stamping, as a raw save would.

Many-to-many links are their own tables (the auto-created "through" tables), right after the
model that declares them, instead of a list on each row.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.duration import duration_string

# Values of these fields come out of values_list as JSON's own types and go back in as they are.
AS_THEY_ARE = frozenset({
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
    "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField", "CharField", "TextField",
    "SlugField", "EmailField", "BooleanField", "FloatField", "URLField",
})
STREAM_ROWS = 10000  # rows fetched from the database at a time


def table_models(apps_registry) -> list:
    """Every concrete model with a table, in dependency order (what a row points at comes first),
    each followed by the auto-created tables of its many-to-many fields."""
    app_list = [(config, None) for config in apps_registry.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    result = []
    for model in ordered:
        if not model._meta.managed or model._meta.proxy:
            continue
        result.append(model)
        for many in model._meta.local_many_to_many:
            through = many.remote_field.through
            if through._meta.auto_created and through not in result:
                result.append(through)
    return result


def _columns(model) -> list:
    return list(model._meta.local_concrete_fields)


def _plain(value):
    """The JSON form of what values_list gives that JSON has no type for."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"{type(value).__name__} is not kept in a backup")


def _encode(rows: list) -> bytes:
    return json.dumps(rows, default=_plain, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def write_table(model, write: Callable[[bytes], object], chunk_rows: int) -> tuple[list[str], int]:
    """Write the model's rows, `chunk_rows` to a line, in primary-key order; its columns and
    number of rows."""
    names = [field.attname for field in _columns(model)]
    rows = model._base_manager.order_by("pk").values_list(*names).iterator(chunk_size=STREAM_ROWS)
    count, line = 0, []
    for row in rows:
        line.append(row)
        if len(line) == chunk_rows:
            write(_encode(line))
            count, line = count + len(line), []
    if line:
        write(_encode(line))
        count += len(line)
    return names, count


def _own_field(field):
    """The field that holds the value: a foreign key's is the field it points at."""
    while field.is_relation:
        field = field.target_field
    return field


def _sqlite_datetime(target_zone) -> Callable:
    """What Django's SQLite backend stores for an aware time: naive in the connection's zone,
    as str() writes it (adapt_datetimefield_value), without a field call per value."""
    # Both engines write times in UTC, and SQLite's connection zone is UTC unless the settings
    # name another: then the text needs no parsing (a fifth of a 1 M values restore's time):
    # "2024-02-14T02:00:00.500000+00:00" is stored as "2024-02-14 02:00:00.500000", as str() writes it.
    utc = target_zone.utcoffset(None) == datetime.timedelta(0)

    def prepare(value):
        if value is None:
            return None
        if utc and value.endswith("+00:00"):
            return value[:-6].replace("T", " ", 1)
        moment = datetime.datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            moment = moment.astimezone(target_zone).replace(tzinfo=None)
        return str(moment)

    return prepare


def _preparer(field, database) -> Callable | None:
    """How a value read from the archive's JSON becomes the parameter of its column, or None
    when it goes as it is. Dates (ISO 8601) and decimals (their digits, as Django's backends
    bind them) already are what both engines store; an aware time is on PostgreSQL; on SQLite
    it is made naive. Any other type goes through its field, as a save would."""
    own = _own_field(field)
    kind = own.get_internal_type()
    if kind in AS_THEY_ARE or kind in ("DateField", "DecimalField"):
        return None
    if kind == "DateTimeField" and settings.USE_TZ:
        return None if database.vendor == "postgresql" else _sqlite_datetime(database.timezone)

    def prepare(value):
        return None if value is None else own.get_db_prep_save(own.to_python(value), database)

    return prepare


class TableLoader:
    """Inserts lines of a format 3 table member into the model's table."""

    def __init__(self, model, columns: list[str]) -> None:
        fields = {field.attname: field for field in _columns(model)}
        unknown = [name for name in columns if name not in fields]
        if unknown:  # the migrations matched, so this is a damaged or foreign manifest
            raise ValueError(f"{model._meta.label_lower} has no columns {unknown}")
        chosen = [fields[name] for name in columns]
        # The connection itself, not django.db.connection: its proxy costs a lookup per value.
        self.database = connections[DEFAULT_DB_ALIAS]
        quote = self.database.ops.quote_name
        # The names are the model's own table and columns, quoted; the values go as parameters.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(model._meta.db_table), ", ".join(quote(field.column) for field in chosen), ", ".join(["%s"] * len(chosen))
        )
        self.prepared = [(index, prepare) for index, field in enumerate(chosen) if (prepare := _preparer(field, self.database))]

    def load_line(self, line: bytes) -> int:
        rows = json.loads(line)
        if self.prepared:
            for row in rows:
                for index, prepare in self.prepared:
                    row[index] = prepare(row[index])
        with self.database.cursor() as cursor:
            cursor.executemany(self.sql, rows)
        return len(rows)
