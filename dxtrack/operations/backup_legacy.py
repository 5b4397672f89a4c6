"""Formats 1 and 2 of a backup's tables: Django's JSON serialization (a model instance and a
dict of field names per row), still read; written only to test that they are still read.

Format 1 had one JSON array per table member; format 2 one array per line of CHUNK_ROWS rows.
Many-to-many links were a list on each row (format 3 keeps them as their own tables).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

BATCH_ROWS = 500


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only; a restored instance must be identical."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def write_serialized_rows(model, write: Callable[[bytes], object], chunk_rows: int) -> int:
    """Format 2: the model's rows, `chunk_rows` to a line, read by primary key ranges; the number of rows."""
    queryset = model._base_manager.order_by("pk")
    count, last = 0, None
    while True:
        chunk = list((queryset if last is None else queryset.filter(pk__gt=last))[:chunk_rows])
        if not chunk:
            return count
        write(serializers.serialize("json", chunk, cls=ExactJSONEncoder).encode("utf-8") + b"\n")
        count += len(chunk)
        last = chunk[-1].pk


def _load_chunk(model, text: str | bytes) -> None:
    """One chunk of a table's rows: bulk inserts, no signals (as a raw save); then their
    many-to-many links, which the serialization keeps on the row."""
    items = list(serializers.deserialize("json", text))
    if model._meta.parents:  # multi-table inheritance cannot be bulk-inserted
        for item in items:
            item.save()
        return
    # bulk_create runs each field's pre_save: auto_now / auto_now_add would stamp "now" over the
    # archive's times (found at 1 M values: enterprises' rows differed after a restore).
    stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]
    try:
        for f in stamped:
            f.auto_now = f.auto_now_add = False
        model._base_manager.bulk_create([item.object for item in items], batch_size=BATCH_ROWS)
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
    for item in items:
        for name, values in (item.m2m_data or {}).items():
            getattr(item.object, name).set(values)


def load_serialized_rows(model, handle, version: int) -> None:
    if version == 1:
        _load_chunk(model, handle.read().decode("utf-8"))
        return
    for line in handle:
        _load_chunk(model, line.decode("utf-8"))
