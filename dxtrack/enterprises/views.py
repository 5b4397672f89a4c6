"""Registry pages for the people who run the programme: search, and one enterprise. Thin:
reads in selectors.py, every row filtered to the wards the user may see."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dxtrack.audit.services import audit_denied, audit_record
from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of
from dxtrack.enterprises.forms import RegistrySearchForm
from dxtrack.enterprises.import_jobs import registry_wards_managed
from dxtrack.enterprises.selectors import (
    RegistryQuery,
    enterprise_get_for_user,
    enterprise_list_for_user,
    enterprise_search,
    user_may_search_registry,
    ward_choices_for_user,
)
from dxtrack.enterprises.vsic import vsic_division

PER_PAGE = 50


def registry_search(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_may_search_registry(request.user):
        audit_denied(request, "enterprises.registry_search")
        raise PermissionDenied
    form = RegistrySearchForm(request.GET or None, wards=ward_choices_for_user(request.user))
    query = form.query() if form.is_valid() else RegistryQuery()
    if form.is_bound and not form.is_valid():
        results = enterprise_list_for_user(request.user).none()
    else:
        results = enterprise_search(enterprise_list_for_user(request.user), query)
    try:
        page = page_of(request, results, PER_PAGE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    return render(request, "enterprises/registry_search.html", {
        "form": form, "page": page, "may_import": registry_wards_managed(request.user) != set(),
        "sample_shown": any(enterprise.is_sample for enterprise in page),
    })


def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    enterprise = enterprise_get_for_user(request.user, pk)
    if enterprise is None:
        audit_denied(request, "enterprises.enterprise_detail", details={"enterprise": pk})
        raise Http404
    if enterprise.is_personal_id:
        # A personal ID is shown in full here only, and each showing is on record (Law 91/2025).
        audit_record(actor=request.user, action="enterprises.personal_id_view", obj=enterprise,
                     org_unit=enterprise.ward, request=request)
    return render(request, "enterprises/enterprise_detail.html", {
        "enterprise": enterprise, "division": vsic_division(enterprise.vsic),
    })
