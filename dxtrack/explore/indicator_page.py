"""What the indicator page shows, arranged from the figures layer (no figure is computed here).

`indicator_page_build` reads, for one indicator of a programme and one unit of its territory:
the yearly series (`figure_series`), every target's status with its required path and
projection (`target_status`, for the programme's area: targets are judged there), the
breakdown by the units below (`figure_breakdown`), who is missing (`figure_units`) and why the
selected figure is what it is (`figure_explain`). `chart_data` turns it into the JSON the
chart script draws (through `json_script`: the CSP allows no inline script).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from dxtrack.analytics.periods import parse_period
from dxtrack.figures.numbers import display, share_text
from dxtrack.figures.selectors import (
    FigureError,
    figure_breakdown,
    figure_explain,
    figure_series,
    figure_units,
    target_status,
)
from dxtrack.figures.shapes import CoverageUnits, Explanation, Figure, FigureOptions, TargetStatus
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind
from dxtrack.programmes.models import Indicator, Programme, Target

COMPARATOR_SYMBOLS = {">": ">", ">=": "≥", "=": "=", "<=": "≤", "<": "<"}
DRILLABLE_KINDS = (OrgUnitKind.COUNTRY, OrgUnitKind.PROVINCE, OrgUnitKind.DISTRICT)
# Other progress methods computed beside the default, shown under "other methods".
OTHER_METHODS = ("opensdg", "unsd")


def language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


@dataclass(frozen=True)
class SeriesPoint:
    figure: Figure
    running: bool  # the period has not ended yet: the figure is provisional
    incomplete: bool  # fewer units or sub-periods than the threshold: provisional too

    @property
    def provisional(self) -> bool:
        return self.figure.value is not None and (self.running or self.incomplete)


@dataclass(frozen=True)
class BreakdownRow:
    figure: Figure
    kind: str

    @property
    def drillable(self) -> bool:
        return self.kind in DRILLABLE_KINDS


@dataclass(frozen=True)
class IndicatorPage:
    programme: Programme
    indicator: Indicator
    unit: OrgUnit
    options: FigureOptions
    series: list[SeriesPoint]
    selected: SeriesPoint | None
    targets: list[Target]
    statuses: list[TargetStatus]
    breakdown: list[BreakdownRow]
    agencies: list[BreakdownRow]
    coverage_units: CoverageUnits | None
    explanation: Explanation | None
    ancestors: list[OrgUnit]

    @property
    def is_area(self) -> bool:
        return self.unit.pk == self.programme.area_id

    @property
    def period(self) -> str:
        return self.selected.figure.period if self.selected else ""


def indicator_page_build(
    *, programme: Programme, indicator: Indicator, unit: OrgUnit, period: str, options: FigureOptions, sort: str = "unit",
    parts: tuple[str, ...] = ("targets", "breakdown", "details"),
) -> IndicatorPage:
    """The page's contents; `parts` leaves out what a download does not need (each part reads
    the figures layer again)."""
    cutoff = options.as_of or timezone.localdate()
    series = [
        SeriesPoint(f, running=f.period_end > cutoff, incomplete=f.value is not None and not f.complete)
        for f in figure_series(indicator=indicator, unit=unit, options=options)
    ]
    selected = _selected(series, period)
    targets = list(Target.objects.filter(indicator=indicator).order_by("deadline", "scope"))
    statuses = []
    if unit.pk == programme.area_id and "targets" in parts:
        judged_with = FigureOptions(as_of=options.as_of, include_unapproved=options.include_unapproved,
                                    include_sample=options.include_sample, methods=OTHER_METHODS)
        statuses = [target_status(target=target, options=judged_with) for target in targets]
    rows: list[BreakdownRow] = []
    coverage_units = explanation = None
    if selected is not None and "breakdown" in parts:
        rows = _breakdown(indicator, unit, selected.figure.period, options)
    if selected is not None and "details" in parts:
        coverage_units = figure_units(selected.figure) if not selected.figure.own else None
        explanation = figure_explain(selected.figure)
    administrative = [row for row in rows if row.kind != OrgUnitKind.AGENCY]
    # Agencies sit below the province beside its districts; most indicators are reported by
    # localities, so a list of agencies without figures is noise and is left out.
    agencies = [row for row in rows if row.kind == OrgUnitKind.AGENCY and row.figure.value is not None]
    return IndicatorPage(
        programme=programme, indicator=indicator, unit=unit, options=options, series=series, selected=selected,
        targets=targets, statuses=statuses, breakdown=breakdown_sorted(administrative, sort), agencies=agencies,
        coverage_units=coverage_units, explanation=explanation, ancestors=_ancestors(programme, unit),
    )


def _selected(series: list[SeriesPoint], period: str) -> SeriesPoint | None:
    if period:
        code = parse_period(period).code
        found = next((point for point in series if point.figure.period == code), None)
        if found is None:
            raise Http404  # a well-formed period this indicator has no figure for
        return found
    with_value = [point for point in series if point.figure.value is not None]
    return with_value[-1] if with_value else None


def _breakdown(indicator: Indicator, unit: OrgUnit, period: str, options: FigureOptions) -> list[BreakdownRow]:
    """The units directly below; after the reform a province has no districts, so the
    communes it became stand directly below it."""
    try:
        figures = figure_breakdown(indicator=indicator, unit=unit, period=period, options=options)
        if not figures and unit.kind in DRILLABLE_KINDS:
            figures = figure_breakdown(indicator=indicator, unit=unit, period=period, level=OrgUnitKind.COMMUNE, options=options)
    except FigureError:
        return []
    kinds = dict(OrgUnit.objects.filter(pk__in=[f.unit_id for f in figures]).values_list("pk", "kind"))
    return [BreakdownRow(f, kinds.get(f.unit_id, "")) for f in figures]


def breakdown_sorted(rows: list[BreakdownRow], sort: str) -> list[BreakdownRow]:
    """By unit code (default), value or coverage share; units without a figure always last."""
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    if key == "unit":
        return sorted(rows, key=lambda row: row.figure.unit_code, reverse=descending)
    present = [row for row in rows if _sort_value(row, key) is not None]
    absent = [row for row in rows if _sort_value(row, key) is None]
    present.sort(key=lambda row: (_sort_value(row, key), row.figure.unit_code), reverse=descending)
    return present + absent


def _sort_value(row: BreakdownRow, key: str) -> Decimal | None:
    if key == "value":
        return row.figure.value
    coverage = row.figure.coverage
    return coverage.share if coverage.expected else None


def _ancestors(programme: Programme, unit: OrgUnit) -> list[OrgUnit]:
    """The units from the programme's area down to the unit's parent (breadcrumbs)."""
    if unit.pk == programme.area_id:
        return []
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    by_id = OrgUnit.objects.in_bulk(ids)
    chain = [by_id[pk] for pk in ids if pk in by_id]
    if programme.area_id in ids:
        chain = chain[ids.index(programme.area_id):]
    else:  # a unit formed at the reform from the area's units: the area, then its own parents
        chain = [programme.area, *[u for u in chain if u.kind != OrgUnitKind.COUNTRY]]
    return chain


def target_label(target: Target | TargetStatus, unit_of_measure: str, lang: str) -> str:
    value = target.target_value if isinstance(target, TargetStatus) else target.value
    return f"{COMPARATOR_SYMBOLS.get(target.comparator, target.comparator)} {display(value, unit_of_measure, lang)} ({target.deadline.year})"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def chart_data(page: IndicatorPage, labels: dict[str, str]) -> dict:
    """The series, target lines, required path and projection, by year, for the chart."""
    lang = language()
    unit_of_measure = page.indicator.unit
    years = [point.figure.year for point in page.series]
    for target in page.targets:
        years.append(target.deadline.year)
    if not years:
        return {"years": [], "labels": labels}
    axis = list(range(min(years), max(years) + 1))
    by_year = {point.figure.year: point for point in page.series}
    values = [_number(by_year[y].figure.value) if y in by_year else None for y in axis]
    provisional = [bool(y in by_year and by_year[y].provisional) for y in axis]
    texts = [by_year[y].figure.value_text(lang) if y in by_year else "—" for y in axis]
    required, projection = [], []
    for status in page.statuses:
        if status.progress.required_path and status.judged is not None and status.judged.value is not None:
            required = [[status.judged.year, _number(status.judged.value)],
                        *[[year, _number(value)] for year, value in status.progress.required_path]]
        outlook = status.progress.projection
        if outlook is not None and status.judged is not None and status.judged.value is not None:
            projection = [[status.judged.year, _number(status.judged.value)],
                          *[[year, _number(value)] for year, value in outlook.points]]
    return {
        "years": [str(y) for y in axis],
        "values": values,
        "texts": texts,
        "provisional": provisional,
        "targets": [
            {"value": _number(t.value), "year": str(t.deadline.year), "label": target_label(t, unit_of_measure, lang)}
            for t in page.targets
        ],
        "required": [[str(year), value] for year, value in required],
        "projection": [[str(year), value] for year, value in projection],
        "unit": unit_of_measure,
        "language": lang,
        "labels": labels,
    }


def coverage_text(figure: Figure, lang: str) -> str:
    """'36/36 đơn vị (100%)' for a roll-up; '' for a unit's own value."""
    if figure.own:
        return ""
    coverage = figure.coverage
    units = "units" if lang == "en" else "đơn vị"
    return f"{coverage.reported}/{coverage.expected} {units} ({share_text(coverage.share, lang)})"
