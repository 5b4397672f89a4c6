"""Which of the workflow's roles a person holds on an item (see workflow.py)."""

from django.contrib.auth.models import AnonymousUser

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.accounts.selectors import user_has_role_over
from dxtrack.feedback.models import Item
from dxtrack.feedback.workflow import AGENCY_HEAD, AGENCY_STAFF, OFFICER, SENDER


def user_is_officer(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or RoleAssignment.objects.filter(user=user, role=Role.PROGRAMME_OFFICER).exists()


def user_agency_roles(user: User | AnonymousUser, agency_id: int | None) -> set[str]:
    """Roles on the agency itself: a province's approver is not every agency's head."""
    if agency_id is None or not user.is_authenticated:
        return set()
    held = set(RoleAssignment.objects.filter(user=user, org_unit_id=agency_id).values_list("role", flat=True))
    roles = {AGENCY_STAFF} if Role.REPORTER in held else set()
    return roles | ({AGENCY_HEAD} if Role.APPROVER in held else set())


def roles_on_item(user: User | AnonymousUser, item: Item, *, verified_email: str = "") -> set[str]:
    roles: set[str] = set()
    if user.is_authenticated and item.sender_user_id == user.pk:
        roles.add(SENDER)
    if verified_email and item.sender_email and verified_email.lower() == item.sender_email.lower():
        roles.add(SENDER)
    if user_is_officer(user):
        roles.add(OFFICER)
    roles |= user_agency_roles(user, item.agency_id)
    return roles


def user_may_view_item(user: User | AnonymousUser, item: Item) -> bool:
    """Staff of the workflow, the sender, and leaders over the agency see an item's full record."""
    if roles_on_item(user, item):
        return True
    return bool(item.agency_id) and user_has_role_over(user, item.agency, roles=(Role.LEADER,))
