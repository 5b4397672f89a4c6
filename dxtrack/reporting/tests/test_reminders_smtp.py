"""Reminders and escalations delivered through a real SMTP server (aiosmtpd on 127.0.0.1).

The statutory January 2026 ward form of Ho Chi Minh City covers 15 December 2025 – 14 January
2026 and is due five working days later, on Wednesday 21 January. Reminders: three and one
working days before (Friday 16 and Tuesday 20), one after (Thursday 22); escalation after five
working days late (Wednesday 28).
"""

import email
import socket
from dataclasses import dataclass
from datetime import date, timedelta
from email import policy
from email.message import EmailMessage
from io import StringIO

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import CommandError, call_command
from django.utils import translation

from dxtrack.accounts.models import Role
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.reporting.models import Notification, ReminderLog, Submission, SubmissionStatus
from dxtrack.reporting.reminders import reminders_send
from dxtrack.reporting.tasks import reminders_send_task
from dxtrack.reporting.tests.forms_factories import (
    REFORM_DAY,
    hcmc_units,
    local,
    person,
    programme_with_indicators,
    submission_at,
    ward_form,
)

DEADLINE = date(2026, 1, 21)


# -- the SMTP server ---------------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        # Django folds a long encoded subject after "Subject:", which parses with a leading space.
        return str(self.message["Subject"]).strip()

    @property
    def body(self) -> str:
        return self.message.get_content()


class Inbox:
    """An aiosmtpd handler that keeps every message, or refuses them all when `refuse` is set."""

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        if self.refuse:
            return "554 5.7.1 Refused for the test"
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 2.0.0 Accepted"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.rcpt_tos]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _use_smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = "dxtrack@tinh.example"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    # server_hostname spares aiosmtpd a DNS look-up of this machine's name.
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), server_hostname="localhost")
    controller.start()
    _use_smtp(settings, controller.port)
    try:
        yield inbox
    finally:
        controller.stop()


# -- the city, its wards and their people -----------------------------------------------------


@pytest.fixture
def hcmc(units):
    return hcmc_units(units["country"])


@pytest.fixture
def people(hcmc):
    return {
        # Two reporters of ward 1 with addresses, one who left (inactive), one of ward 2 without an address.
        "rep1": person("rep1", Role.REPORTER, hcmc["ward_1"], email="rep1@phuong1.example"),
        "rep1b": person("rep1b", Role.REPORTER, hcmc["ward_1"], email="rep1b@phuong1.example"),
        "gone": person("gone", Role.REPORTER, hcmc["ward_1"], email="gone@phuong1.example"),
        "rep2": person("rep2", Role.REPORTER, hcmc["ward_2"]),
        "city_leader": person("city_leader", Role.LEADER, hcmc["city"], email="lanhdao@tphcm.example"),
        "city_approver": person("city_approver", Role.APPROVER, hcmc["city"], email="pheduyet@tphcm.example"),
    }


@pytest.fixture
def form(hcmc, people):
    people["gone"].is_active = False
    people["gone"].save()
    programme = programme_with_indicators(area=hcmc["city"], code="KH-THANG", period_type="month")
    return ward_form(programme, code="BM-THANG", calendar="statutory", deadline_working_days=5,
                     reminder_days=[-3, -1, 1], escalate_after_working_days=5)


def _logs() -> set[tuple[str, str, int]]:
    return set(ReminderLog.objects.values_list("submission__org_unit__code", "kind", "offset"))


# -- before the deadline -------------------------------------------------------------------------


def test_three_working_days_before_each_reporter_gets_one_bilingual_plain_text_email(smtp, form, hcmc):
    run = reminders_send(today=date(2026, 1, 16))
    assert len(run.sent) == 2 and not run.failed
    assert sorted(rcpt for m in smtp.messages for rcpt in m.rcpt_tos) == ["rep1@phuong1.example", "rep1b@phuong1.example"]
    message = smtp.to("rep1@phuong1.example")[0]
    assert message.rcpt_tos == ["rep1@phuong1.example"]  # nobody sees another recipient's address
    assert message.mail_from == "dxtrack@tinh.example"
    assert message.subject == "[dxtrack] Sắp đến hạn báo cáo / Report due soon: BM-THANG · Tháng 01/2026 · Phường Thủ Dầu Một"
    assert message.message.get_content_type() == "text/plain"
    assert message.message.get_content_charset() == "utf-8"
    assert message.message["Auto-Submitted"] == "auto-generated"
    body = message.body
    assert "Kính gửi rep1," in body
    assert "Hạn nộp: ngày 21/01/2026 (còn 3 ngày làm việc)." in body
    assert "It is due on 21 January 2026 (3 working days left)." in body
    assert body.index("Kính gửi") < body.index("Dear rep1,")  # Vietnamese first
    assert "http://127.0.0.1:8000/reporting/entry/BM-THANG/" in body


