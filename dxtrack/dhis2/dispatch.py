"""Every path under /api/ that is not our /api/v1/: DHIS2's layout, answered here.

`/api/<resource>`, `/api/<version>/<resource>` (the versions DHIS2 clients send, 36–42) and
either with a `.json` / `.csv` / `.xml` suffix. The routes are a table (`routes.ROUTES`) of
patterns and handlers per method; a path none matches, in any version, is a JSON 404. The
view is CSRF-exempt so that an unknown POST gets that 404 and not the HTML CSRF page; the
session caller's unsafe requests are checked for CSRF in `auth`.

Refusals are WebMessages. A 403 is recorded in the audit log as on /api/v1/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from dxtrack.audit.services import audit_denied
from dxtrack.dhis2.auth import request_user
from dxtrack.dhis2.formats import response_format
from dxtrack.dhis2.webmessage import Dhis2Error, error_response, web_message

VERSIONS = range(36, 43)
_PATH = re.compile(r"^(?:(?P<version>\d{1,3})/)?(?P<resource>[^.]*?)(?:\.(?P<suffix>json|csv|xml))?/?$")


@dataclass(frozen=True)
class Route:
    pattern: str
    methods: dict[str, Any]  # "GET" → handler(request, call) → HttpResponse
    formats: tuple[str, ...] = ("json",)
    public: bool = False
    compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", re.compile(f"^{self.pattern}$"))


@dataclass(frozen=True)
class Call:
    """What the path said: the API version (None: unversioned), the answer's format, and the
    pattern's named groups (e.g. the UID of identifiableObjects/<uid>)."""

    version: int | None
    format: str
    args: dict[str, str]


@csrf_exempt
def api_dispatch(request: HttpRequest, path: str) -> HttpResponse:
    try:
        route, call = _resolve(request, path)
        handler = route.methods.get(request.method or "GET")
        if handler is None and request.method == "HEAD":
            handler = route.methods.get("GET")
        if handler is None:
            allowed = ", ".join(sorted(route.methods))
            return web_message(405, _("Method %(method)s is not allowed here; use %(allowed)s.") % {
                "method": request.method, "allowed": allowed,
            }, headers={"Allow": allowed})
        if not route.public:
            request_user(request)
        return handler(request, call)
    except Dhis2Error as error:
        if error.status_code == 403:
            audit_denied(request, f"api {request.path}", details={"detail": error.message})
        return error_response(error)
    except PermissionDenied as denied:
        message = str(denied) or _("You may not do this.")
        audit_denied(request, f"api {request.path}", details={"detail": message})
        return web_message(403, message)
    except Http404:
        return _not_found(request)


def _resolve(request: HttpRequest, path: str) -> tuple[Route, Call]:
    from dxtrack.dhis2.routes import ROUTES  # the handlers import this module's Call

    match = _PATH.match(path)
    if match is None:
        raise Http404
    version = int(match["version"]) if match["version"] else None
    if version is not None and version not in VERSIONS:
        raise Dhis2Error(404, _(
            "API version %(version)s is not offered: use /api/<resource> or a version from %(first)d to %(last)d."
        ) % {"version": version, "first": VERSIONS[0], "last": VERSIONS[-1]})
    for route in ROUTES:
        found = route.compiled.match(match["resource"])
        if found is not None:
            answer = response_format(request, match["suffix"], route.formats)
            return route, Call(version=version, format=answer, args=found.groupdict())
    raise Http404


def _not_found(request: HttpRequest) -> HttpResponse:
    return web_message(404, _(
        "There is no API resource at %(path)s; docs/dhis2.md lists the DHIS2 resources, /api/v1/openapi.json our own."
    ) % {"path": request.path})
