"""Delta upserts of the aggregate store (decision 0017): a write adds the difference it made.

A stored cell is the sum, over the units of the area's territory, of each unit's own part
(`aggregation.cells_of_units`: the same SQL as the rebuild, with every unit its own area). A
write of one value changes the parts of its unit only — for its indicator and the indicators
it weights, its period, in each variant — so the writer reads those parts before and after
the write, and the difference goes into every area the unit counts in with one
``INSERT … ON CONFLICT DO UPDATE`` (PostgreSQL and SQLite ≥ 3.24).

What is not a sum is handled where it breaks, and only there (`Recompute`):

- ``minimum`` / ``maximum``: a new extreme is kept by the upsert; when the value that was an
  extreme went away or moved inwards, the cells whose stored extreme was that value are
  recomputed;
- ``sources`` (a set of names): a part whose source changed recomputes its cells;
- a part that left a variant (a value deleted, unapproved or no longer sample): its cells may
  have to disappear (a row exists only while some value counts), so they are recomputed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Exists, Q

from dxtrack.figures.aggregation import (
    CELL_COLUMNS,
    KEY_COLUMNS,
    _ensure_aggregates,
    _q,
    _table,
    cells_of_units,
)
from dxtrack.figures.models import Membership, StoredCell
from dxtrack.programmes.models import Indicator

Key = tuple[int, int, str]  # indicator, unit, period
PartKey = tuple[int, int, str, str]  # indicator, unit, period, variant
Parts = dict[PartKey, tuple[Any, ...]]
Recompute = dict[tuple[int, str], set[int]]  # (indicator, period): units whose cells are recomputed
Rules = dict[int, tuple[int | None, str]]  # indicator: (weight indicator, unit rule)


@dataclass(frozen=True)
class Before:
    """What a writer reads before its write: the written units' parts, and the indicators'
    rules, which the write does not change and the refresh after it reuses."""

    parts: Parts
    rules: Rules

COUNTS = CELL_COLUMNS[:9]
AMOUNTS = CELL_COLUMNS[9:14]
_INDEX = {name: position for position, name in enumerate(CELL_COLUMNS)}


def dependents(indicator_ids: set[int]) -> set[int]:
    """The indicators and those weighted by them (a weight's value changes their cells)."""
    weighted = set(Indicator.objects.filter(weight_indicator_id__in=indicator_ids).values_list("pk", flat=True))
    return indicator_ids | weighted


def _indicators(indicator_ids: set[int], *, only_if: Exists | None = None) -> Rules:
    """{indicator: (weight indicator, unit rule)} of these indicators and those they weight,
    in one query; empty unless `only_if` holds (asked in the same query: one round trip)."""
    found = Indicator.objects.filter(Q(pk__in=indicator_ids) | Q(weight_indicator_id__in=indicator_ids))
    if only_if is not None:
        found = found.filter(only_if)
    return {pk: (weight, rule) for pk, weight, rule in found.values_list("pk", "weight_indicator_id", "unit_aggregation")}


def parts_before(keys: Iterable[Key], *, only_if: Exists) -> Before | None:
    """The written units' parts before a write, or None unless `only_if` holds (the store is
    built): two statements, the indicators with the condition, then the parts."""
    keys = list(keys)
    rules = _indicators({key[0] for key in keys}, only_if=only_if)
    if not rules:  # a written indicator is always found: only the condition fails
        return None
    return Before(parts=unit_parts(keys, rules), rules=rules)


def unit_parts(keys: Iterable[Key], known: Rules | None = None) -> Parts:
    """Each written unit's own part of the cells its keys count in, every variant (`known`:
    `_indicators` of the keys' indicators, when the caller has read it)."""
    by_period: dict[str, tuple[set[int], set[int]]] = {}
    for indicator, unit, period in keys:
        indicators, units = by_period.setdefault(period, (set(), set()))
        indicators.add(indicator)
        units.add(unit)
    parts: Parts = {}
    for period, (indicators, units) in sorted(by_period.items()):
        mine = _indicators(indicators) if known is None else {
            pk: item for pk, item in known.items() if pk in indicators or item[0] in indicators
        }
        weights = {weight for weight, _rule in mine.values() if weight is not None}
        parts.update(cells_of_units(indicator_ids=set(mine), unit_ids=units, period=period, weight_ids=weights))
    return parts


def _number(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _differences(before: Parts, after: Parts) -> tuple[list[tuple[PartKey, list[Any]]], Recompute, Recompute]:
    """(rows to add, cells to recompute whole, cells whose extremes may be stale)."""
    rows: list[tuple[PartKey, list[Any]]] = []
    whole: Recompute = defaultdict(set)
    extremes: Recompute = defaultdict(set)
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        indicator, unit, period, _variant = key
        old_sources = old[_INDEX["sources"]] if old is not None else ""
        if new is None or new[_INDEX["sources"]] != old_sources:  # a set of names: not a sum
            whole[(indicator, period)].add(unit)
            continue
        if old == new:
            continue
        if old is not None:
            low, high = old[_INDEX["minimum"]], old[_INDEX["maximum"]]
            new_low, new_high = new[_INDEX["minimum"]], new[_INDEX["maximum"]]
            if (low is not None and (new_low is None or _number(new_low) > _number(low))) or (
                high is not None and (new_high is None or _number(new_high) < _number(high))
            ):
                extremes[(indicator, period)].add(unit)
        delta = [
            new[_INDEX[name]] - (old[_INDEX[name]] if old else 0) for name in COUNTS
        ] + [
            _number(new[_INDEX[name]]) - (_number(old[_INDEX[name]]) if old else Decimal(0)) for name in AMOUNTS
        ] + [new[_INDEX["minimum"]], new[_INDEX["maximum"]], new[_INDEX["sources"]]]
        rows.append((key, delta))
    return rows, whole, extremes


def _upsert(rows: list[tuple[PartKey, list[Any]]], rules: dict[int, str]) -> None:
    """Add each part's difference to every area its unit counts in: one statement."""
    if not rows:
        return
    _ensure_aggregates()
    postgres = connection.vendor == "postgresql"
    cell = _table(StoredCell)
    names = [*KEY_COLUMNS, *CELL_COLUMNS, "is_sum"]
    params: list[Any] = []
    for (indicator, unit, period, variant), delta in rows:
        params.extend([indicator, unit, period, variant, *delta, int(rules[indicator] == "sum")])
    placeholder = "(" + ", ".join(["%s"] * len(names)) + ")"

    def number(expr: str) -> str:
        return f"CAST({expr} AS NUMERIC)" if postgres else expr

    def times(expr: str, factor: str) -> str:
        return f"{number(expr)} * {factor}" if postgres else f"dx_mul({expr}, {factor})"

    def plus(column: str) -> str:
        return f"{cell}.{column} + excluded.{column}" if postgres else f"dx_add({cell}.{column}, excluded.{column})"

    share = "m.share"
    select = [
        "CAST(d.indicator_id AS INTEGER)", "m.area_id", "d.period", "d.variant",
        *(f"CAST(d.{_q(name)} AS INTEGER)" for name in COUNTS),
        times("d.total", f"(CASE WHEN d.is_sum = 1 THEN {share} ELSE 1 END)"),
        *(times(f"d.{name}", share) for name in AMOUNTS[1:]),
        number("d.minimum"), number("d.maximum"), "d.sources",
    ]
    updates = [f"{_q(name)} = {cell}.{_q(name)} + excluded.{_q(name)}" for name in COUNTS]
    updates += [f"{name} = {plus(name)}" for name in AMOUNTS]
    updates += [
        f"minimum = CASE WHEN excluded.minimum IS NOT NULL AND ({cell}.minimum IS NULL OR excluded.minimum < {cell}.minimum) "
        f"THEN excluded.minimum ELSE {cell}.minimum END",
        f"maximum = CASE WHEN excluded.maximum IS NOT NULL AND ({cell}.maximum IS NULL OR excluded.maximum > {cell}.maximum) "
        f"THEN excluded.maximum ELSE {cell}.maximum END",
    ]
    columns = ", ".join(_q(name) for name in (*KEY_COLUMNS, *CELL_COLUMNS))
    sql = (
        f"WITH d({', '.join(_q(name) for name in names)}) AS (VALUES {', '.join([placeholder] * len(rows))}) "  # noqa: S608 - names from the models, values as parameters
        f"INSERT INTO {cell} ({columns}) SELECT {', '.join(select)} "
        f"FROM d JOIN {_table(Membership)} m ON m.unit_id = d.unit_id WHERE 1 = 1 "  # WHERE: SQLite's upsert needs it
        f"ON CONFLICT (indicator_id, unit_id, period, variant) DO UPDATE SET {', '.join(updates)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _stale_extremes(extremes: Recompute, before: Parts) -> Recompute:
    """Of the cells whose extreme may have moved, those whose stored extreme was the value that
    left: one statement for every written part (a condition each, its areas a subquery of the
    memberships), as the rest of a refresh reads its parts in one."""
    wanted = Q(pk__in=[])
    for (indicator, unit, period, variant), old in before.items():
        if unit not in extremes.get((indicator, period), ()):
            continue
        low, high = old[_INDEX["minimum"]], old[_INDEX["maximum"]]
        was_extreme = (Q(minimum=low) if low is not None else Q(pk__in=[])) | (
            Q(maximum=high) if high is not None else Q(pk__in=[])
        )
        areas = Membership.objects.filter(unit_id=unit).values("area_id")
        wanted |= Q(indicator_id=indicator, period=period, variant=variant, unit_id__in=areas) & was_extreme
    stale: Recompute = defaultdict(set)
    for indicator, period, area in StoredCell.objects.filter(wanted).values_list("indicator_id", "period", "unit_id"):
        stale[(indicator, period)].add(area)
    return stale


def parts_after_apply(keys: set[Key], before: Before) -> tuple[Recompute, Recompute]:
    """Read the written units' parts now and add after − before to the stored cells (two
    statements: the parts, the upsert). Returns what a sum cannot carry, for the caller to
    recompute: ({(indicator, period): units whose every area}, {(indicator, period): areas})."""
    rows, whole, extremes = _differences(before.parts, unit_parts(keys, before.rules))
    _upsert(rows, {pk: rule for pk, (_weight, rule) in before.rules.items()})
    return whole, _stale_extremes(extremes, before.parts) if extremes else {}
