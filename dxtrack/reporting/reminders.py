"""Reminders before and after a form's deadline, and escalation to the parent unit.

Production runs ``dxtrack reminders send`` once a day (cron or a systemd timer); running it
every hour, or twice by mistake, sends nothing twice. The work is split so that tests can
call each piece (the shape of healthchecks' ``sendalerts``):

=============================================  ==================================================
Function                                       Does
=============================================  ==================================================
``reminder_choose(...)``                       pure: which reminder and escalation are due now
``reminder_periods(form, today)``              the periods whose reminders may be due today
``reminders_due(today=)``                      every due reminder not sent yet (reads only)
``reminder_recipients(due)``                   the reporters of the unit, or for an escalation
                                               the approvers and leaders of the parent unit
``reminder_email(due=, recipient=, today=)``   the bilingual plain-text e-mail
``reminder_send(due=, today=, connection=)``   sends one: log row, notifications, e-mails
``reminders_send(today=, dry_run=)``           the whole run; what the command and task call
``reminder_send_manual(...)``                  an officer's reminder from the overdue list
``escalation_send_manual(...)``                an officer's escalation from the overdue list,
                                               the form's one escalation (the job's key)
=============================================  ==================================================

Rules:

- The form's ``reminder_days`` are working-day offsets from the deadline: ``-3`` is three
  working days before it, ``0`` the deadline itself, ``1`` one working day after. Offsets up
  to 0 are "before" reminders, later ones "after" reminders. Nothing is sent before entry
  opens, nor for a submission that is submitted or approved (a returned one is open again).
- **No flood after a missed run.** Of the reminders that are due, only the latest is sent;
  the earlier ones it supersedes are skipped for good. A "before" reminder is stale once the
  deadline has passed; any reminder or escalation is stale ``CATCH_UP_WORKING_DAYS`` working
  days after its day (so a form created today does not remind anyone about last year).
- **Escalation**: once the submission is ``escalate_after_working_days`` working days late
  (and the deadline has passed), the approvers and leaders of the nearest unit above it that
  has any are told, once — by the job, or earlier by an officer's click on the overdue list.
- **At most once**: a :class:`ReminderLog` row per (submission, kind, offset), unique in the
  database. The row, the in-app notifications and the e-mails are one transaction: if the
  SMTP server refuses, nothing is recorded and the next run tries again; if two runs race,
  the second one's insert fails and it sends nothing.
- E-mails are plain text, Vietnamese first then English, one message per recipient (no
  recipient sees another's address). Names come from the database and are never HTML.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.analytics.periods import Calendar, Period, period_containing
from dxtrack.common.workdays import add_working_days, working_days_between
from dxtrack.orgunits.models import OrgUnit
from dxtrack.reporting.completeness import SUBMITTED_STATUSES
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import (
    Notification,
    ReminderKind,
    ReminderLog,
    ReportingCalendar,
    ReportingForm,
    Submission,
)
from dxtrack.reporting.selectors import form_deadline, form_opens_on, form_reporting_units

# A reminder or escalation more than this many working days overdue is not sent any more.
CATCH_UP_WORKING_DAYS = 10
ESCALATION_ROLES = (Role.APPROVER, Role.LEADER)
NOTIFICATION_KINDS = {
    ReminderKind.BEFORE: "reminder_before",
    ReminderKind.AFTER: "reminder_after",
    ReminderKind.ESCALATION: "reminder_escalation",
    ReminderKind.MANUAL: "reminder_after",  # an officer's reminder says the same: late by N days
}
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]


@dataclass(frozen=True)
class Choice:
    kind: str
    offset: int
    due_on: date


def reminder_choose(
    *,
    reminder_days: Iterable[int],
    escalate_after: int,
    deadline: date,
    today: date,
    sent: frozenset[tuple[str, int]] | set[tuple[str, int]] = frozenset(),
) -> list[Choice]:
    """The reminder (at most one) and the escalation (at most one) to send today.

    `sent` holds the (kind, offset) pairs already logged for this submission.

    >>> from datetime import date
    >>> deadline = date(2026, 1, 21)                      # a Wednesday
    >>> [c.offset for c in reminder_choose(reminder_days=[-3, -1, 1], escalate_after=5,
    ...                                    deadline=deadline, today=date(2026, 1, 20))]
    [-1]
    >>> reminder_choose(reminder_days=[-3, -1, 1], escalate_after=5, deadline=deadline,
    ...                 today=date(2026, 1, 20), sent={("before", -1)})
    []
    """
    chosen: list[Choice] = []
    candidates = []
    for offset in sorted(set(reminder_days)):
        due_on = add_working_days(deadline, offset)
        if due_on > today or working_days_between(due_on, today) > CATCH_UP_WORKING_DAYS:
            continue
        kind = ReminderKind.BEFORE if offset <= 0 else ReminderKind.AFTER
        if kind == ReminderKind.BEFORE and today > deadline:
            continue  # "due in N days" after the deadline would be false; the after-reminders speak now
        candidates.append(Choice(kind=kind, offset=offset, due_on=due_on))
    if candidates and (candidates[-1].kind, candidates[-1].offset) not in sent:
        chosen.append(candidates[-1])
    if today > deadline and working_days_between(deadline, today) >= escalate_after:
        due_on = add_working_days(deadline, escalate_after)
        if (ReminderKind.ESCALATION, escalate_after) not in sent and working_days_between(due_on, today) <= CATCH_UP_WORKING_DAYS:
            chosen.append(Choice(kind=ReminderKind.ESCALATION, offset=escalate_after, due_on=due_on))
    return chosen


def _calendar(form: ReportingForm) -> Calendar:
    return Calendar.STATUTORY if form.calendar == ReportingCalendar.STATUTORY else Calendar.CALENDAR


def reminder_periods(form: ReportingForm, today: date) -> list[Period]:
    """The periods of the form whose reminders or escalation may be due on `today`, newest first."""
    latest_offset = max([0, form.escalate_after_working_days, *form.reminder_days]) + CATCH_UP_WORKING_DAYS
    period = period_containing(today, form.period_type, calendar=_calendar(form)).shift(1)
    periods = []
    for _step in range(120):  # a guard; deadlines grow with the period, so the loop ends long before
        if add_working_days(form_deadline(form, period), latest_offset) < today:
            break
        if form_opens_on(form, period) <= today:
            periods.append(period)
        period = period.shift(-1)
    return periods


@dataclass(frozen=True)
class DueReminder:
    form: ReportingForm
    period: Period
    unit: OrgUnit
    submission: Submission | None
    kind: str
    offset: int
    due_on: date
    deadline: date

    def working_days(self, today: date) -> int:
        """Before the deadline: working days left; after it: working days late."""
        return abs(working_days_between(today, self.deadline))


def reminders_due(*, today: date, forms: Iterable[ReportingForm] | None = None) -> list[DueReminder]:
    """Every reminder and escalation due on `today` and not sent yet. Reads only.

    Per form × period in the window: the expected units, their submissions, the log rows.
    """
    if forms is None:
        forms = ReportingForm.objects.filter(is_active=True).select_related("programme__area")
    due: list[DueReminder] = []
    for form in forms:
        for period in reminder_periods(form, today):
            form_deadline_on = form_deadline(form, period)
            # Cheap test first: nothing would be due even for a unit that never started, and
            # no submission of the period keeps a deadline of its own.
            nothing_due = not reminder_choose(
                reminder_days=form.reminder_days, escalate_after=form.escalate_after_working_days,
                deadline=form_deadline_on, today=today,
            )
            if nothing_due and not Submission.objects.filter(form=form, period=period.code).exclude(deadline=form_deadline_on).exists():
                continue
            units = list(form_reporting_units(form, period))
            submissions = {
                s.org_unit_id: s for s in Submission.objects.filter(form=form, period=period.code, org_unit__in=[u.pk for u in units])
            }
            sent: dict[int, set[tuple[str, int]]] = defaultdict(set)
            for submission_id, kind, offset in ReminderLog.objects.filter(
                submission__in=[s.pk for s in submissions.values()]
            ).values_list("submission_id", "kind", "offset"):
                sent[submission_id].add((kind, offset))
            for unit in units:
                submission = submissions.get(unit.pk)
                if submission is not None and submission.status in SUBMITTED_STATUSES:
                    continue
                deadline = submission.deadline if submission is not None else form_deadline_on
                already = sent[submission.pk] if submission is not None else set()
                for choice in reminder_choose(reminder_days=form.reminder_days, escalate_after=form.escalate_after_working_days,
                                              deadline=deadline, today=today, sent=already):
                    due.append(DueReminder(form=form, period=period, unit=unit, submission=submission, kind=choice.kind,
                                           offset=choice.offset, due_on=choice.due_on, deadline=deadline))
    return due


def reminder_recipients(due: DueReminder) -> tuple[OrgUnit, list[User]]:
    """Who is told, and on behalf of which unit: the unit's own reporters for a reminder; for an
    escalation the approvers and leaders of the parent unit (or, when it has none, of the
    nearest unit above that has any). Inactive users are left out."""
    if due.kind != ReminderKind.ESCALATION:
        users = User.objects.filter(
            is_active=True, role_assignments__role=Role.REPORTER, role_assignments__org_unit=due.unit
        ).distinct().order_by("username")
        return due.unit, list(users)
    ancestor_ids = [int(part) for part in due.unit.path.strip("/").split("/") if part]
    assignments = (
        RoleAssignment.objects.filter(org_unit_id__in=ancestor_ids, role__in=ESCALATION_ROLES, user__is_active=True)
        .select_related("user", "org_unit")
    )
    by_unit: dict[int, list[RoleAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_unit[assignment.org_unit_id].append(assignment)
    for ancestor_id in reversed(ancestor_ids):  # the parent first, then upwards
        if by_unit.get(ancestor_id):
            users = {a.user.pk: a.user for a in by_unit[ancestor_id]}
            return by_unit[ancestor_id][0].org_unit, sorted(users.values(), key=lambda user: user.username)
    return due.unit.parent or due.unit, []


def _site_url() -> str:
    return str(getattr(settings, "DXTRACK_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def reminder_path(due: DueReminder) -> str:
    """Where the notice leads: reporters to the entry page, escalations to completeness."""
    if due.kind != ReminderKind.ESCALATION:
        try:
            return reverse("reporting:submission_start", args=[due.form.code, due.unit.pk, due.period.code])
        except NoReverseMatch:
            pass
    return reverse("reporting:form_completeness", args=[due.form.code, due.period.code])


def _date_vi(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _date_en(day: date) -> str:
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def _one_line(text: str) -> str:
    # Names are typed by people: a newline in a subject would be a header injection.
    return re.sub(r"\s+", " ", text).strip()


def reminder_email(*, due: DueReminder, recipient: User, on_behalf_of: OrgUnit, today: date) -> EmailMessage:
    """The plain-text e-mail, Vietnamese first then English."""
    context = {
        "kind": due.kind,
        "recipient": recipient.get_full_name() or recipient.get_username(),
        "form": due.form,
        "form_name_en": due.form.name_en or due.form.name_vi,
        "unit": due.unit,
        "unit_name_en": due.unit.name_en or due.unit.name_vi,
        "parent": on_behalf_of,
        "parent_name_en": on_behalf_of.name_en or on_behalf_of.name_vi,
        "period_vi": due.period.label_vi,
        "period_en": due.period.label_en,
        "deadline_vi": _date_vi(due.deadline),
        "deadline_en": _date_en(due.deadline),
        "days": due.working_days(today),
        "url": _site_url() + reminder_path(due),
    }
    subject = _one_line(render_to_string("reporting/email/reminder_subject.txt", context))
    body = render_to_string("reporting/email/reminder_body.txt", context)
    return EmailMessage(
        subject=subject, body=body, to=[recipient.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": "vi, en"},
    )


def _notification_params(due: DueReminder, today: date) -> dict:
    return {
        "form": due.form.code,
        "form_name_vi": due.form.name_vi,
        "form_name_en": due.form.name_en,
        "unit": due.unit.code,
        "unit_name_vi": due.unit.name_vi,
        "unit_name_en": due.unit.name_en,
        "period": due.period.code,
        "deadline": due.deadline.isoformat(),
        "days": due.working_days(today),
    }


def reminder_send(*, due: DueReminder, today: date, connection=None) -> ReminderLog | None:
    """Send one reminder: the log row, a notification per recipient and an e-mail to each who
    has an address, all or nothing. None when there is nobody to tell (it stays due, so a
    reporter added tomorrow still gets it) or when another run sent it first."""
    on_behalf_of, recipients = reminder_recipients(due)
    if not recipients:
        return None
    now = timezone.now()
    with transaction.atomic():
        submission = due.submission or submission_ensure(form=due.form, org_unit=due.unit, period=due.period)
        try:
            with transaction.atomic():
                log = ReminderLog.objects.create(
                    submission=submission, kind=due.kind, offset=due.offset, sent_at=now,
                    recipients=[{"username": user.get_username(), "email": user.email} for user in recipients],
                )
        except IntegrityError:
            return None
        params = _notification_params(due, today)
        path = reminder_path(due)
        Notification.objects.bulk_create(
            Notification(user=user, kind=NOTIFICATION_KINDS[due.kind], params=params, url=path, created_at=now)
            for user in recipients
        )
        messages = [
            reminder_email(due=due, recipient=user, on_behalf_of=on_behalf_of, today=today)
            for user in recipients if user.email
        ]
        if messages:
            # Raises on an SMTP failure, which rolls back the log row: the next run retries.
            (connection or get_connection()).send_messages(messages)
    return log


@dataclass
class ReminderRun:
    today: date
    dry_run: bool
    sent: list[tuple[DueReminder, list[str]]] = field(default_factory=list)
    nobody: list[DueReminder] = field(default_factory=list)
    failed: list[tuple[DueReminder, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"today": self.today.isoformat(), "dry_run": self.dry_run, "sent": len(self.sent),
                "nobody_to_tell": len(self.nobody), "failed": len(self.failed)}


def _describe(due: DueReminder) -> str:
    return f"{due.form.code} {due.period.code} {due.unit.code} {due.kind} {due.offset:+d}"


def reminders_send(
    *, today: date | None = None, dry_run: bool = False, say: Callable[[str], None] | None = None
) -> ReminderRun:
    """One run: every due reminder is sent (or, with `dry_run`, only listed: nothing is written)."""
    today = today or timezone.localdate()
    say = say or (lambda line: None)
    run = ReminderRun(today=today, dry_run=dry_run)
    due_list = reminders_due(today=today)
    if dry_run:
        for due in due_list:
            _unit, recipients = reminder_recipients(due)
            if recipients:
                run.sent.append((due, [user.get_username() for user in recipients]))
                say(_("would send %(what)s to %(who)s") % {"what": _describe(due), "who": ", ".join(u.get_username() for u in recipients)})
            else:
                run.nobody.append(due)
                say(_("nobody to tell: %(what)s") % {"what": _describe(due)})
        return run
    connection = get_connection()
    if due_list:
        try:
            connection.open()  # one SMTP session for the whole run
        except OSError as error:
            say(_("SMTP server unavailable (%(error)s); each reminder will try again") % {"error": error})
    try:
        for due in due_list:
            try:
                log = reminder_send(due=due, today=today, connection=connection)
            except Exception as error:  # noqa: BLE001  one failure must not stop the others
                run.failed.append((due, str(error)))
                say(_("FAILED %(what)s: %(error)s") % {"what": _describe(due), "error": error})
                continue
            if log is None:
                run.nobody.append(due)
                say(_("not sent (nobody to tell, or sent by another run): %(what)s") % {"what": _describe(due)})
            else:
                names = [item["username"] for item in log.recipients]
                run.sent.append((due, names))
                say(_("sent %(what)s to %(who)s") % {"what": _describe(due), "who": ", ".join(names)})
    finally:
        connection.close()
    return run


# Who may remind a late unit by hand from the overdue list: programme officers of the unit or
# of a unit above it (and superusers). Reporters would be reminding themselves; leaders read.
MANUAL_REMINDER_ROLES = (Role.PROGRAMME_OFFICER,)


@dataclass(frozen=True)
class ManualReminder:
    """What a click on "Remind" did: `log` is None when nothing was sent, `already` says why."""

    log: ReminderLog | None
    already: ReminderLog | None = None
    recipients: tuple[str, ...] = ()


def reminder_send_manual(
    *, form: ReportingForm, period: Period, unit: OrgUnit, by: User, today: date, connection=None
) -> ManualReminder:
    """An officer's reminder to a late unit, through `reminder_send`: one notification and
    e-mail per reporter, logged once. The log key is (submission, "manual", working days late),
    so a second click the same working day sends nothing and returns the first log row in
    `already`; the next working day, one more reminder may be sent. The caller checks the
    officer's role (`MANUAL_REMINDER_ROLES`) and that the unit is overdue."""
    return _send_by_hand(form=form, period=period, unit=unit, today=today, kind=ReminderKind.MANUAL,
                         offset=lambda late: late, connection=connection)


