"""The "Escalate" button of the overdue list: an officer escalates a late report to the
approvers and leaders above the unit now, through the reminders service; it is the form's one
escalation (logged under the job's key, so neither a second click nor the job sends it again),
permission-checked and audited.

World (test_overdue_remind): the 2024 ward form, due 15 January 2025 (escalation after five
working days); ward B never started, so overdue on 3 February 2025. The officer, the leader and
the approver hold the province: the leader and the approver are the ones told.
"""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from dxtrack.audit.models import AuditEvent
from dxtrack.common.tests.pages import every, page
from dxtrack.reporting.models import Notification, ReminderKind, ReminderLog
from dxtrack.reporting.reminders import reminders_send
from dxtrack.reporting.tests import test_overdue_remind as remind_world

ESCALATE = reverse("reporting:overdue_escalate")
OVERDUE = remind_world.OVERDUE
today = remind_world.today  # the same day and world as the "Remind" button's tests
form = remind_world.form


def _escalate(client, form, unit, period="2024", **extra):
    return client.post(ESCALATE, {"form": form.code, "unit": unit.pk, "period": period, **extra})


@pytest.fixture
def above(leader, approver):
    leader.email = "leader@example.test"
    leader.save()
    return {leader.username, approver.username}


def test_an_officer_escalates_once_and_neither_a_second_click_nor_the_job_sends_it_again(
    client, officer, form, units, above
):
    client.cookies["django_language"] = "en"
    client.force_login(officer)
    first = _escalate(client, form, units["ward_b"], level="commune")
    assert first.status_code == 302 and first["Location"] == f"{OVERDUE}?level=commune"
    logs = list(ReminderLog.objects.filter(kind=ReminderKind.ESCALATION))
    assert len(logs) == 1 and logs[0].submission.org_unit == units["ward_b"]
    assert logs[0].offset == form.escalate_after_working_days  # the job's key
    assert {item["username"] for item in logs[0].recipients} == above
    assert (
        set(
            Notification.objects.filter(kind="reminder_escalation").values_list(
                "user__username", flat=True
            )
        )
        == above
    )
    assert [m.to for m in mail.outbox] == [["leader@example.test"]]
    assert (
        AuditEvent.objects.filter(
            action="escalation.sent", actor=officer, org_unit=units["ward_b"]
        ).count()
        == 1
    )

    assert _escalate(client, form, units["ward_b"]).status_code == 302
    reminders_send(
        today=date(2025, 2, 3)
    )  # the job, the same day: the escalation is not due any more
    assert ReminderLog.objects.filter(kind=ReminderKind.ESCALATION).count() == 1
    assert Notification.objects.filter(kind="reminder_escalation").count() == 2
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="escalation.not_resent", actor=officer).count() == 1
    said = [str(m) for m in client.get(OVERDUE).context["messages"]]
    assert "Escalated to" in said[0] and "approver" in said[0]
    assert "already escalated at 03/02/2025" in said[1]


def test_the_list_offers_the_button_to_the_officer_only(client, officer, leader, form, units):
    client.force_login(officer)
    assert len(every(page(client.get(OVERDUE)), tag="form", data_escalate=...)) == 1
    client.force_login(leader)
    assert every(page(client.get(OVERDUE)), tag="form", data_escalate=...) == []


@pytest.mark.parametrize(
    ("who", "status"),
    [("leader", 403), ("approver", 403), ("reporter_a", 404), ("enterprise", 404)],
)
def test_everyone_but_the_officer_is_refused_and_nothing_is_sent(
    request, client, form, units, above, who, status
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert _escalate(client, form, units["ward_b"]).status_code == status
    assert (
        ReminderLog.objects.count() == 0 and mail.outbox == [] and not Notification.objects.exists()
    )
    if status == 403:
        assert (
            AuditEvent.objects.filter(
                action="access.denied", actor=user, details__what="escalation.send"
            ).count()
            == 1
        )


def test_a_unit_that_is_not_late_is_not_escalated(client, officer, form, units, above):
    client.cookies["django_language"] = "en"
    client.force_login(officer)
    assert _escalate(client, form, units["ward_a"]).status_code == 302
    assert ReminderLog.objects.count() == 0
    assert "nothing escalated" in str(list(client.get(OVERDUE).context["messages"])[0])


def test_get_is_not_allowed_and_anonymous_visitors_log_in(client, officer, form, units):
    response = _escalate(client, form, units["ward_b"])
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    client.force_login(officer)
    assert client.get(ESCALATE).status_code == 405
