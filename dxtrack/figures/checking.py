"""`dxtrack figures check`: recompute the store beside it and name every difference.

The cells are recomputed by the rebuild's SQL into a temporary table; the two are compared in
SQL (EXCEPT both ways), so only differing rows reach Python, where each is named by
indicator, unit, period, variant and field. The memberships are recomputed from `Territory`
and compared too (an org unit or lineage change without a rebuild shows there).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from dxtrack.figures.aggregation import CELL_COLUMNS, KEY_COLUMNS, cells_insert
from dxtrack.figures.models import Membership, StoredCell
from dxtrack.figures.store import candidate_areas, membership_rows
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, Programme

TEMPORARY = "figures_cell_check"
MEMBERSHIP = "membership"


@dataclass(frozen=True)
class Difference:
    indicator: str  # code ('' for a membership)
    unit: str  # code
    period: str
    variant: str
    field: str  # a cell field, "row" (a cell only on one side) or "membership"
    stored: str
    expected: str


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _rows(cursor: Any, left: str, right: str, indicator_ids: list[int]) -> dict[tuple, tuple]:
    columns = ", ".join(_q(name) for name in (*KEY_COLUMNS, *CELL_COLUMNS))
    marks = ", ".join(["%s"] * len(indicator_ids))
    cursor.execute(
        f"SELECT {columns} FROM {left} WHERE indicator_id IN ({marks}) "  # noqa: S608 - our table names
        f"EXCEPT SELECT {columns} FROM {right} WHERE indicator_id IN ({marks})",
        [*indicator_ids, *indicator_ids],
    )
    return {row[:4]: row[4:] for row in cursor.fetchall()}


def _shown(value: Any) -> str:
    """The same number reads the same from either engine (SQLite returns 10, PostgreSQL 10.000000)."""
    if value is None:
        return "—"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return format(number.normalize(), "f")
    return str(value)


def _cell_differences(indicator_ids: list[int]) -> list[tuple[tuple, str, str, str]]:
    """(key, field, stored, expected) of every differing cell field."""
    stored_table = _q(StoredCell._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TEMPORARY}")
        cursor.execute(f"CREATE TEMPORARY TABLE {TEMPORARY} AS SELECT * FROM {stored_table} WHERE 1 = 0")  # noqa: S608
        cells_insert(indicator_ids=indicator_ids, table=TEMPORARY)
        stored = _rows(cursor, stored_table, TEMPORARY, indicator_ids)
        expected = _rows(cursor, TEMPORARY, stored_table, indicator_ids)
        cursor.execute(f"DROP TABLE {TEMPORARY}")
    found = []
    for key in sorted(set(stored) | set(expected), key=lambda k: (k[0], k[1], k[2], k[3])):
        mine, theirs = stored.get(key), expected.get(key)
        if mine is None or theirs is None:
            found.append((key, "row", "—" if mine is None else "✓", "—" if theirs is None else "✓"))
            continue
        for name, a, b in zip(CELL_COLUMNS, mine, theirs, strict=True):
            if a != b:
                found.append((key, name, _shown(a), _shown(b)))
    return found


def _membership_differences() -> list[tuple[int, int, str, str]]:
    stored = set(Membership.objects.values_list("unit_id", "area_id"))
    expected = {(row.unit_id, row.area_id) for area in candidate_areas() for row in membership_rows(area)}
    return [(unit, area, "✓" if (unit, area) in stored else "—", "✓" if (unit, area) in expected else "—")
            for unit, area in sorted(stored ^ expected)]


def cells_check(*, programme: Programme | None = None) -> list[Difference]:
    """Every difference between the store and a recomputation (empty: in step)."""
    indicators = Indicator.objects.all() if programme is None else Indicator.objects.filter(programme=programme)
    codes = dict(indicators.values_list("pk", "code"))
    with transaction.atomic():
        cells = _cell_differences(sorted(codes)) if codes else []
        members = _membership_differences()
    units = dict(OrgUnit.objects.filter(
        pk__in={key[1] for key, *_ in cells} | {pk for pair in members for pk in pair[:2]}
    ).values_list("pk", "code"))
    found = [
        Difference(codes[key[0]], units.get(key[1], str(key[1])), key[2], key[3], name, stored, expected)
        for key, name, stored, expected in cells
    ]
    found += [
        Difference("", f"{units.get(unit, unit)} → {units.get(area, area)}", "", "", MEMBERSHIP, stored, expected)
        for unit, area, stored, expected in members
    ]
    return found
