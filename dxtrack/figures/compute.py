"""Figures computed from the values on request: one area, some indicators, any period.

`AreaBook` reads every value of its indicators for the area's units once and then answers
any (indicator, period) in memory: the area's own value or the roll-up of its communes, by
the indicator's unit rule within each sub-period and its period rule across sub-periods.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import Period, PeriodType, parse_period
from dxtrack.figures.cells import (
    EMPTY,
    HUNDRED,
    MEAN,
    NONE,
    ONE,
    RATIO,
    SUM,
    Cell,
    Combined,
    Contribution,
    cell_add,
    cell_of,
    combine,
    usable,
)
from dxtrack.figures.reading import Reading, Variant, read_values
from dxtrack.figures.shapes import DEFAULT_THRESHOLD, ZERO, Coverage, CoverageUnits, Figure, UnitRef
from dxtrack.figures.territory import Territory
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, ValueType

PERCENTAGE_TYPES = {ValueType.PERCENTAGE, ValueType.PERCENTAGE_WITH_PARTS}


class FigureError(ValueError):
    """A figure was asked for something that has none (a period shorter than the indicator's)."""


def period_of(text: str | Period) -> Period:
    if isinstance(text, Period):
        return text
    try:
        return parse_period(text)
    except AnalyticsError as error:
        raise FigureError(str(error)) from None


def scale_of(indicator: Indicator) -> Decimal:
    return HUNDRED if indicator.value_type in PERCENTAGE_TYPES else ONE


def subperiods_of(indicator: Indicator, period: Period) -> list[Period]:
    own = PeriodType(indicator.period_type)
    if period.type.months < own.months:
        raise FigureError(
            f"{indicator.code} is reported by {own.value}; {period.code} is shorter, so it has no figure"
        )
    return period.subperiods(own)


def today() -> date:
    return timezone.localdate()


@dataclass(frozen=True)
class _Path:
    """One way to a figure: the area's own values, or the roll-up of its communes."""

    combined: Combined
    cells: list[Cell | None]
    expected: list[int]
    own: bool

    @property
    def value(self) -> Decimal | None:
        return self.combined.numbers.value

    @property
    def sample_share(self) -> Decimal:
        cell = self.combined.cell
        return Decimal(cell.sample) / Decimal(cell.values) if cell.values else ZERO


class ReadingIndex:
    """Readings by (indicator, unit, period), and the periods each indicator has values for."""

    def __init__(self, readings: Iterable[Reading]) -> None:
        self.by_key: dict[tuple[int, int, str], Reading] = {}
        self.periods: dict[int, set[str]] = defaultdict(set)
        for reading in readings:
            self.by_key[(reading.indicator_id, reading.unit_id, reading.period)] = reading
            self.periods[reading.indicator_id].add(reading.period)

    def get(self, key: tuple[int, int, str]) -> Reading | None:
        return self.by_key.get(key)


class AreaBook:
    """The figures of some indicators for one area, from the values the variant counts."""

    def __init__(
        self, *, area: OrgUnit, indicators: Iterable[Indicator], variant: Variant,
        threshold: Decimal = DEFAULT_THRESHOLD, readings: ReadingIndex | None = None,
        territory: Territory | None = None,
    ) -> None:
        self.area = area
        self.variant = variant
        self.threshold = threshold
        self.indicators = {indicator.pk: indicator for indicator in indicators}
        self.territory = territory or Territory(area)
        self.cutoff = variant.as_of or today()
        if readings is None:
            ids = set(self.indicators) | {i.weight_indicator_id for i in self.indicators.values() if i.weight_indicator_id}
            readings = ReadingIndex(read_values(indicator_ids=ids, unit_ids=list(self.territory.units), variant=variant))
        self.readings = readings
        self._figures: dict[tuple[int, str], Figure] = {}

    # -- periods ------------------------------------------------------------------------------

    def periods_with_data(self, indicator: Indicator, period_type: str) -> list[Period]:
        """Periods of `period_type` holding at least one value of the indicator, in order."""
        found = set()
        for code in self.readings.periods.get(indicator.pk, ()):
            found.add(parse_period(code).enclosing(period_type))
        return sorted(found)

    # -- units below --------------------------------------------------------------------------

    def below(self, unit: OrgUnit) -> AreaBook:
        """The book of a unit inside the area, sharing the values already read."""
        return AreaBook(
            area=unit, indicators=self.indicators.values(), variant=self.variant, threshold=self.threshold,
            readings=self.readings, territory=self.territory.within(unit),
        )

    def units_below(self, period: Period, level: str | None = None) -> list[OrgUnit]:
        """The units directly below the area (or at `level` inside it) on the period's last day."""
        on = period.end
        if level is None:
            units = [u for u in self.territory.units.values() if u.parent_id == self.area.pk and u.exists_on(on)]
        else:
            units = self.territory.at_level(level, on=on)
        return sorted(units, key=lambda u: u.code)

    def breakdown(self, indicator: Indicator, period: Period | str, level: str | None = None) -> list[Figure]:
        period = period_of(period)
        return [self.below(unit).figure(indicator, period) for unit in self.units_below(period, level)]

    # -- the units and values behind a figure (drill-down) --------------------------------------

    def coverage_units(self, indicator: Indicator, figure: Figure) -> CoverageUnits:
        sub = period_of(figure.coverage_period or figure.period)
        if figure.own:
            me = _ref(self.area)
            has = self._contribution(indicator, self.area.pk, sub) is not None
            return CoverageUnits((me,), (me,) if has else (), () if has else (me,), (), sub.code)
        rule = indicator.unit_aggregation
        expected, reported, without = [], [], []
        for unit in self.territory.expected(start=sub.start, end=sub.end):
            expected.append(_ref(unit))
            contribution = self._contribution(indicator, unit.pk, sub)
            if contribution is None:
                continue
            (reported if usable(contribution, rule) else without).append(_ref(unit))
        seen = {u.id for u in reported} | {u.id for u in without}
        missing = tuple(u for u in expected if u.id not in seen)
        return CoverageUnits(tuple(expected), tuple(reported), missing, tuple(without), sub.code)

    def readings_behind(self, indicator: Indicator, figure: Figure) -> list[Reading]:
        period = period_of(figure.period)
        return [r for sub in subperiods_of(indicator, period) for r in self._readings_in(indicator, figure.own, sub)]

    # -- one figure ---------------------------------------------------------------------------

    def figure(self, indicator: Indicator, period: Period | str) -> Figure:
        """The figure, computed once per book (a target's years are asked for again and again)."""
        period = period_of(period)
        key = (indicator.pk, period.code)
        if key not in self._figures:
            self._figures[key] = self._compute(indicator, period)
        return self._figures[key]

    def _compute(self, indicator: Indicator, period: Period) -> Figure:
        subs = subperiods_of(indicator, period)
        due = sum(1 for sub in subs if sub.end <= self.cutoff)
        own = self._own(indicator, subs, due)
        roll = None
        if indicator.unit_aggregation != NONE and self.area.pk in self.territory.units and self._has_leaves():
            roll = self._roll_up(indicator, subs, due)
        path = _choose(own, roll)
        return self._figure(indicator, period, subs, path, roll is None and own.value is None)

    def _has_leaves(self) -> bool:
        return any(unit.kind == "commune" for unit in self.territory.units.values() if unit.pk != self.area.pk)

    def _contribution(self, indicator: Indicator, unit_id: int, sub: Period) -> Contribution | None:
        reading = self.readings.get((indicator.pk, unit_id, sub.code))
        if reading is None:
            return None
        weight = None
        if indicator.weight_indicator_id:
            weighting = self.readings.get((indicator.weight_indicator_id, unit_id, sub.code))
            weight = None if weighting is None else weighting.value
        return Contribution(
            unit=unit_id, value=reading.value, numerator=reading.numerator, denominator=reading.denominator,
            weight=weight, sample=reading.sample, approved=reading.approved, source=reading.source,
        )

    def _own(self, indicator: Indicator, subs: list[Period], due: int) -> _Path:
        contributions = [self._contribution(indicator, self.area.pk, sub) for sub in subs]
        present = [c for c in contributions if c is not None]
        # A unit's own figure is its value; its parts matter only to add several sub-periods up.
        rule = MEAN
        if indicator.unit_aggregation == RATIO and all(usable(c, RATIO) for c in present):
            rule = RATIO
        elif indicator.value_type in PERCENTAGE_TYPES and indicator.period_aggregation == SUM and len(present) > 1:
            rule = RATIO  # percentages without parts cannot be added up over time: said so, not averaged
        cells: list[Cell | None] = [None if c is None else cell_add(EMPTY, c, rule) for c in contributions]
        expected = [1] * len(subs)
        combined = combine(
            cells, unit_rule=rule, period_rule=indicator.period_aggregation, due=due, scale=scale_of(indicator),
            expected=expected,
        )
        return _Path(combined, cells, expected, own=True)

    def _roll_up(self, indicator: Indicator, subs: list[Period], due: int) -> _Path:
        rule = indicator.unit_aggregation
        cells: list[Cell | None] = []
        expected = []
        for sub in subs:
            cells.append(self._roll_cell(indicator, sub))
            expected.append(len(self.territory.expected(start=sub.start, end=sub.end)))
        combined = combine(
            cells, unit_rule=rule, period_rule=indicator.period_aggregation, due=due, scale=scale_of(indicator),
            expected=expected,
        )
        return _Path(combined, cells, expected, own=False)

    def _roll_cell(self, indicator: Indicator, sub: Period) -> Cell | None:
        """The roll-up's cell for one sub-period (None: no values). The aggregate store's book
        (stored.py) reads it instead."""
        contributions = [
            contribution for unit in self.territory.leaves(start=sub.start, end=sub.end)
            if (contribution := self._contribution(indicator, unit.pk, sub)) is not None
        ]
        cell = cell_of(contributions, indicator.unit_aggregation)
        return None if cell.is_empty else cell

    def _sources(self, indicator: Indicator, own: bool, subs: list[Period]) -> tuple[str, ...]:
        return tuple(sorted({
            reading.source for sub in subs for reading in self._readings_in(indicator, own, sub) if reading.source
        }))

    def _figure(self, indicator: Indicator, period: Period, subs: list[Period], path: _Path, not_aggregated: bool) -> Figure:
        combined = path.combined
        index = combined.coverage_index if combined.coverage_index is not None else len(subs) - 1
        chosen = path.cells[index] if path.cells and index < len(path.cells) else None
        expected = path.expected[index] if path.expected else 0
        reported = 0 if chosen is None else chosen.reported
        without_parts = 0 if chosen is None else chosen.without_parts
        coverage = Coverage(
            expected=expected, reported=reported, missing=max(expected - reported - without_parts, 0),
            without_parts=without_parts, threshold=self.threshold,
        )
        missing = tuple(subs[i].code for i in combined.missing) if len(subs) > 1 else ()
        numbers = combined.numbers
        reason = numbers.reason
        if numbers.value is None and not_aggregated and indicator.unit_aggregation == NONE:
            reason = "not_aggregated" if self._has_leaves() else reason
        sources = self._sources(indicator, path.own, subs)
        cell = combined.cell
        return Figure(
            indicator_id=indicator.pk, indicator_code=indicator.code, unit_id=self.area.pk, unit_code=self.area.code,
            unit_name_vi=self.area.name_vi, unit_name_en=self.area.name_en, period=period.code,
            period_start=period.start, period_end=period.end, value=numbers.value, numerator=numbers.numerator,
            denominator=numbers.denominator, unit_of_measure=indicator.unit, coverage=coverage,
            missing_subperiods=missing, complete=not missing and coverage.meets_threshold, own=path.own,
            lineage=cell.lineage > 0, unapproved=cell.unapproved if not self.variant.approved_only else 0,
            sample_share=path.sample_share, sources=sources, unit_rule=indicator.unit_aggregation,
            period_rule=indicator.period_aggregation, reason=reason, values_count=cell.values,
            as_of=self.variant.as_of, include_unapproved=not self.variant.approved_only,
            include_sample=self.variant.sample, coverage_period=subs[index].code,
        )

    def _readings_in(self, indicator: Indicator, own: bool, sub: Period) -> list[Reading]:
        if own:
            found = self.readings.get((indicator.pk, self.area.pk, sub.code))
            return [found] if found else []
        units = self.territory.leaves(start=sub.start, end=sub.end)
        return [r for u in units if (r := self.readings.get((indicator.pk, u.pk, sub.code))) is not None]


def _ref(unit: OrgUnit) -> UnitRef:
    return UnitRef(unit.pk, unit.code, unit.name_vi, unit.name_en)


def _choose(own: _Path, roll: _Path | None) -> _Path:
    """Real before sample: the area's own real value; else a roll-up holding real values; else
    the own sample value; else the roll-up of sample values."""
    if roll is None:
        return own
    if own.value is not None and own.sample_share == 0:
        return own
    if roll.value is not None and roll.sample_share < 1:
        return roll
    if own.value is not None:
        return own
    return roll
