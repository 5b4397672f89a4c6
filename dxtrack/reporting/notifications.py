"""In-app notifications: reads, marking read, and the text of each kind in the reader's language.

A notification stores a `kind` and plain `params` (codes, both names, dates), never a sentence,
so that the same row reads in Vietnamese or English, whichever the reader chose.
"""

from datetime import date

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dxtrack.accounts.models import User
from dxtrack.common.i18n import localised
from dxtrack.reporting.models import Notification


def notification_list_for_user(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(user=user)
    return notifications.filter(read_at__isnull=True) if unread_only else notifications


def notification_unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them; returns how many changed.

    Another user's notification id changes nothing (and says so by returning 0)."""
    notifications = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        notifications = notifications.filter(pk=notification_id)
    return notifications.update(read_at=timezone.now())


def _name(params: dict, key: str) -> str:
    vietnamese = str(params.get(f"{key}_vi") or params.get(key) or "")
    return localised(vietnamese, str(params.get(f"{key}_en") or ""))


def _date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except ValueError:
        return value


def notification_text(notification: Notification) -> str:
    """The sentence a reader sees, in the active language (plain text; templates escape it)."""
    params = notification.params or {}
    values = {
        "form": params.get("form", ""),
        "form_name": _name(params, "form_name"),
        "unit": _name(params, "unit_name") or params.get("unit", ""),
        "period": params.get("period", ""),
        "deadline": _date(params.get("deadline")),
        "days": params.get("days", 0),
    }
    days = int(values["days"] or 0)
    if notification.kind == "reminder_before":
        if days == 0:
            return _("%(unit)s: form %(form)s (%(form_name)s) for %(period)s is due today, %(deadline)s.") % values
        return ngettext(
            "%(unit)s: form %(form)s (%(form_name)s) for %(period)s is due on %(deadline)s, in %(days)d working day.",
            "%(unit)s: form %(form)s (%(form_name)s) for %(period)s is due on %(deadline)s, in %(days)d working days.",
            days,
        ) % values
    if notification.kind == "reminder_after":
        return ngettext(
            "%(unit)s: form %(form)s (%(form_name)s) for %(period)s was due on %(deadline)s and is %(days)d working day late.",
            "%(unit)s: form %(form)s (%(form_name)s) for %(period)s was due on %(deadline)s and is %(days)d working days late.",
            days,
        ) % values
    if notification.kind == "reminder_escalation":
        return ngettext(
            "Escalated: %(unit)s has not submitted form %(form)s (%(form_name)s) for %(period)s, %(days)d working day after the deadline (%(deadline)s).",
            "Escalated: %(unit)s has not submitted form %(form)s (%(form_name)s) for %(period)s, %(days)d working days after the deadline (%(deadline)s).",
            days,
        ) % values
    workflow = {
        # The approval workflow's notices (reporting.workflow): form, unit name, period, comment.
        "submission_submitted": _("%(unit)s submitted form %(form)s for %(period)s; it awaits your approval."),
        "submission_returned": _("Form %(form)s of %(unit)s for %(period)s was returned for correction."),
        "submission_approved": _("Form %(form)s of %(unit)s for %(period)s was approved."),
        "submission_reopened": _("Form %(form)s of %(unit)s for %(period)s was reopened after approval."),
    }
    if notification.kind in workflow:
        text = workflow[notification.kind] % values
        comment = str(params.get("comment") or "").strip()
        return _("%(text)s Comment: %(comment)s") % {"text": text, "comment": comment} if comment else text
    # Other apps' notices (feedback reminders) carry their sentence in both languages.
    return _name(params, "message") or notification.kind
