"""`menu` for the navbar: which working pages the visitor's roles open, so that no menu item
leads to a 403. Each answer comes from the user's role assignments, read once per request and
shared with the page's own permission check (`accounts.request_roles`): no query of its own."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import cached_property

from dxtrack.accounts.models import Role
from dxtrack.accounts.selectors import user_has_unit_role
from dxtrack.explore.views_work import approval_queue_count
from dxtrack.reporting.imports.check import IMPORT_ROLES


class Menu:
    def __init__(self, user) -> None:  # type: ignore[no-untyped-def]
        self._user = user

    @cached_property
    def follows_units(self) -> bool:
        """Completeness and overdue lists: people with a role on some unit."""
        return user_has_unit_role(self._user)

    @cached_property
    def approves(self) -> bool:
        """The approval queue: approvers."""
        return user_has_unit_role(self._user, roles=(Role.APPROVER,))

    @cached_property
    def awaiting_approval(self) -> int:
        """The count beside "Awaiting my approval" (cached: `approval_queue_count`)."""
        return approval_queue_count(self._user) if self.approves else 0

    @cached_property
    def imports(self) -> bool:
        """Import data: reporters and programme officers (the rule of reporting's import views)."""
        return user_has_unit_role(self._user, roles=IMPORT_ROLES)


def menu(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"menu": Menu(user)}