def escalation_send_manual(
    *, form: ReportingForm, period: Period, unit: OrgUnit, by: User, today: date, connection=None
) -> ManualReminder:
    """An officer's escalation of a late unit to the approvers and leaders above it
    (`reminder_recipients`), before the reminder job would send it. It is the form's one
    escalation: logged under the key the job uses, (submission, "escalation",
    `escalate_after_working_days`), so neither a second click nor the job sends it again
    (`already` is the first). Same checks by the caller as `reminder_send_manual`."""
    return _send_by_hand(form=form, period=period, unit=unit, today=today, kind=ReminderKind.ESCALATION,
                         offset=lambda late: form.escalate_after_working_days, connection=connection)


def _send_by_hand(*, form: ReportingForm, period: Period, unit: OrgUnit, today: date, kind: str,
                  offset: Callable[[int], int], connection) -> ManualReminder:  # type: ignore[no-untyped-def]
    """`reminder_send` of `kind` now, unless the log already has it (`offset`: of the working
    days late, the log key's offset)."""
    deadline = form_deadline(form, period)
    submission = Submission.objects.filter(form=form, period=period.code, org_unit=unit).first()
    if submission is not None:
        deadline = submission.deadline
    key = offset(working_days_between(deadline, today))
    due = DueReminder(form=form, period=period, unit=unit, submission=submission, kind=kind,
                      offset=key, due_on=today, deadline=deadline)
    previous = ReminderLog.objects.filter(submission=submission, kind=kind, offset=key).first() if submission else None
    if previous is not None:
        return ManualReminder(log=None, already=previous)
    log = reminder_send(due=due, today=today, connection=connection)
    if log is None:
        again = ReminderLog.objects.filter(submission__form=form, submission__period=period.code, submission__org_unit=unit,
                                           kind=kind, offset=key).first()
        return ManualReminder(log=None, already=again)  # `again` None: nobody to tell
    return ManualReminder(log=log, recipients=tuple(item["username"] for item in log.recipients))
