"""Data entry and approval pages: one unit's form for one period, its history, the user's list."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dxtrack.accounts.selectors import user_can_view_unit
from dxtrack.common.numbers import NotANumber, parse_decimal
from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of
from dxtrack.orgunits.models import OrgUnit
from dxtrack.reporting.entry import entry_rows, submissions_for_user
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import (
    DataValue,
    DataValueVersion,
    ReportingForm,
    Submission,
    SubmissionStatus,
)
from dxtrack.reporting.selectors import PeriodMismatch, form_has_period, form_period_parse
from dxtrack.reporting.workflow import (
    EDITABLE,
    Entry,
    SubmissionRejected,
    TransitionNotAllowed,
    submission_approve,
    submission_reopen,
    submission_return,
    submission_save,
    user_may_approve,
    user_may_report,
    user_may_report_for,
)


def _submission_for(request: HttpRequest, submission_id: int) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related("form__programme", "org_unit"), pk=submission_id)
    if not user_can_view_unit(request.user, submission.org_unit):
        raise Http404  # says nothing about whether the form exists
    return submission


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/submission_list.html", {"groups": submissions_for_user(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def submission_start(request: HttpRequest, form_code: str, unit_id: int, period: str) -> HttpResponse:
    """A unit's report of a form for a period (the link of reminders and of My forms).

    GET never writes: it leads to the submission when there is one, else it offers to start
    it. Starting is a POST, by a reporter of the unit, for a period the form has."""
    form = get_object_or_404(ReportingForm.objects.select_related("programme"), code=form_code, is_active=True)
    unit = get_object_or_404(OrgUnit, pk=unit_id)
    if not user_can_view_unit(request.user, unit):
        raise Http404
    try:
        parsed = form_period_parse(form, period)
    except PeriodMismatch as error:
        raise Http404 from error
    if not form_has_period(form, parsed, timezone.localdate()):
        raise Http404  # 1900, next year: no such report
    existing = Submission.objects.filter(form=form, org_unit=unit, period=parsed.code).first()
    if existing is not None:
        return redirect("reporting:entry", existing.pk)
    may_start = user_may_report_for(request.user, unit)
    if request.method == "GET":
        return render(
            request, "reporting/submission_start.html",
            {"form": form, "unit": unit, "period": parsed, "may_start": may_start},
        )
    if not may_start:
        raise PermissionDenied(_("Only the unit's reporters start its report."))
    try:
        submission = submission_ensure(form=form, org_unit=unit, period=parsed.code)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:submission_list")
    return redirect("reporting:entry", submission.pk)


def _entries_from_post(request: HttpRequest, submission: Submission) -> tuple[list[Entry], dict[int, list[str]]]:
    language = get_language() or "vi"
    entries, errors = [], {}
    for link in submission.form.form_indicators.select_related("indicator"):
        indicator, prefix = link.indicator, f"i{link.indicator_id}-"
        numbers: dict[str, Decimal | None] = {}
        for name in ("value", "numerator", "denominator"):
            try:
                numbers[name] = parse_decimal(request.POST.get(prefix + name, ""), language=language)
            except NotANumber:
                errors.setdefault(indicator.pk, []).append(
                    _("“%(text)s” is not a number.") % {"text": request.POST.get(prefix + name, "")[:40]}
                )
                numbers[name] = None
        version = request.POST.get(prefix + "version", "")
        if indicator.has_parts and numbers["numerator"] is not None:
            numbers["value"] = None  # the percentage shown is computed from the parts
        entries.append(
            Entry(
                indicator=indicator, note=request.POST.get(prefix + "note", "").strip(),
                expected_version=int(version) if version.isdigit() else None, **numbers,
            )
        )
    return entries, errors


@login_required
def submission_entry(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _submission_for(request, submission_id)
    errors: dict = {}
    conflicts: dict = {}
    posted = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        expected = request.POST.get("submission_version", "")
        expected_version = int(expected) if expected.isdigit() else None
        try:
            if action in ("save", "submit"):
                entries, errors = _entries_from_post(request, submission)
                posted = request.POST
                if errors:
                    # Said at the top too: on a phone the marked cell may be a screen away.
                    messages.error(request, _("Nothing was saved; correct the fields marked below."))
                else:
                    result = submission_save(
                        submission=submission, entries=entries, user=request.user, submit=action == "submit"
                    )
                    if action == "submit":
                        messages.success(request, _("Submitted for approval."))
                    elif result.changed:
                        messages.success(request, _("Saved %(n)d values.") % {"n": len(result.changed)})
                    else:
                        messages.info(request, _("Nothing changed."))
                    return redirect("reporting:entry", submission.pk)
            elif action == "return":
                submission_return(submission=submission, user=request.user, comment=request.POST.get("comment", ""), expected_version=expected_version)
                messages.success(request, _("Returned to the unit for correction."))
                return redirect("reporting:entry", submission.pk)
            elif action == "approve":
                submission_approve(submission=submission, user=request.user, expected_version=expected_version)
                messages.success(request, _("Approved."))
                return redirect("reporting:entry", submission.pk)
            elif action == "reopen":
                submission_reopen(submission=submission, user=request.user, comment=request.POST.get("comment", ""), expected_version=expected_version)
                messages.success(request, _("Reopened; changes will be marked until approved again."))
                return redirect("reporting:entry", submission.pk)
            else:
                return HttpResponse(status=400)
        except PermissionDenied:
            raise
        except SubmissionRejected as rejected:
            errors, conflicts = rejected.errors, rejected.conflicts
            messages.error(request, _("Nothing was saved; correct the fields marked below."))
        except TransitionNotAllowed as refused:
            messages.error(request, str(refused))
            return redirect("reporting:entry", submission.pk)
        except ValidationError as invalid:
            messages.error(request, " ".join(invalid.messages))
            return redirect("reporting:entry", submission.pk)
        submission.refresh_from_db()
    can_edit = submission.status in EDITABLE and user_may_report(request.user, submission)
    may_approve = user_may_approve(request.user, submission)
    status = 409 if conflicts else (422 if errors else 200)
    return render(
        request,
        "reporting/submission_entry.html",
        {
            "submission": submission,
            "rows": entry_rows(submission, posted=posted, errors=errors, conflicts=conflicts),
            "general_errors": errors.get("__all__", []),
            "can_edit": can_edit,
            "can_approve": may_approve and submission.status == SubmissionStatus.SUBMITTED,
            "can_reopen": may_approve and submission.status == SubmissionStatus.APPROVED,
            "events": submission.events.select_related("actor").order_by("-at", "-pk")[:20],
        },
        status=status,
    )


HISTORY_PER_PAGE = 50


@login_required
def submission_history(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The workflow events and the value changes (50 a page, newest first, `?indicator=` to
    follow one indicator; an indicator not on the form is a 400 naming the parameter)."""
    submission = _submission_for(request, submission_id)
    indicators = [fi.indicator for fi in submission.form.form_indicators.select_related("indicator").order_by("order")]
    chosen = request.GET.get("indicator", "").strip()
    if chosen and chosen not in {indicator.code for indicator in indicators}:
        return bad_parameter_response(
            request, _("indicator: “%(code)s” is not an indicator of form %(form)s.") % {"code": chosen[:40], "form": submission.form.code}
        )
    versions = (
        DataValueVersion.objects.filter(org_unit=submission.org_unit, period=submission.period,
                                        indicator_id__in=[i.pk for i in indicators if not chosen or i.code == chosen])
        .select_related("indicator", "recorded_by")
        .order_by("-recorded_at", "-pk")
    )
    try:
        page = page_of(request, versions, HISTORY_PER_PAGE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    return render(
        request,
        "reporting/submission_history.html",
        {"submission": submission, "page": page, "indicators": indicators, "chosen": chosen,
         "events": submission.events.select_related("actor").order_by("-at", "-pk")},
    )


@login_required
def value_history(request: HttpRequest, value_id: int) -> HttpResponse:
    value = get_object_or_404(DataValue.objects.select_related("indicator", "org_unit"), pk=value_id)
    if not user_can_view_unit(request.user, value.org_unit):
        raise Http404
    try:
        page = page_of(request, value.versions.select_related("recorded_by").order_by("-version"), HISTORY_PER_PAGE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    return render(request, "reporting/value_history.html", {"value": value, "page": page})
