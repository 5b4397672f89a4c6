"""Where a programme stands: for every target, the latest figure and whether it is met.

Read by the overview page and by `dxtrack progress`. The latest figure for the programme area
is, for the most recent period with data, the value reported for the area itself or, when the
area reported none, the roll-up of its communes' values by the indicator's rule (with how many
communes reported). After 1 July 2025 the area's communes are the wards its old wards became.
Milestones (targets with no number) are done / not done.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Max, Prefetch

from dxtrack.analytics.aggregation import Observation, aggregate
from dxtrack.analytics.targets import check_each_unit, check_target
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind
from dxtrack.orgunits.selectors import orgunit_subtree
from dxtrack.programmes.models import Indicator, Milestone, Pillar, Programme, Target, TargetScope
from dxtrack.reporting.models import DataValue, SubmissionStatus
from dxtrack.reporting.services import HUNDRED, PERCENTAGE_TYPES

MILESTONE = "milestone"


@dataclass(frozen=True)
class Coverage:
    expected: int
    reported: int
    missing: tuple[str, ...]
    # Units that reported only a percentage where the rule needs numerator and denominator.
    without_parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Latest:
    value: Decimal
    period: str
    source: str
    is_synthetic: bool
    rolled_up: bool
    coverage: Coverage | None = None
    # Values entered through a form that is not (or no longer) approved: shown, and marked.
    unapproved: int = 0


@dataclass(frozen=True)
class TargetProgress:
    pillar: Pillar
    indicator: Indicator
    comparator: str
    target_value: Decimal | None
    deadline: date
    scope: str
    scope_level: str
    wording: str
    latest: Latest | None
    met: bool | None
    explanation_vi: str = ""
    explanation_en: str = ""
    failing_units: tuple[str, ...] = field(default_factory=tuple)

    @property
    def status(self) -> str:
        return {True: "met", False: "not_met", None: "no_data"}[self.met]


def show_synthetic() -> bool:
    return bool(getattr(settings, "DXTRACK_SHOW_SYNTHETIC", True))


class _Value(NamedTuple):
    """The fields of a DataValue the overview needs (names as in `values_list`)."""

    indicator_id: int
    org_unit_id: int
    period: str
    period_end: date
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    source: str
    is_synthetic: bool
    submission__status: str | None
    submission__modified_since_approval: bool | None


class _AreaUnits:
    """The area's units through time: its own subtree, and the units those became."""

    def __init__(self, area: OrgUnit) -> None:
        self.area = area
        subtree = list(orgunit_subtree(area))
        known = {unit.pk: unit for unit in subtree}
        frontier = set(known)
        while frontier:
            successors = OrgUnit.objects.filter(predecessor_links__from_unit__in=frontier).exclude(pk__in=known).distinct()
            frontier = set()
            for unit in successors:
                known[unit.pk] = unit
                frontier.add(unit.pk)
        self.units = known

    def at_level(self, kind: str, *, on: date) -> list[OrgUnit]:
        return sorted((u for u in self.units.values() if u.kind == kind and u.exists_on(on)), key=lambda u: u.code)


def programme_progress(programme: Programme, *, include_synthetic: bool | None = None) -> list[TargetProgress]:
    include_synthetic = show_synthetic() if include_synthetic is None else include_synthetic
    area = _AreaUnits(programme.area)
    indicators = list(
        programme.indicators.select_related("pillar")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("deadline", "scope")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("deadline")),
        )
        .order_by("pillar__order", "pillar__code", "order", "code")
    )
    values = DataValue.objects.filter(indicator__in=indicators, org_unit__in=list(area.units))
    if not include_synthetic:
        values = values.filter(is_synthetic=False)
    # Only the latest period of each indicator is shown: read just the periods that are some
    # indicator's latest (a weighted mean's weights share its period), as plain tuples.
    latest_ends = set(values.values("indicator_id").annotate(latest=Max("period_end")).values_list("latest", flat=True))
    by_indicator: dict[int, list[_Value]] = defaultdict(list)
    for row in values.filter(period_end__in=latest_ends).values_list(*_Value._fields):
        value = _Value(*row)
        by_indicator[value.indicator_id].append(value)

    rows: list[TargetProgress] = []
    for indicator in indicators:
        for milestone in indicator.milestones.all():
            rows.append(_milestone_row(indicator, milestone))
        for target in indicator.targets.all():
            if target.scope == TargetScope.EACH_UNIT:
                rows.append(_each_unit_row(indicator, target, by_indicator[indicator.pk], area))
            else:
                latest = _area_latest(
                    indicator, by_indicator[indicator.pk], area, by_indicator.get(indicator.weight_indicator_id or 0, [])
                )
                rows.append(_area_row(indicator, target, latest))
    return rows


def _milestone_row(indicator: Indicator, milestone: Milestone) -> TargetProgress:
    latest = None
    if milestone.done is not None:
        latest = Latest(
            value=Decimal(1 if milestone.done else 0), period=str(milestone.done_on or ""), source=milestone.evidence,
            is_synthetic=False, rolled_up=False,
        )
    return TargetProgress(
        pillar=indicator.pillar, indicator=indicator, comparator=MILESTONE, target_value=None,
        deadline=milestone.deadline, scope=TargetScope.AREA, scope_level="", wording=milestone.description,
        latest=latest, met=milestone.done,
    )


