"""POST dataValueSets, from DHIS2's "Sending data values" documentation: JSON, CSV and XML
bodies, dryRun, importStrategy, id schemes, the WebMessage with its ImportSummary
(importCount, conflicts with error codes and indexes), 409 on conflicts; nothing half-written."""

import json
from decimal import Decimal

import pytest

from dxtrack.audit.models import AuditEvent
from dxtrack.dhis2.uids import uid_for
from dxtrack.reporting.models import DataValue, DataValueVersion, FormIndicator, SubmissionStatus
from dxtrack.reporting.tests.forms_factories import submission_at


def snapshot():
    return sorted(DataValue.objects.values_list("indicator__code", "org_unit__code", "period", "value", "version"))


@pytest.fixture
def ids(indicators, units):
    return {
        "COUNT": uid_for(indicators["COUNT"]), "SHARE": uid_for(indicators["SHARE"]), "QCOUNT": uid_for(indicators["QCOUNT"]),
        "ward_a": uid_for(units["ward_a"]), "ward_b": uid_for(units["ward_b"]),
    }


def test_json_import_answers_a_webmessage_with_the_import_summary(dhis2, values, ids):
    body = {"dataValues": [
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "categoryOptionCombo": "HllvX50cXC0",
         "attributeOptionCombo": "HllvX50cXC0", "value": "25", "comment": "checked"},
        {"dataElement": ids["COUNT"], "period": "2023", "orgUnit": ids["ward_b"], "value": 5},
    ]}
    response = dhis2("reporter_b").post_json("/api/40/dataValueSets", body)
    assert response.status_code == 200
    message = response.json()
    assert (message["httpStatus"], message["httpStatusCode"], message["status"]) == ("OK", 200, "OK")
    summary = message["response"]
    assert summary["responseType"] == "ImportSummary" and summary["status"] == "SUCCESS"
    assert summary["importCount"] == {"imported": 1, "updated": 1, "ignored": 0, "deleted": 0}
    assert summary["conflicts"] == []
    stored = DataValue.objects.get(indicator__code="COUNT", org_unit__code="25741", period="2024")
    assert (stored.value, stored.note, stored.version) == (Decimal(25), "checked", 2)
    assert AuditEvent.objects.filter(action="values.import", details__api="dhis2", details__created=1).exists()


def test_a_percentage_with_its_parts_round_trips(dhis2, values, ids, form, units):
    params = {"dataSet": uid_for(form), "period": "2024", "orgUnit": ids["ward_a"]}
    exported = json.loads(b"".join(dhis2("leader").get("/api/dataValueSets", params).streaming_content))
    for row in exported["dataValues"]:
        if row["value"] == "30":
            row["value"] = "36"  # numerator 30 → 36 of 40: 90 %
        if row["value"] == "75":
            row["value"] = "90"
    response = dhis2("reporter_a").post_json("/api/dataValueSets", exported)
    assert response.status_code == 200, response.json()
    share = DataValue.objects.get(indicator__code="SHARE", org_unit__code="25747")
    assert (share.value, share.numerator, share.denominator) == (Decimal(90), Decimal(36), Decimal(40))
    assert response.json()["response"]["importCount"]["updated"] == 1


def test_conflicts_are_409_with_dhis2_codes_and_nothing_is_written(dhis2, values, ids):
    before = snapshot()
    body = {"dataValues": [
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "value": "26"},
        {"dataElement": "abcdefghijk", "period": "2024", "orgUnit": ids["ward_b"], "value": "1"},
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": "zzzzzzzzzzz", "value": "1"},
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "categoryOptionCombo": "xxxxxxxxxxx", "value": "1"},
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "attributeOptionCombo": "yyyyyyyyyyy", "value": "1"},
    ]}
    response = dhis2("reporter_b").post_json("/api/dataValueSets", body)
    assert response.status_code == 409
    message = response.json()
    assert (message["httpStatus"], message["status"]) == ("Conflict", "ERROR") and message["message"]
    conflicts = message["response"]["conflicts"]
    assert [(c["errorCode"], c["indexes"]) for c in conflicts] == [("E7610", [1]), ("E7612", [2]), ("E7613", [3]), ("E7615", [4])]
    assert message["response"]["importCount"] == {"imported": 0, "updated": 0, "ignored": 5, "deleted": 0}
    assert snapshot() == before


