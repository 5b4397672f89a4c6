"""Reads of the reporting loop that several pages, commands and the API share.

=====================================  ==============================================
Function                               Answer
=====================================  ==============================================
``form_period_parse(form, text)``      the :class:`Period` of the form's type a code names
``form_period_bounds(form, period)``   first and last day in the form's calendar
``form_deadline(form, period)``        the due date (working days after the period)
``form_opens_on(form, period)``        the first day entry is open
``form_reporting_units(form, period)`` the units expected to report
``form_reporting_unit_candidates(form)`` those of any period, before the existence test
``form_current_period(form, today)``   the latest period whose entry has opened
``form_recent_periods(form, today)``   that period and the ones before it, newest first
``form_first_period(form)``            the first period the form has (its programme's first year)
``form_has_period(form, period, today)`` whether the form is reported for that period
``form_list_for_user(user)``           the forms whose completeness the user may read
``form_get_for_user(user, code)``      one of them, or None
``value_list_for_user(user, …)``       the current values the user may read, filtered
``deleted_value_list_for_user(user, …)`` the deletions of such values, filtered alike
=====================================  ==============================================
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from dxtrack.accounts.models import User
from dxtrack.accounts.selectors import orgunit_list_for_user, user_is_within_area
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import Calendar, Period, parse_period, period_containing
from dxtrack.common.workdays import add_working_days
from dxtrack.orgunits.models import OrgUnit
from dxtrack.orgunits.selectors import orgunit_subtree
from dxtrack.programmes.models import Indicator, Programme
from dxtrack.reporting.models import (
    DataValue,
    DataValueVersion,
    FormIndicator,
    ReportingCalendar,
    ReportingForm,
)


class PeriodMismatch(ValueError):
    """The text is not a period of the form's type; the message says what was expected."""


def _calendar(form: ReportingForm) -> Calendar:
    return Calendar.STATUTORY if form.calendar == ReportingCalendar.STATUTORY else Calendar.CALENDAR


def value_period_spans(period: Period, *, programme: Programme, form: ReportingForm | None = None) -> list[tuple[date, date]]:
    """The days a value's period may stand for: its calendar dates, the programme's year (its
    figure rules: statutory runs 15th → 14th) and, for a form's value, the form's calendar.

    A unit's existence is checked against any of them, so that a ward that ended on 30 June
    2025 may still report the statutory July 2025 (15/06–14/07) of a statutory programme.
    """
    # Imported here: the figures app sits above reporting; its rules are the programme's year's home.
    from dxtrack.figures.selectors import figure_rules_get

    calendars = {Calendar.CALENDAR, Calendar(figure_rules_get(programme).calendar)}
    if form is not None:
        calendars.add(_calendar(form))
    return sorted({period.bounds(calendar) for calendar in calendars})


def form_period_parse(form: ReportingForm, period: Period | str) -> Period:
    """The period a code names, checked against the form's period type."""
    if isinstance(period, str):
        try:
            period = parse_period(period)
        except AnalyticsError as error:
            raise PeriodMismatch(str(error)) from None
    if period.type.value != form.period_type:
        raise PeriodMismatch(
            _("Form %(code)s is reported by %(expected)s; %(period)s is not such a period.")
            % {"code": form.code, "expected": form.get_period_type_display(), "period": period.code}
        )
    return period


def form_period_bounds(form: ReportingForm, period: Period) -> tuple[date, date]:
    """The period's first and last day in the form's calendar (statutory runs 15th → 14th)."""
    return period.bounds(_calendar(form))


def form_deadline(form: ReportingForm, period: Period) -> date:
    """Due `deadline_working_days` working days after the period's last day."""
    return add_working_days(form_period_bounds(form, period)[1], form.deadline_working_days)


def form_opens_on(form: ReportingForm, period: Period) -> date:
    return form_period_bounds(form, period)[1] - timedelta(days=form.opens_days_before_end)


def form_reporting_units(form: ReportingForm, period: Period | str) -> QuerySet[OrgUnit]:
    """The units that must report this form for this period: those of the form's level inside
    the programme area (or the units the area's units became), its listed units and its group,
    each only if it existed on the period's last day (in the form's calendar)."""
    if isinstance(period, str):
        period = parse_period(period)
    end = form_period_bounds(form, period)[1]
    existing = (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=end))
    return form_reporting_unit_candidates(form).filter(existing)


def form_reporting_unit_candidates(form: ReportingForm) -> QuerySet[OrgUnit]:
    """The units that report this form in some period, whatever their dates: those of
    `form_reporting_units` before its existence test, which `OrgUnit.exists_on(period end)`
    then makes (the overdue list asks many periods of one form with one query)."""
    chosen = Q(pk__in=form.units.values("pk"))
    if form.unit_group_id is not None:
        chosen |= Q(groups=form.unit_group_id)
    if form.unit_level:
        # Subqueries, not lists: the query is built without a round trip (the overdue list
        # asks every form's candidates in one query).
        area_ids = orgunit_subtree(form.programme.area).values("pk")
        successors = OrgUnit.objects.filter(predecessor_links__from_unit__in=area_ids).values("pk")
        chosen |= Q(kind=form.unit_level) & (Q(pk__in=area_ids) | Q(pk__in=successors))
    return OrgUnit.objects.filter(chosen).distinct().order_by("code")


def form_current_period(form: ReportingForm, today: date) -> Period:
    """The latest period whose entry has opened on `today` (the one people are reporting)."""
    period = period_containing(today, form.period_type, calendar=_calendar(form)).shift(1)
    while form_opens_on(form, period) > today:
        period = period.shift(-1)
    return period


