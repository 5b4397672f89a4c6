"""dataValues: one value, as DHIS2's data entry sends it (`de`, `pe`, `ou`, `co`, `value`,
`comment`, in the query string or a form body; UIDs).

- GET answers `["<value>"]` (DHIS2's shape) with the value's version as ETag;
- POST records it: 201, or 409 with DHIS2's conflict codes;
- DELETE deletes it, keeping its history: 204, or 404 when there was none.

POST and DELETE go through the same import service and `value_delete` as dataValueSets
(rights, period, type, approvals, history), one value at a time. `If-Match: "<version>"`
makes them optimistic: when somebody saved the value since that version, 412 and nothing is
written. `co` numerator or denominator changes one part of a percentage; the other part is
the stored one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.dhis2.bodies import Body
from dxtrack.dhis2.dispatch import Call
from dxtrack.dhis2.exporting import dhis2_timestamp
from dxtrack.dhis2.idschemes import Identifiers, request_schemes
from dxtrack.dhis2.importing import Outcome, import_set
from dxtrack.dhis2.webmessage import Dhis2Error, web_message
from dxtrack.reporting.exports import number
from dxtrack.reporting.imports.check import IMPORT_ROLES
from dxtrack.reporting.models import DataValue
from dxtrack.reporting.selectors import value_list_for_user

PARAMETERS = {"de", "pe", "ou", "co", "cc", "cp", "ds", "value", "comment", "followUp"}


def _given(request: HttpRequest) -> dict[str, str]:
    given = {key: value for key, value in request.GET.items()}
    if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        given.update({key: value for key, value in request.POST.items()})
    unknown = sorted(set(given) - PARAMETERS)
    if unknown:
        raise Dhis2Error(400, _("Parameter %(names)s is not supported by dataValues; use de, pe, ou, co, value, comment.") % {
            "names": ", ".join(unknown),
        })
    for name in ("de", "pe", "ou"):
        if not given.get(name, "").strip():
            raise Dhis2Error(409, _("Give %(name)s (the data element, period and org unit of the value).") % {"name": name}, error_code="E7610")
    if given.get("cc") or given.get("cp"):
        raise Dhis2Error(409, _("dxtrack has only the default attribute option combo: leave cc and cp out."), error_code="E7615")
    return given


def _stored(request: HttpRequest, given: dict[str, str]) -> DataValue | None:
    identifiers = Identifiers(request_schemes({}))
    elements = identifiers.element_in(given["de"])
    units = identifiers.unit_in(given["ou"], given["pe"])
    try:
        period = parse_period(given["pe"]).code
    except AnalyticsError:
        raise Dhis2Error(409, _("Period not valid: “%(period)s”.") % {"period": given["pe"][:40]}, error_code="E7611") from None
    if len(elements) != 1:
        raise Dhis2Error(409, _("Data element not found or not accessible: “%(id)s”.") % {"id": given["de"][:40]}, error_code="E7610")
    if len(units) != 1:
        raise Dhis2Error(409, _("Organisation unit not found or not accessible: “%(id)s”.") % {"id": given["ou"][:40]}, error_code="E7612")
    return value_list_for_user(request.user, indicators=elements, units=units, periods=[period]).select_related("recorded_by").first()


def data_value_get(request: HttpRequest, call: Call) -> HttpResponse:
    given = _given(request)
    value = _stored(request, given)
    if value is None:
        return web_message(404, _("There is no value for this data element, period and org unit."))
    part = Identifiers(request_schemes({})).combo_in(given.get("co", ""))
    figure = {"numerator": value.numerator, "denominator": value.denominator}.get(part or "", value.value)
    response = JsonResponse([number(figure)], safe=False)
    response["ETag"] = f'"{value.version}"'
    response["Last-Modified"] = dhis2_timestamp(value.recorded_at)
    return response


def _expected_version(request: HttpRequest) -> int | None:
    text = request.headers.get("If-Match", "").strip().strip('"')
    if not text:
        return None
    if not text.isdigit():
        raise Dhis2Error(400, _("If-Match must be the value's version (its ETag), such as \"3\"."))
    return int(text)


def _run(request: HttpRequest, given: dict[str, str], entries: list[dict[str, Any]], strategy: str) -> Outcome:
    """Import or delete the one value; its conflicts become a 409 WebMessage."""
    expected = _expected_version(request)
    with transaction.atomic():
        if expected is not None:
            current = _stored(request, given)
            if current is not None:  # held until the write, so the check and the write are one
                current = DataValue.objects.select_for_update().get(pk=current.pk)
            found = current.version if current is not None else 0
            if found != expected:
                raise Dhis2Error(412, _(
                    "Somebody changed this value since you read version %(expected)d (it is now at version %(found)d); "
                    "read it again."
                ) % {"expected": expected, "found": found})
        outcome = import_set(
            body=Body(entries=entries), identifiers=Identifiers(request_schemes({})), user=request.user,
            strategy=strategy, dry_run=False,
        )
    if outcome.conflicts:
        first = outcome.conflicts[0]
        raise Dhis2Error(409, first["value"], error_code=first["errorCode"], response={
            "responseType": "ImportSummary", "status": "ERROR", "conflicts": outcome.conflicts,
        })
    return outcome


def _may_write(request: HttpRequest) -> None:
    user = request.user
    if not user.is_superuser and not orgunit_list_for_user(user, roles=IMPORT_ROLES).exists():
        raise Dhis2Error(403, _("You may not change values: only reporters and programme officers may."))


def data_value_post(request: HttpRequest, call: Call) -> HttpResponse:
    _may_write(request)
    given = _given(request)
    if "value" not in given and "comment" not in given:
        raise Dhis2Error(409, _("Give a value (or a comment) to save."), error_code="E7618")
    identifiers = Identifiers(request_schemes({}))
    part = identifiers.combo_in(given.get("co", ""))
    if part is None:
        raise Dhis2Error(409, _("Category option combo not found: “%(id)s”.") % {"id": given.get("co", "")[:40]}, error_code="E7613")
    entry = {"dataElement": given["de"], "period": given["pe"], "orgUnit": given["ou"], "value": given.get("value", ""),
             "comment": given.get("comment", "")}
    entries = [{**entry, "categoryOptionCombo": part}]
    if part:
        stored = _stored(request, given)
        other = "denominator" if part == "numerator" else "numerator"
        kept = getattr(stored, other) if stored is not None else None
        if kept is None:
            raise Dhis2Error(409, _("Send the value with both its numerator and denominator first; then one part may change."), error_code="E7619")
        entries.append({**entry, "categoryOptionCombo": other, "value": number(kept), "comment": ""})
        entries.sort(key=lambda item: item["categoryOptionCombo"] != "numerator")
    elif "value" not in given:
        stored = _stored(request, given)
        if stored is None:
            raise Dhis2Error(409, _("There is no value to comment on: give a value."), error_code="E7618")
        entries[0]["value"] = number(stored.value)
    _run(request, given, entries, "CREATE_AND_UPDATE")
    return web_message(201, _("The value was saved."))


def data_value_delete(request: HttpRequest, call: Call) -> HttpResponse:
    _may_write(request)
    given = _given(request)
    entry = {"dataElement": given["de"], "period": given["pe"], "orgUnit": given["ou"], "value": ""}
    outcome = _run(request, given, [entry], "DELETE")
    if not outcome.deleted:
        return web_message(404, _("There is no value for this data element, period and org unit."))
    return HttpResponse(status=204)
