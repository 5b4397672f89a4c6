"""A unit's scorecard, arranged from the figures layer: its figures against the programme's
targets, its rank among its peers, its history across the 2025 reform, and its reports.

- the unit's figure of an indicator is the latest of its `figure_series` with a value;
- against a target: the target's own check (`analytics.targets.check_target`, with the
  programme's 100% tolerance) applied to that figure, and only to a complete figure;
- its peers are the units of the same level in the programme's territory for the same
  period (`figure_breakdown(level=...)`), ranked 1, 2, 2, 4 by the indicator's direction
  (`analytics.composite.competition_rank`);
- lineage: the units it became on 1 July 2025, and the units it was formed from.
"""

from __future__ import annotations

from dataclasses import dataclass

from dxtrack.analytics.composite import competition_rank
from dxtrack.analytics.targets import check_target
from dxtrack.figures.judging import tolerance
from dxtrack.figures.selectors import FigureError, figure_breakdown, figure_series
from dxtrack.figures.shapes import Figure, FigureOptions
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage
from dxtrack.programmes.models import Direction, Indicator, Programme, Target, ValueType


@dataclass(frozen=True)
class TargetCheck:
    target: Target
    met: bool | None  # None: no complete figure to judge
    explanation: str


@dataclass(frozen=True)
class ScorecardRow:
    indicator: Indicator
    latest: Figure | None
    history: list[Figure]
    checks: list[TargetCheck]
    rank: int | None
    peers: int  # peers with a figure for the same period, the unit included


@dataclass(frozen=True)
class LineageLink:
    unit: OrgUnit
    effective_on: str
    in_territory: bool


@dataclass(frozen=True)
class Scorecard:
    programme: Programme
    unit: OrgUnit
    rows: list[ScorecardRow]
    became: list[LineageLink]
    formed_from: list[LineageLink]

    @property
    def has_sample(self) -> bool:
        return any(row.latest is not None and row.latest.is_sample for row in self.rows)


def scorecard_build(*, programme: Programme, unit: OrgUnit, territory_ids: set[int], options: FigureOptions, language: str) -> Scorecard:
    indicators = (
        Indicator.objects.filter(programme=programme).exclude(value_type=ValueType.MILESTONE)
        .select_related("pillar").prefetch_related("targets")
    )
    rows = [_row(programme, unit, indicator, options, language) for indicator in indicators]
    became = [
        LineageLink(link.to_unit, link.effective_on.isoformat(), link.to_unit_id in territory_ids)
        for link in OrgUnitLineage.objects.filter(from_unit=unit).select_related("to_unit").order_by("to_unit__code")
    ]
    formed_from = [
        LineageLink(link.from_unit, link.effective_on.isoformat(), link.from_unit_id in territory_ids)
        for link in OrgUnitLineage.objects.filter(to_unit=unit).select_related("from_unit").order_by("from_unit__code")
    ]
    return Scorecard(programme=programme, unit=unit, rows=rows, became=became, formed_from=formed_from)


def _row(programme: Programme, unit: OrgUnit, indicator: Indicator, options: FigureOptions, language: str) -> ScorecardRow:
    history = [f for f in figure_series(indicator=indicator, unit=unit, options=options) if f.value is not None]
    latest = history[-1] if history else None
    checks = [_check(target, latest, language) for target in indicator.targets.all()]
    rank, peers = _rank(programme, unit, indicator, latest, options)
    return ScorecardRow(indicator=indicator, latest=latest, history=history, checks=checks, rank=rank, peers=peers)


def _check(target: Target, figure: Figure | None, language: str) -> TargetCheck:
    if figure is None or figure.value is None or not figure.complete:
        return TargetCheck(target, None, "")
    check = check_target(value=figure.value, comparator=target.comparator, target=target.value, full_share_tolerance=tolerance())
    return TargetCheck(target, check.met, check.explanation_en if language == "en" else check.explanation_vi)


def _rank(programme: Programme, unit: OrgUnit, indicator: Indicator, latest: Figure | None, options: FigureOptions) -> tuple[int | None, int]:
    if latest is None or unit.pk == programme.area_id or unit.kind == OrgUnitKind.COUNTRY:
        return None, 0
    try:
        peers = figure_breakdown(indicator=indicator, unit=programme.area, period=latest.period, level=unit.kind, options=options)
    except FigureError:
        return None, 0
    scores = {str(f.unit_id): f.value for f in peers if f.value is not None}
    if str(unit.pk) not in scores:
        return None, len(scores)
    ranks = competition_rank(scores, higher_is_better=indicator.direction != Direction.LOWER_IS_BETTER, places=6)
    return ranks.get(str(unit.pk)), len(scores)
