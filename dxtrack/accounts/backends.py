"""Login throttling: django-axes refuses a (username, IP address) pair after 5 failures, and
dxtrack.accounts.throttle an address after 20 failures across accounts."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.http import HttpRequest

from dxtrack.accounts.throttle import request_address_paused_until


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, first in AUTHENTICATION_BACKENDS; ModelBackend then checks passwords.

    Axes raises when `authenticate()` is called without a request. Only the test client's
    `login()` and code that is not a login form do that; without a request there is no
    client address to throttle, so the check is skipped. Every login form and any future
    password check of the API must pass `request` to `authenticate()`.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any) -> None:
        if request is None or not hasattr(request, "META"):
            return None
        paused_until = request_address_paused_until(request)
        if paused_until is not None:
            # As axes does for a locked account: its middleware shows the lockout page, and the
            # attempt is not counted (it would move the end of the pause).
            request.axes_locked_out = True
            request.dxtrack_address_paused_until = paused_until
            raise AxesBackendPermissionDenied("too many failed logins from this address")
        return super().authenticate(request, username=username, password=password, **kwargs)
