"""The enterprises API: the registry as the caller may read it (see selectors.py for who
reads which ward). Personal IDs of household businesses are always masked here."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from dxtrack.api.schemas import ErrorOut
from dxtrack.enterprises.models import Enterprise
from dxtrack.enterprises.schemas import (
    EnterpriseFilterIn,
    EnterpriseOut,
    EnterprisePageOut,
    TaxCode,
)
from dxtrack.enterprises.selectors import (
    RegistryQuery,
    enterprise_get_by_code_for_user,
    enterprise_list_for_user,
    enterprise_search,
)

router = Router()
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _out(enterprise: Enterprise) -> dict[str, Any]:
    return {
        "tax_code": enterprise.identifier_masked, "identifier_type": enterprise.identifier_type,
        "name": enterprise.name_vi, "name_en": enterprise.name_en, "legal_form": enterprise.legal_form,
        "vsic": enterprise.vsic, "vsic_version": enterprise.vsic_version, "size_class": enterprise.size_class,
        "employees": enterprise.employees, "revenue_vnd": enterprise.revenue_vnd, "capital_vnd": enterprise.capital_vnd,
        "ward": enterprise.ward.code, "ward_name": enterprise.ward.name,
        "ward_before_2025": enterprise.ward_before_2025.code if enterprise.ward_before_2025_id else None,
        "status": enterprise.status,
        "status_since": enterprise.status_since.isoformat() if enterprise.status_since else None,
        "is_it": enterprise.is_it, "sample": enterprise.is_sample,
    }


@router.get("/enterprises", response={200: EnterprisePageOut, **ERRORS}, operation_id="enterprises_list", tags=["enterprises"])
def enterprises_list(request: HttpRequest, filters: Query[EnterpriseFilterIn]) -> Any:
    """The enterprises of the wards you may read, by name; filters as on the registry page.
    Without a unit role the list is empty."""
    query = RegistryQuery(
        text=filters.q or "", vsic=filters.vsic or "", ward=filters.ward or "", size=filters.size or "", it_only=filters.it,
    )
    found = enterprise_search(enterprise_list_for_user(request.user), query)
    page = found.select_related("ward", "ward_before_2025")[filters.offset:filters.offset + filters.limit]
    return {"count": found.count(), "limit": filters.limit, "offset": filters.offset, "items": [_out(e) for e in page]}


@router.get("/enterprises/{code}", response={200: EnterpriseOut, **ERRORS}, operation_id="enterprises_get", tags=["enterprises"])
def enterprises_get(request: HttpRequest, code: TaxCode) -> Any:
    """One enterprise by its tax code (10 or 13 digits, dash optional)."""
    enterprise = enterprise_get_by_code_for_user(request.user, code)
    if enterprise is None:
        raise HttpError(404, _("No enterprise with tax code %(code)s that you may see.") % {"code": code})
    return _out(enterprise)
