"""Reminders and escalations for answer deadlines, in working days, run daily
(`dxtrack feedback_remind`).

The steps are data (`ReminderStep`, edited in the admin): working days from the due date, to
whom (the agency's staff, its head, the programme office), by e-mail and/or as an in-app
notification. An item follows the most specific set that exists: its agency and area, else its
agency, else its area, else the default set seeded from data/taxonomy.yaml (2 before and 1 after
to the staff, 3 after to the head, 5 after to the programme office).

The due date moves with pauses and reopens; each (item, step code, due date) is sent once.
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.common.workdays import working_days_between
from dxtrack.feedback.models import Item, ReminderLog, ReminderRecipients, ReminderStep
from dxtrack.feedback.notify import send_plain
from dxtrack.feedback.workflow import OPEN_STATES
from dxtrack.reporting.models import Notification

ROLES = {
    ReminderRecipients.AGENCY_STAFF: (Role.REPORTER, True),
    ReminderRecipients.AGENCY_HEAD: (Role.APPROVER, True),
    ReminderRecipients.PROGRAMME_OFFICE: (Role.PROGRAMME_OFFICER, False),
}
NOTIFICATION_KIND = "feedback_reminder"


class StepSets:
    """Every configured step, grouped by scope once per run (not one query per item)."""

    def __init__(self) -> None:
        self.by_scope: dict[tuple[int | None, int | None], list[ReminderStep]] = {}
        for step in ReminderStep.objects.order_by("offset", "code"):
            self.by_scope.setdefault((step.area_id, step.agency_id), []).append(step)

    def for_item(self, item: Item) -> list[ReminderStep]:
        for scope in ((item.area_id, item.agency_id), (None, item.agency_id), (item.area_id, None), (None, None)):
            if scope in self.by_scope:
                return self.by_scope[scope]
        return []


def recipients(item: Item, step: ReminderStep) -> list[User]:
    role, on_agency = ROLES[step.recipients]
    assignments = RoleAssignment.objects.filter(role=role, user__is_active=True)
    if on_agency:
        assignments = assignments.filter(org_unit_id=item.agency_id)
    return list(User.objects.filter(pk__in=assignments.values("user_id")).order_by("pk"))


def due_steps(item: Item, *, today: date, steps: list[ReminderStep]) -> list[ReminderStep]:
    """Steps whose day has come (a daily run that missed a day still sends them)."""
    if item.due_on is None:
        return []
    offset = working_days_between(item.due_on, today)
    return [step for step in steps if offset >= step.offset]


def _message(item: Item, *, today: date, language: str) -> tuple[str, str]:
    with translation.override(language):
        late = working_days_between(item.due_on, today)
        subject = (_("Feedback %(code)s is due on %(day)s") if late <= 0 else _("Feedback %(code)s is overdue since %(day)s")) % {
            "code": item.code, "day": item.due_on.strftime("%d/%m/%Y")}
        body = _("Agency: %(agency)s\nState: %(state)s\nOpen it: %(url)s") % {
            "agency": item.agency.name_vi, "state": item.get_state_display(),
            "url": settings.DXTRACK_SITE_URL + reverse("feedback:item_detail", args=[item.code])}
    return subject, body


def _notify_in_app(item: Item, people: list[User], *, today: date, step: ReminderStep) -> None:
    """reporting's notification, with the sentence in both languages (params message_vi/_en): the
    reader's language picks one (reporting.notifications.notification_text)."""
    params = {"code": item.code, "step": step.code, "due_on": item.due_on.isoformat()}
    for language in ("vi", "en"):
        params[f"message_{language}"] = _message(item, today=today, language=language)[0]
    url = reverse("feedback:item_detail", args=[item.code])
    now = timezone.now()
    Notification.objects.bulk_create([
        Notification(user=person, kind=NOTIFICATION_KIND, params=params, url=url, created_at=now) for person in people
    ])


def reminders_send(*, today: date | None = None) -> int:
    """Send what is due today; returns the number of e-mails sent."""
    today = today or timezone.localdate()
    sets = StepSets()
    sent = 0
    items = Item.objects.filter(state__in=OPEN_STATES, agency__isnull=False, due_on__isnull=False, is_sample=False)
    for item in items.select_related("agency"):
        for step in due_steps(item, today=today, steps=sets.for_item(item)):
            if ReminderLog.objects.filter(item=item, kind=step.code, due_on=item.due_on).exists():
                continue
            people = recipients(item, step)
            to = sorted({person.email for person in people if person.email}) if step.by_email else []
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(item=item, kind=step.code, due_on=item.due_on, sent_on=today, recipients=",".join(to))
                    if step.in_app:
                        _notify_in_app(item, people, today=today, step=step)
            except IntegrityError:
                continue  # another run sent it
            subject, body = _message(item, today=today, language=settings.LANGUAGE_CODE)
            sent += send_plain(to=to, subject=subject, body=body)
    return sent
