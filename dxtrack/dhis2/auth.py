"""Who is calling, as DHIS2 clients say it: HTTP Basic, `ApiToken`, `Bearer`, or the session.

- `Authorization: Basic …`: a username and password, checked by Django's `authenticate()`
  with the request, so django-axes counts a wrong password and locks the (username, address)
  pair out exactly as on the login form (5 failures, 15 minutes). No session is made.
- `Authorization: ApiToken <token>` (DHIS2's personal access token scheme) and
  `Authorization: Bearer <token>`: our personal access tokens, both checked (and refusals
  audited) by the /api/v1/ token check.
- otherwise the logged-in browser, with Django's CSRF check on unsafe methods.

An account with a second factor (dxtrack.accounts.mfa) is refused Basic: a password alone
would bypass it; such people use a personal access token.
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.utils import check_csrf

from dxtrack.accounts.mfa import mfa_enabled
from dxtrack.accounts.models import User
from dxtrack.api.auth import SAFE_METHODS, BearerTokenAuth
from dxtrack.dhis2.webmessage import Dhis2Error

CHALLENGE = 'Basic realm="DHIS2"'
TOKEN_SCHEMES = ("apitoken", "bearer")


def request_user(request: HttpRequest) -> User:
    """The caller (also set as `request.user`), or Dhis2Error 401 (429 when locked out)."""
    header = request.headers.get("Authorization", "").strip()
    if header:
        scheme, _space, credentials = header.partition(" ")
        scheme = scheme.lower()
        if scheme == "basic":
            return _basic(request, credentials.strip())
        if scheme in TOKEN_SCHEMES and credentials.strip():
            return _token(request, credentials.strip())
        raise _unauthenticated(_(
            "Send “Authorization: Basic <username:password in base64>”, “Authorization: ApiToken <token>” or "
            "“Authorization: Bearer <token>”."
        ))
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        raise _unauthenticated(_(
            "Authentication required: send your username and password (HTTP Basic) or a personal access token "
            "(“Authorization: ApiToken <token>”), or log in."
        ))
    if request.method not in SAFE_METHODS and check_csrf(request) is not None:
        raise Dhis2Error(403, _(
            "CSRF check failed: a browser session must send the X-CSRFToken header with the value of the csrftoken "
            "cookie. Scripts should use HTTP Basic or an access token instead."
        ))
    request.access_token = None  # type: ignore[attr-defined]
    return user


def _unauthenticated(message: str) -> Dhis2Error:
    return Dhis2Error(401, message, headers={"WWW-Authenticate": CHALLENGE})


def _basic(request: HttpRequest, credentials: str) -> User:
    try:
        decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _unauthenticated(_("The Basic credentials are not base64 of “username:password”.")) from None
    username, colon, password = decoded.partition(":")
    if not colon or not username:
        raise _unauthenticated(_("The Basic credentials are not base64 of “username:password”."))
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        # django-axes would replace our answer with the login form's HTML lockout page.
        request.axes_locked_out = False  # type: ignore[attr-defined]
        seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
        raise Dhis2Error(429, _(
            "Too many failed logins for %(username)s from this address: try again in %(minutes)d minutes, or ask "
            "an administrator to unlock the account."
        ) % {"username": username, "minutes": seconds // 60}, headers={"Retry-After": str(seconds)})
    if user is None:
        raise _unauthenticated(_("Wrong username or password, or the account is disabled."))
    if mfa_enabled(user):
        raise _unauthenticated(_(
            "This account logs in with a second step, so HTTP Basic is refused: use a personal access token "
            "(Authorization: ApiToken <token>)."
        ))
    request.user = user
    request.access_token = None  # type: ignore[attr-defined]
    return user


def _token(request: HttpRequest, key: str) -> User:
    try:
        return BearerTokenAuth().authenticate(request, key)
    except AuthenticationError as rejected:
        raise _unauthenticated(rejected.message) from None
