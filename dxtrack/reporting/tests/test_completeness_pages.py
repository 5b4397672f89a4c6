"""Completeness, overdue and notification pages: who sees which rows, and who is refused.

Personas (accounts/tests/personas.py): the leader and the officer read the whole province,
reporter_a only ward A, the enterprise user no unit at all; anonymous visitors log in first.
"""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from dxtrack.common.tests.pages import attr, every, one, page, text
from dxtrack.reporting.models import Notification, SubmissionStatus
from dxtrack.reporting.tests.forms_factories import (
    local,
    programme_with_indicators,
    submission_at,
    ward_form,
)

TODAY = date(2025, 2, 3)  # the 2024 ward form was due on 15 January 2025


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(local(2025, 2, 3, 9), tick=False):
        yield


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def form(units):
    form = ward_form(programme_with_indicators(area=units["province"]), deadline_working_days=10)
    submission_at(form, units["ward_a"], "2024", SubmissionStatus.APPROVED, local(2025, 1, 10))
    return form


def _page(form, period="2024"):
    return reverse("reporting:form_completeness", args=[form.code, period])


INDEX = reverse("reporting:completeness_index")
OVERDUE = reverse("reporting:overdue_list")


def overdue_rows(response) -> list[tuple[str, str, str, str]]:
    """(level, unit, form, period) of each row of the overdue list, section by section."""
    return [
        (attr(section, "data-level"), attr(row, "data-unit"), attr(row, "data-form"), attr(row, "data-period"))
        for section in every(page(response), tag="section", data_level=...)
        for row in every(section, tag="tr", data_unit=...)
    ]


def index_forms(response) -> dict[str, tuple[str, str]]:
    """Each form on the completeness index: the link to its current period, and the line under it."""
    return {
        attr(card, "data-form"): (attr(one(card, tag="h2").children[0], "href"), text(one(card, tag="p")))
        for card in every(page(response), tag="section", data_form=...)
    }


def test_the_leader_sees_every_ward_and_the_totals(client, leader, form):
    client.force_login(leader)
    response = client.get(_page(form))
    assert response.status_code == 200
    root = page(response)
    statuses = {attr(row, "data-unit"): attr(row, "data-status") for row in every(root, tag="tr", data_unit=...)}
    assert statuses == {"25747": "approved", "25741": "missing"}
    assert text(one(root, data_count="expected")) == "2"
    assert text(one(root, data_count="approved")) == "1 (50%)"
    one(root, tag="tr", data_group="718")


def test_a_ward_reporter_sees_only_their_wards_row(client, reporter_a, form, units):
    client.force_login(reporter_a)
    response = client.get(_page(form))
    html = response.content.decode()
    assert [attr(row, "data-unit") for row in every(page(response), tag="tr", data_unit=...)] == ["25747"]
    assert "25741" not in html
    assert units["ward_b"].name_vi not in html
    assert text(one(page(response), data_count="expected")) == "1"


def test_ward_b_is_not_in_ward_as_overdue_list_and_is_in_ward_bs(client, reporter_a, reporter_b, form):
    client.force_login(reporter_a)
    assert overdue_rows(client.get(OVERDUE)) == []  # ward A sent its report
    client.force_login(reporter_b)
    assert overdue_rows(client.get(OVERDUE)) == [("commune", "25741", "BM-PHUONG", "2024")]


@pytest.mark.parametrize("url", ["index", "form", "overdue"])
def test_an_enterprise_user_is_refused(client, enterprise, form, url):
    client.force_login(enterprise)
    target = {"index": INDEX, "form": _page(form), "overdue": OVERDUE}[url]
    assert client.get(target).status_code == 403


@pytest.mark.parametrize("url", ["index", "form", "overdue", "notifications"])
def test_anonymous_visitors_are_asked_to_log_in(client, form, url):
    target = {"index": INDEX, "form": _page(form), "overdue": OVERDUE, "notifications": reverse("reporting:notification_list")}[url]
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_form_or_a_period_of_another_type_is_not_found(client, leader, form):
    client.force_login(leader)
    assert client.get(reverse("reporting:form_completeness", args=["NO-SUCH-FORM", "2024"])).status_code == 404
    assert client.get(_page(form, "2024Q1")).status_code == 404
    assert client.get(_page(form, "<script>")).status_code == 404


