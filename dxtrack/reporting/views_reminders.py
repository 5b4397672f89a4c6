"""The "Remind" and "Escalate" buttons of the overdue list: POST only (CSRF), for programme
officers of the late unit or of a unit above it. Both go through the reminders service
(`reminder_send_manual`, `escalation_send_manual`), so each is sent and logged once: a second
click sends nothing and says when the first went out (a reminder may go again the next working
day; an escalation never). Both outcomes, and refusals, are audit events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dxtrack.accounts.selectors import user_can_view_unit
from dxtrack.audit.services import audit_denied, audit_record
from dxtrack.orgunits.models import OrgUnit
from dxtrack.reporting.completeness import form_completeness
from dxtrack.reporting.reminders import ManualReminder, escalation_send_manual, reminder_send_manual
from dxtrack.reporting.reminders_access import user_may_remind
from dxtrack.reporting.selectors import PeriodMismatch, form_get_for_user, form_period_parse

# The overdue list's filters, carried back so the officer lands where they clicked.
KEPT_FILTERS = ("level", "since", "page")


def _back(request: HttpRequest) -> HttpResponse:
    kept = {key: request.POST[key] for key in KEPT_FILTERS if request.POST.get(key)}
    url = reverse("reporting:overdue_list")
    return redirect(f"{url}?{urlencode(kept)}" if kept else url)


@dataclass(frozen=True)
class _ByHand:
    """What differs between the two buttons: the service, the audit actions, the messages."""

    send: Callable[..., ManualReminder]
    action: str  # audit: f"{action}.sent", f"{action}.not_resent"; refused: f"{action}.send"
    refused: Any
    not_late: Any
    sent: Any
    already: Any
    nobody: Any


REMIND = _ByHand(
    send=reminder_send_manual, action="reminder",
    refused=gettext_lazy("Only programme officers of the unit or of a unit above it send reminders."),
    not_late=gettext_lazy("%(unit)s is not late with form %(form)s for %(period)s: no reminder sent."),
    sent=gettext_lazy("Reminder sent to %(who)s (%(unit)s, form %(form)s, %(period)s)."),
    already=gettext_lazy("A reminder was already sent to %(unit)s for form %(form)s, %(period)s at %(when)s today; it was not sent again."),
    nobody=gettext_lazy("%(unit)s has no active reporter to remind; no reminder sent."),
)
ESCALATE = _ByHand(
    send=escalation_send_manual, action="escalation",
    refused=gettext_lazy("Only programme officers of the unit or of a unit above it escalate a late report."),
    not_late=gettext_lazy("%(unit)s is not late with form %(form)s for %(period)s: nothing escalated."),
    sent=gettext_lazy("Escalated to %(who)s (%(unit)s, form %(form)s, %(period)s)."),
    already=gettext_lazy("Form %(form)s, %(period)s of %(unit)s was already escalated at %(when)s; it was not escalated again."),
    nobody=gettext_lazy("Nobody above %(unit)s approves or leads; nothing escalated."),
)


@require_POST
def overdue_remind(request: HttpRequest) -> HttpResponse:
    return _send_by_hand(request, REMIND)


@require_POST
def overdue_escalate(request: HttpRequest) -> HttpResponse:
    """Escalate a late report to the approvers and leaders above the unit now, not when the
    reminder job would (once: the job will not send it again)."""
    return _send_by_hand(request, ESCALATE)


def _send_by_hand(request: HttpRequest, by_hand: _ByHand) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("reporting:overdue_list"))
    form = form_get_for_user(request.user, request.POST.get("form", ""))
    unit_id = request.POST.get("unit", "")
    unit = OrgUnit.objects.filter(pk=int(unit_id)).first() if unit_id.isascii() and unit_id.isdigit() else None
    if form is None or unit is None or not user_can_view_unit(request.user, unit):
        raise Http404  # nothing learnt about forms or units the user may not see
    try:
        period = form_period_parse(form, request.POST.get("period", ""))
    except PeriodMismatch:
        raise Http404 from None
    if not user_may_remind(request.user, unit):
        audit_denied(request, f"{by_hand.action}.send", org_unit=unit, details={"form": form.code, "period": period.code})
        raise PermissionDenied(str(by_hand.refused))
    today = timezone.localdate()
    names = {"unit": unit.name, "form": form.code, "period": period.code}
    report = form_completeness(form=form, period=period, today=today, units=OrgUnit.objects.filter(pk=unit.pk))
    if not any(row.overdue for row in report.rows):
        messages.warning(request, str(by_hand.not_late) % names)
        return _back(request)
    result = by_hand.send(form=form, period=period, unit=unit, by=request.user, today=today)
    details = {"form": form.code, "period": period.code}
    if result.log is not None:
        audit_record(actor=request.user, action=f"{by_hand.action}.sent", obj=result.log, org_unit=unit, request=request,
                     details={**details, "recipients": list(result.recipients)})
        messages.success(request, str(by_hand.sent) % {**names, "who": ", ".join(result.recipients)})
    elif result.already is not None:
        audit_record(actor=request.user, action=f"{by_hand.action}.not_resent", obj=result.already, org_unit=unit,
                     request=request, details=details)
        sent_at = formats.date_format(timezone.localtime(result.already.sent_at), "SHORT_DATETIME_FORMAT")
        messages.info(request, str(by_hand.already) % {**names, "when": sent_at})
    else:
        messages.error(request, str(by_hand.nobody) % names)
    return _back(request)