@pytest.mark.parametrize(("entry", "code"), [
    ({"period": "2024Q1", "value": "3"}, "E7611"),  # COUNT is yearly
    ({"period": "2024W77", "value": "3"}, "E7611"),
    ({"period": "2024", "value": "-3"}, "E7619"),
    ({"period": "2024", "value": "many"}, "E7619"),
])
def test_checks_of_the_import_service_become_conflicts(dhis2, values, ids, entry, code):
    before = snapshot()
    response = dhis2("reporter_b").post_json("/api/dataValueSets", {"dataValues": [
        {"dataElement": ids["COUNT"], "orgUnit": ids["ward_b"], **entry},
    ]})
    assert response.status_code == 409, response.json()
    assert [conflict["errorCode"] for conflict in response.json()["response"]["conflicts"]] == [code]
    assert snapshot() == before


def test_a_unit_the_reporter_does_not_report_for_is_a_conflict(dhis2, values, ids):
    before = snapshot()
    response = dhis2("reporter_a").post_json("/api/dataValueSets", {"dataValues": [
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "value": "1"},
    ]})
    assert response.status_code == 409 and response.json()["response"]["conflicts"][0]["errorCode"] == "E7612"
    assert snapshot() == before


def test_dry_run_writes_nothing_and_counts(dhis2, values, ids):
    before = snapshot()
    response = dhis2("reporter_b").post_json("/api/dataValueSets?dryRun=true", {"dataValues": [
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "value": "99"},
    ]})
    assert response.status_code == 200
    assert response.json()["response"]["importCount"]["updated"] == 1
    assert response.json()["response"]["importOptions"]["dryRun"] is True
    assert snapshot() == before


def test_create_ignores_stored_values_and_update_ignores_new_ones(dhis2, values, ids):
    body = {"dataValues": [
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "value": "30"},  # stored: 20
        {"dataElement": ids["COUNT"], "period": "2022", "orgUnit": ids["ward_b"], "value": "7"},  # new
    ]}
    created = dhis2("reporter_b").post_json("/api/dataValueSets?importStrategy=CREATE", body).json()["response"]
    assert created["importCount"] == {"imported": 1, "updated": 0, "ignored": 1, "deleted": 0}
    assert DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT", period="2024").value == Decimal(20)
    body["dataValues"].append({"dataElement": ids["COUNT"], "period": "2021", "orgUnit": ids["ward_b"], "value": "8"})
    updated = dhis2("reporter_b").post_json("/api/dataValueSets?importStrategy=UPDATE", body).json()["response"]
    assert updated["importCount"] == {"imported": 0, "updated": 1, "ignored": 2, "deleted": 0}
    assert DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT", period="2024").value == Decimal(30)
    assert not DataValue.objects.filter(period="2021").exists()


def test_delete_deletes_and_keeps_the_version_history(dhis2, values, ids):
    body = {"dataValues": [
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "value": "20"},
        {"dataElement": ids["COUNT"], "period": "2019", "orgUnit": ids["ward_b"], "value": "1"},  # nothing stored
    ]}
    response = dhis2("reporter_b").post_json("/api/dataValueSets?importStrategy=DELETE", body)
    assert response.status_code == 200
    assert response.json()["response"]["importCount"] == {"imported": 0, "updated": 0, "ignored": 1, "deleted": 1}
    assert not DataValue.objects.filter(org_unit__code="25741").exists()
    history = DataValueVersion.objects.filter(org_unit__code="25741", indicator__code="COUNT", period="2024").order_by("version")
    assert [(version.version, version.value) for version in history] == [(1, Decimal(20)), (2, None)]
    assert history.last().recorded_by.username == "reporter_b"


def test_an_entry_marked_deleted_deletes(dhis2, values, ids):
    response = dhis2("reporter_b").post_json("/api/dataValueSets", {"dataValues": [
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "value": "20", "deleted": True},
    ]})
    assert response.json()["response"]["importCount"]["deleted"] == 1
    assert not DataValue.objects.filter(org_unit__code="25741").exists()


def test_a_delete_in_an_approved_report_is_a_conflict(dhis2, values, ids, form, units):
    submission_at(form, units["ward_b"], "2024", SubmissionStatus.APPROVED)
    before = snapshot()
    response = dhis2("reporter_b").post_json("/api/dataValueSets?importStrategy=DELETE", {"dataValues": [
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "value": "20"},
    ]})
    assert response.status_code == 409
    assert response.json()["response"]["conflicts"][0]["errorCode"] == "E7633"
    assert snapshot() == before
    assert FormIndicator.objects.filter(form=form).count() == 2


