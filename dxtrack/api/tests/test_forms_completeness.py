"""GET /forms, /forms/{code}, /completeness and /programmes: contents per persona, bad input."""

import pytest
import time_machine
from django.utils import timezone

from dxtrack.api.tests.conftest import BASE
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import SubmissionStatus


@pytest.mark.parametrize(("persona", "codes"), [("leader", ["F-API"]), ("reporter_a", ["F-API"]), ("enterprise", [])])
def test_forms_lists_the_forms_a_persona_follows(api, form, persona, codes):
    response = api(persona).get(f"{BASE}/forms")
    assert response.status_code == 200
    assert [item["code"] for item in response.json()] == codes


@time_machine.travel("2025-03-03 09:00 +07:00")
def test_a_form_shows_its_indicators_period_and_deadline(api, form):
    body = api("reporter_a").get(f"{BASE}/forms/F-API", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["name"] == "API test form" and body["programme"] == "T-API" and body["period_type"] == "year"
    assert [(i["code"], i["required"]) for i in body["indicators"]] == [("COUNT", True), ("SHARE", True)]
    assert body["current_period"] == "2024" and body["current_deadline"] == "2025-01-08"


def test_a_form_name_follows_the_language(api, form):
    assert api("leader").get(f"{BASE}/forms/F-API", HTTP_ACCEPT_LANGUAGE="vi").json()["name"] == "Biểu thử API"


@pytest.mark.parametrize(
    ("code", "status", "words"),
    [("NO-SUCH", 404, "No form with code NO-SUCH"), ("x" * 41, 422, "At most 40 characters"), ("F%00", 422, "Control characters")],
)
def test_a_malformed_or_unknown_form_code_is_4xx(api, form, code, status, words):
    response = api("leader").get(f"{BASE}/forms/{code}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_enterprise_cannot_learn_a_form_exists(api, form):
    hidden = api("enterprise").get(f"{BASE}/forms/F-API").json()
    missing = api("enterprise").get(f"{BASE}/forms/NO-SUCH").json()
    assert hidden["detail"].replace("F-API", "X") == missing["detail"].replace("NO-SUCH", "X")


def test_forms_are_read_only(api, form):
    response = api("officer").post(f"{BASE}/forms/F-API")
    assert response.status_code == 405 and response["Allow"] == "GET"


@time_machine.travel("2025-03-03 09:00 +07:00")
def test_completeness_counts_the_units_a_persona_may_read(api, form, units, reporter_a):
    submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["status", "submitted_at"])
    leader = api("leader").get(f"{BASE}/completeness", {"form": "F-API", "period": "2024"}).json()
    assert leader["totals"]["expected"] == 2 and leader["totals"]["submitted"] == 1 and leader["totals"]["overdue"] == 1
    rows = {row["unit"]: row for row in leader["units"]}
    assert rows["25747"]["status"] == "submitted" and rows["25747"]["on_time"] is False
    assert rows["25741"]["status"] == "missing" and rows["25741"]["overdue"] is True and rows["25741"]["working_days_late"] > 0
    assert [group["unit"] for group in leader["groups"]] == ["VN", "74", "718"]
    mine = api("reporter_a").get(f"{BASE}/completeness", {"form": "F-API", "period": "2024"}).json()
    assert [row["unit"] for row in mine["units"]] == ["25747"] and mine["totals"]["expected"] == 1


@time_machine.travel("2025-03-03 09:00 +07:00")
def test_completeness_defaults_to_the_current_period(api, form):
    assert api("leader").get(f"{BASE}/completeness", {"form": "F-API"}).json()["period"] == "2024"


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({}, 422, "form: This field is required"),
        ({"form": "NO-SUCH"}, 404, "No form with code NO-SUCH"),
        ({"form": "F-API", "period": "2024Q1"}, 422, "2024Q1"),
        ({"form": "F-API", "period": "next year"}, 422, "is not a period"),
    ],
)
def test_completeness_bad_input_is_4xx_with_a_message(api, form, params, status, words):
    response = api("leader").get(f"{BASE}/completeness", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert words in response.json()["detail"], response.json()


def test_programmes_list_and_detail(api, form):
    assert [p["code"] for p in api("reporter_b").get(f"{BASE}/programmes").json()] == ["T-API"]
    assert api("enterprise").get(f"{BASE}/programmes").json() == []
    detail = api("reporter_b").get(f"{BASE}/programmes/T-API").json()
    assert [(i["code"], i["natural_limit"]) for i in detail["indicators"]] == [("COUNT", None), ("QCOUNT", None), ("SHARE", "100")]


def test_a_programme_code_may_hold_a_slash(api, units):
    from dxtrack.programmes.models import Programme

    Programme.objects.create(code="05-NQ/TU", title_vi="Nghị quyết 05", horizon_start=2021, horizon_end=2030, area=units["province"])
    assert api("leader").get(f"{BASE}/programmes/05-NQ/TU").json()["code"] == "05-NQ/TU"