def test_every_reporter_gets_an_in_app_notification_even_without_an_address(smtp, form, people):
    reminders_send(today=date(2026, 1, 16))
    assert set(Notification.objects.values_list("user__username", "kind")) == {
        ("rep1", "reminder_before"), ("rep1b", "reminder_before"), ("rep2", "reminder_before"),
    }
    assert not smtp.to("gone@phuong1.example")
    notice = Notification.objects.get(user=people["rep2"])
    assert notice.params["days"] == 3 and notice.params["deadline"] == "2026-01-21"


def test_a_reminder_makes_the_expected_submission_a_draft_with_its_deadline(smtp, form, hcmc):
    reminders_send(today=date(2026, 1, 16))
    assert set(Submission.objects.values_list("org_unit__code", "status", "deadline")) == {
        ("26734", SubmissionStatus.DRAFT, DEADLINE), ("26740", SubmissionStatus.DRAFT, DEADLINE),
    }
    assert _logs() == {("26734", "before", -3), ("26740", "before", -3)}


def test_running_twice_or_every_hour_sends_nothing_twice(smtp, form):
    reminders_send(today=date(2026, 1, 16))
    again = reminders_send(today=date(2026, 1, 16))
    saturday = reminders_send(today=date(2026, 1, 17))
    assert (len(again.sent), len(saturday.sent)) == (0, 0)
    assert len(smtp.messages) == 2
    assert Notification.objects.count() == 3


def test_a_missed_run_sends_only_the_latest_due_reminder(smtp, form):
    reminders_send(today=date(2026, 1, 20))  # the job did not run on Friday 16
    assert _logs() == {("26734", "before", -1), ("26740", "before", -1)}
    assert len(smtp.messages) == 2
    assert "(còn 1 ngày làm việc)" in smtp.messages[0].body
    assert "(1 working day left)" in smtp.messages[0].body


def test_after_the_deadline_a_before_reminder_is_never_sent(smtp, form):
    reminders_send(today=date(2026, 1, 22))  # first run after the deadline
    assert _logs() == {("26734", "after", 1), ("26740", "after", 1)}
    message = smtp.messages[0]
    assert message.subject.startswith("[dxtrack] Quá hạn báo cáo / Report overdue: BM-THANG")
    assert "Hạn nộp là ngày 21/01/2026; báo cáo đã chậm 1 ngày làm việc." in message.body
    assert "It was due on 21 January 2026 and is 1 working day late." in message.body


def test_submitted_and_approved_units_get_nothing_and_a_returned_one_is_reminded(smtp, form, hcmc):
    submission_at(form, hcmc["ward_1"], "2026-01", SubmissionStatus.SUBMITTED, local(2026, 1, 15))
    submission_at(form, hcmc["ward_2"], "2026-01", SubmissionStatus.RETURNED, local(2026, 1, 15))
    reminders_send(today=date(2026, 1, 16))
    assert _logs() == {("26740", "before", -3)}
    assert not smtp.messages  # ward 2's reporter has no address: the notice is in the app
    assert Notification.objects.get().user.username == "rep2"


def test_a_unit_with_nobody_to_tell_stays_due_until_somebody_is_there(smtp, form, hcmc):
    ward_3, _ = orgunit_upsert(code="26743", kind=OrgUnitKind.COMMUNE, name_vi="Phường Chánh Hiệp", parent=hcmc["city"], valid_from=REFORM_DAY)
    run = reminders_send(today=date(2026, 1, 16))
    assert [due.unit for due in run.nobody] == [ward_3]
    assert ("26743", "before", -3) not in _logs()
    person("rep3", Role.REPORTER, ward_3, email="rep3@phuong3.example")
    reminders_send(today=date(2026, 1, 16))
    assert ("26743", "before", -3) in _logs()
    assert len(smtp.to("rep3@phuong3.example")) == 1