def test_a_reporter_cannot_delete_another_wards_value(dhis2, values, ids):
    before = snapshot()
    response = dhis2("reporter_a").post_json("/api/dataValueSets?importStrategy=DELETE", {"dataValues": [
        {"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "value": "20"},
    ]})
    assert response.status_code == 409 and response.json()["response"]["conflicts"][0]["errorCode"] == "E7617"
    assert snapshot() == before


def test_csv_and_xml_bodies_import_like_json(dhis2, values, ids):
    csv_body = (
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n"
        f"{ids['COUNT']},2024,{ids['ward_b']},HllvX50cXC0,HllvX50cXC0,31,,,from csv,false\n"
    )
    response = dhis2("reporter_b").post("/api/dataValueSets", data=csv_body, content_type="application/csv")
    assert response.status_code == 200, response.json()
    assert DataValue.objects.get(org_unit__code="25741", period="2024").value == Decimal(31)
    xml_body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" '
        'dataElementIdScheme="CODE" orgUnitIdScheme="CODE" period="2024">'
        '<dataValue dataElement="COUNT" orgUnit="25741" value="32" comment="from xml"/></dataValueSet>'
    )
    response = dhis2("reporter_b").post("/api/dataValueSets.xml", data=xml_body, content_type="application/xml")
    assert response.status_code == 200, response.json()
    stored = DataValue.objects.get(org_unit__code="25741", period="2024")
    assert (stored.value, stored.note) == (Decimal(32), "from xml")


def test_export_in_each_format_imports_back_unchanged(dhis2, values, ids, form, units):
    params = {"dataSet": uid_for(form), "period": "2024", "orgUnit": uid_for(units["district"]), "children": "true"}
    before = snapshot()
    for suffix, media in (("json", "application/json"), ("csv", "application/csv"), ("xml", "application/xml")):
        exported = b"".join(dhis2("leader").get(f"/api/dataValueSets.{suffix}", params).streaming_content)
        response = dhis2("officer").post("/api/dataValueSets", data=exported, content_type=media)
        assert response.status_code == 200, (suffix, response.json())
        assert response.json()["response"]["importCount"] == {"imported": 0, "updated": 0, "ignored": 3, "deleted": 0}, suffix
    assert snapshot() == before


@pytest.mark.parametrize(("body", "media"), [
    ("{not json", "application/json"), ('{"values": []}', "application/json"), ("<dataValueSet><dataValue", "application/xml"),
    ('<!DOCTYPE x [<!ENTITY a "b">]><dataValueSet/>', "application/xml"), ("a,b\n1,2\n", "application/csv"),
    ('{"dataValues": [1]}', "application/json"),
    ('{"completeDate": "2025-01-10", "dataValues": []}', "application/json"),
    ('<dataValueSet completeDate="2025-01-10"/>', "application/xml"),
])
def test_a_malformed_body_is_400_saying_what(dhis2, values, body, media):
    before = snapshot()
    response = dhis2("reporter_b").post("/api/dataValueSets", data=body, content_type=media)
    assert response.status_code == 400
    assert response.json()["message"] and response.json()["status"] == "ERROR"
    assert snapshot() == before


@pytest.mark.parametrize("params", ["importStrategy=MERGE", "async=maybe", "skipAudit=true", "dryRun=perhaps", "idScheme=ATTRIBUTE:x"])
def test_parameters_we_cannot_honour_are_400(dhis2, values, ids, params):
    response = dhis2("reporter_b").post_json(f"/api/dataValueSets?{params}", {"dataValues": []})
    assert response.status_code == 400 and response.json()["message"]


def test_a_body_of_another_type_is_415(dhis2, values):
    response = dhis2("reporter_b").post("/api/dataValueSets", data="x", content_type="application/pdf")
    assert response.status_code == 415


def test_who_may_import(dhis2, values, ids):
    body = {"dataValues": [{"dataElement": ids["COUNT"], "period": "2024", "orgUnit": ids["ward_b"], "value": "21"}]}
    for persona in ("leader", "approver", "enterprise"):
        response = dhis2(persona).post_json("/api/dataValueSets", body)
        assert response.status_code == 403, persona
    assert dhis2("anonymous").post_json("/api/dataValueSets", body).status_code == 401
    assert dhis2("officer").post_json("/api/dataValueSets", body).status_code == 200
