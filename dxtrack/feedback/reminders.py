"""Reminders and escalations for answer deadlines, in working days, run daily
(`dxtrack feedback_remind`):

| when (working days from the due date) | to whom |
| --- | --- |
| 2 before | the agency's staff (reporters of the agency) |
| 1 after (overdue) | the agency's staff |
| 3 after | the agency's head (approvers of the agency) |
| 5 after | the programme office (programme officers) |

The due date moves with pauses and reopens; each (item, kind, due date) is sent once.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dxtrack.accounts.models import Role, RoleAssignment
from dxtrack.common.workdays import working_days_between
from dxtrack.feedback.models import Item, ReminderLog
from dxtrack.feedback.notify import send_plain
from dxtrack.feedback.workflow import OPEN_STATES


@dataclass(frozen=True)
class Step:
    kind: str
    offset: int  # working days after the due date (negative: before)
    roles: tuple[str, ...]
    on_agency: bool


STEPS = (
    Step("before_2", -2, (Role.REPORTER,), True),
    Step("overdue_1", 1, (Role.REPORTER,), True),
    Step("escalate_head", 3, (Role.APPROVER,), True),
    Step("escalate_office", 5, (Role.PROGRAMME_OFFICER,), False),
)


def _addresses(item: Item, step: Step) -> list[str]:
    assignments = RoleAssignment.objects.filter(role__in=step.roles, user__is_active=True).exclude(user__email="")
    if step.on_agency:
        assignments = assignments.filter(org_unit_id=item.agency_id)
    return sorted(set(assignments.values_list("user__email", flat=True)))


def due_steps(item: Item, *, today: date) -> list[Step]:
    """Steps whose day has come (a daily run that missed a day still sends them)."""
    if item.due_on is None:
        return []
    offset = working_days_between(item.due_on, today)
    return [step for step in STEPS if offset >= step.offset]


def reminders_send(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    items = Item.objects.filter(state__in=OPEN_STATES, agency__isnull=False, due_on__isnull=False, is_sample=False)
    for item in items.select_related("agency"):
        for step in due_steps(item, today=today):
            if ReminderLog.objects.filter(item=item, kind=step.kind, due_on=item.due_on).exists():
                continue
            to = _addresses(item, step)
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(item=item, kind=step.kind, due_on=item.due_on, sent_on=today, recipients=",".join(to))
            except IntegrityError:
                continue  # another run sent it
            with translation.override(settings.LANGUAGE_CODE):
                late = working_days_between(item.due_on, today)
                subject = (_("Feedback %(code)s is due on %(day)s") if late <= 0 else _("Feedback %(code)s is overdue since %(day)s")) % {
                    "code": item.code, "day": item.due_on.strftime("%d/%m/%Y")}
                body = _("Agency: %(agency)s\nState: %(state)s\nOpen it: %(url)s") % {
                    "agency": item.agency.name_vi, "state": item.get_state_display(),
                    "url": settings.DXTRACK_SITE_URL + reverse("feedback:item_detail", args=[item.code])}
            sent += send_plain(to=to, subject=subject, body=body)
    return sent
