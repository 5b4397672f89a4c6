"""system/info and me, in DHIS2's shapes: the first calls a DHIS2 client makes.

`system/info` says "2.40.0" so that clients' version checks pass (the DHIS2 API we follow,
docs/dhis2.md), and our own version under `dxtrack`. `me` lists the units the user captures
data for (reporter, programme officer) as `organisationUnits` and those they read as
`dataViewOrganisationUnits`, with authorities derived from the roles.
"""

from __future__ import annotations

from importlib import metadata

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import get_language

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.accounts.selectors import UNIT_DATA_ROLES
from dxtrack.dhis2.dispatch import Call
from dxtrack.dhis2.exporting import dhis2_timestamp
from dxtrack.dhis2.jobs import JOB_TYPE, job_for, job_notifications
from dxtrack.dhis2.uids import named_uid, uid_for, uids_for
from dxtrack.orgunits.models import OrgUnit
from dxtrack.reporting.imports.check import IMPORT_ROLES
from dxtrack.reporting.models import ReportingForm
from dxtrack.reporting.selectors import form_list_for_user

DHIS2_VERSION = "2.40.0"
# What each of our roles lets a DHIS2 client do, in DHIS2's authority names.
AUTHORITIES = {
    Role.REPORTER: ("F_DATAVALUE_ADD", "F_DATAVALUE_DELETE", "M_dhis-web-dataentry"),
    Role.PROGRAMME_OFFICER: ("F_DATAVALUE_ADD", "F_DATAVALUE_DELETE", "M_dhis-web-dataentry", "F_VIEW_UNAPPROVED_DATA"),
    Role.APPROVER: ("F_APPROVE_DATA", "F_VIEW_UNAPPROVED_DATA"),
    Role.LEADER: ("F_VIEW_UNAPPROVED_DATA",),
}


def _version() -> str:
    try:
        return metadata.version("dxtrack")
    except metadata.PackageNotFoundError:
        return "unknown"


def system_info(request: HttpRequest, call: Call) -> HttpResponse:
    now = timezone.now()
    base = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse({
        "contextPath": base,
        "instanceBaseUrl": base,
        "userAgent": request.headers.get("User-Agent", ""),
        "calendar": "iso8601",
        "dateFormat": "yyyy-mm-dd",
        "serverDate": dhis2_timestamp(now),
        "serverTimeZoneId": settings.TIME_ZONE,
        "serverTimeZoneDisplayName": settings.TIME_ZONE,
        "version": DHIS2_VERSION,
        "revision": f"dxtrack-{_version()}",
        "systemName": "dxtrack",
        "systemId": named_uid("system"),
        "isMetadataVersionEnabled": False,
        "dxtrack": {"version": _version(), "api": "/api/v1/", "dhis2Compatibility": "docs/dhis2.md"},
    })


def me(request: HttpRequest, call: Call) -> HttpResponse:
    user: User = request.user
    assignments = list(RoleAssignment.objects.filter(user=user).select_related("org_unit").order_by("role", "org_unit__code"))
    if user.is_superuser:
        capture = view_units = list(OrgUnit.objects.filter(parent__isnull=True).order_by("code"))
    else:
        capture = _top_units([assignment.org_unit for assignment in assignments if assignment.role in IMPORT_ROLES])
        view_units = _top_units([assignment.org_unit for assignment in assignments if assignment.role in UNIT_DATA_ROLES])
    roles = sorted({assignment.role for assignment in assignments})
    authorities = {"ALL"} if user.is_superuser else {name for role in roles for name in AUTHORITIES.get(role, ())}
    unit_uids = uids_for(OrgUnit, [unit.pk for unit in [*capture, *view_units]])
    forms = list(form_list_for_user(user))
    form_uids = uids_for(ReportingForm, [form.pk for form in forms])
    user_roles = [{"id": named_uid(f"role_{role}"), "name": str(Role(role).label)} for role in roles]
    body = {
        "id": uid_for(user),
        "username": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
        "displayName": user.get_full_name() or user.get_username(),
        "firstName": user.first_name,
        "surname": user.last_name,
        "email": user.email,
        "settings": {"keyUiLocale": get_language() or settings.LANGUAGE_CODE, "keyDbLocale": get_language() or ""},
        "organisationUnits": [_unit_ref(unit, unit_uids) for unit in capture],
        "dataViewOrganisationUnits": [_unit_ref(unit, unit_uids) for unit in view_units],
        "teiSearchOrganisationUnits": [],
        "userRoles": user_roles,
        "userCredentials": {"username": user.get_username(), "userRoles": user_roles},
        "authorities": sorted(authorities),
        "dataSets": [form_uids[form.pk] for form in forms],
        "programs": [],
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _top_units(units: list[OrgUnit]) -> list[OrgUnit]:
    """The units not below another of the list (DHIS2 lists assigned roots, not their subtrees)."""
    ids = {unit.pk for unit in units}
    tops = {unit.pk: unit for unit in units if not any(int(part) in ids for part in unit.path.strip("/").split("/") if part)}
    return sorted(tops.values(), key=lambda unit: unit.code)


def _unit_ref(unit: OrgUnit, uids: dict[int, str]) -> dict[str, str]:
    return {"id": uids[unit.pk], "code": unit.code, "name": unit.name, "displayName": unit.name}


def task_notifications(request: HttpRequest, call: Call) -> HttpResponse:
    job = _job(request, call)
    return JsonResponse(job_notifications(job), safe=False, json_dumps_params={"ensure_ascii": False})


def task_summary(request: HttpRequest, call: Call) -> HttpResponse:
    job = _job(request, call)
    if job.summary is None:
        return JsonResponse({}, status=200)  # DHIS2 answers an empty summary while the job runs
    summary = job.summary
    return JsonResponse(summary.get("response") or summary, json_dumps_params={"ensure_ascii": False})


def _job(request: HttpRequest, call: Call):
    if call.args["type"] != JOB_TYPE:
        raise Http404
    job = job_for(request.user, call.args["uid"])
    if job is None:
        raise Http404
    return job
