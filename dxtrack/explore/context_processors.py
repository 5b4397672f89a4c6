"""`menu` for the navbar: which working pages the visitor's roles open, so that no menu item
leads to a 403. Each answer is computed only if a template asks, once per request."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import cached_property

from dxtrack.accounts.models import Role, RoleAssignment
from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.reporting.imports.check import IMPORT_ROLES


class Menu:
    def __init__(self, user) -> None:  # type: ignore[no-untyped-def]
        self._user = user

    @cached_property
    def follows_units(self) -> bool:
        """Completeness and overdue lists: people with a role on some unit."""
        return bool(self._user.is_superuser) or orgunit_list_for_user(self._user).exists()

    @cached_property
    def approves(self) -> bool:
        """The approval queue: approvers."""
        return bool(self._user.is_superuser) or RoleAssignment.objects.filter(user=self._user, role=Role.APPROVER).exists()

    @cached_property
    def imports(self) -> bool:
        """Import data: reporters and programme officers (the rule of reporting's import views)."""
        return orgunit_list_for_user(self._user, roles=IMPORT_ROLES).exists()


def menu(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"menu": Menu(user)}
