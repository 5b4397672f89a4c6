"""E-mail to senders: plain text only, so any HTML a sender wrote stays text."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dxtrack.feedback.models import Answer, Item

logger = logging.getLogger(__name__)


def recipients(item: Item) -> list[str]:
    """The sender and, for an original, the sender of every duplicate: one answer serves all."""
    items = [item, *item.duplicates.all()]
    addresses = []
    for each in items:
        address = each.sender_email or (each.sender_user.email if each.sender_user_id else "")
        if address and address.lower() not in {known.lower() for known in addresses}:
            addresses.append(address)
    return addresses


def send_plain(*, to: list[str], subject: str, body: str) -> int:
    if not to:
        return 0
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[], bcc=to)
    try:
        return message.send()
    except (smtplib.SMTPException, OSError):
        # The state change stands; the sender can still see it by the tracking code.
        logger.exception("feedback mail to %s failed", to)
        return 0


def item_notify_state(item: Item) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        track_url = settings.DXTRACK_SITE_URL + reverse("feedback:track") + f"?code={item.code}"
        answer = Answer.objects.filter(item=item).first()
        body = render_to_string(
            "feedback/email/state_changed.txt", {"item": item, "answer": answer, "track_url": track_url},
        )
        subject = _("Your feedback %(code)s: %(state)s") % {"code": item.code, "state": item.get_state_display().lower()}
    return send_plain(to=recipients(item), subject=subject, body=body)
