"""Who may see and do what, for every page and endpoint to ask.

A role assignment on a unit covers that unit and every unit below it. A superuser sees all.
Enterprise users hold no unit data rights; they see what the public sees.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.accounts.request_roles import role_assignments_of
from dxtrack.orgunits.models import OrgUnit

UNIT_DATA_ROLES = (Role.LEADER, Role.PROGRAMME_OFFICER, Role.APPROVER, Role.REPORTER)


def _assignments(user: User | AnonymousUser, roles: tuple[str, ...]) -> list[RoleAssignment]:
    """The user's assignments of one of `roles` (read once per request: `request_roles`)."""
    return [assignment for assignment in role_assignments_of(user) if assignment.role in roles]


def _covers(assignment: RoleAssignment, unit: OrgUnit) -> bool:
    """Whether the assignment's unit is `unit` or above it (no query: the paths)."""
    return assignment.org_unit_id == unit.pk or unit.path.startswith(f"{assignment.org_unit.path}{assignment.org_unit_id}/")


def user_has_unit_role(user: User | AnonymousUser, *, roles: tuple[str, ...] = UNIT_DATA_ROLES) -> bool:
    """True when the user holds one of `roles` on some unit (a superuser always): whether the
    working pages of those roles are open to them, and their menu items shown."""
    if user.is_authenticated and user.is_superuser:
        return True
    return bool(_assignments(user, roles))


def orgunit_list_for_user(user: User | AnonymousUser, *, roles: tuple[str, ...] = UNIT_DATA_ROLES) -> QuerySet[OrgUnit]:
    """The units whose data the user may read (with `roles`, may act on)."""
    if user.is_authenticated and user.is_superuser:
        return OrgUnit.objects.all()
    condition = Q(pk__in=[])
    for assignment in _assignments(user, roles):
        unit = assignment.org_unit
        condition |= Q(pk=unit.pk) | Q(path__startswith=f"{unit.path}{unit.pk}/")
    return OrgUnit.objects.filter(condition)


def user_can_view_unit(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return any(_covers(assignment, unit) for assignment in _assignments(user, UNIT_DATA_ROLES))


def user_has_role_over(user: User | AnonymousUser, unit: OrgUnit, *, roles: tuple[str, ...]) -> bool:
    """True when the user holds one of `roles` on `unit` or on a unit above it."""
    if user.is_authenticated and user.is_superuser:
        return True
    return any(_covers(assignment, unit) for assignment in _assignments(user, roles))


def user_is_within_area(user: User | AnonymousUser, area: OrgUnit) -> bool:
    """True when the user has a data role on the area, above it, or on a unit inside it."""
    if user.is_authenticated and user.is_superuser:
        return True
    inside = f"{area.path}{area.pk}/"
    return any(
        _covers(assignment, area) or assignment.org_unit.path.startswith(inside)
        for assignment in _assignments(user, UNIT_DATA_ROLES)
    )


def user_list_idle(*, days: int) -> QuerySet[User]:
    """Active accounts not used for more than `days`: last login before the cut-off, or never
    logged in and created before it.

    Superusers are included: the security-level-3 rule names no exception, and an idle
    administrator account is the most valuable one to take over. `dxtrack accounts enable
    USERNAME` on the server brings one back.
    """
    cutoff = timezone.now() - timedelta(days=days)
    return User.objects.filter(is_active=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    ).order_by("username")
