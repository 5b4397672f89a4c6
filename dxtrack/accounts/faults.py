"""When the database is down or too slow: a 503 page, never a stack trace.

Two catches, because Django turns an exception into a response at every middleware layer:
- `DatabaseUnavailableMiddleware.process_exception` catches it in a view;
- `server_error` (config.urls.handler500) catches it anywhere else, e.g. the session
  middleware saving a session, and renders the ordinary 500 page for every other error.

Under /api/ both answer JSON instead (`{"detail": …}` as docs/api.md promises, with DHIS2's
WebMessage fields for the DHIS2 layout's clients), never an HTML page.

Neither page touches the database: both are rendered without a request, so no context
processor runs (the auth one would read the user, that is the session and user tables).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = "120"


def database_unavailable_response(request: HttpRequest | None = None) -> HttpResponse:
    if _is_api(request):
        response: HttpResponse = _api_error(503, _(
            "The database is unavailable or too slow at the moment. Try again in a few minutes."
        ))
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def _is_api(request: HttpRequest | None) -> bool:
    return request is not None and request.path.startswith("/api/")


def _api_error(status: int, message: str) -> JsonResponse:
    phrase = "Service Unavailable" if status == 503 else "Internal Server Error"
    return JsonResponse({
        "detail": message, "errors": [],
        "httpStatus": phrase, "httpStatusCode": status, "status": "ERROR", "message": message,
    }, status=status, json_dumps_params={"ensure_ascii": False})


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            log.error("database unavailable: %s %s", request.method, request.path, exc_info=exception)
            return database_unavailable_response(request)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 when the database failed, otherwise the plain 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable_response(request)
    if _is_api(request):
        return _api_error(500, _("An unexpected error occurred on the server; it has been logged."))
    return HttpResponse(loader.render_to_string("500.html"), status=500)
