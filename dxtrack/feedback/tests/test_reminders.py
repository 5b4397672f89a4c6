"""Deadline reminders over real SMTP. Received Tue 10 Feb 2026 with 10 working days: due Tue
3 Mar (Tết 16–20 Feb between). Reminder 2 working days before (Fri 27 Feb), overdue the day
after (Wed 4 Mar), the head at 3 late (Fri 6 Mar), the programme office at 5 late (Tue 10 Mar)."""

from datetime import date

from dxtrack.accounts.models import Role
from dxtrack.feedback.models import ReminderLog, ReminderRecipients, ReminderStep, State
from dxtrack.feedback.reminders import reminders_send
from dxtrack.feedback.tests.factories import area, at, in_state, person, received
from dxtrack.reporting.models import Notification
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


def _people(units):
    return {
        "staff": person("staff", Role.REPORTER, units["agency"], email="chuyenvien@so.example"),
        "head": person("head", Role.APPROVER, units["agency"], email="giamdoc@so.example"),
        "office": person("office", Role.PROGRAMME_OFFICER, units["province"], email="vanphong@tinh.example"),
    }


def test_each_step_also_leaves_an_in_app_notification_in_the_readers_language(units, enterprise, smtp):  # noqa: F811
    from django.utils import translation

    from dxtrack.reporting.notifications import notification_text

    people = _people(units)
    item = in_state(received(enterprise, when=at(2026, 2, 10)), State.IN_PROGRESS, agency=units["agency"])
    reminders_send(today=date(2026, 3, 4))  # before_2 and overdue_1 both due: a missed day still sends
    notes = list(Notification.objects.filter(user=people["staff"]).order_by("pk"))
    assert [note.params["step"] for note in notes] == ["before_2", "overdue_1"]
    assert notes[0].url == f"/feedback/items/{item.code}/" and not Notification.objects.exclude(user=people["staff"]).exists()
    with translation.override("vi"):
        assert notification_text(notes[1]) == f"Phản ánh, kiến nghị {item.code} quá hạn trả lời từ ngày 03/03/2026"
    with translation.override("en"):
        assert notification_text(notes[1]) == f"Feedback {item.code} is overdue since 03/03/2026"
    reminders_send(today=date(2026, 3, 4))
    assert Notification.objects.count() == 2, "a second run leaves no second notice"


def test_an_agencys_own_steps_replace_the_default_set(units, enterprise, smtp):  # noqa: F811
    people = _people(units)
    ReminderStep.objects.create(agency=units["agency"], code="head_on_the_day", offset=0, recipients=ReminderRecipients.AGENCY_HEAD,
                                by_email=False)
    item = in_state(received(enterprise, when=at(2026, 2, 10)), State.IN_PROGRESS, agency=units["agency"])
    assert reminders_send(today=date(2026, 3, 10)) == 0 and smtp.messages == []  # no e-mail in this set
    assert list(Notification.objects.values_list("user__username", "params__step")) == [("head", "head_on_the_day")]
    assert list(ReminderLog.objects.values_list("item", "kind")) == [(item.pk, "head_on_the_day")]
    assert not Notification.objects.filter(user=people["staff"]).exists()


def test_an_areas_steps_apply_at_every_agency_unless_the_agency_has_its_own(units, enterprise, smtp):  # noqa: F811
    _people(units)
    ReminderStep.objects.create(area=area("chuyen-doi-so"), code="office_early", offset=-5, recipients=ReminderRecipients.PROGRAMME_OFFICE,
                                in_app=False)
    in_state(received(enterprise, when=at(2026, 2, 10)), State.IN_PROGRESS, agency=units["agency"])
    in_state(received(enterprise, when=at(2026, 2, 10), area_code="lao-dong-bao-hiem"), State.IN_PROGRESS, agency=units["agency"])
    before = len(smtp.messages)
    reminders_send(today=date(2026, 2, 24))  # 5 working days before 3 Mar; 3 before for the default set: nothing
    assert [sorted(message.rcpt_tos) for message in smtp.messages[before:]] == [["vanphong@tinh.example"]]
    assert not Notification.objects.exists()
