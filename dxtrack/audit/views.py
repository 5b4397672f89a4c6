"""The audit log for staff: filter by dates, actor and action, page through it, download it as
CSV for an inspector (streamed; the download itself is audited). Staff and superusers only:
the log names every person and address."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dxtrack.audit.export import audit_csv_lines, audit_events_filtered
from dxtrack.audit.models import AuditEvent
from dxtrack.audit.services import audit_record
from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of

PAGE_SIZE = 50
EXPORTED = "audit.export"


class AuditFilterForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Event"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", _("All events")), *((a, a) for a in actions)]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The first day is after the last day."))
        return data


def _staff_only(request: HttpRequest) -> None:
    if not (request.user.is_staff or request.user.is_superuser):
        raise PermissionDenied


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, object]:
    form = AuditFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    return form, audit_events_filtered(
        since=data.get("since"), until=data.get("until"), actor=data.get("actor", ""), action=data.get("action", ""),
    )


@never_cache
@login_required
@require_GET
def audit_event_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form, events = _filtered(request)
    page = None
    if events is not None:
        # Newest first on screen; the CSV keeps the inspector's order, oldest first.
        try:
            page = page_of(request, events.reverse(), PAGE_SIZE)
        except MalformedPage as reason:  # decision 0025: a malformed ?page= is a 400 naming it
            return bad_parameter_response(request, reason)
    return render(request, "audit/event_list.html", {"form": form, "page": page}, status=200 if events is not None else 400)


@never_cache
@login_required
@require_GET
def audit_event_csv(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form, events = _filtered(request)
    if events is None:
        return render(request, "audit/event_list.html", {"form": form, "page": None}, status=400)
    audit_record(actor=request.user, action=EXPORTED, object_type="audit.auditevent", request=request,
                 details={key: str(value or "") for key, value in (form.cleaned_data if request.GET else {}).items()})
    response = StreamingHttpResponse(audit_csv_lines(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.csv"'
    return response
