"""The "Remind" button of the overdue list: POST only, CSRF, programme officers of the unit or
above; sent through the reminders service and logged once; audit events; paging of the list.

World (test_completeness_pages): the 2024 ward form, due 15 January 2025; ward A approved,
ward B (25741) never started, so overdue on 3 February 2025. The officer holds the province.
"""

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from dxtrack.audit.models import AuditEvent
from dxtrack.common.tests.pages import attr, every, one, page, text
from dxtrack.reporting.models import Notification, ReminderKind, ReminderLog, SubmissionStatus
from dxtrack.reporting.tests.forms_factories import (
    local,
    programme_with_indicators,
    submission_at,
    ward_form,
)

OVERDUE = reverse("reporting:overdue_list")
REMIND = reverse("reporting:overdue_remind")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(local(2025, 2, 3, 9), tick=False):
        yield


@pytest.fixture
def form(units):
    form = ward_form(programme_with_indicators(area=units["province"]), deadline_working_days=10)
    submission_at(form, units["ward_a"], "2024", SubmissionStatus.APPROVED, local(2025, 1, 10))
    return form


@pytest.fixture
def reporter_b_with_mail(reporter_b):
    reporter_b.email = "b@example.test"
    reporter_b.save()
    return reporter_b


def _remind(client, form, unit, period="2024", **extra):
    return client.post(REMIND, {"form": form.code, "unit": unit.pk, "period": period, **extra})


def test_an_officer_reminds_ward_b_once_and_a_second_click_says_it_was_sent(client, officer, form, units, reporter_b_with_mail):
    client.force_login(officer)
    first = _remind(client, form, units["ward_b"], level="commune")
    assert first.status_code == 302 and first["Location"] == f"{OVERDUE}?level=commune"
    logs = list(ReminderLog.objects.filter(kind=ReminderKind.MANUAL))
    assert len(logs) == 1 and logs[0].submission.org_unit == units["ward_b"]
    assert [m.to for m in mail.outbox] == [["b@example.test"]]
    assert "Report overdue" in mail.outbox[0].subject
    assert Notification.objects.filter(user=reporter_b_with_mail, kind="reminder_after").count() == 1
    assert AuditEvent.objects.filter(action="reminder.sent", actor=officer, org_unit=units["ward_b"]).count() == 1

    second = _remind(client, form, units["ward_b"])
    assert second.status_code == 302
    assert ReminderLog.objects.filter(kind=ReminderKind.MANUAL).count() == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=reporter_b_with_mail).count() == 1
    assert AuditEvent.objects.filter(action="reminder.not_resent", actor=officer).count() == 1
    said = [str(m) for m in client.get(OVERDUE).context["messages"]]
    assert len(said) == 2
    assert "reporter_b" in said[0]
    assert "03/02/2025" in said[1]  # when the first was sent, in the reader's date format


def test_the_list_offers_the_button_to_the_officer_only(client, officer, leader, reporter_b, form, units):
    client.force_login(officer)
    root = page(client.get(OVERDUE))
    buttons = every(root, tag="form", data_remind=...)
    assert len(buttons) == 1
    assert attr(one(buttons[0], tag="input", name="unit"), "value") == str(units["ward_b"].pk)
    client.force_login(leader)
    assert every(page(client.get(OVERDUE)), tag="form", data_remind=...) == []
    client.force_login(reporter_b)
    assert every(page(client.get(OVERDUE)), tag="form", data_remind=...) == []


@pytest.mark.parametrize(
    ("who", "status"),
    [("leader", 403), ("reporter_b", 403), ("reporter_a", 404), ("enterprise", 404), ("approver", 403)],
)
def test_everyone_but_the_officer_is_refused_and_nothing_is_sent(request, client, form, units, reporter_b_with_mail, who, status):
    user = request.getfixturevalue(who) if who != "reporter_b" else reporter_b_with_mail
    client.force_login(user)
    assert _remind(client, form, units["ward_b"]).status_code == status
    assert ReminderLog.objects.count() == 0 and mail.outbox == []
    if status == 403:
        assert AuditEvent.objects.filter(action="access.denied", actor=user, details__what="reminder.send").count() == 1


def test_anonymous_visitors_log_in_and_get_is_not_allowed(client, officer, form, units):
    response = _remind(client, form, units["ward_b"])
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    client.force_login(officer)
    assert client.get(REMIND, {"form": form.code, "unit": units["ward_b"].pk, "period": "2024"}).status_code == 405
    assert ReminderLog.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused(officer, form, units, reporter_b_with_mail):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    assert _remind(strict, form, units["ward_b"]).status_code == 403
    assert ReminderLog.objects.count() == 0


def test_a_unit_that_is_not_late_gets_no_reminder(client, officer, form, units, reporter_a):
    client.cookies["django_language"] = "en"
    client.force_login(officer)
    assert _remind(client, form, units["ward_a"]).status_code == 302
    assert ReminderLog.objects.count() == 0
    assert "not late" in str(list(client.get(OVERDUE).context["messages"])[0])


@pytest.mark.parametrize(("unit", "period"), [("999999", "2024"), ("abc", "2024"), (None, "2024Q1"), (None, "<b>")])
def test_an_unknown_unit_or_period_is_not_found(client, officer, form, units, unit, period):
    client.force_login(officer)
    response = client.post(REMIND, {"form": form.code, "unit": unit or units["ward_b"].pk, "period": period})
    assert response.status_code == 404


def test_a_ward_without_an_active_reporter_is_told_so(client, officer, form, units):
    client.cookies["django_language"] = "en"
    client.force_login(officer)
    _remind(client, form, units["ward_b"])
    assert ReminderLog.objects.count() == 0
    assert "no active reporter" in str(list(client.get(OVERDUE).context["messages"])[0])


def _sixty_late_wards(form, units):
    from dxtrack.orgunits.models import OrgUnitKind
    from dxtrack.orgunits.services import orgunit_upsert

    for number in range(60):
        orgunit_upsert(code=f"9{number:04d}", kind=OrgUnitKind.COMMUNE, name_vi=f"Phường {number:02d}", parent=units["district"],
                       valid_to=units["district"].valid_to)


def test_the_overdue_list_pages_by_fifty_and_keeps_its_filters(client, leader, form, units):
    _sixty_late_wards(form, units)  # 61 late wards: 25741 and the 60 new ones
    client.force_login(leader)
    first = page(client.get(OVERDUE, {"level": "commune"}))
    assert len(every(first, tag="tr", data_unit=...)) == 50
    assert text(one(first, data_pager_position=...)) == "trang 1/2"
    next_link = attr(one(first, tag="a", rel="next"), "href")
    assert "level=commune" in next_link and "page=2" in next_link
    second = page(client.get(OVERDUE, {"level": "commune", "page": "2"}))
    assert len(every(second, tag="tr", data_unit=...)) == 11
    past_the_end = page(client.get(OVERDUE, {"level": "commune", "page": "9"}))
    assert len(every(past_the_end, tag="tr", data_unit=...)) == 11  # the last page


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "２"])
def test_a_malformed_page_is_a_400_naming_the_parameter(client, leader, form, value):
    client.force_login(leader)
    response = client.get(OVERDUE, {"page": value})
    assert response.status_code == 400
    assert "page" in text(one(page(response), testid="bad-query"))
