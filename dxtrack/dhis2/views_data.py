"""dataValueSets (GET: export, POST: import) and dataValues (one value: GET, POST, DELETE)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.dhis2.bodies import body_read, body_spool
from dxtrack.dhis2.dispatch import Call
from dxtrack.dhis2.exporting import export_audited, export_prepare
from dxtrack.dhis2.formats import MEDIA_TYPES, body_format
from dxtrack.dhis2.idschemes import PARAMETERS as SCHEME_PARAMETERS
from dxtrack.dhis2.idschemes import request_schemes
from dxtrack.dhis2.importing import import_recorded, strategy_of
from dxtrack.dhis2.jobs import job_accepted, job_create
from dxtrack.dhis2.webmessage import Dhis2Error
from dxtrack.reporting.imports.check import IMPORT_ROLES


def data_value_sets_get(request: HttpRequest, call: Call) -> HttpResponse:
    export = export_prepare(request)
    response = StreamingHttpResponse(export_audited(request, export, call.format), content_type=MEDIA_TYPES[call.format] + "; charset=utf-8")
    if call.format == "csv":
        response["Content-Disposition"] = 'attachment; filename="dataValueSets.csv"'
    return response


POST_PARAMETERS = {
    "dryRun", "importStrategy", "async", "preheatCache", "firstRowIsHeader",
    *(name for name in SCHEME_PARAMETERS if not name.startswith("input")),
}


def _flag(request: HttpRequest, name: str, default: bool) -> bool:
    text = request.GET.get(name)
    if text is None:
        return default
    if text.lower() not in ("true", "false"):
        raise Dhis2Error(400, _("%(name)s must be true or false, not “%(value)s”.") % {"name": name, "value": text[:40]})
    return text.lower() == "true"


def data_value_sets_post(request: HttpRequest, call: Call) -> HttpResponse:
    unknown = sorted(set(request.GET) - POST_PARAMETERS)
    if unknown:
        raise Dhis2Error(400, _("Parameter %(names)s is not supported by a dataValueSets import; docs/dhis2.md lists those that are.") % {
            "names": ", ".join(unknown),
        })
    dry_run = _flag(request, "dryRun", False)
    strategy = strategy_of(request.GET.get("importStrategy", ""))
    if strategy is None:
        raise Dhis2Error(400, _("importStrategy must be CREATE, UPDATE, CREATE_AND_UPDATE or DELETE, not “%(value)s”.") % {
            "value": request.GET.get("importStrategy", "")[:40],
        })
    asynchronous = _flag(request, "async", False)
    header = _flag(request, "firstRowIsHeader", True)
    _flag(request, "preheatCache", False)  # a DHIS2 speed hint: checked, and nothing to do
    user = request.user
    if not user.is_superuser and not orgunit_list_for_user(user, roles=IMPORT_ROLES).exists():
        raise Dhis2Error(403, _("You may not import values: only reporters and programme officers may."))
    kind = body_format(request, ("json", "csv", "xml"))
    query = {key: value for key, value in request.GET.items()}
    with body_spool(request) as spool:
        if asynchronous:
            job = job_create(user=user, spool=spool, parameters={
                "strategy": strategy, "dryRun": dry_run, "format": kind, "firstRowIsHeader": header, "query": query,
                "language": get_language() or "vi",
            })
            return JsonResponse(job_accepted(request, job), json_dumps_params={"ensure_ascii": False})
        body = body_read(spool, kind, header=header)
    schemes = request_schemes({**body.attributes, **query})
    status, message = import_recorded(
        body=body, schemes=schemes, user=user, strategy=strategy, dry_run=dry_run, kind=kind, request=request,
    )
    return JsonResponse(message, status=status, json_dumps_params={"ensure_ascii": False})
