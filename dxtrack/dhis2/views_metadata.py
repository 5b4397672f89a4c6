"""The metadata resources: lists (with DHIS2's fields, filter, order and paging), single
objects by UID, and identifiableObjects/<uid>. A user sees only the units they may read, the
indicators of programmes they may see and the forms they follow; anything else is 404, as
for a UID that names nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from dxtrack.dhis2 import metadata
from dxtrack.dhis2.dispatch import Call
from dxtrack.dhis2.query import check_parameters, query_collection, query_object
from dxtrack.dhis2.uids import ids_for, object_named
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator
from dxtrack.reporting.models import ReportingForm

# collection name → builder(user) of its full items
COLLECTIONS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    "organisationUnits": lambda user: metadata.org_units(user),
    "organisationUnitLevels": lambda user: metadata.org_unit_levels(),
    "dataElements": metadata.data_elements,
    "dataSets": metadata.data_sets,
    "categoryCombos": lambda user: metadata.category_combos(),
    "categoryOptionCombos": lambda user: metadata.category_option_combos(),
    "categories": lambda user: metadata.categories(),
    "categoryOptions": lambda user: metadata.category_options(),
}
_MODELS = {OrgUnit: "organisationUnits", Indicator: "dataElements", ReportingForm: "dataSets"}
_DEFAULT_COLLECTIONS = {
    "default_category_option_combo": "categoryOptionCombos", "default_category_combo": "categoryCombos",
    "default_category": "categories", "default_category_option": "categoryOptions",
}


def _json(body: Any) -> JsonResponse:
    return JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})


def collection_list(request: HttpRequest, call: Call) -> HttpResponse:
    name = call.args["collection"]
    return _json(query_collection(request, name, COLLECTIONS[name](request.user)))


def collection_get(request: HttpRequest, call: Call) -> HttpResponse:
    item = _item(request.user, call.args["collection"], call.args["uid"])
    return _json(query_object(request, item))


def filled_levels(request: HttpRequest, call: Call) -> HttpResponse:
    check_parameters(request)
    return _json(metadata.filled_org_unit_levels())


def identifiable_object(request: HttpRequest, call: Call) -> HttpResponse:
    uid = call.args["uid"]
    model, _pk, default = object_named(uid)
    collection = _MODELS.get(model) if model is not None else _DEFAULT_COLLECTIONS.get(default or "")
    if collection is None:
        raise Http404
    item = _item(request.user, collection, uid)
    found = {key: item[key] for key in ("id", "code", "name", "displayName") if key in item}
    found["href"] = request.build_absolute_uri(f"/api/{collection}/{uid}")
    return _json(query_object(request, found))


def _item(user: Any, collection: str, uid: str) -> dict[str, Any]:
    """The full item of one UID the user may see, else Http404."""
    if collection == "organisationUnits":
        ids = ids_for(OrgUnit, [uid])
        items = metadata.org_units(user, only=set(ids.values())) if ids else []
    else:
        items = COLLECTIONS[collection](user)
    for item in items:
        if item["id"] == uid:
            return item
    raise Http404
