"""The API under /api/v1/, assembled from each app's router (`<app>/api.py`).

Every operation needs a caller (a personal access token or the browser's session, see
`auth.py`); the OpenAPI document (`/api/v1/openapi.json`) and its Swagger page
(`/api/v1/docs`, served from django-ninja's bundled files: no CDN, no inline script) are open.

Every error is JSON `{"detail": "...", "errors": [...]}` in the request's language
(Accept-Language, see `common.middleware`): a wrong method is 405 with `Allow`, an unknown path
404, a body over DATA_UPLOAD_MAX_MEMORY_SIZE 413.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from dxtrack.accounts.api import router as accounts_router
from dxtrack.api.auth import BearerTokenAuth, SessionAuth, authentication_required_message
from dxtrack.audit.services import audit_denied
from dxtrack.enterprises.api import router as enterprises_router
from dxtrack.enterprises.api_assessments import router as assessments_router
from dxtrack.figures.api import router as figures_router
from dxtrack.programmes.api import router as programmes_router
from dxtrack.reporting.api import router as reporting_router

DESCRIPTION = """dxtrack's API: reported values (also as DHIS2 `dataValueSets`), reporting forms,
completeness, programmes.

Authenticate with a personal access token (`Authorization: Bearer dxt_…`, made on the page
/accounts/tokens/): it acts with your roles, never more. A logged-in browser may call the API
too (unsafe methods need the `X-CSRFToken` header). Messages follow `Accept-Language` (vi, en).
"""


class DxtrackAPI(NinjaAPI):
    def _get_urls(self) -> list[Any]:
        urls = super()._get_urls()
        for pattern in urls:
            if not isinstance(pattern, URLPattern):
                continue
            if pattern.name == "api-root":  # django-ninja's root only raises Http404 (HTML)
                pattern.callback = _not_found
            elif pattern.name not in ("openapi-json", "openapi-view"):
                pattern.callback = _json_method_not_allowed(pattern.callback)
        urls.append(re_path(r"^[\s\S]*$", _not_found, name="not-found"))  # [\s\S]: paths may hold a newline
        return urls


def _json_method_not_allowed(view: Any) -> Any:
    """django-ninja answers a wrong method with plain text; ours says it in JSON."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            json = JsonResponse({
                "detail": _("Method %(method)s is not allowed here; use %(allowed)s.") % {
                    "method": request.method, "allowed": allowed,
                },
                "errors": [],
            }, status=405)
            json["Allow"] = allowed
            return json
        return response

    return wrapper


def _not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return JsonResponse({
        "detail": _("There is no API operation at %(path)s; the operations are listed in /api/v1/openapi.json.")
        % {"path": request.path},
        "errors": [],
    }, status=404)


api = DxtrackAPI(
    title="dxtrack",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[BearerTokenAuth(), SessionAuth()],
)
api.add_router("", accounts_router)
api.add_router("", figures_router)  # before programmes: /programmes/{path:code} would match …/progress
api.add_router("", programmes_router)
api.add_router("", reporting_router)
api.add_router("", enterprises_router)
api.add_router("", assessments_router)


# --- errors ----------------------------------------------------------------------------------------


def _error(request: HttpRequest, detail: str, status: int, errors: list[dict[str, str]] | None = None) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else authentication_required_message()
    response = _error(request, message, 401)
    response["WWW-Authenticate"] = 'Bearer realm="dxtrack"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):  # django-ninja's words
        message = _("The body is not valid JSON.")
    if exc.status_code == 403:
        audit_denied(request, f"api {request.path}", details={"detail": message})
    return _error(request, message, exc.status_code)


@api.exception_handler(Http404)
def _not_found_error(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, _("Not found."), 404)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return _error(request, _(
        "The request body is larger than %(limit)s MB. Send the values in smaller sets, or import the file on the "
        "import page or with “dxtrack values import”."
    ) % {"limit": f"{limit / 1024 / 1024:.0f}"}, 413)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"location": ".".join(str(part) for part in error.get("loc", ())), "message": _validation_message(error)}
        for error in exc.errors
    ]
    if len(errors) == 1:
        detail = _("The request is not valid: %(location)s: %(message)s") % errors[0]
    else:
        detail = _("The request is not valid: %(count)d problems, listed in “errors”.") % {"count": len(errors)}
    return _error(request, detail, 422, errors)


def _validation_message(error: dict[str, Any]) -> str:
    """pydantic's error, in the request's language where we know the kind."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    messages = {
        "missing": lambda: _("This field is required."),
        "json_invalid": lambda: _("The body is not valid JSON."),
        "string_type": lambda: _("Text is expected here."),
        "string_too_short": lambda: _("This may not be empty."),
        "string_too_long": lambda: _("At most %(max)s characters.") % {"max": context.get("max_length")},
        "string_pattern_mismatch": lambda: _("Control characters are not allowed here."),
        "int_parsing": lambda: _("A whole number is expected here."),
        "int_type": lambda: _("A whole number is expected here."),
        "bool_parsing": lambda: _("true or false is expected here."),
        "bool_type": lambda: _("true or false is expected here."),
        "greater_than_equal": lambda: _("At least %(ge)s.") % {"ge": context.get("ge")},
        "less_than_equal": lambda: _("At most %(le)s.") % {"le": context.get("le")},
        "date_from_datetime_parsing": lambda: _("A date is expected here, such as 2025-12-31."),
        "date_parsing": lambda: _("A date is expected here, such as 2025-12-31."),
        "date_type": lambda: _("A date is expected here, such as 2025-12-31."),
        "list_type": lambda: _("A list is expected here."),
        "too_long": lambda: _("At most %(max)s entries.") % {"max": context.get("max_length")},
        "model_attributes_type": lambda: _("An object is expected here."),
        "dict_type": lambda: _("An object is expected here."),
        "decimal_parsing": lambda: _("A number is expected here."),
        "decimal_type": lambda: _("A number is expected here."),
        "nul_character": lambda: _("A NUL character is not allowed here."),
    }
    found = messages.get(kind)
    return found() if found is not None else str(error.get("msg", ""))