def form_recent_periods(form: ReportingForm, today: date, *, count: int = 6) -> list[Period]:
    """The current period and the `count - 1` before it, newest first."""
    current = form_current_period(form, today)
    return [current.shift(-step) for step in range(count)]


def form_first_period(form: ReportingForm) -> Period:
    """The first period the form has: the one holding 1 January of its programme's first year.
    Nothing is expected, due or overdue before it."""
    return period_containing(date(form.programme.horizon_start, 1, 1), form.period_type, calendar=_calendar(form))


def form_has_period(form: ReportingForm, period: Period, today: date) -> bool:
    """Whether units report the form for `period`: of the form's type, from its first period up
    to the one being reported now (a submission for 1900 or next year is never started)."""
    if period.type.value != form.period_type:
        return False
    start = form_period_bounds(form, period)[0]
    first = form_period_bounds(form, form_first_period(form))[0]
    return first <= start <= form_period_bounds(form, form_current_period(form, today))[0]


def form_list_for_user(user: User | AnonymousUser) -> QuerySet[ReportingForm]:
    """Active forms of programmes whose area the user works in (a superuser sees all)."""
    forms = ReportingForm.objects.filter(is_active=True).select_related("programme__area")
    if not user.is_authenticated:
        return forms.none()
    if user.is_superuser:
        return forms
    return forms.filter(pk__in=_forms_user_may_follow(user, list(forms)))


def _forms_user_may_follow(user: User, forms: list[ReportingForm]) -> set[int]:
    """Of `forms`, the pks of those the user follows: inside the programme's area (no query:
    the user's roles are read once), or over one of the units the form lists by name (such as
    the agency that took over after the 2025 merger, outside the old province's tree): one
    query for all the other forms."""
    allowed = {form.pk for form in forms if user_is_within_area(user, form.programme.area)}
    others = [form.pk for form in forms if form.pk not in allowed]
    if others:
        listed = ReportingForm.objects.filter(pk__in=others, units__in=orgunit_list_for_user(user))
        allowed.update(listed.values_list("pk", flat=True))
    return allowed


def form_get_for_user(user: User | AnonymousUser, code: str) -> ReportingForm | None:
    form = ReportingForm.objects.filter(code=code).select_related("programme__area").first()
    if form is None or not user.is_authenticated:
        return None
    if user.is_superuser or form.pk in _forms_user_may_follow(user, [form]):
        return form
    return None



def value_list_for_user(
    user: User | AnonymousUser,
    *,
    programme: Programme | None = None,
    indicators: Iterable[Indicator] | None = None,
    forms: Iterable[ReportingForm] | None = None,
    units: Iterable[OrgUnit] | None = None,
    descendants: bool = False,
    periods: Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[DataValue]:
    """The current values of the units the user may read (``orgunit_list_for_user``), ordered
    by id, sample values left out when ``DXTRACK_SHOW_SYNTHETIC`` is off.

    Filters: `indicators` and the indicators of `forms` (either), `units` (with everything
    below them when `descendants`), period codes, and periods lying within [`start`, `end`].
    An enterprise user or a visitor gets nothing.
    """
    return _values_filtered(
        DataValue.objects.all(), user, programme=programme, indicators=indicators, forms=forms, units=units,
        descendants=descendants, periods=periods, start=start, end=end,
    )


def deleted_value_list_for_user(
    user: User | AnonymousUser,
    *,
    indicators: Iterable[Indicator] | None = None,
    forms: Iterable[ReportingForm] | None = None,
    units: Iterable[OrgUnit] | None = None,
    descendants: bool = False,
    periods: Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[DataValueVersion]:
    """The deletions (`services.value_delete`) of values the user may read, with the filters of
    `value_list_for_user`: each is the last version, without a figure, of a value that has no
    current row now. Ordered by id."""
    deletions = DataValueVersion.objects.filter(data_value__isnull=True, value__isnull=True)
    current = DataValue.objects.filter(
        indicator_id=OuterRef("indicator_id"), org_unit_id=OuterRef("org_unit_id"), period=OuterRef("period"),
    )
    deletions = deletions.exclude(Exists(current))
    return _values_filtered(
        deletions, user, indicators=indicators, forms=forms, units=units, descendants=descendants, periods=periods,
        start=start, end=end,
    )


def _values_filtered(
    values: QuerySet,
    user: User | AnonymousUser,
    *,
    programme: Programme | None = None,
    indicators: Iterable[Indicator] | None = None,
    forms: Iterable[ReportingForm] | None = None,
    units: Iterable[OrgUnit] | None = None,
    descendants: bool = False,
    periods: Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet:
    values = values.filter(org_unit__in=orgunit_list_for_user(user))
    if not getattr(settings, "DXTRACK_SHOW_SYNTHETIC", True):
        values = values.filter(is_synthetic=False)
    if programme is not None:
        values = values.filter(indicator__programme=programme)
    chosen = Q(pk__in=[])
    if indicators is not None:
        chosen |= Q(indicator__in=[indicator.pk for indicator in indicators])
    if forms is not None:
        chosen |= Q(indicator__in=FormIndicator.objects.filter(form__in=[form.pk for form in forms]).values("indicator"))
    if indicators is not None or forms is not None:
        values = values.filter(chosen)
    if units is not None:
        where = Q(pk__in=[])
        for unit in units:
            where |= Q(org_unit=unit.pk)
            if descendants:
                where |= Q(org_unit__path__startswith=f"{unit.path}{unit.pk}/")
        values = values.filter(where)
    if periods is not None:
        values = values.filter(period__in=list(periods))
    if start is not None:
        values = values.filter(period_start__gte=start)
    if end is not None:
        values = values.filter(period_end__lte=end)
    return values.order_by("pk")
