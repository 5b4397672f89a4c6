"""Abuse handling that never drops anything silently: a spam check at intake holds an item for a
person, and a published item reported by three different addresses is hidden from the public
pages until the programme office has looked at it (Decidim's threshold).

>>> spam_reason("Mua ngay!!! http://a.example http://b.example http://c.example")
'3 links'
>>> spam_reason("Đề nghị rút ngắn thời gian cấp chữ ký số.") == ""
True
"""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.models import User
from dxtrack.feedback.models import AbuseReport, Item, State
from dxtrack.feedback.roles import user_is_officer
from dxtrack.feedback.services import FeedbackError

REPORTS_BEFORE_HIDING = 3
MAX_LINKS = 2
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
REPEATED = re.compile(r"(.)\1{19,}")


def spam_reason(text: str) -> str:
    """Why the text looks like spam (not translated: it is stored), or "" when it does not."""
    links = len(LINK.findall(text))
    if links > MAX_LINKS:
        return f"{links} links"
    if REPEATED.search(text):
        return "one character repeated 20 times or more"
    return ""


@transaction.atomic
def item_report(*, item: Item, reason: str, ip: str | None) -> bool:
    """Record a visitor's report; True when it was the one that hid the item."""
    if item.state != State.PUBLISHED or reason not in AbuseReport.Reason.values:
        raise FeedbackError(_("Choose why this should be reviewed."), field="reason")
    try:
        with transaction.atomic():
            AbuseReport.objects.create(item=item, reason=reason, ip=ip, at=timezone.now())
    except IntegrityError:
        return False  # one report per address
    if not item.held_reason and item.abuse_reports.count() >= REPORTS_BEFORE_HIDING:
        Item.objects.filter(pk=item.pk).update(held_reason=f"{REPORTS_BEFORE_HIDING} reports")
        return True
    return False


def item_release(*, item: Item, actor: User) -> Item:
    """The programme office looked at a held item and lets it through (or rejects it by the workflow)."""
    if not user_is_officer(actor):
        raise FeedbackError(_("Only the programme office releases a held item."))
    Item.objects.filter(pk=item.pk).update(held_reason="")
    item.abuse_reports.all().delete()
    item.refresh_from_db()
    return item
