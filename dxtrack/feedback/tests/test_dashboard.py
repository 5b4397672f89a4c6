"""The staff dashboard against hand counts, and who sees which agency's figures.

Today is Tue 1 Apr 2025. Items received Mon 3 Mar 2025 are due Mon 17 Mar (10 working days).
Agency A (the department of personas.py): one answered on time (10 Mar), one late (19 Mar), one
in progress and overdue, one assigned on 25 Mar (due 8 Apr, not overdue). Agency B: one answered
on time (5 Mar) and one withdrawn (not counted).
"""

from datetime import date

import pytest

from dxtrack.accounts.models import Role
from dxtrack.feedback.dashboard import monthly_trend, staff_dashboard
from dxtrack.feedback.models import Item, State
from dxtrack.feedback.selectors import item_list_for_staff
from dxtrack.feedback.tests.factories import at, in_state, other_agency, person, received, staff_of

URL = "/feedback/work/dashboard/"


@pytest.fixture
def world(units, enterprise, time_machine):
    time_machine.move_to(at(2025, 4, 1), tick=False)
    agency_a, agency_b = units["agency"], other_agency(units)
    items = {}
    for name, answered_on, agency in (("a_on_time", date(2025, 3, 10), agency_a), ("a_late", date(2025, 3, 19), agency_a),
                                      ("b_on_time", date(2025, 3, 5), agency_b)):
        item = in_state(received(enterprise, when=at(2025, 3, 3)), State.CLOSED, agency=agency)
        Item.objects.filter(pk=item.pk).update(answered_on=answered_on)
        items[name] = item
    items["a_overdue"] = in_state(received(enterprise, when=at(2025, 3, 3)), State.IN_PROGRESS, agency=agency_a)
    items["a_recent"] = in_state(received(enterprise, when=at(2025, 3, 25)), State.ASSIGNED, agency=agency_a)
    items["b_withdrawn"] = in_state(received(enterprise, when=at(2025, 3, 3)), State.WITHDRAWN, agency=agency_b)
    staff, _head = staff_of(units)
    return {"items": items, "staff": staff, "other_staff": person("other_staff", Role.REPORTER, agency_b), "a": agency_a, "b": agency_b}


def test_the_office_sees_every_agency_counted_by_hand(world, officer):
    assert world["items"]["a_overdue"].due_on == date(2025, 3, 17)
    dashboard = staff_dashboard(item_list_for_staff(officer), today=date(2025, 4, 1), include_sample=False)
    assert (dashboard.open, dashboard.overdue, dashboard.answered, dashboard.answered_on_time) == (2, 1, 3, 2)
    assert round(dashboard.on_time_percent, 1) == 66.7
    rows = {row["agency_id"]: row for row in dashboard.by_agency}
    # received, assigned, in progress, answered awaiting publication
    assert rows[world["a"].pk]["states"] == [0, 1, 1, 0]
    assert (rows[world["a"].pk]["overdue"], rows[world["a"].pk]["on_time_percent"]) == (1, 50.0)
    assert (rows[world["b"].pk]["open"], rows[world["b"].pk]["on_time_percent"]) == (0, 100.0)
    assert [(row.item.code, row.working_days_late) for row in dashboard.overdue_items] == [(world["items"]["a_overdue"].code, 11)]
    assert [(row["area__code"], row["open"], row["answered"]) for row in dashboard.by_area] == [("chuyen-doi-so", 2, 3)]
    # The queue's own ordering (due date, receipt) must not split the month into groups.
    assert [(row["received"], row["answered"], row["on_time"]) for row in dashboard.by_month[-2:]] == [(5, 3, 2), (0, 0, 0)]


def test_the_trend_counts_each_month_received_and_answered(world, officer):
    trend = monthly_trend(Item.objects.exclude(state=State.WITHDRAWN), today=date(2025, 4, 1))
    assert len(trend) == 12 and trend[0]["month"] == date(2024, 5, 1) and trend[-1]["month"] == date(2025, 4, 1)
    march = trend[-2]
    assert (march["received"], march["answered"], march["on_time"], round(march["on_time_percent"], 1)) == (5, 3, 2, 66.7)
    assert (trend[-1]["received"], trend[-1]["answered"], trend[-1]["on_time_percent"]) == (0, 0, None)


def test_agency_staff_see_their_own_agency_only(client, world):
    client.force_login(world["staff"])
    page = client.get(URL).content.decode()
    assert 'id="dash-open">2<' in page and 'id="dash-on-time">50%<' in page
    assert world["items"]["a_overdue"].code in page and world["b"].name_vi not in page
    client.force_login(world["other_staff"])
    page = client.get(URL).content.decode()
    assert 'id="dash-open">0<' in page and 'id="dash-on-time">100%<' in page
    assert world["items"]["a_overdue"].code not in page and world["a"].name_vi not in page


def test_others_are_refused(client, world, enterprise, units):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(enterprise)
    assert client.get(URL).status_code == 403
    client.force_login(person("ward_reporter", Role.REPORTER, units["ward_a"]))
    assert client.get(URL).status_code == 403


def test_the_page_writes_numbers_as_each_language_does(client, world, officer, settings):
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert 'id="dash-on-time">66,7%<' in page and "Bảng theo dõi" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(URL).content.decode()
    assert 'id="dash-on-time">66.7%<' in page and "Staff dashboard" in page
