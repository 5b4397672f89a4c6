"""POST and GET /dataValueSets: DHIS2 JSON in and out, all or nothing, dry run, bad input."""

import json

import pytest

from dxtrack.api.tests.conftest import BASE, data_value_set, entry
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import DataValue, DataValueVersion, SubmissionStatus

DVS = f"{BASE}/dataValueSets"


def stored() -> tuple:
    """Everything an import may change."""
    rows = sorted(
        DataValue.objects.values_list("indicator__code", "org_unit__code", "period", "value", "numerator", "denominator", "note", "version")
    )
    return rows, DataValueVersion.objects.count()


def figure(indicator: str, unit: str, period: str = "2024"):
    return DataValue.objects.get(indicator__code=indicator, org_unit__code=unit, period=period)


# --- import ----------------------------------------------------------------------------------------


def test_reporter_b_imports_ward_b_values_new_changed_and_unchanged(api, values):
    response = api("reporter_b").post_json(DVS, data_value_set(
        entry("COUNT", "25741", 21),                      # changed
        entry("COUNT", "25741", "19", period="2023"),     # new
        entry("SHARE", "25741", "50", comment="survey"),  # new, with its parts next:
        entry("SHARE", "25741", "5", categoryOptionCombo="numerator"),
        entry("SHARE", "25741", "10", categoryOptionCombo="denominator"),
    ))
    assert response.status_code == 200, response.json()
    summary = response.json()
    assert summary["status"] == "SUCCESS" and summary["responseType"] == "ImportSummary"
    assert summary["importCount"] == {"imported": 2, "updated": 1, "ignored": 0, "deleted": 0}
    assert summary["conflicts"] == [] and summary["dryRun"] is False
    assert figure("COUNT", "25741").value == 21 and figure("COUNT", "25741").version == 2
    share = figure("SHARE", "25741")
    assert (share.value, share.numerator, share.denominator, share.note) == (50, 5, 10, "survey")
    again = api("reporter_b").post_json(DVS, data_value_set(entry("COUNT", "25741", 21))).json()
    assert again["importCount"] == {"imported": 0, "updated": 0, "ignored": 1, "deleted": 0}


def test_top_level_period_and_org_unit_apply_to_entries_without_their_own(api, values):
    response = api("reporter_b").post_json(DVS, {
        "period": "2023", "orgUnit": "25741", "dataValues": [{"dataElement": "COUNT", "value": 7}],
    })
    assert response.status_code == 200, response.json()
    assert figure("COUNT", "25741", "2023").value == 7


