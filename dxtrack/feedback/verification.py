"""One-time links that let an e-mail address send an item without an account.

The link opens the form (GET changes nothing); sending the form uses the link up. Links last a
day; an address and a network address may ask for a few per hour.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.feedback.models import EmailVerification
from dxtrack.feedback.notify import send_plain
from dxtrack.feedback.services import FeedbackError, RateLimited

LINK_LIFETIME = timedelta(hours=24)
LINKS_PER_ADDRESS_PER_HOUR = 3
LINKS_PER_IP_PER_HOUR = 10


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def verification_send(*, email: str, ip: str | None, now: datetime | None = None) -> str:
    """Mail a one-time link to `email`; returns the token (the tests follow the link)."""
    now = now or timezone.now()
    since = now - timedelta(hours=1)
    if EmailVerification.objects.filter(email__iexact=email, created_at__gte=since).count() >= LINKS_PER_ADDRESS_PER_HOUR:
        raise RateLimited(_("A link was sent to this address several times in the last hour; use the latest one or wait."))
    if ip and EmailVerification.objects.filter(requested_ip=ip, created_at__gte=since).count() >= LINKS_PER_IP_PER_HOUR:
        raise RateLimited(_("Too many links were asked for from your network address; please try again later."))
    token = secrets.token_urlsafe(32)
    EmailVerification.objects.create(email=email, token_hash=_digest(token), created_at=now, requested_ip=ip)
    link = settings.DXTRACK_SITE_URL + reverse("feedback:email_verified", args=[token])
    body = _(
        "To send your feedback to the province, open this link (valid for 24 hours, once):\n%(link)s\n\n"
        "If you did not ask for it, ignore this message."
    ) % {"link": link}
    send_plain(to=[email], subject=_("Your link to send feedback"), body=body)
    return token


def verification_get(token: str, *, now: datetime | None = None) -> EmailVerification:
    now = now or timezone.now()
    record = EmailVerification.objects.filter(token_hash=_digest(token)).first()
    if record is None or record.used_at is not None or record.created_at < now - LINK_LIFETIME:
        raise FeedbackError(_("This link has expired or has already been used. Ask for a new one."))
    return record


@transaction.atomic
def verification_use(token: str, *, now: datetime | None = None) -> EmailVerification:
    now = now or timezone.now()
    record = EmailVerification.objects.select_for_update().get(pk=verification_get(token, now=now).pk)
    record.used_at = now
    record.save(update_fields=["used_at"])
    return record
