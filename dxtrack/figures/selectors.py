"""Reads of figures: the one interface every page, report, command and API uses.

=================================================  ==================================================
Function                                           Answer
=================================================  ==================================================
``figure_get(indicator=, unit=, period=)``         the :class:`Figure` of any unit for any period at
                                                   least as long as the indicator's own
``figure_series(indicator=, unit=, period_type=)``  one Figure per period (gaps included, value None)
``figure_breakdown(indicator=, unit=, period=)``    the figures of the units below (or at a level)
``programme_status(programme=, threshold=)``       every target, milestone and context figure
                                                   (cached per store version: decision 0026)
``programme_start(programme)``                     the first day the programme has a standing on
``target_status(target=)``                         one target
``figure_units(figure)``                           the names behind a figure's coverage counts
``figure_explain(figure)``                         the values, rules and method behind a figure
``user_may_include_unapproved(user, programme)``   may this person see unapproved values
``figure_rules_get(programme)``                    the programme's threshold and calendar
=================================================  ==================================================

Every function takes `options` (:class:`FigureOptions`): as of a date, with unapproved values
(for officers; check ``user_may_include_unapproved`` first), with or without sample data. The
rules are written down in docs/figures.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dxtrack.accounts.models import Role, User
from dxtrack.accounts.selectors import user_has_role_over
from dxtrack.analytics.periods import Period, PeriodType
from dxtrack.figures.compute import AreaBook, FigureError, period_of, today
from dxtrack.figures.judging import JUDGED_TYPE, programme_judge, target_judge
from dxtrack.figures.models import DEFAULT_THRESHOLD, FigureRules
from dxtrack.figures.numbers import share_text
from dxtrack.figures.reading import Variant
from dxtrack.figures.shapes import (
    CoverageUnits,
    ExplainedValue,
    Explanation,
    Figure,
    FigureOptions,
    ProgrammeStatus,
    TargetStatus,
)
from dxtrack.figures.stored import area_book
from dxtrack.figures.territory import area_has_units
from dxtrack.figures.versions import figures_cached
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, Programme, Target
from dxtrack.reporting.models import DataValue

__all__ = [
    "FigureError",
    "FigureOptions",
    "figure_breakdown",
    "figure_explain",
    "figure_get",
    "figure_rules_get",
    "figure_series",
    "figure_units",
    "programme_start",
    "programme_status",
    "target_status",
    "user_may_include_unapproved",
]

DEFAULT_OPTIONS = FigureOptions()
UNAPPROVED_ROLES = (Role.LEADER, Role.PROGRAMME_OFFICER, Role.APPROVER)


@dataclass(frozen=True)
class Rules:
    threshold: Decimal
    calendar: str


def figure_rules_get(programme: Programme) -> Rules:
    rules = FigureRules.objects.filter(programme=programme).first()
    if rules is None:
        return Rules(DEFAULT_THRESHOLD, "calendar")
    return Rules(rules.completeness_threshold, rules.calendar)


def _book(indicator: Indicator, unit: OrgUnit, options: FigureOptions) -> AreaBook:
    rules = figure_rules_get(indicator.programme)
    return area_book(
        area=unit, indicators=[indicator], variant=Variant.of(options), threshold=rules.threshold, calendar=rules.calendar,
    )


def figure_get(*, indicator: Indicator, unit: OrgUnit, period: str | Period, options: FigureOptions = DEFAULT_OPTIONS) -> Figure:
    """The figure of `unit` (any level, old or new unit) for `period` (any period type at least
    as long as the indicator's own: '2024', '2024Q3', '2024-05', '2024S1'). A period shorter
    than the indicator's raises FigureError."""
    return _book(indicator, unit, options).figure(indicator, period_of(period))


def figure_series(
    *, indicator: Indicator, unit: OrgUnit, period_type: str | None = None, options: FigureOptions = DEFAULT_OPTIONS,
) -> list[Figure]:
    """One Figure per period of `period_type` (default: the year, the type targets are judged
    on; never shorter than the indicator's own) from the first period with data to the last
    period ending by as_of (now: the running period too); periods without data are included
    with value None so gaps are visible. Ordered by period."""
    kind = PeriodType(period_type or JUDGED_TYPE)
    if kind.months < PeriodType(indicator.period_type).months:
        kind = PeriodType(indicator.period_type)
    book = _book(indicator, unit, options)
    periods = book.periods_with_data(indicator, kind)
    cutoff = options.as_of or today()
    periods = [p for p in periods if (book.bounds(p)[1] <= cutoff if options.as_of else book.bounds(p)[0] <= cutoff)]
    if not periods:
        return []
    series, period = [], periods[0]
    while period <= periods[-1]:
        series.append(book.figure(indicator, period))
        period = period.shift(1)
    return series


def figure_breakdown(
    *, indicator: Indicator, unit: OrgUnit, period: str | Period, level: str | None = None,
    options: FigureOptions = DEFAULT_OPTIONS,
) -> list[Figure]:
    """The figure of every unit directly below `unit` (or at `level` inside it: 'province',
    'district', 'commune', 'agency') that existed on the period's last day, units without a
    figure included (value None). Sorted by unit code."""
    return _book(indicator, unit, options).breakdown(indicator, period_of(period), level)


def programme_start(programme: Programme) -> date:
    """The first day of the programme: 1 January of its first year, or the day it was issued
    if that came earlier. A programme has no standing before it."""
    first = date(programme.horizon_start, 1, 1)
    return min(first, programme.issued_on) if programme.issued_on else first


def programme_status(
    *, programme: Programme, options: FigureOptions = DEFAULT_OPTIONS, threshold: Decimal | None = None,
) -> ProgrammeStatus:
    """Every target (TargetStatus rows, in pillar/indicator order), every milestone, and the
    context indicators without a target (ContextFigure rows), with counts by status per pillar
    (and '' for the whole programme).

    ``threshold`` (a share, 0–1) replaces the programme's completeness threshold for this
    answer. Raises FigureError (message in the active language) for an as-of date before the
    programme's start, a threshold outside 0–1, or an area with no units that could report."""
    if threshold is not None and not Decimal(0) <= threshold <= Decimal(1):
        raise FigureError(
            _("The completeness threshold must be between 0%% and 100%%; %(given)s was given.")
            % {"given": share_text(threshold, get_language() or "vi")}
        )
    if options.as_of is not None and options.as_of < programme_start(programme):
        raise FigureError(
            _("Programme %(code)s starts on %(start)s; there is nothing to show as of %(as_of)s.") % {
                "code": programme.code, "start": date_format(programme_start(programme), "SHORT_DATE_FORMAT"),
                "as_of": date_format(options.as_of, "SHORT_DATE_FORMAT"),
            }
        )
    # Cached per store version (decision 0026): every input besides the figures data is in the
    # key; the rules, the area's units and the programme's definition are versioned data.
    parts = (programme.pk, programme.area_id, Variant.of(options), options.methods, threshold, _figure_settings())
    return figures_cached("programme_status", parts, lambda: _programme_status(programme, options, threshold))


def _figure_settings() -> tuple:
    return tuple(getattr(settings, name, None) for name in ("DXTRACK_FULL_SHARE_TOLERANCE", "DXTRACK_FIGURES_STORE"))


def _programme_status(programme: Programme, options: FigureOptions, threshold: Decimal | None) -> ProgrammeStatus:
    rules = figure_rules_get(programme)
    if not area_has_units(programme.area):
        raise FigureError(
            _("The area of programme %(code)s, %(area)s, has no units that report: there is no figure to show.")
            % {"code": programme.code, "area": programme.area.name_en if _english() and programme.area.name_en else programme.area.name_vi}
        )
    return programme_judge(
        programme=programme, options=options, threshold=rules.threshold if threshold is None else threshold,
        calendar=rules.calendar,
    )


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def target_status(*, target: Target, options: FigureOptions = DEFAULT_OPTIONS) -> TargetStatus:
    indicator = Indicator.objects.select_related("pillar", "programme__area", "responsible_agency").get(pk=target.indicator_id)
    book = _book(indicator, indicator.programme.area, options)
    return target_judge(book=book, target=target, indicator=indicator, options=options, cutoff=options.as_of or today())


def _options_of(figure: Figure) -> FigureOptions:
    return FigureOptions(as_of=figure.as_of, include_unapproved=figure.include_unapproved, include_sample=figure.include_sample)


def _figure_book(figure: Figure) -> tuple[Indicator, AreaBook]:
    indicator = Indicator.objects.select_related("programme").get(pk=figure.indicator_id)
    unit = OrgUnit.objects.get(pk=figure.unit_id)
    return indicator, _book(indicator, unit, _options_of(figure))


def figure_units(figure: Figure) -> CoverageUnits:
    """The names behind a figure's coverage counts (expected, reported, missing, reported
    without parts) for the sub-period the counts are of. Built on request (drill-down)."""
    indicator, book = _figure_book(figure)
    return book.coverage_units(indicator, figure)


def figure_explain(figure: Figure) -> Explanation:
    """'Why this number': the values that went in, the rules and the method."""
    indicator, book = _figure_book(figure)
    behind = book.values_behind(indicator, figure)
    rows = {
        row["pk"]: row for row in DataValue.objects.filter(pk__in=[r.data_value_id for r, _ in behind]).values(
            "pk", "org_unit__code", "org_unit__name_vi", "version", "recorded_by__username", "recorded_at",
            "submission__approved_by__username", "submission__approved_at",
        )
    }
    values = []
    for reading, used in sorted(behind, key=lambda pair: (pair[0].period, rows[pair[0].data_value_id]["org_unit__code"])):
        row = rows[reading.data_value_id]
        values.append(ExplainedValue(
            unit_code=row["org_unit__code"], unit_name=row["org_unit__name_vi"], period=reading.period,
            value=reading.value, numerator=reading.numerator, denominator=reading.denominator, version=reading.version,
            recorded_by=row["recorded_by__username"] or "", recorded_at=_stamp(row["recorded_at"]),
            approved_by=row["submission__approved_by__username"] or "", approved_at=_stamp(row["submission__approved_at"]),
            source=reading.source, is_sample=reading.sample, share=used.share, via=used.via, counted=used.counted,
        ))
    links = tuple(
        f"{note.kind} {note.period}: {note.unit.code} ← {', '.join(u.code for u in note.used) or '—'}"
        + (f" (left out: {', '.join(u.code for u in note.left_out)})" if note.left_out else "")
        for note in figure.provenance
    )
    return Explanation(
        figure=figure, values=tuple(values), lineage_links=links, rules_vi=_rules(figure, "vi"), rules_en=_rules(figure, "en"),
        method=f"{figure.unit_rule} / {figure.period_rule}",
    )


def _stamp(moment) -> str:  # type: ignore[no-untyped-def]
    return moment.isoformat(timespec="seconds") if moment else ""


_UNIT_RULES = {
    "sum": ("cộng các đơn vị", "units added up"),
    "ratio_of_sums": ("tổng tử số chia tổng mẫu số", "summed numerators over summed denominators"),
    "mean": ("trung bình các đơn vị", "mean of the units"),
    "weighted_mean": ("trung bình có trọng số", "weighted mean"),
    "min": ("giá trị nhỏ nhất", "smallest unit"),
    "max": ("giá trị lớn nhất", "largest unit"),
    "none": ("không cộng dồn", "not rolled up"),
}
_PERIOD_RULES = {
    "sum": ("cộng các kỳ", "sub-periods added up"),
    "last": ("số liệu kỳ cuối", "the last sub-period's value"),
    "mean": ("trung bình các kỳ", "mean of the sub-periods"),
}


def _rules(figure: Figure, language: str) -> tuple[str, ...]:
    index = 1 if language == "en" else 0
    return (_UNIT_RULES[figure.unit_rule][index], _PERIOD_RULES[figure.period_rule][index])


def user_may_include_unapproved(user: User | AnonymousUser, programme: Programme) -> bool:
    """Officers, approvers and leaders of the programme's area (or above it); never anonymous."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser) or user_has_role_over(user, programme.area, roles=UNAPPROVED_ROLES)


def as_of_date(options: FigureOptions) -> date:
    return options.as_of or today()
