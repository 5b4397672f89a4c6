"""Pages of enterprise accounts: register, my enterprise (claims, consents), edit own
enterprise; and the officers' list of claims to verify. Thin: writes in accounts.py."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.audit.services import audit_denied
from dxtrack.enterprises.accounts import (
    VERIFIER_ROLES,
    consent_record,
    consents_current,
    enterprise_account_register,
    enterprise_claim,
    enterprise_update_own,
    membership_decide,
    user_may_verify,
)
from dxtrack.enterprises.eligibility import eligibility_reasons
from dxtrack.enterprises.forms import AccountRegisterForm, ClaimForm, ConsentForm, OwnEnterpriseForm
from dxtrack.enterprises.models import ConsentPurpose, EnterpriseMembership, SupportActivity
from dxtrack.enterprises.selectors import (
    claim_list_for_verifier,
    enterprise_get_own,
    framework_list_latest,
    membership_list_for_user,
    support_activity_list,
    user_may_search_registry,
    ward_ids_for_user,
)
from dxtrack.enterprises.support import enrolment_apply


def account_register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("enterprises:my_enterprise")
    form = AccountRegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = enterprise_account_register(
            username=form.cleaned_data["username"], email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"], consents=form.consents(), request=request,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready. Now claim your enterprise by its tax code."))
        return redirect("enterprises:my_enterprise")
    return render(request, "enterprises/account_register.html", {"form": form}, status=400 if form.errors else 200)


def _my_page(request: HttpRequest, *, claim_form: ClaimForm | None = None, status: int = 200) -> HttpResponse:
    current = consents_current(request.user)
    return render(request, "enterprises/my_enterprise.html", {
        "memberships": membership_list_for_user(request.user),
        "claim_form": claim_form or ClaimForm(),
        "consents": [(ConsentPurpose(purpose), granted) for purpose, granted in current.items()],
        "may_search": user_may_search_registry(request.user), "may_verify": request.user.is_superuser or _is_verifier(request),
    }, status=status)


@login_required
def my_enterprise(request: HttpRequest) -> HttpResponse:
    return _my_page(request)


@login_required
@require_POST
def claim_create(request: HttpRequest) -> HttpResponse:
    form = ClaimForm(request.POST)
    if form.is_valid():
        try:
            enterprise_claim(user=request.user, tax_code=form.cleaned_data["tax_code"])
        except ValidationError as error:
            form.add_error("tax_code", error)
        else:
            messages.success(request, _("Your claim was sent; an officer of the enterprise's ward will verify it."))
            return redirect("enterprises:my_enterprise")
    return _my_page(request, claim_form=form, status=400)


@login_required
@require_POST
def consent_update(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST)
    form.is_valid()  # booleans: always valid
    current = consents_current(request.user)
    for purpose, granted in form.consents().items():
        if granted != current[purpose]:
            consent_record(user=request.user, purpose=purpose, granted=granted, request=request)
    messages.success(request, _("Your choices were saved."))
    return redirect("enterprises:my_enterprise")


@login_required
def own_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = enterprise_get_own(request.user, pk)
    if enterprise is None:
        audit_denied(request, "enterprises.own_edit", details={"enterprise": pk})
        raise Http404
    initial = {name: getattr(enterprise, name) for name in ("name_en", "employees", "revenue_vnd", "capital_vnd", "is_it", "uses_e_contracts")}
    form = OwnEnterpriseForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            enterprise_update_own(enterprise=enterprise, by=request.user, **form.cleaned_data)
            messages.success(request, _("Saved. Your size class is now: %(size)s.") % {"size": enterprise.get_size_class_display()})
            return redirect("enterprises:own_edit", pk=enterprise.pk)
        return _own_page(request, enterprise, form, status=400)
    return _own_page(request, enterprise, form)


def _own_page(request: HttpRequest, enterprise, form: OwnEnterpriseForm, *, status: int = 200) -> HttpResponse:
    enrolled = {e.activity_id: e for e in enterprise.enrolments.all()}
    return render(request, "enterprises/own_edit.html", {
        "enterprise": enterprise, "form": form, "frameworks": framework_list_latest(),
        "activities": [(activity, enrolled.get(activity.pk), eligibility_reasons(enterprise, activity))
                       for activity in support_activity_list()],
        "assessments": enterprise.assessments.select_related("framework").order_by("-submitted_at")[:20],
    }, status=status)


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser and not _is_verifier(request):
        audit_denied(request, "enterprises.claim_list")
        raise PermissionDenied
    claims = claim_list_for_verifier(request.user, roles=VERIFIER_ROLES)
    return render(request, "enterprises/claim_list.html", {"claims": claims})


def _is_verifier(request: HttpRequest) -> bool:
    return bool(ward_ids_for_user(request.user, roles=VERIFIER_ROLES))


@login_required
@require_POST
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = EnterpriseMembership.objects.select_related("enterprise__ward").filter(pk=pk).first()
    if membership is None or not user_may_verify(request.user, membership.enterprise):
        audit_denied(request, "enterprises.claim_decide", details={"membership": pk})
        raise Http404
    try:
        membership_decide(membership=membership, by=request.user, approve=request.POST.get("decision") == "verify")
    except PermissionDenied:
        raise Http404 from None
    return redirect("enterprises:claim_list")


@login_required
@require_POST
def enrolment_create(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    enterprise = enterprise_get_own(request.user, pk)
    activity = SupportActivity.objects.filter(pk=activity_pk).first()
    if enterprise is None or activity is None:
        audit_denied(request, "enterprises.enrolment_create", details={"enterprise": pk, "activity": activity_pk})
        raise Http404
    fee = request.POST.get("fee_vnd", "").strip()
    try:
        enrolment_apply(enterprise=enterprise, activity=activity, fee_vnd=int(fee) if fee.isdigit() else None, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your application was sent; the department will decide on it."))
    return redirect("enterprises:own_edit", pk=enterprise.pk)
