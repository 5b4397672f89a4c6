"""Officers' pages of the support programmes: the programmes, a programme's dashboard, its
enrolments (filters, pages) and the decisions on them. Thin: writes in support.py, figures in
support_figures.py.

Who: enrolments and decisions are for programme officers, on the enterprises of their wards (a
superuser: all); the dashboard for anyone with a unit role, every figure of it over the
reader's area (`area_ward_ids_for_user`: a ward's officer their wards, an agency's the unit it
serves, the programme office all). Only when the area holds the whole programme are the
figures measured against the programme's targets and budget.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.audit.services import audit_denied
from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of, pager_query
from dxtrack.enterprises.accounts import VERIFIER_ROLES
from dxtrack.enterprises.forms import EnrolmentFilterForm
from dxtrack.enterprises.models import Enrolment, SupportProgramme
from dxtrack.enterprises.selectors import (
    area_ward_ids_for_user,
    user_may_read_area_figures,
    ward_ids_for_user,
)
from dxtrack.enterprises.support import enrolment_approve, enrolment_complete, enrolment_reject
from dxtrack.enterprises.support_figures import programme_figures, progress

PER_PAGE = 50


def _officer_wards(request: HttpRequest) -> set[int] | None:
    """The wards whose enrolments the user decides on (None: all); PermissionDenied for non-officers."""
    wards = ward_ids_for_user(request.user, roles=VERIFIER_ROLES)
    if wards is not None and not wards:
        raise PermissionDenied
    return wards


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    if not user_may_read_area_figures(request.user):
        audit_denied(request, "enterprises.programme_list")
        raise PermissionDenied
    return render(request, "enterprises/programme_list.html", {
        "programmes": SupportProgramme.objects.order_by("-starts_on", "code"),
        "may_decide": ward_ids_for_user(request.user, roles=VERIFIER_ROLES) != set(),
    })


@login_required
def programme_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    if not user_may_read_area_figures(request.user):
        audit_denied(request, "enterprises.programme_dashboard", details={"programme": code})
        raise PermissionDenied
    programme = get_object_or_404(SupportProgramme, code=code)
    figures = programme_figures(programme, ward_ids=area_ward_ids_for_user(request.user))
    trained, consulted = len(figures.total.trained), len(figures.total.consulted)
    whole = figures.whole_programme

    def measured(done: int, target: int):  # a part of the programme is not measured against its target
        return progress(done, target) if whole else None

    return render(request, "enterprises/programme_dashboard.html", {
        "programme": programme, "figures": figures,
        "headline": [
            (_("Enterprises trained"), trained, programme.target_trained, measured(trained, programme.target_trained), "trained"),
            (_("Enterprises consulted"), consulted, programme.target_consulted,
             measured(consulted, programme.target_consulted), "consulted"),
        ],
        "budget_share": measured(figures.total.committed_vnd, programme.budget_vnd),
        "may_decide": ward_ids_for_user(request.user, roles=VERIFIER_ROLES) != set(),
    })


@login_required
def enrolment_list(request: HttpRequest, code: str) -> HttpResponse:
    try:
        wards = _officer_wards(request)
    except PermissionDenied:
        audit_denied(request, "enterprises.enrolment_list", details={"programme": code})
        raise
    programme = get_object_or_404(SupportProgramme, code=code)
    enrolments = Enrolment.objects.filter(activity__programme=programme).select_related("activity", "enterprise__ward")
    if wards is not None:
        enrolments = enrolments.filter(enterprise__ward_id__in=wards)
    form = EnrolmentFilterForm(request.GET or None, programme=programme)
    if form.is_valid():
        enrolments = form.apply(enrolments)
    elif form.is_bound:
        enrolments = enrolments.none()
    try:
        page = page_of(request, enrolments.order_by("-applied_at", "-pk"), PER_PAGE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    return render(request, "enterprises/enrolment_list.html", {
        "programme": programme, "form": form, "page": page, "params": pager_query(request),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def enrolment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    wards = ward_ids_for_user(request.user, roles=VERIFIER_ROLES)
    enrolment = Enrolment.objects.select_related("activity__programme", "enterprise").filter(pk=pk).first()
    if enrolment is None or (wards is not None and enrolment.enterprise.ward_id not in wards):
        audit_denied(request, "enterprises.enrolment_decide", details={"enrolment": pk})
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "approve":
            enrolment_approve(enrolment=enrolment, by=request.user)
        elif action == "reject":
            enrolment_reject(enrolment=enrolment, by=request.user, reason=request.POST.get("reason", ""))
        elif action == "complete":
            enrolment_complete(enrolment=enrolment, by=request.user, outcome=request.POST.get("outcome", ""))
        else:
            raise ValidationError(_("Choose approve, reject or complete."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved: %(enterprise)s, %(activity)s.") % {
            "enterprise": enrolment.enterprise.name, "activity": enrolment.activity.name})
    target = reverse("enterprises:enrolment_list", kwargs={"code": enrolment.activity.programme.code})
    back = request.POST.get("next", "")
    # Back to the list as filtered; only a query string is taken, so it never leads off the site.
    return redirect(target + back if back.startswith("?") and "/" not in back else target)
