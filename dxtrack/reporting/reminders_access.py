"""Who may send a reminder by hand (`MANUAL_REMINDER_ROLES` on the unit or above)."""

from __future__ import annotations

from collections.abc import Iterable

from dxtrack.accounts.selectors import orgunit_list_for_user, user_has_role_over
from dxtrack.orgunits.models import OrgUnit
from dxtrack.reporting.reminders import MANUAL_REMINDER_ROLES


def remindable_unit_ids(user, units: Iterable[OrgUnit]) -> set[int]:  # type: ignore[no-untyped-def]
    """The ids among `units` the user may remind (one query for the page, not one per row)."""
    ids = {unit.pk for unit in units}
    if not ids:
        return set()
    return set(orgunit_list_for_user(user, roles=MANUAL_REMINDER_ROLES).filter(pk__in=ids).values_list("pk", flat=True))


def user_may_remind(user, unit: OrgUnit) -> bool:  # type: ignore[no-untyped-def]
    return user_has_role_over(user, unit, roles=MANUAL_REMINDER_ROLES)