def _area_row(indicator: Indicator, target: Target, latest: Latest | None) -> TargetProgress:
    if latest is None:
        return _row(indicator, target, None, None)
    check = check_target(
        value=latest.value, comparator=target.comparator, target=target.value,
        full_share_tolerance=Decimal(settings.DXTRACK_FULL_SHARE_TOLERANCE),
    )
    return _row(indicator, target, latest, check.met, check.explanation_vi, check.explanation_en)


def _row(indicator, target, latest, met, explanation_vi="", explanation_en="", failing=()) -> TargetProgress:
    return TargetProgress(
        pillar=indicator.pillar, indicator=indicator, comparator=target.comparator, target_value=target.value,
        deadline=target.deadline, scope=target.scope, scope_level=target.scope_level, wording=target.wording_vi,
        latest=latest, met=met, explanation_vi=explanation_vi, explanation_en=explanation_en, failing_units=tuple(failing),
    )


def _unapproved(values: Iterable[_Value]) -> int:
    return sum(
        1 for v in values
        if v.submission__status is not None
        and (v.submission__status != SubmissionStatus.APPROVED or v.submission__modified_since_approval)
    )


def _latest_period(values: Iterable[_Value]) -> tuple[str, date] | None:
    latest = max(((v.period_end, v.period) for v in values), default=None)
    return None if latest is None else (latest[1], latest[0])


def _area_latest(
    indicator: Indicator, values: list[_Value], area: _AreaUnits, weight_values: list[_Value]
) -> Latest | None:
    """The area's own figure for the latest period with data, else its communes' roll-up."""
    own = [v for v in values if v.org_unit_id == area.area.pk]
    communes = [v for v in values if area.units[v.org_unit_id].kind == OrgUnitKind.COMMUNE]
    if indicator.unit_aggregation == "none":
        communes = []
    latest = _latest_period([*own, *communes])
    if latest is None:
        return None
    period, period_end = latest
    for value in own:
        if value.period == period:
            return Latest(
                value=value.value, period=period, source=value.source, is_synthetic=value.is_synthetic, rolled_up=False,
                unapproved=_unapproved([value]),
            )
    in_period = [v for v in communes if v.period == period]
    expected = area.at_level(OrgUnitKind.COMMUNE, on=period_end)
    weights = {}
    if indicator.weight_indicator_id is not None:
        weights = {v.org_unit_id: v.value for v in weight_values if v.period == period}
    result = aggregate(
        {
            str(v.org_unit_id): Observation(
                value=v.value, numerator=v.numerator, denominator=v.denominator, weight=weights.get(v.org_unit_id)
            )
            for v in in_period
        },
        rule=indicator.unit_aggregation,
        expected=[str(unit.pk) for unit in expected],
        scale=HUNDRED if indicator.value_type in PERCENTAGE_TYPES else Decimal(1),
    )
    names = {str(unit.pk): unit.name for unit in expected}
    coverage = Coverage(
        expected=len(expected),
        reported=len(result.reported),
        missing=tuple(names.get(key, key) for key in result.missing),
        without_parts=tuple(names.get(key, key) for key in result.gaps),
    )
    if result.value is None:
        return None
    sources = sorted({v.source for v in in_period})
    return Latest(
        value=result.value, period=period, source="; ".join(sources), is_synthetic=any(v.is_synthetic for v in in_period),
        rolled_up=True, coverage=coverage, unapproved=_unapproved(in_period),
    )


def _each_unit_row(indicator: Indicator, target: Target, values: list[_Value], area: _AreaUnits) -> TargetProgress:
    level_values = [v for v in values if area.units[v.org_unit_id].kind == target.scope_level]
    latest_period = _latest_period(level_values)
    if latest_period is None:
        return _row(indicator, target, None, None)
    period, period_end = latest_period
    units = area.at_level(target.scope_level, on=period_end)
    reported = {v.org_unit_id: v for v in level_values if v.period == period}
    by_name = {unit.name: (reported[unit.pk].value if unit.pk in reported else None) for unit in units}
    check = check_each_unit(
        by_name, comparator=target.comparator, target=target.value,
        full_share_tolerance=Decimal(settings.DXTRACK_FULL_SHARE_TOLERANCE),
    )
    met = False if check.failing else (None if check.missing else True)
    worst = min(
        (v.value for v in reported.values()),
        default=None,
        key=lambda x: x if indicator.direction == "higher" else -x,
    )
    in_period = list(reported.values())
    latest = None
    if worst is not None:
        latest = Latest(
            value=worst, period=period, source="; ".join(sorted({v.source for v in in_period})),
            is_synthetic=any(v.is_synthetic for v in in_period), rolled_up=False,
            coverage=Coverage(expected=len(units), reported=len(reported), missing=check.missing),
            unapproved=_unapproved(in_period),
        )
    return _row(indicator, target, latest, met, check.explanation_vi, check.explanation_en, check.failing)
