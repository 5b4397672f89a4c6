"""Reads of the reporting loop that several pages, commands and the API share."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from dxtrack.analytics.periods import Calendar, Period, parse_period
from dxtrack.common.workdays import add_working_days
from dxtrack.orgunits.models import OrgUnit
from dxtrack.orgunits.selectors import orgunit_subtree
from dxtrack.reporting.models import ReportingCalendar, ReportingForm


def form_period_bounds(form: ReportingForm, period: Period) -> tuple[date, date]:
    """The period's first and last day in the form's calendar (statutory runs 15th → 14th)."""
    calendar = Calendar.STATUTORY if form.calendar == ReportingCalendar.STATUTORY else Calendar.CALENDAR
    return period.bounds(calendar)


def form_deadline(form: ReportingForm, period: Period) -> date:
    """Due `deadline_working_days` working days after the period's last day."""
    return add_working_days(form_period_bounds(form, period)[1], form.deadline_working_days)


def form_opens_on(form: ReportingForm, period: Period) -> date:
    return form_period_bounds(form, period)[1] - timedelta(days=form.opens_days_before_end)


def form_reporting_units(form: ReportingForm, period: Period | str) -> QuerySet[OrgUnit]:
    """The units that must report this form for this period: those of the form's level inside
    the programme area (or the units the area's units became), its listed units and its group,
    each only if it existed at the end of the period."""
    if isinstance(period, str):
        period = parse_period(period)
    end = period.end
    chosen = Q(pk__in=form.units.values("pk"))
    if form.unit_group_id is not None:
        chosen |= Q(groups=form.unit_group_id)
    if form.unit_level:
        area = form.programme.area
        area_ids = list(orgunit_subtree(area).values_list("pk", flat=True))
        successors = OrgUnit.objects.filter(predecessor_links__from_unit__in=area_ids).values("pk")
        chosen |= Q(kind=form.unit_level) & (Q(pk__in=area_ids) | Q(pk__in=successors))
    existing = (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=end))
    return OrgUnit.objects.filter(chosen).filter(existing).distinct().order_by("code")
