"""Completeness, overdue lists and in-app notifications. Thin: reads in completeness.py,
selectors.py and notifications.py, every row filtered to the units the user may see."""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dxtrack.accounts.selectors import orgunit_list_for_user, user_has_unit_role
from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.reporting.completeness import form_completeness as completeness_of
from dxtrack.reporting.completeness import overdue_list as overdue_items
from dxtrack.reporting.notifications import notification_list_for_user, notification_text
from dxtrack.reporting.notifications import notification_mark_read as mark_read
from dxtrack.reporting.reminders_access import remindable_unit_ids
from dxtrack.reporting.selectors import (
    PeriodMismatch,
    form_current_period,
    form_get_for_user,
    form_list_for_user,
    form_period_parse,
    form_recent_periods,
)

NOTIFICATIONS_PER_PAGE = 50


def _require_unit_role(request: HttpRequest):
    """The units the user may read; anonymous visitors are sent to log in, users without any
    unit role (enterprise users) are refused."""
    if not user_has_unit_role(request.user):
        raise PermissionDenied
    return orgunit_list_for_user(request.user)


def completeness_index(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    units = _require_unit_role(request)
    today = timezone.localdate()
    forms = []
    for form in form_list_for_user(request.user):
        current = form_current_period(form, today)
        forms.append(
            {
                "form": form,
                "report": completeness_of(form=form, period=current, today=today, units=units),
                "periods": form_recent_periods(form, today),
            }
        )
    return render(request, "reporting/completeness_index.html", {"forms": forms})


def form_completeness(request: HttpRequest, code: str, period: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    units = _require_unit_role(request)
    form = form_get_for_user(request.user, code)
    if form is None:
        raise Http404
    try:
        parsed = form_period_parse(form, period)
    except PeriodMismatch:
        raise Http404 from None
    show = request.GET.get("show", "")
    if show not in ROW_FILTERS:
        return bad_parameter_response(request, _("show: “%(value)s” is not one of %(allowed)s.") % {
            "value": show[:20], "allowed": ", ".join(key for key in ROW_FILTERS if key)})
    today = timezone.localdate()
    report = completeness_of(form=form, period=parsed, today=today, units=units)
    try:
        rows = page_of(request, [row for row in report.rows if ROW_FILTERS[show](row)], COMPLETENESS_PER_PAGE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    return render(
        request,
        "reporting/form_completeness.html",
        {"report": report, "form": form, "periods": form_recent_periods(form, today), "rows": rows, "show": show,
         "row_filters": ROW_FILTER_LABELS},
    )


# The unit rows of a completeness page: all, or one state (the totals always count all).
ROW_FILTERS = {
    "": lambda row: True,
    "overdue": lambda row: row.overdue,
    "missing": lambda row: not row.submitted,
    "submitted": lambda row: row.submitted,
    "approved": lambda row: row.approved,
}
ROW_FILTER_LABELS = [
    ("", gettext_lazy("All units")), ("overdue", gettext_lazy("Overdue")), ("missing", gettext_lazy("Not submitted")),
    ("submitted", gettext_lazy("Submitted")), ("approved", gettext_lazy("Approved")),
]
COMPLETENESS_PER_PAGE = 50


# How far back the overdue list may be asked to look (the completeness guard is ten years of months).
OVERDUE_YEARS_BACK = 10
LEVELS = [OrgUnitKind.PROVINCE, OrgUnitKind.DISTRICT, OrgUnitKind.COMMUNE, OrgUnitKind.AGENCY]


OVERDUE_PER_PAGE = 50


def overdue_list(request: HttpRequest) -> HttpResponse:
    """Every overdue submission of the units the user sees, most late first, 50 a page; each
    row of a unit the user is an officer of (or above) offers a "Remind" button (POST)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    units = _require_unit_role(request)
    level = request.GET.get("level", "")
    if level not in OrgUnitKind.values:
        level = ""  # an unknown level is ignored, never passed to a query
    today = timezone.localdate()
    since, error = _overdue_since(request.GET.get("since", ""), today)
    items = [] if error else overdue_items(forms=form_list_for_user(request.user), today=today, units=units, level=level, since=since)
    try:
        page = page_of(request, items, OVERDUE_PER_PAGE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    remindable = remindable_unit_ids(request.user, [item.unit for item in page.object_list])
    sections = [
        {"level": kind, "items": [item for item in page.object_list if item.unit.kind == kind]}
        for kind in LEVELS
        if not level or kind == level
    ]
    return render(
        request,
        "reporting/overdue_list.html",
        {
            "sections": [s for s in sections if s["items"]], "levels": LEVELS, "level": level, "count": len(items),
            "since": since, "earlier": max(since - timedelta(days=365), _earliest_since(today)), "error": error,
            "page": page, "remindable": remindable, "query": request.GET.urlencode(),
        },
        status=400 if error else 200,
    )


def _earliest_since(today: date) -> date:
    return date(today.year - OVERDUE_YEARS_BACK, 1, 1)


def _overdue_since(text: str, today: date) -> tuple[date, str]:
    """The first due date the overdue list covers, and why a given one was refused.

    An unreadable date falls back to the last year; a date more than OVERDUE_YEARS_BACK years
    back is refused with the reason (it once overflowed the date arithmetic: a 500)."""
    try:
        since = date.fromisoformat(text)
    except ValueError:
        return today - timedelta(days=366), ""  # the last year unless asked otherwise
    earliest = _earliest_since(today)
    if since < earliest:
        message = _("The overdue list looks back at most %(years)d years: choose a date on or after %(earliest)s.") % {
            "years": OVERDUE_YEARS_BACK, "earliest": formats.date_format(earliest, "SHORT_DATE_FORMAT"),
        }
        return earliest, message
    return since, ""


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    try:
        page = page_of(request, notification_list_for_user(request.user), NOTIFICATIONS_PER_PAGE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    rows = [{"notification": n, "text": notification_text(n)} for n in page.object_list]
    return render(request, "reporting/notification_list.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("notification", "")
    if raw and not raw.isdigit():
        raise Http404
    mark_read(user=request.user, notification_id=int(raw) if raw else None)
    return redirect("reporting:notification_list")
