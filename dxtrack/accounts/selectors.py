"""Who may see and do what, for every page and endpoint to ask.

A role assignment on a unit covers that unit and every unit below it. A superuser sees all.
Enterprise users hold no unit data rights; they see what the public sees.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.orgunits.models import OrgUnit

UNIT_DATA_ROLES = (Role.LEADER, Role.PROGRAMME_OFFICER, Role.APPROVER, Role.REPORTER)


def _assignments(user: User | AnonymousUser, roles: tuple[str, ...]) -> QuerySet[RoleAssignment]:
    if not user.is_authenticated:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(user=user, role__in=roles).select_related("org_unit")


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
    return orgunit_list_for_user(user).filter(pk=unit.pk).exists()


def user_has_role_over(user: User | AnonymousUser, unit: OrgUnit, *, roles: tuple[str, ...]) -> bool:
    """True when the user holds one of `roles` on `unit` or on a unit above it."""
    if user.is_authenticated and user.is_superuser:
        return True
    ancestor_ids = [int(part) for part in unit.path.strip("/").split("/") if part] + [unit.pk]
    return _assignments(user, roles).filter(org_unit_id__in=ancestor_ids).exists()


def user_is_within_area(user: User | AnonymousUser, area: OrgUnit) -> bool:
    """True when the user has a data role on the area, above it, or on a unit inside it."""
    if user_has_role_over(user, area, roles=UNIT_DATA_ROLES):
        return True
    inside = Q(org_unit=area) | Q(org_unit__path__startswith=f"{area.path}{area.pk}/")
    return _assignments(user, UNIT_DATA_ROLES).filter(inside).exists()


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
