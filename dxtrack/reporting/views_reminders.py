"""The "Remind" button of the overdue list: POST only (CSRF), for programme officers of the
late unit or of a unit above it. The reminder goes through the reminders service
(`reminder_send_manual`), so it is sent and logged once: a second click the same working day
sends nothing and says when it was sent. Both outcomes, and refusals, are audit events."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.audit.services import audit_denied, audit_record
from dxtrack.orgunits.models import OrgUnit
from dxtrack.reporting.completeness import form_completeness
from dxtrack.reporting.reminders import reminder_send_manual
from dxtrack.reporting.reminders_access import user_may_remind
from dxtrack.reporting.selectors import PeriodMismatch, form_get_for_user, form_period_parse

# The overdue list's filters, carried back so the officer lands where they clicked.
KEPT_FILTERS = ("level", "since", "page")


def _back(request: HttpRequest) -> HttpResponse:
    kept = {key: request.POST[key] for key in KEPT_FILTERS if request.POST.get(key)}
    url = reverse("reporting:overdue_list")
    return redirect(f"{url}?{urlencode(kept)}" if kept else url)


@require_POST
def overdue_remind(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("reporting:overdue_list"))
    form = form_get_for_user(request.user, request.POST.get("form", ""))
    unit_id = request.POST.get("unit", "")
    unit = OrgUnit.objects.filter(pk=int(unit_id)).first() if unit_id.isascii() and unit_id.isdigit() else None
    if form is None or unit is None or not orgunit_list_for_user(request.user).filter(pk=unit.pk).exists():
        raise Http404  # nothing learnt about forms or units the user may not see
    try:
        period = form_period_parse(form, request.POST.get("period", ""))
    except PeriodMismatch:
        raise Http404 from None
    if not user_may_remind(request.user, unit):
        audit_denied(request, "reminder.send", org_unit=unit, details={"form": form.code, "period": period.code})
        raise PermissionDenied(_("Only programme officers of the unit or of a unit above it send reminders."))
    today = timezone.localdate()
    report = form_completeness(form=form, period=period, today=today, units=OrgUnit.objects.filter(pk=unit.pk))
    if not any(row.overdue for row in report.rows):
        messages.warning(request, _("%(unit)s is not late with form %(form)s for %(period)s: no reminder sent.") % {
            "unit": unit.name, "form": form.code, "period": period.code})
        return _back(request)
    result = reminder_send_manual(form=form, period=period, unit=unit, by=request.user, today=today)
    details = {"form": form.code, "period": period.code}
    if result.log is not None:
        audit_record(actor=request.user, action="reminder.sent", obj=result.log, org_unit=unit, request=request,
                     details={**details, "recipients": list(result.recipients)})
        messages.success(request, _("Reminder sent to %(who)s (%(unit)s, form %(form)s, %(period)s).") % {
            "who": ", ".join(result.recipients), "unit": unit.name, "form": form.code, "period": period.code})
    elif result.already is not None:
        audit_record(actor=request.user, action="reminder.not_resent", obj=result.already, org_unit=unit, request=request,
                     details=details)
        sent_at = formats.date_format(timezone.localtime(result.already.sent_at), "SHORT_DATETIME_FORMAT")
        messages.info(request, _("A reminder was already sent to %(unit)s for form %(form)s, %(period)s at %(when)s today; it was not sent again.") % {
            "unit": unit.name, "form": form.code, "period": period.code, "when": sent_at})
    else:
        messages.error(request, _("%(unit)s has no active reporter to remind; no reminder sent.") % {"unit": unit.name})
    return _back(request)
