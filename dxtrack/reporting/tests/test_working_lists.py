"""Paging and filters on reporting's long lists (histories, the imports list) and the unit
picker of the template page. The pager's decision: a malformed `?page=` is a 400 naming the
parameter; a number past the end shows the last page (dxtrack/common/paging.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dxtrack.common.tests.pages import attr, every, one, page, text
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import DataValue, ImportJob
from dxtrack.reporting.services import value_record

TEMPLATE = reverse("reporting:import_template")
UPLOAD = reverse("reporting:import_upload")


@pytest.fixture
def submission(ward_form, units):
    return submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")


@pytest.fixture
def fifty_five_changes(ward_form, units, submission):
    """CB recorded 52 times (values 1..52) and CB-DT 3 times (0..2): 55 value changes."""
    indicators = {fi.indicator.code: fi.indicator for fi in ward_form.form_indicators.select_related("indicator")}
    for number in range(1, 53):
        value_record(indicator=indicators["CB"], org_unit=units["ward_a"], period="2024", value=Decimal(number))
    for number in range(3):
        value_record(indicator=indicators["CB-DT"], org_unit=units["ward_a"], period="2024", value=Decimal(number))
    return indicators


def _history(submission):
    return reverse("reporting:submission_history", args=[submission.pk])


def test_the_form_history_pages_by_fifty_newest_first(client, reporter_a, submission, fifty_five_changes):
    client.force_login(reporter_a)
    first = page(client.get(_history(submission)))
    changes = every(first, testid="value-change")
    assert len(changes) == 50
    assert (attr(changes[0], "data-indicator"), text(one(changes[0], testid="value"))) == ("CB-DT", "2")
    assert text(one(first, data_pager_position=...)) == "trang 1/2"
    second = page(client.get(_history(submission), {"page": "2"}))
    assert [text(one(c, testid="value")) for c in every(second, testid="value-change")] == ["5", "4", "3", "2", "1"]


def test_the_form_history_follows_one_indicator_and_the_pager_keeps_the_filter(client, reporter_a, submission, fifty_five_changes):
    client.force_login(reporter_a)
    only_cb = page(client.get(_history(submission), {"indicator": "CB"}))
    assert {attr(c, "data-indicator") for c in every(only_cb, testid="value-change")} == {"CB"}
    assert "indicator=CB" in attr(one(only_cb, tag="a", rel="next"), "href")
    last = page(client.get(_history(submission), {"indicator": "CB", "page": "2"}))
    assert [text(one(c, testid="value")) for c in every(last, testid="value-change")] == ["2", "1"]
    only_trained = page(client.get(_history(submission), {"indicator": "CB-DT"}))
    assert len(every(only_trained, testid="value-change")) == 3
    assert every(only_trained, data_pager=...) == []  # one page: no pager


@pytest.mark.parametrize(("query", "named"), [({"indicator": "NOPE"}, "indicator"), ({"page": "x"}, "page"), ({"page": "0"}, "page")])
def test_a_bad_filter_or_page_on_the_history_is_a_400_naming_it(client, reporter_a, submission, query, named):
    client.force_login(reporter_a)
    response = client.get(_history(submission), query)
    assert response.status_code == 400
    assert text(one(page(response), testid="bad-query")).startswith(f"{named}:")


def test_the_value_history_pages_and_past_the_end_shows_the_last_page(client, reporter_a, submission, fifty_five_changes):
    client.force_login(reporter_a)
    value = DataValue.objects.get(indicator__code="CB")
    url = reverse("reporting:value_history", args=[value.pk])
    first = every(page(client.get(url)), tag="tr", data_version=...)
    assert [attr(r, "data-version") for r in first[:2]] == ["52", "51"] and len(first) == 50
    past = every(page(client.get(url, {"page": "7"})), tag="tr", data_version=...)
    assert [attr(r, "data-version") for r in past] == ["2", "1"]
    assert client.get(url, {"page": "-3"}).status_code == 400


def test_the_imports_list_pages_by_twenty(client, reporter_a, reporter_b, units):
    now = timezone.now()
    for number in range(25):
        ImportJob.objects.create(created_by=reporter_a, created_at=now - timezone.timedelta(minutes=number), format="csv",
                                 filename=f"file-{number:02d}.csv", stored_path="", sha256="")
    ImportJob.objects.create(created_by=reporter_b, created_at=now, format="csv", filename="b.csv", stored_path="", sha256="")
    client.force_login(reporter_a)
    first = page(client.get(UPLOAD))
    names = [text(one(row, tag="a")) for row in every(first, tag="tr", data_job=...)]
    assert len(names) == 20 and names[0] == "file-00.csv" and "b.csv" not in names
    second = [text(one(row, tag="a")) for row in every(page(client.get(UPLOAD, {"page": "2"})), tag="tr", data_job=...)]
    assert second == ["file-20.csv", "file-21.csv", "file-22.csv", "file-23.csv", "file-24.csv"]
    assert client.get(UPLOAD, {"page": "two"}).status_code == 400


def _picker(response):
    select = one(page(response), tag="select", name="unit")
    return {attr(option, "value"): text(option) for option in every(select, tag="option") if attr(option, "value")}


def test_the_template_page_offers_only_the_units_the_reporter_reports_for(client, reporter_a, units):
    client.force_login(reporter_a)
    assert list(_picker(client.get(TEMPLATE))) == ["25747"]


def test_an_officer_picks_among_the_province_grouped_by_level_current_units_first(client, officer, units):
    orgunit_upsert(code="26734", kind=OrgUnitKind.COMMUNE, name_vi="Phường Bình Dương", parent=units["province"],
                   valid_from=date(2025, 7, 1))
    client.force_login(officer)
    response = client.get(TEMPLATE)
    groups = [attr(group, "label") for group in every(page(response), tag="optgroup")]
    with translation.override("vi"):
        assert groups == [str(OrgUnitKind(kind).label) for kind in ("province", "district", "commune", "agency")]
    options = _picker(response)
    assert set(options) == {"74", "718", "25747", "25741", "26734", "74-STTTT"}
    communes = [value for value in options if value in {"25747", "25741", "26734"}]
    assert communes[0] == "26734"  # the current ward before those the reform ended
    assert options["25747"] == "Phường Phú Cường (25747) · đến 30/06/2025"


def test_the_picked_unit_downloads_its_template(client, reporter_a, ward_form, units):
    client.force_login(reporter_a)
    response = client.get(TEMPLATE, {"form": ward_form.code, "unit": "25747", "period": "2024"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-25747-2024.xlsx"')
    again = client.get(TEMPLATE, {"form": ward_form.code, "unit": "25741", "period": "2024"})
    assert again.status_code == 400
    assert attr(one(page(again), tag="select", name="unit"), "id") == "template-unit"


def _completeness(form):
    return reverse("reporting:form_completeness", args=[form.code, "2024"])


@pytest.fixture
def late_form(units):
    import time_machine

    from dxtrack.reporting.models import SubmissionStatus
    from dxtrack.reporting.tests.forms_factories import (
        local,
        programme_with_indicators,
        submission_at,
    )
    from dxtrack.reporting.tests.forms_factories import ward_form as make_ward_form

    with time_machine.travel(local(2025, 2, 3, 9), tick=False):
        form = make_ward_form(programme_with_indicators(area=units["province"]), deadline_working_days=10)
        submission_at(form, units["ward_a"], "2024", SubmissionStatus.APPROVED, local(2025, 1, 10))
        yield form


def test_the_completeness_rows_filter_by_state_and_the_totals_stay_whole(client, leader, late_form):
    client.force_login(leader)
    url = _completeness(late_form)
    overdue = page(client.get(url, {"show": "overdue"}))
    assert [attr(r, "data-unit") for r in every(overdue, tag="tr", data_unit=...)] == ["25741"]
    assert text(one(overdue, data_count="expected")) == "2"
    approved = page(client.get(url, {"show": "approved"}))
    assert [attr(r, "data-unit") for r in every(approved, tag="tr", data_unit=...)] == ["25747"]
    assert sorted(attr(r, "data-unit") for r in every(page(client.get(url)), tag="tr", data_unit=...)) == ["25741", "25747"]
    bad = client.get(url, {"show": "everything"})
    assert bad.status_code == 400 and text(one(page(bad), testid="bad-query")).startswith("show:")
    assert client.get(url, {"page": "1e3"}).status_code == 400


UNIT_SEARCH = reverse("reporting:import_unit_search")


def test_the_type_ahead_answers_json_of_the_officers_units_matching_a_name_or_a_code(client, officer, reporter_a, units):
    client.force_login(officer)
    by_name = client.get(UNIT_SEARCH, {"q": "phú cường"}).json()
    assert [unit["code"] for unit in by_name["results"]] == ["25747"]
    assert by_name["results"][0]["label"] == "Phường Phú Cường (25747) · đến 30/06/2025"
    assert (by_name["total"], by_name["more"]) == (1, False)
    by_code = client.get(UNIT_SEARCH, {"q": "257"}).json()
    assert {unit["code"] for unit in by_code["results"]} == {"25747", "25741"}
    in_english = client.get(UNIT_SEARCH, {"q": "Hiep Thanh"}).json()
    assert [unit["code"] for unit in in_english["results"]] == ["25741"]
    assert client.get(UNIT_SEARCH, {"q": "x" * 101}).status_code == 400
    # Ward A's reporter finds only ward A, whatever is typed.
    client.force_login(reporter_a)
    assert [unit["code"] for unit in client.get(UNIT_SEARCH, {"q": "Phường"}).json()["results"]] == ["25747"]
    assert client.get(UNIT_SEARCH, {"q": "25741"}).json() == {"results": [], "total": 0, "more": False}


def test_the_picker_has_no_cap_a_search_reaches_the_last_of_sixty_wards_and_the_page_says_how_many(client, officer, units):
    for number in range(60):
        orgunit_upsert(code=f"3{number:04d}", kind=OrgUnitKind.COMMUNE, name_vi=f"Phường Số {number}",
                       parent=units["district"], valid_to=date(2025, 6, 30))
    client.force_login(officer)
    everything = client.get(TEMPLATE)
    assert len(_picker(everything)) == 50  # the first 50 of 65 (the province, district, agency, wards A and B, and 60 wards)
    assert text(one(page(everything), data_unit_count=...)).startswith("50 đơn vị đầu tiên trong số 65")
    data = client.get(UNIT_SEARCH).json()
    assert (len(data["results"]), data["total"], data["more"]) == (50, 65, True)
    # Without JavaScript: "Find" refills the list and downloads nothing, keeping the choices.
    found = client.get(TEMPLATE, {"unit_q": "Số 59", "find": "1", "form": "BM-X", "unit": "25747", "period": "2024"})
    assert found.status_code == 200 and found["Content-Type"].startswith("text/html")
    assert set(_picker(found)) == {"30059", "25747"}  # the match, and the unit already chosen
    assert client.get(TEMPLATE, {"unit_q": "x" * 101}).status_code == 400