# -- escalation ------------------------------------------------------------------------------------


def test_five_working_days_late_the_parent_units_leader_and_approver_are_told_once(smtp, form):
    day = date(2026, 1, 22)
    while day <= date(2026, 1, 30):
        reminders_send(today=day)
        day += timedelta(days=1)
    escalations = [m for m in smtp.messages if "lanhdao@tphcm.example" in m.rcpt_tos]
    assert len(escalations) == 2  # one per late ward
    assert len(smtp.to("pheduyet@tphcm.example")) == 2
    message = next(m for m in escalations if "Phường Thủ Dầu Một" in m.subject)
    assert message.subject == "[dxtrack] Đơn vị chậm báo cáo / A unit is late with its report: BM-THANG · Tháng 01/2026 · Phường Thủ Dầu Một"
    assert "báo cáo đã chậm 5 ngày làm việc" in message.body
    assert "lãnh đạo và người phê duyệt của Thành phố Hồ Chí Minh" in message.body
    assert "is 5 working days late" in message.body
    assert "/reporting/completeness/BM-THANG/2026-01/" in message.body
    # The reporters got their one "after" reminder and no escalation.
    assert [m.subject.split(":")[0] for m in smtp.to("rep1@phuong1.example")] == ["[dxtrack] Quá hạn báo cáo / Report overdue"]
    assert _logs() >= {("26734", "escalation", 5), ("26740", "escalation", 5)}


def test_escalation_climbs_to_the_nearest_unit_above_with_someone_to_tell(smtp, units, leader):
    leader.email = "lanhdao@binhduong.example"
    leader.save()
    person("reporter", Role.REPORTER, units["ward_a"], email="pc@binhduong.example")
    form = ward_form(programme_with_indicators(area=units["province"]), deadline_working_days=10)
    reminders_send(today=date(2025, 1, 22))  # due 15 January 2025: five working days late
    # Nobody leads the district (718), so the province's leader hears of both wards.
    assert len(smtp.to("lanhdao@binhduong.example")) == 2
    district_approver = person("district_approver", Role.APPROVER, units["district"], email="huyen@binhduong.example")
    ward_form(form.programme, code="BM-2", deadline_working_days=10)
    reminders_send(today=date(2025, 1, 22))
    assert len(smtp.to("huyen@binhduong.example")) == 2
    assert len(smtp.to("lanhdao@binhduong.example")) == 2  # the province is not told again
    assert district_approver.notifications.filter(kind="reminder_escalation").count() == 2


# -- Tết -------------------------------------------------------------------------------------------


def test_reminders_across_tet_follow_working_days(smtp, hcmc, people):
    programme = programme_with_indicators(area=hcmc["city"], code="KH-TET", period_type="month")
    # Calendar January 2026, due 11 working days after Saturday 31 January: Monday 23 February.
    ward_form(programme, code="BM-TET", calendar="calendar", deadline_working_days=11, reminder_days=[-3, -1, 1])
    sent_on: dict[date, list[str]] = {}
    day = date(2026, 2, 9)
    while day <= date(2026, 2, 25):
        with time_machine.travel(local(day.year, day.month, day.day, 7), tick=False):
            run = reminders_send()  # "today" is the travelled-to day in Viet Nam
        if run.sent:
            sent_on[day] = sorted({f"{due.kind}{due.offset:+d}" for due, _ in run.sent})
        day += timedelta(days=1)
    assert sent_on == {
        date(2026, 2, 11): ["before-3"],
        date(2026, 2, 13): ["before-1"],  # the Friday before Tết: one working day left
        date(2026, 2, 24): ["after+1"],
    }
    friday = [m for m in smtp.to("rep1@phuong1.example") if "còn 1 ngày làm việc" in m.body]
    assert len(friday) == 1 and "Hạn nộp: ngày 23/02/2026" in friday[0].body


# -- hostile names, failures, dry runs --------------------------------------------------------------