def test_a_form_of_another_province_is_not_found_for_this_provinces_leader(client, leader, form, units):
    from dxtrack.reporting.tests.forms_factories import hcmc_units

    hcmc = hcmc_units(units["country"])
    other = ward_form(programme_with_indicators(area=hcmc["city"], code="KH-HCM"), code="BM-HCM")
    client.force_login(leader)
    assert client.get(_page(other, "2025")).status_code == 404
    assert list(index_forms(client.get(INDEX))) == ["BM-PHUONG"]


def test_the_index_shows_each_form_with_its_current_period(english, client, officer, form):
    client.force_login(officer)
    link, line = index_forms(client.get(INDEX))["BM-PHUONG"]
    assert link == _page(form, "2024")
    assert line.startswith("Period 2024, due 15/01/2025 · ")


def test_the_overdue_list_filters_by_level_and_ignores_an_unknown_one(client, leader, form, units):
    ward_form(form.programme, code="BM-SO", unit_level="", units=[units["agency"]])
    client.force_login(leader)
    everything = [("commune", "25741", "BM-PHUONG", "2024"), ("agency", units["agency"].code, "BM-SO", "2024")]
    assert overdue_rows(client.get(OVERDUE)) == everything
    communes = client.get(OVERDUE, {"level": "commune"})
    assert overdue_rows(communes) == everything[:1]
    active = [link for link in every(page(communes), tag="a") if "active" in (attr(link, "class") or "").split()]
    assert [attr(link, "href") for link in active] == [f"{OVERDUE}?level=commune&since=2024-02-03"]
    unknown = client.get(OVERDUE, {"level": "kind' OR 1=1"})
    assert unknown.status_code == 200
    assert overdue_rows(unknown) == everything


def test_dates_are_localised(client, leader, form):
    client.force_login(leader)
    deadlines = every(page(client.get(_page(form))), testid="deadline")
    assert [text(cell) for cell in deadlines] == ["15/01/2025", "15/01/2025"]


# -- notifications ----------------------------------------------------------------------------


def _notice(user, **params):
    defaults = {"form": "BM-PHUONG", "form_name_vi": "Biểu mẫu cấp phường", "form_name_en": "Ward form",
                "unit": "25747", "unit_name_vi": "Phường Phú Cường", "unit_name_en": "Phu Cuong Ward",
                "period": "2024", "deadline": "2025-01-15", "days": 2}
    return Notification.objects.create(
        user=user, kind="reminder_after", params={**defaults, **params}, url="/reporting/", created_at=timezone.now()
    )


def test_notifications_read_in_the_readers_language(english, client, reporter_a):
    _notice(reporter_a)
    client.force_login(reporter_a)
    notice = one(page(client.get(reverse("reporting:notification_list"))), testid="notification-text")
    assert text(notice).startswith("Phu Cuong Ward: form BM-PHUONG (Ward form) for 2024 was due on 15/01/2025")
    assert "2 working days late" in text(notice)


def test_a_user_sees_only_their_own_notifications(client, reporter_a, reporter_b):
    mine = _notice(reporter_a)
    _notice(reporter_b, unit_name_vi="Phường Hiệp Thành")
    client.force_login(reporter_a)
    listed = every(page(client.get(reverse("reporting:notification_list"))), data_notification=...)
    assert [attr(item, "data-notification") for item in listed] == [str(mine.pk)]


def test_the_navbar_counts_unread_notifications(client, reporter_a):
    _notice(reporter_a)
    _notice(reporter_a)
    client.force_login(reporter_a)
    assert text(one(page(client.get(INDEX)), id="unread-count")) == "2"


