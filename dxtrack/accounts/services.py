"""Writes to accounts: disabling users, giving and taking roles. Each records an audit event.

| service | effect at once |
| --- | --- |
| ``user_disable(user=, by=)`` | inactive; sessions ended; access tokens revoked |
| ``user_enable(user=, by=)`` | active again (e.g. after the idle rule disabled it) |
| ``users_disable_idle(days=, by=, dry_run=)`` | ``user_disable`` for each idle account |
| ``role_assign(user=, role=, org_unit=, by=)`` | sessions ended |
| ``role_change(assignment=, role=, org_unit=, by=)`` | sessions ended; access tokens revoked |
| ``role_revoke(user=, role=, org_unit=, by=)`` | sessions ended; access tokens revoked |
| ``user_privileges_changed(user=, before=, by=)`` | a flag taken away: sessions ended, tokens revoked |

Why sessions end on any change: a page open in a browser must not keep acting with yesterday's
rights. Why tokens are revoked when a right is taken away but not when one is added: a token
acts with its owner's current roles, so it gains nothing stale from a new role, but a script
that was given a token for the old unit must not quietly go on in a new one.

Sessions are found by reading the session table (``SESSION_ENGINE`` ``db`` or ``cached_db``);
ModelBackend also refuses the session of an inactive user on its next request.
"""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.models import AccessToken, Role, RoleAssignment, User
from dxtrack.accounts.selectors import user_list_idle
from dxtrack.audit.services import audit_record
from dxtrack.orgunits.models import OrgUnit

DISABLE_IDLE_AFTER_DAYS = 45


def user_sessions_end(*, user: User) -> int:
    """End every session of `user` now; returns how many there were."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if data.get(SESSION_KEY) == user_id:
            store_class(session_key=session.session_key).delete()
            ended += 1
    return ended


def user_tokens_revoke(*, user: User) -> int:
    return AccessToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def user_disable(*, user: User, by: User | None, reason: str = "") -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    sessions = user_sessions_end(user=user)
    tokens = user_tokens_revoke(user=user)
    audit_record(
        actor=by, action="account.disable", obj=user,
        details={"reason": reason, "sessions_ended": sessions, "tokens_revoked": tokens},
    )


@transaction.atomic
def user_enable(*, user: User, by: User | None, reason: str = "") -> None:
    user.is_active = True
    # Counting idleness from now, not from the old last login, or the next run disables it again.
    user.last_login = timezone.now()
    user.save(update_fields=["is_active", "last_login"])
    audit_record(actor=by, action="account.enable", obj=user, details={"reason": reason})


def users_disable_idle(*, days: int = DISABLE_IDLE_AFTER_DAYS, by: User | None = None, dry_run: bool = False) -> list[User]:
    """Disable the accounts idle for more than `days` (see ``user_list_idle``); returns them."""
    idle = list(user_list_idle(days=days))
    if not dry_run:
        for user in idle:
            user_disable(user=user, by=by, reason=f"idle over {days} days")
    return idle


def _figures_of(user: User) -> None:
    """A publishing role decides whether the values the user entered outside forms count as
    approved: their stored figures are recomputed (decision 0017)."""
    # Imported here: the figures app sits above accounts (it reads roles).
    from dxtrack.figures.services import cells_refresh_recorded_by

    cells_refresh_recorded_by(user.pk)


def _role_checked(role: str) -> str:
    if role not in Role.values:
        raise ValidationError(_("Unknown role %(role)s."), code="unknown_role", params={"role": repr(role)})
    return role


@transaction.atomic
def role_assign(*, user: User, role: str, org_unit: OrgUnit, by: User | None) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=_role_checked(role), org_unit=org_unit)
    if created:
        _figures_of(user)
        sessions = user_sessions_end(user=user)
        audit_record(
            actor=by, action="role.assign", obj=assignment, org_unit=org_unit,
            details={"user": user.get_username(), "role": role, "sessions_ended": sessions},
        )
    return assignment


@transaction.atomic
def role_change(*, assignment: RoleAssignment, role: str, org_unit: OrgUnit, by: User | None) -> RoleAssignment:
    # The caller (e.g. an admin form) may have set the new values on the instance already.
    stored = RoleAssignment.objects.get(pk=assignment.pk)
    before: dict[str, Any] = {"role": stored.role, "org_unit": stored.org_unit_id}
    assignment.role = _role_checked(role)
    assignment.org_unit = org_unit
    assignment.save(update_fields=["role", "org_unit"])
    after = {"role": assignment.role, "org_unit": assignment.org_unit_id}
    if after != before:
        _figures_of(assignment.user)
        sessions = user_sessions_end(user=assignment.user)
        tokens = user_tokens_revoke(user=assignment.user)
        audit_record(
            actor=by, action="role.change", obj=assignment, org_unit=org_unit,
            details={"before": before, "after": after, "sessions_ended": sessions, "tokens_revoked": tokens},
        )
    return assignment


@transaction.atomic
def role_revoke(*, user: User, role: str, org_unit: OrgUnit, by: User | None) -> bool:
    """Take the role away; False when the user did not hold it."""
    assignment = RoleAssignment.objects.filter(user=user, role=role, org_unit=org_unit).first()
    if assignment is None:
        return False
    assignment_id, assignment_repr = assignment.pk, str(assignment)
    assignment.delete()
    _figures_of(user)
    sessions = user_sessions_end(user=user)
    tokens = user_tokens_revoke(user=user)
    audit_record(
        actor=by, action="role.revoke", object_type=RoleAssignment._meta.label_lower,
        object_id=assignment_id, object_repr=assignment_repr, org_unit=org_unit,
        details={"user": user.get_username(), "role": role, "sessions_ended": sessions, "tokens_revoked": tokens},
    )
    return True


PRIVILEGE_FLAGS = ("is_superuser", "is_staff")


@transaction.atomic
def user_privileges_changed(*, user: User, before: dict[str, bool], by: User | None) -> dict[str, bool]:
    """Save `user`, whose superuser or staff flag the caller (the admin) has just set, and
    follow the change: the stored figures of the values the user entered outside forms (a
    superuser publishes, `figures.reading.Publishers`), and when a flag was taken away the
    user's sessions and tokens end (a browser or script must not keep yesterday's rights).
    `before` holds the flags as they were. Audited as ``account.privileges``. Returns the
    flags now."""
    after = {flag: bool(getattr(user, flag)) for flag in PRIVILEGE_FLAGS}
    before = {flag: bool(before.get(flag, after[flag])) for flag in PRIVILEGE_FLAGS}
    user.save()
    if after == before:
        return after
    if after["is_superuser"] != before["is_superuser"]:
        _figures_of(user)
    sessions = tokens = 0
    if any(before[flag] and not after[flag] for flag in PRIVILEGE_FLAGS):
        sessions = user_sessions_end(user=user)
        tokens = user_tokens_revoke(user=user)
    audit_record(
        actor=by, action="account.privileges", obj=user,
        details={"before": before, "after": after, "sessions_ended": sessions, "tokens_revoked": tokens},
    )
    return after
