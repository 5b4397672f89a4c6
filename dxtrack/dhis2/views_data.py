"""dataValueSets (GET: export, POST: import) and dataValues (one value: GET, POST, DELETE)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.audit.models import Outcome
from dxtrack.audit.services import audit_record
from dxtrack.dhis2.bodies import body_read, body_spool
from dxtrack.dhis2.dispatch import Call
from dxtrack.dhis2.exporting import export_audited, export_prepare
from dxtrack.dhis2.formats import MEDIA_TYPES, body_format
from dxtrack.dhis2.idschemes import PARAMETERS as SCHEME_PARAMETERS
from dxtrack.dhis2.idschemes import Identifiers, request_schemes
from dxtrack.dhis2.importing import import_set, strategy_of, summary
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
    if _flag(request, "async", False):
        raise Dhis2Error(400, _("async=true is not supported yet: send the set without async (the answer waits for the import)."))
    _flag(request, "preheatCache", False)  # a DHIS2 speed hint: checked, and nothing to do
    user = request.user
    if not user.is_superuser and not orgunit_list_for_user(user, roles=IMPORT_ROLES).exists():
        raise Dhis2Error(403, _("You may not import values: only reporters and programme officers may."))
    kind = body_format(request, ("json", "csv", "xml"))
    with body_spool(request) as spool:
        body = body_read(spool, kind, header=_flag(request, "firstRowIsHeader", True))
    schemes = request_schemes({**body.attributes, **{key: value for key, value in request.GET.items()}})
    outcome = import_set(body=body, identifiers=Identifiers(schemes), user=user, strategy=strategy, dry_run=dry_run)
    if not dry_run:
        audit_record(
            actor=user, action="values.import", outcome=Outcome.FAILED if outcome.conflicts else Outcome.SUCCESS,
            request=request, details={
                "source": "api", "api": "dhis2", "format": f"dhis2-{kind}", "rows": len(body.entries),
                "strategy": strategy, "created": outcome.imported, "updated": outcome.updated,
                "deleted": outcome.deleted, "ignored": outcome.ignored, "conflicts": len(outcome.conflicts),
            },
        )
    status, message = summary(outcome, strategy=strategy, dry_run=dry_run, schemes=schemes)
    return JsonResponse(message, status=status, json_dumps_params={"ensure_ascii": False})
