"""Deadline reminders over real SMTP. Received Tue 10 Feb 2026 with 10 working days: due Tue
3 Mar (Tết 16–20 Feb between). Reminder 2 working days before (Fri 27 Feb), overdue the day
after (Wed 4 Mar), the head at 3 late (Fri 6 Mar), the programme office at 5 late (Tue 10 Mar)."""

from datetime import date

from dxtrack.accounts.models import Role
from dxtrack.feedback.models import ReminderLog, State
from dxtrack.feedback.reminders import reminders_send
from dxtrack.feedback.tests.factories import at, in_state, person, received
from dxtrack.reporting.tests.test_reminders_smtp import smtp  # noqa: F401  (the aiosmtpd fixture)


def test_reminders_then_escalations_once_each(units, enterprise, smtp):  # noqa: F811
    person("staff", Role.REPORTER, units["agency"], email="chuyenvien@so.example")
    person("head", Role.APPROVER, units["agency"], email="giamdoc@so.example")
    person("office", Role.PROGRAMME_OFFICER, units["province"], email="vanphong@tinh.example")
    item = in_state(received(enterprise, when=at(2026, 2, 10)), State.IN_PROGRESS, agency=units["agency"])
    done = in_state(received(enterprise, when=at(2026, 2, 10)), State.CLOSED, agency=units["agency"])
    assert item.due_on == date(2026, 3, 3) and done.due_on == date(2026, 3, 3)

    def run(day: date) -> list[list[str]]:
        before = len(smtp.messages)
        reminders_send(today=day)
        return [sorted(message.rcpt_tos) for message in smtp.messages[before:]]

    assert run(date(2026, 2, 26)) == []
    assert run(date(2026, 2, 27)) == [["chuyenvien@so.example"]]
    assert run(date(2026, 2, 27)) == [], "a second run the same day sends nothing"
    assert run(date(2026, 3, 4)) == [["chuyenvien@so.example"]]
    assert run(date(2026, 3, 6)) == [["giamdoc@so.example"]]
    assert run(date(2026, 3, 10)) == [["vanphong@tinh.example"]]
    assert "quá hạn" in smtp.messages[-1].subject and item.code in smtp.messages[-1].body
    assert set(ReminderLog.objects.values_list("item", flat=True)) == {item.pk}
