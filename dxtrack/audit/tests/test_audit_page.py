"""The staff page of the audit log: filters, paging, the streamed CSV (neutralised cells)."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dxtrack.accounts.models import User
from dxtrack.audit.models import AuditEvent
from dxtrack.audit.services import audit_record
from dxtrack.audit.views import PAGE_SIZE

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def staff(db) -> Client:
    user = User.objects.create_user(username="inspector", password="x", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def record_at(moment: datetime, **kwargs) -> None:
    with time_machine.travel(moment, tick=False):
        audit_record(**kwargs)


@pytest.fixture
def events(db):
    record_at(datetime(2025, 1, 31, 23, 59, tzinfo=VN), action="auth.login", object_repr="=HYPERLINK(\"x\")", details={"who": "a"})
    record_at(datetime(2025, 2, 1, 0, 0, tzinfo=VN), action="auth.login_failed", object_repr="ok")
    record_at(datetime(2025, 2, 28, 12, 0, tzinfo=VN), action="auth.login", object_repr="last")


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_filter_by_days_and_event(staff, events):
    page = staff.get(reverse("audit:event_list"), {"since": "2025-02-01", "until": "2025-02-28", "action": "auth.login"})
    assert page.status_code == 200
    assert [event.object_repr for event in page.context["page"]] == ["last"]
    everything = staff.get(reverse("audit:event_list"), {"until": "2025-12-31"})  # not the login of today
    assert [event.object_repr for event in everything.context["page"]] == ["last", "ok", '=HYPERLINK("x")'], "newest first"


def test_filter_by_actor_any_case(staff, events):
    someone = User.objects.create_user(username="Reporter_A", password="x")
    audit_record(actor=someone, action="value.changed")
    page = staff.get(reverse("audit:event_list"), {"actor": "reporter_a"})
    assert [event.action for event in page.context["page"]] == ["value.changed"]


def test_the_csv_is_streamed_oldest_first_neutralised_and_audited(staff, events):
    response = staff.get(reverse("audit:event_csv"), {"until": "2025-02-01"})
    assert response.status_code == 200 and response.streaming and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = csv_rows(response)
    assert rows[0][:3] == ["occurred_at", "actor", "action"]
    assert [row[2] for row in rows[1:]] == ["auth.login", "auth.login_failed"]
    assert rows[1][0] == "2025-01-31T23:59:00+07:00" and rows[1][6] == "'=HYPERLINK(\"x\")"
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor_username == "inspector" and export.details["until"] == "2025-02-01"


def test_paging_shows_fifty_a_page(staff, db):
    for n in range(PAGE_SIZE + 3):
        audit_record(action="test.event", object_repr=f"n{n}")
    first = staff.get(reverse("audit:event_list"), {"action": "test.event"})
    assert len(first.context["page"]) == PAGE_SIZE and first.context["page"].paginator.num_pages == 2
    assert "action=test.event&amp;page=2" in first.content.decode()
    second = staff.get(reverse("audit:event_list"), {"action": "test.event", "page": 2})
    assert [event.object_repr for event in second.context["page"]] == ["n2", "n1", "n0"]


def test_a_first_day_after_the_last_is_refused_in_both_languages(staff, events, settings):
    refused = staff.get(reverse("audit:event_list"), {"since": "2025-03-01", "until": "2025-02-01"})
    assert refused.status_code == 400 and "Ngày đầu ở sau ngày cuối" in refused.content.decode()
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    csv_refused = staff.get(reverse("audit:event_csv"), {"since": "2025-03-01", "until": "2025-02-01"})
    assert csv_refused.status_code == 400 and "The first day is after the last day." in csv_refused.content.decode()
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_people_who_are_not_staff_are_refused(db, reporter_a, events):
    client = Client()
    client.force_login(reporter_a)
    for name in ("audit:event_list", "audit:event_csv"):
        assert client.get(reverse(name)).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_the_shared_pager_pages_it_and_a_malformed_page_is_refused(staff, db):
    for n in range(PAGE_SIZE + 3):
        audit_record(action="test.event", object_repr=f"n{n}")
    first = staff.get(reverse("audit:event_list"), {"action": "test.event"})
    html = first.content.decode()
    assert "data-pager" in html and 'rel="next"' in html and "Older" not in html and "Cũ hơn" not in html
    past_the_end = staff.get(reverse("audit:event_list"), {"action": "test.event", "page": 9})
    assert past_the_end.status_code == 200 and past_the_end.context["page"].number == 2
    for malformed in ("abc", "0", "-1", "２"):
        refused = staff.get(reverse("audit:event_list"), {"action": "test.event", "page": malformed})
        assert refused.status_code == 400, malformed
        assert "page:" in refused.content.decode()
