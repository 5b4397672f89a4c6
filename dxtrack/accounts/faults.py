"""When the database is down or too slow: a 503 page, never a stack trace.

Two catches, because Django turns an exception into a response at every middleware layer:
- `DatabaseUnavailableMiddleware.process_exception` catches it in a view;
- `server_error` (config.urls.handler500) catches it anywhere else, e.g. the session
  middleware saving a session, and renders the ordinary 500 page for every other error.

Neither page touches the database: both are rendered without a request, so no context
processor runs (the auth one would read the user, that is the session and user tables).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

log = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = "120"


def database_unavailable_response() -> HttpResponse:
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            log.error("database unavailable: %s %s", request.method, request.path, exc_info=exception)
            return database_unavailable_response()
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 when the database failed, otherwise the plain 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable_response()
    return HttpResponse(loader.render_to_string("500.html"), status=500)
