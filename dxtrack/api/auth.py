"""Who is calling: a personal access token (`Authorization: Bearer dxt_…`) or the browser's
session (with Django's CSRF check on unsafe methods). Either way the caller acts with the
user's current roles; `request.user` is that user and `request.access_token` the token
(None for a session).

A request that presents a token is judged by the token alone: a revoked, expired, unknown or
disabled user's token is 401 even when a session cookie rides along.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from dxtrack.accounts.tokens import TokenRejected, token_authenticate
from dxtrack.audit.models import Outcome
from dxtrack.audit.services import audit_record

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class NotAuthenticated(AuthenticationError):
    """401 with the reason; the handler adds `WWW-Authenticate: Bearer`."""

    def __init__(self, message: str) -> None:
        super().__init__(status_code=401, message=message)


class BearerTokenAuth(HttpBearer):
    """A personal access token in the Authorization header."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            return None  # let the session try
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise NotAuthenticated(_("Send the access token as “Authorization: Bearer <token>”."))
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            access = token_authenticate(token)
        except TokenRejected as rejected:
            audit_record(
                actor=rejected.token.user if rejected.token is not None else None, action="auth.token_rejected",
                outcome=Outcome.DENIED, obj=rejected.token, request=request,
                details={"reason": rejected.reason, "method": request.method},
            )
            raise NotAuthenticated(rejected.message) from None
        request.user = access.user
        request.access_token = access  # type: ignore[attr-defined]
        return access.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser; unsafe methods need the CSRF token as the pages send it."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, after the user is known

    def __call__(self, request: HttpRequest) -> Any:
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, _(
                "CSRF check failed: a browser session must send the X-CSRFToken header with the value of the "
                "csrftoken cookie. Scripts should use an access token instead."
            ))
        request.access_token = None  # type: ignore[attr-defined]
        return user


def authentication_required_message() -> str:
    return _("Authentication required: send an access token as “Authorization: Bearer <token>”, or log in.")
