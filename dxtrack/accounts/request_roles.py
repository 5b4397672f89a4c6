"""A user's role assignments, read once per request.

Every working page asks "may this user…?" several times — its own permission check, the lists
filtered to the user's units, each menu item — and each answer reads the same rows. Inside a
request (`RequestRolesMiddleware`) the first question reads them, with their units, in one
query, and the rest answer from that list. Outside a request (commands, services called by
tests) every question reads the rows again, as before: nothing could tell a memo there when it
went stale.

A role given or taken during the request (the admin, a service) forgets the user's list at once
(`post_save` / `post_delete` of `RoleAssignment`), so the page it renders reads the new roles.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from dxtrack.accounts.models import RoleAssignment

# user pk → that user's assignments; None outside a request. A ContextVar, so each thread of a
# threaded server has its own.
_memo: ContextVar[dict[int, list[RoleAssignment]] | None] = ContextVar(
    "dxtrack_request_roles", default=None
)


def role_assignments_of(user) -> list[RoleAssignment]:  # type: ignore[no-untyped-def]
    """Every role assignment of `user`, with its unit (one query, once per request)."""
    if not user.is_authenticated:
        return []
    memo = _memo.get()
    if memo is not None and user.pk in memo:
        return memo[user.pk]
    assignments = list(
        RoleAssignment.objects.filter(user_id=user.pk).select_related("org_unit").order_by("pk")
    )
    if memo is not None:
        memo[user.pk] = assignments
    return assignments


class RequestRolesMiddleware:
    """Scopes the memo of `role_assignments_of` to one request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
def _roles_changed(sender, instance: RoleAssignment, **kwargs) -> None:  # type: ignore[no-untyped-def]
    memo = _memo.get()
    if memo is not None:
        memo.pop(instance.user_id, None)