def test_marking_one_read_and_then_all(client, reporter_a):
    first, second = _notice(reporter_a), _notice(reporter_a)
    client.force_login(reporter_a)
    response = client.post(reverse("reporting:notification_mark_read"), {"notification": first.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    client.post(reverse("reporting:notification_mark_read"))
    second.refresh_from_db()
    assert second.read_at is not None
    assert every(page(client.get(INDEX)), id="unread-count") == []


def test_nobody_marks_another_users_notification_read(client, reporter_a, reporter_b):
    theirs = _notice(reporter_b)
    client.force_login(reporter_a)
    client.post(reverse("reporting:notification_mark_read"), {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_wants_a_post_and_a_numeric_id(client, reporter_a):
    client.force_login(reporter_a)
    assert client.get(reverse("reporting:notification_mark_read")).status_code == 405
    assert client.post(reverse("reporting:notification_mark_read"), {"notification": "1 OR 1=1"}).status_code == 404


def test_a_unit_name_with_markup_is_shown_as_text(client, reporter_a):
    _notice(reporter_a, unit_name_vi="<script>alert(1)</script> Phường")
    client.force_login(reporter_a)
    response = client.get(reverse("reporting:notification_list"))
    assert "<script>alert(1)</script>" not in response.content.decode()
    notice = one(page(response), testid="notification-text")
    assert every(notice, tag="script") == []
    assert text(notice).startswith("<script>alert(1)</script> Phường")  # shown as text


def test_the_overdue_list_looks_further_back_when_asked(client, leader, form):
    later = local(2026, 3, 2, 9)  # more than a year after the 2024 form was due
    with time_machine.travel(later, tick=False):
        client.force_login(leader)
        default = client.get(OVERDUE)
        assert default.status_code == 200
        assert overdue_rows(default) == []  # due on 15/01/2025: before the year the list looks back
        assert overdue_rows(client.get(OVERDUE, {"since": "2025-01-01"})) == [("commune", "25741", "BM-PHUONG", "2024")]
        assert client.get(OVERDUE, {"since": "yesterday"}).status_code == 200


def test_the_overdue_list_refuses_a_date_too_far_back_with_the_reason(client, leader, form):
    client.cookies["django_language"] = "en"
    with time_machine.travel(local(2026, 3, 2, 9), tick=False):
        client.force_login(leader)
        refused = client.get(OVERDUE, {"since": "0001-01-01"})
        assert refused.status_code == 400
        error = text(one(page(refused), data_overdue_error=...))
        assert error.endswith("looks back at most 10 years: choose a date on or after 01/01/2016.")
        assert overdue_rows(refused) == []
        assert client.get(OVERDUE, {"since": "2016-01-01"}).status_code == 200


def test_the_completeness_page_runs_as_many_queries_for_thirty_wards_as_for_two(client, leader, form, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dxtrack.orgunits.models import OrgUnitKind
    from dxtrack.orgunits.services import orgunit_upsert

    client.force_login(leader)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(_page(form)).status_code == 200
        return len(context.captured_queries)

    two = queries()
    for number in range(28):
        ward, _ = orgunit_upsert(code=f"9{number:04d}", kind=OrgUnitKind.COMMUNE, name_vi=f"Phường {number}",
                                 parent=units["district"], valid_to=date(2025, 6, 30))
        submission_at(form, ward, "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 10))
    # The user, role assignments, scope check, form, area check, the area's subtree, the
    # expected units, their submissions, their ancestors, the unread count: none per unit.
    assert queries() == two, two


def test_the_overdue_list_runs_as_many_queries_for_three_years_of_thirty_wards_as_for_one_year_of_two(client, leader, form, units):
    """Set-based: one query of units per form and one of submissions, not a completeness
    report (three queries) per form × period."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dxtrack.orgunits.models import OrgUnitKind
    from dxtrack.orgunits.services import orgunit_upsert

    client.force_login(leader)

    def queries(**params) -> tuple[int, list]:
        with CaptureQueriesContext(connection) as context:
            response = client.get(OVERDUE, params)
        assert response.status_code == 200
        return len(context.captured_queries), overdue_rows(response)

    one_year, rows = queries()
    assert rows == [("commune", "25741", "BM-PHUONG", "2024")]
    for number in range(28):
        orgunit_upsert(code=f"9{number:04d}", kind=OrgUnitKind.COMMUNE, name_vi=f"Phường {number}",
                       parent=units["district"], valid_to=date(2025, 6, 30))
    three_years, rows = queries(since="2022-01-01")
    # 2022, 2023 and 2024 of ward B and the 28 new wards, and 2022 and 2023 of ward A (its
    # 2024 is approved): 89, of which the first page shows 50.
    from dxtrack.reporting.completeness import overdue_list

    assert len(overdue_list(forms=[form], since=date(2022, 1, 1))) == 3 * 29 + 2
    assert len(rows) == 50
    assert three_years == one_year, one_year
