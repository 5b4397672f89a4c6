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
from dxtrack.analytics.periods import Calendar, Period, PeriodType, parse_period
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
    combine,
    usable,
)
from dxtrack.figures.reading import Reading, Variant, read_values
from dxtrack.figures.shapes import (
    DEFAULT_THRESHOLD,
    ZERO,
    Coverage,
    CoverageUnits,
    Figure,
    LineageNote,
)
from dxtrack.figures.slots import SubRollUp, Used, roll_up_sub
from dxtrack.figures.slots import ref as _ref
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
    rolled: tuple[SubRollUp, ...] = ()  # the roll-up's sub-periods: who reported for whom

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
        territory: Territory | None = None, calendar: str = Calendar.CALENDAR,
    ) -> None:
        self.area = area
        self.variant = variant
        self.threshold = threshold
        # The programme's year (docs/figures.md, rule 2): calendar, or statutory (15/12 → 14/12).
        # Period codes name the same sub-periods in both; the calendar gives them their dates.
        self.calendar = Calendar(calendar)
        self.indicators = {indicator.pk: indicator for indicator in indicators}
        self.territory = territory or Territory(area)
        self.cutoff = variant.as_of or today()
        if readings is None:
            ids = set(self.indicators) | {i.weight_indicator_id for i in self.indicators.values() if i.weight_indicator_id}
            readings = ReadingIndex(read_values(indicator_ids=ids, unit_ids=list(self.territory.units), variant=variant))
        self.readings = readings
        self._figures: dict[tuple[int, str], Figure] = {}

    # -- periods ------------------------------------------------------------------------------

    def bounds(self, period: Period) -> tuple[date, date]:
        """The period's first and last day in the programme's calendar."""
        return period.bounds(self.calendar)

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
            readings=self.readings, territory=self.territory.within(unit), calendar=self.calendar,
        )

    def units_below(self, period: Period, level: str | None = None) -> list[OrgUnit]:
        """The units directly below the area (or at `level` inside it) on the period's last day."""
        on = self.bounds(period)[1]
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
        result = self._sub_roll_up(indicator, sub)
        names = [tuple(_ref(u) for u in sorted(units, key=lambda u: u.code)) for units in (
            result.expected, result.reported, result.missing, result.without_parts,
        )]
        return CoverageUnits(*names, sub.code)

    def readings_behind(self, indicator: Indicator, figure: Figure) -> list[Reading]:
        """The readings counted in the figure."""
        return [reading for reading, used in self.values_behind(indicator, figure) if used.counted]

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
        due = sum(1 for sub in subs if self.bounds(sub)[1] <= self.cutoff)
        own = self._own(indicator, subs, due)
        roll = None
        if indicator.unit_aggregation != NONE and self.area.pk in self.territory.units and self._has_leaves():
            roll = self._roll_up(indicator, subs, due)
        path = _choose(own, roll)
        notes: tuple[LineageNote, ...] = ()
        if roll is not None:
            notes = tuple(note for sub in roll.rolled for note in sub.notes)
            if path.own:  # the area's own value was used: only what it says about the area itself
                notes = tuple(note for note in notes if note.unit.id == self.area.pk and note.kind == "overlap")
        return self._figure(indicator, period, subs, path, roll is None and own.value is None, notes)

    def _has_leaves(self) -> bool:
        return any(unit.kind == "commune" for unit in self.territory.units.values() if unit.pk != self.area.pk)

    def _contribution(
        self, indicator: Indicator, unit_id: int, sub: Period, *, share: Decimal = ONE, lineage: bool = False,
    ) -> Contribution | None:
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
            share=share, lineage=lineage,
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
        rolled = []
        for sub in subs:
            result = self._sub_roll_up(indicator, sub)
            rolled.append(result)
            cells.append(None if result.cell.is_empty else result.cell)
            expected.append(len(result.expected))
        combined = combine(
            cells, unit_rule=rule, period_rule=indicator.period_aggregation, due=due, scale=scale_of(indicator),
            expected=expected,
        )
        return _Path(combined, cells, expected, own=False, rolled=tuple(rolled))

    def _sub_roll_up(self, indicator: Indicator, sub: Period) -> SubRollUp:
        """Who reported for whom in one sub-period (rules in dxtrack/figures/slots.py)."""
        start, end = self.bounds(sub)

        def contribution(unit_id: int, share: Decimal, lineage: bool) -> Contribution | None:
            return self._contribution(indicator, unit_id, sub, share=share, lineage=lineage)

        return roll_up_sub(
            slots=self.territory.slots(start=start, end=end), sub_areas=self.territory.sub_areas(start=start, end=end),
            contribution=contribution, rule=indicator.unit_aggregation, period=sub.code, lineage=self._through_lineage,
        )

    def _through_lineage(self, unit: OrgUnit) -> bool:
        """A commune outside the area's own subtree counts only through the lineage."""
        return unit.pk != self.area.pk and not unit.path.startswith(f"{self.area.path}{self.area.pk}/")

    def _figure(self, indicator: Indicator, period: Period, subs: list[Period], path: _Path, not_aggregated: bool, notes: tuple[LineageNote, ...]) -> Figure:
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
        sources = self._sources(indicator, path, subs)
        cell = combined.cell
        start, end = self.bounds(period)
        notes = notes + tuple(
            LineageNote("straddling", period.code, _ref(unit))
            for unit in sorted(self.territory.straddling.values(), key=lambda u: u.code) if unit.overlaps(start, end)
        )
        if self.territory.area_links:  # 74 → 79 is not followed: only communes' links are (rule 7)
            notes += (LineageNote("area_lineage", period.code, _ref(self.area), (), tuple(_ref(u) for u in self.territory.area_links)),)
        return Figure(
            indicator_id=indicator.pk, indicator_code=indicator.code, unit_id=self.area.pk, unit_code=self.area.code,
            unit_name_vi=self.area.name_vi, unit_name_en=self.area.name_en, period=period.code,
            period_start=start, period_end=end, calendar=self.calendar.value, value=numbers.value,
            numerator=numbers.numerator, denominator=numbers.denominator, unit_of_measure=indicator.unit, coverage=coverage,
            missing_subperiods=missing, complete=not missing and coverage.meets_threshold, own=path.own,
            lineage=cell.lineage > 0, unapproved=cell.unapproved if not self.variant.approved_only else 0,
            sample_share=path.sample_share, sources=sources, unit_rule=indicator.unit_aggregation,
            period_rule=indicator.period_aggregation, reason=reason, values_count=cell.values,
            as_of=self.variant.as_of, include_unapproved=not self.variant.approved_only,
            include_sample=self.variant.sample, coverage_period=subs[index].code,
            notes=tuple(sorted({note.kind for note in notes})), provenance=notes,
        )

    def _sources(self, indicator: Indicator, path: _Path, subs: list[Period]) -> tuple[str, ...]:
        """The sources of the values counted (the aggregate store's book, stored.py, reads its
        roll-ups' sources instead)."""
        return tuple(sorted({
            reading.source
            for index, sub in enumerate(subs)
            for reading in self._readings_in(indicator, path, index, sub)
            if reading.source
        }))

    def _readings_in(self, indicator: Indicator, path: _Path, index: int, sub: Period) -> list[Reading]:
        """The readings counted in one sub-period of the path."""
        if path.own:
            found = self.readings.get((indicator.pk, self.area.pk, sub.code))
            return [found] if found else []
        return [
            r for used in path.rolled[index].values
            if used.counted and (r := self.readings.get((indicator.pk, used.unit.pk, sub.code))) is not None
        ]

    def values_behind(self, indicator: Indicator, figure: Figure) -> list[tuple[Reading, Used]]:
        """Every value met behind a figure, counted or left out, and how it went in."""
        subs = subperiods_of(indicator, period_of(figure.period))
        if figure.own:
            found = [(self.readings.get((indicator.pk, self.area.pk, sub.code)), sub) for sub in subs]
            return [(r, Used(self.area, ONE, "own")) for r, _ in found if r is not None]
        behind = []
        for sub in subs:
            for used in self._sub_roll_up(indicator, sub).values:
                reading = self.readings.get((indicator.pk, used.unit.pk, sub.code))
                if reading is not None:
                    behind.append((reading, used))
        return behind


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
