import logging

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from dxtrack.audit.services import audit_denied

log = logging.getLogger(__name__)


class DenialAuditMiddleware:
    """Records every PermissionDenied a view raises (a 403) with `audit_denied`.

    A view that hides an object behind a 404 (so as not to reveal that it exists) is not seen
    here: such views call `audit_denied` themselves where they refuse.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if not isinstance(exception, PermissionDenied):
            return
        match = getattr(request, "resolver_match", None)
        try:
            audit_denied(request, match.view_name if match else request.path)
        except DatabaseError:  # the refusal still stands; the log says why it was not recorded
            log.exception("could not record a permission denial")
