"""Login throttling: django-axes refuses a (username, IP address) pair after 5 failures."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


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
        return super().authenticate(request, username=username, password=password, **kwargs)
