"""Where a request comes from, the same way for the audit log and for login throttling."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind our proxy the address it saw.

    Behind a proxy (``BEHIND_PROXY=true``) the right-most X-Forwarded-For entry is the one our
    proxy appended; entries left of it come from the client and may be forged.
    """
    if getattr(settings, "DXTRACK_BEHIND_PROXY", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None