def test_a_unit_name_with_markup_or_a_newline_stays_inert_text(smtp, form, hcmc):
    ward = hcmc["ward_1"]
    ward.name_vi = "<script>alert('x')</script>\r\nBcc: victim@example.com"
    ward.save()
    reminders_send(today=date(2026, 1, 16))
    message = smtp.to("rep1@phuong1.example")[0]
    assert not message.message.is_multipart()
    assert message.message.get_content_type() == "text/plain"
    assert "<script>alert('x')</script>" in message.body  # shown as typed: plain text runs nothing
    assert "&lt;" not in message.body
    assert "\n" not in message.subject
    assert message.message["Bcc"] is None
    assert message.rcpt_tos == ["rep1@phuong1.example"]


def test_a_refusing_smtp_server_records_nothing_and_the_next_run_retries(smtp, form):
    smtp.refuse = True
    run = reminders_send(today=date(2026, 1, 16))
    assert len(run.failed) == 1  # ward 1; ward 2's reporter has no address and got the notice in the app
    assert _logs() == {("26740", "before", -3)}
    assert not Notification.objects.filter(user__username__in=["rep1", "rep1b"]).exists()
    smtp.refuse = False
    reminders_send(today=date(2026, 1, 16))
    assert _logs() == {("26734", "before", -3), ("26740", "before", -3)}
    assert len(smtp.messages) == 2


def test_an_unreachable_smtp_server_fails_the_run_without_recording_it(settings, form):
    _use_smtp(settings, _free_port())  # nothing listens there
    run = reminders_send(today=date(2026, 1, 16))
    assert len(run.failed) == 1
    assert ("26734", "before", -3) not in _logs()


def test_a_dry_run_sends_and_writes_nothing(smtp, form):
    run = reminders_send(today=date(2026, 1, 16), dry_run=True)
    assert sorted(names for _, names in run.sent) == [["rep1", "rep1b"], ["rep2"]]
    assert not smtp.messages
    assert not (Submission.objects.exists() or ReminderLog.objects.exists() or Notification.objects.exists())


# -- the command and the task -------------------------------------------------------------------------


def test_the_command_sends_and_says_what_it_did(smtp, form, english):
    out = StringIO()
    call_command("reminders", "send", "--today", "2026-01-16", stdout=out)
    assert "sent BM-THANG 2026-01 26734 before -3 to rep1, rep1b" in out.getvalue()
    assert "2026-01-16: sent 2, nobody to tell 0, failed 0" in out.getvalue()
    assert len(smtp.messages) == 2


def test_the_command_dry_run_lists_without_sending(smtp, form, english):
    out = StringIO()
    call_command("reminders", "send", "--dry-run", "--today", "2026-01-16", stdout=out)
    assert "would send BM-THANG 2026-01 26740 before -3 to rep2" in out.getvalue()
    assert not smtp.messages


def test_the_command_refuses_a_malformed_date_and_a_missing_subcommand(form):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("reminders", "send", "--today", "16/01/2026")
    with pytest.raises(CommandError):
        call_command("reminders")


def test_the_command_fails_when_a_reminder_could_not_be_sent(smtp, form, english):
    smtp.refuse = True
    with pytest.raises(CommandError, match="tried again"):
        call_command("reminders", "send", "--today", "2026-01-16", stdout=StringIO())


def test_the_task_runs_the_same_job(smtp, form):
    assert reminders_send_task.call(today="2026-01-16") == {
        "today": "2026-01-16", "dry_run": False, "sent": 2, "nobody_to_tell": 0, "failed": 0,
    }
    assert len(smtp.messages) == 2


def test_when_another_run_logged_the_reminder_first_this_one_sends_nothing(smtp, form, hcmc):
    from dxtrack.reporting.forms_services import submission_ensure
    from dxtrack.reporting.reminders import reminder_send, reminders_due

    due = next(d for d in reminders_due(today=date(2026, 1, 16)) if d.unit == hcmc["ward_1"])
    # A parallel run wins the race between our read and our write.
    submission = submission_ensure(form=form, org_unit=hcmc["ward_1"], period="2026-01")
    ReminderLog.objects.create(submission=submission, kind=due.kind, offset=due.offset, sent_at=local(2026, 1, 16, 7))
    assert reminder_send(due=due, today=date(2026, 1, 16)) is None
    assert not smtp.messages
    assert not Notification.objects.exists()


@pytest.fixture
def english():
    """The command's report, read here in English (the terminal's language in real use)."""
    with translation.override("en"):
        yield
