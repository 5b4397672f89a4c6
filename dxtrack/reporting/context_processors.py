"""`notifications_badge` for the navbar: the unread count, counted only if a template asks."""

from django.http import HttpRequest
from django.utils.functional import cached_property

from dxtrack.reporting.notifications import notification_unread_count


class NotificationBadge:
    def __init__(self, user) -> None:
        self._user = user

    @cached_property
    def unread(self) -> int:
        return notification_unread_count(self._user)


def notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_badge": NotificationBadge(user)}
