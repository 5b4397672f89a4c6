"""Login throttling by address, across accounts, on top of django-axes' (username, address) lock.

Axes locks one account from one address after 5 wrong passwords (AXES_FAILURE_LIMIT). Alone, it
lets one address try 4 wrong passwords on every account in turn. So an address is also paused,
for every account, once the wrong passwords counted from it within the cool-off window
(AXES_COOLOFF_TIME, 15 minutes) reach DXTRACK_LOGIN_ADDRESS_FAILURE_LIMIT (20).

20 is set for a commune office behind one address: one colleague can count at most 5 (then
their own account is locked, and attempts during a lock are not counted), so it takes four
people locked out at once before the office's address pauses; an attacker gets 20 guesses per
15 minutes from one address, not 5 per account. The address is the one `client_ip` reads
(REMOTE_ADDR, or behind our proxy only the entry the proxy added).
"""

from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone

ADDRESS_FAILURE_LIMIT = 20


def address_failure_limit() -> int:
    return int(getattr(settings, "DXTRACK_LOGIN_ADDRESS_FAILURE_LIMIT", ADDRESS_FAILURE_LIMIT))


def address_paused_until(ip: str | None) -> datetime | None:
    """When logins from `ip` may start again, if they are paused now; else None."""
    if not ip:
        return None
    window = settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=timezone.now() - window)
    counted = recent.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if (counted["failures"] or 0) < address_failure_limit():
        return None
    return counted["last"] + window


def request_address_paused_until(request: HttpRequest) -> datetime | None:
    from dxtrack.audit.request_info import client_ip

    return address_paused_until(client_ip(request))