def test_one_bad_value_refuses_the_whole_set(api, values):
    before = stored()
    response = api("reporter_b").post_json(DVS, data_value_set(
        entry("COUNT", "25741", 21),
        entry("SHARE", "25741", 120),
        entry("NOPE", "25741", 1),
    ), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    summary = response.json()
    assert summary["status"] == "ERROR"
    assert summary["importCount"] == {"imported": 0, "updated": 0, "ignored": 3, "deleted": 0}
    assert "Nothing was imported" in summary["description"]
    by_index = {conflict["indexes"][0]: conflict for conflict in summary["conflicts"]}
    assert set(by_index) == {1, 2}
    assert "between 0 and" in by_index[1]["value"] and by_index[1]["object"] == "value"
    assert "Unknown indicator code NOPE" in by_index[2]["value"] and by_index[2]["object"] == "dataElement"
    assert stored() == before


def test_reporter_a_cannot_post_values_for_ward_b(api, values):
    before = stored()
    response = api("reporter_a").post_json(DVS, data_value_set(entry("COUNT", "25747", 11), entry("COUNT", "25741", 21)))
    assert response.status_code == 422
    assert [c["indexes"] for c in response.json()["conflicts"]] == [[1]]
    assert stored() == before


@pytest.mark.parametrize("persona", ["leader", "approver", "enterprise"])
def test_readers_may_not_import(api, values, persona):
    before = stored()
    response = api(persona).post_json(DVS, data_value_set(entry("COUNT", "25741", 21)), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "may not import" in response.json()["detail"]
    assert stored() == before


def test_officer_imports_for_the_whole_province(api, values):
    response = api("officer").post_json(DVS, data_value_set(entry("COUNT", "25747", 11), entry("COUNT", "25741", 21)))
    assert response.status_code == 200
    assert response.json()["importCount"]["updated"] == 2


def test_a_dry_run_counts_but_writes_nothing(api, values):
    before = stored()
    response = api("reporter_b").post_json(f"{DVS}?dryRun=true", data_value_set(entry("COUNT", "25741", 21), entry("COUNT", "25741", 3, period="2023")))
    assert response.status_code == 200
    summary = response.json()
    assert summary["dryRun"] is True and summary["status"] == "SUCCESS"
    assert summary["importCount"] == {"imported": 1, "updated": 1, "ignored": 0, "deleted": 0}
    assert stored() == before


def test_values_of_an_approved_form_are_refused(api, values, form, units):
    submission = submission_ensure(form=form, org_unit=units["ward_b"], period="2024")
    submission.status = SubmissionStatus.APPROVED
    submission.save(update_fields=["status"])
    response = api("reporter_b").post_json(DVS, data_value_set(entry("COUNT", "25741", 21)), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "approved submission of form F-API" in response.json()["conflicts"][0]["value"]


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (data_value_set(entry("COUNT", "25741", "abc")), "not a number"),
        (data_value_set(entry("COUNT", "99999", 1)), "99999"),
        (data_value_set(entry("COUNT", "25741", 1, period="2024Q1")), "2024Q1"),
        (data_value_set(entry("COUNT", "25741", 1, period="2026")), "25741"),
        (data_value_set(entry("COUNT", "25741", 1), entry("COUNT", "25741", 2)), "both give"),
        (data_value_set(entry("COUNT", "25741", 1, attributeOptionCombo="x")), "Attribute option combo"),
        (data_value_set(entry("COUNT", "25741", 1, deleted=True)), "Deleting values"),
        (data_value_set(entry("COUNT", "25741", -5)), "negative"),
    ],
    ids=["text", "unknown-unit", "wrong-period-type", "unit-gone-after-merger", "duplicate", "attribute", "deleted", "negative"],
)
def test_bad_values_are_conflicts_with_a_precise_message(api, values, payload, words):
    before = stored()
    response = api("reporter_b").post_json(DVS, payload, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    messages = " | ".join(conflict["value"] for conflict in response.json()["conflicts"])
    assert words in messages, messages
    assert stored() == before


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ("{not json", 400, "not valid JSON"),
        (json.dumps({"values": []}), 422, "dataValues"),
        (json.dumps({"dataValues": {"a": 1}}), 422, "list is expected"),
        (json.dumps({"dataValues": [{"dataElement": "COUNT", "orgUnit": "25741", "period": "2024", "value": True}]}), 422, "number"),
        (json.dumps(data_value_set(entry("COUNT", "25741", 1, comment="a\x00b"))), 422, "NUL"),
        (json.dumps(data_value_set(entry("COUNT" * 50, "25741", 1))), 422, "At most 200 characters"),
    ],
    ids=["not-json", "no-dataValues", "dataValues-not-a-list", "boolean-value", "nul", "too-long"],
)
def test_a_malformed_body_is_4xx_with_where_and_what(api, values, body, status, words):
    before = stored()
    response = api("reporter_b").post(DVS, data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    text = json.dumps(response.json(), ensure_ascii=False)
    assert words in text, text
    assert stored() == before


def test_a_body_over_the_upload_limit_is_413(api, values, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    payload = data_value_set(*[entry("COUNT", "25741", n, period=str(2000 + n)) for n in range(20)])
    response = api("reporter_b").post_json(DVS, payload, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_data_value_sets_are_get_and_post_only(api, values, method):
    response = getattr(api("reporter_b"), method)(DVS)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


# --- export ----------------------------------------------------------------------------------------


def test_export_is_dhis2_json_of_the_readable_values(api, values):
    body = api("reporter_a").get(DVS).json()
    entries = [(e["dataElement"], e["orgUnit"], e["period"], e.get("categoryOptionCombo"), e["value"]) for e in body["dataValues"]]
    assert sorted(entries, key=str) == sorted([
        ("COUNT", "25747", "2024", None, "10"),
        ("SHARE", "25747", "2024", None, "75"),
        ("SHARE", "25747", "2024", "numerator", "30"),
        ("SHARE", "25747", "2024", "denominator", "40"),
    ], key=str)
    assert api("enterprise").get(DVS).json() == {"dataValues": []}


def test_export_filters_like_dhis2(api, values, units, indicators):
    from decimal import Decimal

    from dxtrack.reporting.services import value_record

    value_record(indicator=indicators["QCOUNT"], org_unit=units["ward_a"], period="2024Q2", value=Decimal(3))
    leader = api("leader")

    def got(params):
        response = leader.get(DVS, params)
        assert response.status_code == 200, response.json()
        return sorted({(e["dataElement"], e["orgUnit"], e["period"]) for e in response.json()["dataValues"]})

    assert got({"orgUnit": "718"}) == []  # the district alone, as in DHIS2
    assert got({"orgUnit": "718", "children": "true", "dataElement": "COUNT"}) == [("COUNT", "25741", "2024"), ("COUNT", "25747", "2024")]
    assert got({"dataSet": "F-API", "orgUnit": ["25741", "25747"], "children": "false"}) == [
        ("COUNT", "25741", "2024"), ("COUNT", "25747", "2024"), ("SHARE", "25747", "2024"),
    ]
    assert got({"period": "2024Q2"}) == [("QCOUNT", "25747", "2024Q2")]
    assert got({"startDate": "2024-04-01", "endDate": "2024-06-30"}) == [("QCOUNT", "25747", "2024Q2")]
    assert got({"programme": "T-API", "dataElement": "QCOUNT"}) == [("QCOUNT", "25747", "2024Q2")]


def test_an_export_imports_back_unchanged(api, values):
    exported = api("leader").get(DVS, {"dataSet": "F-API"}).json()
    before = stored()
    response = api("officer").post_json(DVS, exported)
    assert response.status_code == 200, response.json()
    assert response.json()["importCount"] == {"imported": 0, "updated": 0, "ignored": 3, "deleted": 0}
    assert stored() == before


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"dataSet": "NO-SUCH"}, 404, "No form with code NO-SUCH"),
        ({"dataElement": "NOPE"}, 422, "Unknown indicator"),
        ({"orgUnit": "25741"}, 403, "may not read"),
        ({"period": "2024W3"}, 422, "is not a period"),
        ({"startDate": "yesterday"}, 422, "date"),
    ],
)
def test_export_bad_filters_are_4xx_with_a_message(api, values, params, status, words):
    response = api("reporter_a").get(DVS, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_an_export_too_large_asks_to_narrow_it(api, values, monkeypatch):
    monkeypatch.setattr("dxtrack.reporting.api.MAX_EXPORT_VALUES", 2)
    response = api("leader").get(DVS, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "narrow the filters" in response.json()["detail"]
