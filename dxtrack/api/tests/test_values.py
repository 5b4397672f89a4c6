"""GET /values: which rows each persona gets, the filters, paging, bad input, and its queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxtrack.api.tests.conftest import BASE
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import DataValue, SubmissionStatus
from dxtrack.reporting.services import value_record

VALUES = f"{BASE}/values"


def keys(response) -> list[tuple[str, str, str]]:
    assert response.status_code == 200, response.json()
    return sorted((item["indicator"], item["org_unit"], item["period"]) for item in response.json()["items"])


A_COUNT, A_SHARE, B_COUNT = ("COUNT", "25747", "2024"), ("SHARE", "25747", "2024"), ("COUNT", "25741", "2024")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("leader", [A_COUNT, B_COUNT, A_SHARE]),
        ("officer", [A_COUNT, B_COUNT, A_SHARE]),
        ("approver", [A_COUNT, B_COUNT, A_SHARE]),
        ("reporter_a", [A_COUNT, A_SHARE]),
        ("reporter_b", [B_COUNT]),
        ("enterprise", []),
    ],
)
def test_each_persona_gets_the_values_of_the_units_they_may_read(api, values, persona, expected):
    assert keys(api(persona).get(VALUES)) == sorted(expected)


def test_reporter_a_cannot_get_ward_b_values_by_asking_for_ward_b(api, values):
    response = api("reporter_a").get(VALUES, {"unit": "25741"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "25741" in response.json()["detail"]


def test_asking_for_a_district_gives_reporter_a_only_ward_a(api, values):
    assert keys(api("reporter_a").get(VALUES, {"unit": "718"})) == [A_COUNT, A_SHARE]


def test_unit_includes_the_units_below_unless_descendants_is_false(api, values, units, indicators):
    value_record(indicator=indicators["COUNT"], org_unit=units["district"], period="2024", value=Decimal(30))
    leader = api("leader")
    assert keys(leader.get(VALUES, {"unit": "718"})) == sorted([A_COUNT, B_COUNT, A_SHARE, ("COUNT", "718", "2024")])
    assert keys(leader.get(VALUES, {"unit": "718", "descendants": "false"})) == [("COUNT", "718", "2024")]


def test_filters_by_programme_indicator_and_period(api, values, indicators, units):
    value_record(indicator=indicators["COUNT"], org_unit=units["ward_a"], period="2023", value=Decimal(8))
    leader = api("leader")
    assert keys(leader.get(VALUES, {"indicator": "SHARE"})) == [A_SHARE]
    assert keys(leader.get(VALUES, {"programme": "T-API", "indicator": "COUNT", "period": "2023"})) == [("COUNT", "25747", "2023")]
    assert keys(leader.get(VALUES, {"period": "2022"})) == []


def test_a_value_shows_its_figure_parts_and_approval(api, values, form, units, approver):
    submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    submission.status = SubmissionStatus.APPROVED
    submission.save(update_fields=["status"])
    items = {(i["indicator"], i["org_unit"]): i for i in api("leader").get(VALUES).json()["items"]}
    share = items[("SHARE", "25747")]
    assert (share["value"], share["numerator"], share["denominator"]) == ("75", "30", "40")
    assert share["approved"] is True and items[("COUNT", "25741")]["approved"] is False
    assert share["programme"] == "T-API" and share["period_start"] == "2024-01-01"


def test_sample_values_are_hidden_when_the_switch_is_off(api, values, settings):
    DataValue.objects.filter(pk=values["b_count"].pk).update(is_synthetic=True)
    assert B_COUNT in keys(api("leader").get(VALUES))
    settings.DXTRACK_SHOW_SYNTHETIC = False
    assert B_COUNT not in keys(api("leader").get(VALUES))


def test_pages_link_to_the_next_one(api, values):
    leader = api("leader")
    first = leader.get(VALUES, {"limit": 2}).json()
    assert first["count"] == 3 and len(first["items"]) == 2
    assert "offset=2" in first["next"] and "limit=2" in first["next"]
    second = leader.get(first["next"]).json()
    assert len(second["items"]) == 1 and second["next"] is None
    seen = {(i["indicator"], i["org_unit"]) for i in first["items"] + second["items"]}
    assert len(seen) == 3


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"programme": "NO-SUCH"}, 422, "Unknown programme code NO-SUCH"),
        ({"indicator": "NOPE"}, 422, "Unknown indicator code"),
        ({"programme": "T-API", "indicator": "NOPE"}, 422, "programme T-API"),
        ({"unit": "99999"}, 422, "Unknown org unit code"),
        ({"period": "2024Q5"}, 422, "is not a period"),
        ({"period": "24"}, 422, "is not a period"),
        ({"period": "x" * 17}, 422, "At most 16 characters"),
        ({"unit": "25747\x00"}, 422, "Control characters"),
        ({"limit": 0}, 422, "At least 1"),
        ({"limit": 1001}, 422, "At most 1000"),
        ({"limit": "ten"}, 422, "whole number"),
        ({"offset": -1}, 422, "At least 0"),
        ({"offset": 9223372036854775808}, 422, "At most 1000000000"),
        ({"offset": 10**100}, 422, "At most 1000000000"),
        ({"descendants": "maybe"}, 422, "true or false"),
    ],
)
def test_bad_filters_are_4xx_with_a_precise_message(api, values, params, status, words):
    response = api("leader").get(VALUES, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert words in response.json()["detail"], response.json()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_values_are_read_only(api, values, method):
    response = getattr(api("leader"), method)(VALUES, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert "not allowed" in response.json()["detail"]


def test_anonymous_gets_401(api, values):
    assert api("anonymous").get(VALUES).status_code == 401


def test_listing_values_runs_a_fixed_number_of_queries(api, values, form, units, django_assert_num_queries):
    leader = api("leader")
    leader.get(VALUES)  # the token's first use writes last_used_at; later ones within a minute do not
    for period in ("2021", "2022", "2023"):
        for unit in ("ward_a", "ward_b"):
            value_record(indicator=form.programme.indicators.get(code="COUNT"), org_unit=units[unit], period=period, value=Decimal(1))
    # 1. the access token and its user (one join)
    # 2. the user's role assignments (orgunit_list_for_user, read to build the unit condition)
    # 3. the programme named by ?programme=
    # 4. COUNT(*) of the matching values
    # 5. the page of values with indicator, programme, unit and recorder (joins)
    # 6. locked_value_keys: the forms holding the page's indicators
    # 7. locked_value_keys: approved submissions of those forms, units and periods
    with django_assert_num_queries(7):
        response = leader.get(VALUES, {"programme": "T-API"})
    assert response.json()["count"] == 9
    with CaptureQueriesContext(connection) as more:
        leader.get(VALUES, {"programme": "T-API", "limit": 1000})
    assert len(more.captured_queries) == 7  # the same whatever the page size
