from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dxtrack.accounts.throttle import address_failure_limit
from dxtrack.audit.request_info import client_ip

TOO_MANY_REQUESTS = 429


def login_locked_out(request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The page django-axes shows (AXES_LOCKOUT_CALLABLE) instead of the login form when locked out.

    It says when the lock ends: 15 minutes after the last counted failure, since attempts during
    a lockout are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False).
    """
    address_paused_until = getattr(request, "dxtrack_address_paused_until", None)
    if address_paused_until is not None:
        return render(
            request, "accounts/login_locked_out.html",
            {"retry_at": address_paused_until, "minutes": _minutes_until(address_paused_until), "address": True,
             "limit": address_failure_limit()},
            status=TOO_MANY_REQUESTS,
        )
    cool_off = get_cool_off(request)
    username = get_client_username(request, credentials) or ""
    last_failure = (
        AccessAttempt.objects.filter(username=username, ip_address=client_ip(request))
        .order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    )
    retry_at = (last_failure or timezone.now()) + cool_off if cool_off else None
    minutes = _minutes_until(retry_at) if retry_at else None
    return render(
        request,
        "accounts/login_locked_out.html",
        {"retry_at": retry_at, "minutes": minutes, "username": username},
        status=TOO_MANY_REQUESTS,
    )


def _minutes_until(moment) -> int:
    return max(1, -(-int((moment - timezone.now()).total_seconds()) // 60))
