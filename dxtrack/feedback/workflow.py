"""The states of an item and who may move it between them: one table, read by the services,
the pages (which buttons to show) and the tests.

Roles are relative to the item:
- sender:        the account that sent it, or the verified e-mail address it came from
- officer:       the programme office (a programme officer of any unit) receives and routes
- agency_staff:  a reporter of the agency the item is assigned to drafts the answer
- agency_head:   an approver of that agency approves and publishes it
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dxtrack.feedback.models import State

SENDER, OFFICER, AGENCY_STAFF, AGENCY_HEAD = "sender", "officer", "agency_staff", "agency_head"
ROLES = (SENDER, OFFICER, AGENCY_STAFF, AGENCY_HEAD)
ROLE_LABELS = {SENDER: _("sender"), OFFICER: _("programme office"), AGENCY_STAFF: _("agency"), AGENCY_HEAD: _("agency head")}

# States in which the answer clock runs, and those an item never leaves except by a reopen.
OPEN_STATES = frozenset({State.RECEIVED, State.ASSIGNED, State.IN_PROGRESS})
ANSWERED_STATES = frozenset({State.ANSWERED, State.PUBLISHED, State.CLOSED})
REOPENS_ALLOWED = 1


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: object
    needs_reason: bool = False


TRANSITIONS: dict[str, Rule] = {
    "assign": Rule(frozenset({State.RECEIVED}), State.ASSIGNED, frozenset({OFFICER}), _("Assign to an agency")),
    "transfer": Rule(
        frozenset({State.ASSIGNED, State.IN_PROGRESS}), State.ASSIGNED, frozenset({OFFICER, AGENCY_STAFF, AGENCY_HEAD}),
        _("Transfer to another agency"), needs_reason=True,
    ),
    "start": Rule(frozenset({State.ASSIGNED}), State.IN_PROGRESS, frozenset({AGENCY_STAFF, AGENCY_HEAD}), _("Start handling")),
    "approve": Rule(frozenset({State.IN_PROGRESS}), State.ANSWERED, frozenset({AGENCY_HEAD}), _("Approve the answer")),
    "publish": Rule(frozenset({State.ANSWERED}), State.PUBLISHED, frozenset({OFFICER, AGENCY_HEAD}), _("Publish")),
    "close": Rule(frozenset({State.ANSWERED}), State.CLOSED, frozenset({OFFICER, AGENCY_HEAD}), _("Close without publishing")),
    "reject": Rule(
        frozenset({State.RECEIVED, State.ASSIGNED}), State.REJECTED, frozenset({OFFICER}), _("Reject"), needs_reason=True
    ),
    "mark_duplicate": Rule(
        frozenset({State.RECEIVED, State.ASSIGNED}), State.DUPLICATE, frozenset({OFFICER}), _("Mark as a duplicate")
    ),
    "withdraw": Rule(frozenset(OPEN_STATES), State.WITHDRAWN, frozenset({SENDER}), _("Withdraw")),
    "reopen": Rule(frozenset(ANSWERED_STATES), State.IN_PROGRESS, frozenset({SENDER}), _("Reopen"), needs_reason=True),
}


def allowed(action: str, *, state: str, roles: set[str]) -> str | None:
    """The role under which `roles` may take `action` from `state`, or None."""
    rule = TRANSITIONS[action]
    if state not in rule.sources:
        return None
    return next((role for role in ROLES if role in roles and role in rule.roles), None)


def actions_for(*, state: str, roles: set[str]) -> list[str]:
    return [action for action in TRANSITIONS if allowed(action, state=state, roles=roles)]
