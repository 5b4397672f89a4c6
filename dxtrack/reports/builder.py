"""Build the progress report (báo cáo tiến độ) of a programme as of a date, in one language.

Every figure comes from the figures layer (``programme_status``, ``figure_series``,
``figure_units``) computed with ``FigureOptions(as_of=…)`` and approved values only, so a
report as of a date reads the programme as it stood at the end of that day and comes out the
same whenever it is made. The only arithmetic here is the gap per year, the step of the
required path the figures layer gives (its next point minus the judged figure).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dxtrack.analytics.progress import LinearThresholds
from dxtrack.figures.selectors import FigureOptions, figure_series, programme_status
from dxtrack.figures.shapes import AT_RISK, MILESTONE, OFF_TRACK, ProgrammeStatus, TargetStatus
from dxtrack.programmes.models import Indicator, Programme
from dxtrack.reports import texts
from dxtrack.reports.completeness import completeness_rows
from dxtrack.reports.errors import ReportError
from dxtrack.reports.shapes import ChartSeries, PillarSection, Report, SeriesPoint, TargetLine

LANGUAGES = ("vi", "en")
LINEAR = LinearThresholds()


def default_as_of(today: date) -> date:
    """The end of the last quarter that has ended (a steering committee meets each quarter)."""
    quarter_start_month = 3 * ((today.month - 1) // 3) + 1
    first = date(today.year, quarter_start_month, 1)
    return date.fromordinal(first.toordinal() - 1)


def programme_for_report(code: str) -> Programme:
    programme = Programme.objects.select_related("area").filter(code=code).first()
    if programme is None:
        raise ReportError(_("No programme with code %(code)s.") % {"code": code})
    return programme


def programme_start(programme: Programme) -> date:
    return programme.issued_on or date(programme.horizon_start, 1, 1)


def as_of_check(programme: Programme, as_of: date, today: date) -> None:
    start = programme_start(programme)
    if as_of < start:
        raise ReportError(_("The as-of date %(as_of)s is before programme %(code)s began (%(start)s).") % {
            "as_of": texts.short_date(as_of), "code": programme.code, "start": texts.short_date(start)})
    if as_of > today:
        raise ReportError(_("The as-of date %(as_of)s is in the future (today is %(today)s).") % {
            "as_of": texts.short_date(as_of), "today": texts.short_date(today)})


def report_build(
    *, programme: Programme, as_of: date, language: str = "vi", issued_on: date | None = None, with_series: bool = True,
) -> Report:
    """The report, or ReportError (bad date, no figures) with a message in `language`.
    `with_series=False` leaves out the yearly series the charts draw (the XLSX has no charts;
    each series is one more read of the figures layer)."""
    if language not in LANGUAGES:
        raise ValueError(language)
    with translation.override(language):
        today = timezone.localdate()
        as_of_check(programme, as_of, today)
        status = programme_status(programme=programme, options=FigureOptions(as_of=as_of))
        if not any(row.judged is not None or row.is_milestone and row.met is not None for row in status.rows) and not any(
            item.latest is not None for item in status.context
        ):
            raise ReportError(_("Programme %(code)s has no figures as of %(as_of)s: there is nothing to report.") % {
                "code": programme.code, "as_of": texts.short_date(as_of)})
        return _report(programme, status, as_of, issued_on or today, language, with_series)


def _report(
    programme: Programme, status: ProgrammeStatus, as_of: date, issued_on: date, language: str, with_series: bool,
) -> Report:
    english = language == "en"
    lines = [_line(row) for row in status.rows]
    pillars = []
    for pillar in programme.pillars.order_by("order", "code"):
        own = tuple(line for line in lines if line.pillar_code == pillar.code)
        if own:
            pillars.append(PillarSection(
                code=pillar.code, name=pillar.name, counts=dict(status.counts.get(pillar.code, {})), lines=own))
    sources = sorted({source for row in status.rows if row.judged is not None for source in row.judged.sources if source})
    area = programme.area
    place = texts.place_name(area.name_en if english and area.name_en else area.name_vi)
    return Report(
        programme_code=programme.code, programme_title=programme.title, language=language, as_of=as_of,
        issued_on=issued_on, agency_parent=(_("People's Committee of %(area)s") % {"area": area.name}).upper(),
        agency=_("Digital transformation steering committee").upper(), number=_("No.: ……/BC-BCĐ"), place=place,
        title=_("Report on the progress of programme %(code)s as of %(date)s") % {
            "code": programme.code, "date": texts.short_date(as_of)},
        headline=texts.headline(dict(status.counts.get("", {})), as_of),
        statuses=tuple((key, texts.status_label(key)) for key in texts.STATUS_ORDER),
        counts=dict(status.counts.get("", {})), pillars=tuple(pillars),
        attention=tuple(line for line in lines if line.status in (OFF_TRACK, AT_RISK)),
        completeness=completeness_rows(status, english), methodology=_methodology(status),
        sources=tuple(sources),
        sample_notice=_("Some figures in this report are sample data (dữ liệu mẫu), synthetic and not real statistics: "
                        "they are marked with an asterisk (*).") if status.has_sample else "",
        signer_title=_("On behalf of the steering committee").upper(),
        recipients=(_("Provincial Party Committee Standing Board (to report)"), _("Members of the steering committee"),
                    _("Responsible agencies"), _("Archived: office, records")),
        series=_series(programme, status, as_of) if with_series else (),
    )


def _line(row: TargetStatus) -> TargetLine:
    figure = row.judged
    coverage = figure.coverage if figure is not None else None
    if figure is None:
        coverage_text = "—"
    elif figure.own:
        coverage_text = _("reported by the area itself")
    else:
        coverage_text = _("%(reported)s/%(expected)s units (%(share)s)") % {
            "reported": coverage.reported, "expected": coverage.expected, "share": texts.number(coverage.share * 100, "%")}
    projection = row.progress.projection
    required_next = row.progress.required_path[0][1] if row.progress.required_path else None
    value = figure.value if figure is not None else None
    gap, gap_text = None, ""
    if required_next is not None and value is not None:
        gap = required_next - value
        gap_text = texts.number(gap, row.unit_of_measure) + _(" per year")
    elif row.status in (OFF_TRACK, AT_RISK) and value is not None and row.target_value is not None:
        # The deadline has passed (no path left): the whole distance still to cover.
        gap = row.target_value - value
        gap_text = _("%(gap)s still to cover (deadline passed)") % {"gap": texts.number(gap, row.unit_of_measure)}
    sample = figure is not None and figure.is_sample
    return TargetLine(
        indicator_code=row.indicator_code, indicator_name=row.indicator_name(texts.language()), pillar_code=row.pillar_code,
        target_text=texts.target_text(row.comparator, row.target_value, row.unit_of_measure, row.scope_level),
        deadline=row.deadline, value=figure.value if figure else None,
        value_text=(figure.value_text(texts.language()) + ("*" if sample else "")) if figure else "—",
        unit_of_measure=row.unit_of_measure, period=figure.period if figure else "",
        coverage_reported=coverage.reported if coverage else None, coverage_expected=coverage.expected if coverage else None,
        coverage_share=coverage.share if coverage else None, coverage_text=coverage_text, status=row.status,
        status_label=texts.status_label(row.status),
        projection_value=projection.value_at_deadline if projection else None,
        projection_text=(projection.sentence_en if texts.language() == "en" else projection.sentence_vi) if projection else "",
        required_next=required_next, gap_per_year=gap, gap_text=gap_text,
        responsible_agency=row.responsible_agency, explanation=row.explanation(texts.language()), is_sample=sample,
        sources=figure.sources if figure else (),
    )


def _methodology(status: ProgrammeStatus) -> tuple[str, ...]:
    threshold = texts.number(status.threshold * 100, "%")
    return (
        _("Figures are computed as the programme stood at the end of %(date)s: periods ended by then, values and "
          "approvals recorded by then. Only approved values are counted.") % {"date": texts.short_date(status.as_of)},
        _("A target is judged on the latest year whose reporting units reached the completeness threshold of "
          "%(threshold)s; a later, less complete year is shown as provisional, never instead.") % {"threshold": threshold},
        _("Ward and commune values are rolled up by each indicator's rule (shares as the sum of numerators over the sum "
          "of denominators, never the mean of percentages); units before the 1 July 2025 reform are followed through "
          "to the units they became."),
        _("Progress is the linear share of the required progress from the baseline to the target at the deadline: "
          "on track from %(on_track)s of the expected progress, at risk from %(at_risk)s, off track below. The "
          "projection continues the yearly figures to the deadline (a logistic curve for shares, a least-squares "
          "line otherwise).") % {"on_track": texts.number(Decimal(str(LINEAR.on_track * 100)), "%"),
                                  "at_risk": texts.number(Decimal(str(LINEAR.at_risk * 100)), "%")},
        _("The gap per year is how much the figure must move each year, on a straight line, to reach the target by "
          "its deadline."),
    )


def _series(programme: Programme, status: ProgrammeStatus, as_of: date) -> tuple[ChartSeries, ...]:
    rows = [row for row in status.rows if row.comparator != MILESTONE and row.judged is not None]
    indicators = Indicator.objects.in_bulk([row.indicator_id for row in rows])
    options = FigureOptions(as_of=as_of)
    charts, seen = [], set()
    for row in rows:
        if row.indicator_id in seen:
            continue
        seen.add(row.indicator_id)
        figures = figure_series(indicator=indicators[row.indicator_id], unit=programme.area, options=options)
        points = tuple(SeriesPoint(f.period, f.value) for f in figures if f.value is not None)
        charts.append(ChartSeries(
            indicator_code=row.indicator_code, title=row.indicator_name(texts.language()), unit_of_measure=row.unit_of_measure,
            points=points, target_value=row.target_value, target_year=row.deadline.year))
    return tuple(charts)
