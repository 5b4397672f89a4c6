"""GET dataValueSets, from DHIS2's "Reading data values" documentation: the required what /
when / where (409 with E2001, E2002, E2006), `children`, `lastUpdated`, the id schemes, the
JSON / CSV / XML formats, default combos on every row, DHIS2 timestamps; who reads what."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
import time_machine
from defusedxml import ElementTree
from django.utils import timezone

from dxtrack.audit.models import Action, AuditEvent
from dxtrack.dhis2.exporting import dhis2_timestamp
from dxtrack.dhis2.uids import uid_for
from dxtrack.reporting.models import DataValue
from dxtrack.reporting.services import value_delete, value_record

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$")


def read(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def query(form, units):
    def make(**more):
        return {"dataSet": uid_for(form), "period": "2024", "orgUnit": uid_for(units["district"]), "children": "true", **more}
    return make


def test_json_rows_carry_the_default_combos_stored_by_and_dhis2_timestamps(dhis2, values, query, indicators, units):
    response = dhis2("leader").get("/api/dataValueSets", query())
    assert response.status_code == 200
    rows = json.loads(read(response))["dataValues"]
    # ward A COUNT 10, SHARE 75 (30 / 40, two part rows), ward B COUNT 20
    assert [(row["orgUnit"], row["dataElement"], row["categoryOptionCombo"], row["value"]) for row in rows] == [
        (uid_for(units["ward_a"]), uid_for(indicators["COUNT"]), "HllvX50cXC0", "10"),
        (uid_for(units["ward_a"]), uid_for(indicators["SHARE"]), "HllvX50cXC0", "75"),
        (uid_for(units["ward_a"]), uid_for(indicators["SHARE"]), rows[2]["categoryOptionCombo"], "30"),
        (uid_for(units["ward_a"]), uid_for(indicators["SHARE"]), rows[3]["categoryOptionCombo"], "40"),
        (uid_for(units["ward_b"]), uid_for(indicators["COUNT"]), "HllvX50cXC0", "20"),
    ]
    assert all(row["attributeOptionCombo"] == "HllvX50cXC0" for row in rows)
    assert all(TIMESTAMP.match(row["created"]) and TIMESTAMP.match(row["lastUpdated"]) for row in rows)
    stored = DataValue.objects.get(org_unit=units["ward_b"], indicator=indicators["COUNT"])
    assert rows[4]["lastUpdated"] == dhis2_timestamp(stored.recorded_at)  # the database's formatting is ours
    assert all(row["period"] == "2024" and "storedBy" in row and row["followup"] is False for row in rows)
    assert AuditEvent.objects.filter(action="values.export", details__api="dhis2", details__values=5).exists()


def test_without_children_the_unit_alone(dhis2, values, form, units):
    params = {"dataSet": uid_for(form), "period": "2024", "orgUnit": uid_for(units["ward_b"])}
    rows = json.loads(read(dhis2("leader").get("/api/dataValueSets.json", params)))["dataValues"]
    assert [row["value"] for row in rows] == ["20"]


def test_last_updated_returns_only_newer_values(dhis2, values, query, indicators, units):
    later = timezone.now() + timedelta(days=2)
    with time_machine.travel(later, tick=False):
        value_record(indicator=indicators["COUNT"], org_unit=units["ward_b"], period="2024", value=21)
    since = (later - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
    rows = json.loads(read(dhis2("leader").get("/api/dataValueSets", query(lastUpdated=since))))["dataValues"]
    assert [(row["orgUnit"], row["value"]) for row in rows] == [(uid_for(units["ward_b"]), "21")]
    with time_machine.travel(later + timedelta(minutes=30), tick=False):
        recent = json.loads(read(dhis2("leader").get("/api/dataValueSets", query(lastUpdatedDuration="1h"))))["dataValues"]
    assert [row["value"] for row in recent] == ["21"]


def test_code_and_name_schemes(dhis2, values, query):
    rows = json.loads(read(dhis2("leader").get("/api/dataValueSets", query(idScheme="CODE"))))["dataValues"]
    assert (rows[0]["dataElement"], rows[0]["orgUnit"], rows[0]["categoryOptionCombo"]) == ("COUNT", "25747", "default")
    named = json.loads(read(dhis2("leader").get("/api/dataValueSets", query(orgUnitIdScheme="NAME"))))["dataValues"]
    assert named[0]["orgUnit"] == "Phường Phú Cường" and len(named[0]["dataElement"]) == 11


def test_inputs_by_code(dhis2, values):
    params = {"dataSet": "F-API", "period": "2024", "orgUnit": "718", "children": "true", "inputIdScheme": "CODE"}
    rows = json.loads(read(dhis2("leader").get("/api/dataValueSets", params)))["dataValues"]
    assert len(rows) == 5


def test_csv_and_xml_carry_the_same_values_as_json(dhis2, values, query):
    rows = json.loads(read(dhis2("leader").get("/api/dataValueSets.json", query())))["dataValues"]
    table = list(csv.DictReader(io.StringIO(read(dhis2("leader").get("/api/dataValueSets.csv", query())))))
    root = ElementTree.fromstring(read(dhis2("leader").get("/api/dataValueSets", query(), HTTP_ACCEPT="application/xml")))
    xml_rows = [element.attrib for element in root]
    assert len(rows) == len(table) == len(xml_rows) == 5
    for row, line, element in zip(rows, table, xml_rows, strict=True):
        for key in ("dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value", "lastUpdated"):
            assert line[key.lower()] == element[key] == row[key]


def test_a_reporter_reads_only_their_ward(dhis2, values, query, units, form):
    rows = json.loads(read(dhis2("reporter_a").get("/api/dataValueSets", query())))["dataValues"]
    assert {row["orgUnit"] for row in rows} == {uid_for(units["ward_a"])}
    refused = dhis2("reporter_a").get("/api/dataValueSets", {"dataSet": uid_for(form), "period": "2024", "orgUnit": uid_for(units["ward_b"])})
    assert refused.status_code == 403 and refused.json()["errorCode"] == "E2010"
    denial = AuditEvent.objects.get(action=Action.ACCESS_DENIED)
    assert denial.actor_username == "reporter_a" and denial.details["what"] == "api /api/dataValueSets"


@pytest.mark.parametrize(("params", "code"), [
    ({"period": "2024", "orgUnit": "718", "inputIdScheme": "CODE"}, "E2001"),
    ({"dataSet": "F-API", "orgUnit": "718", "inputIdScheme": "CODE"}, "E2002"),
    ({"dataSet": "F-API", "period": "2024", "inputIdScheme": "CODE"}, "E2006"),
    ({"dataSet": "F-API", "period": "2024", "startDate": "2024-01-01", "endDate": "2024-12-31", "orgUnit": "718", "inputIdScheme": "CODE"}, "E2003"),
    ({"dataSet": "F-API", "startDate": "2024-12-31", "endDate": "2024-01-01", "orgUnit": "718", "inputIdScheme": "CODE"}, "E2004"),
    ({"dataSet": "F-API", "lastUpdatedDuration": "forever", "orgUnit": "718", "inputIdScheme": "CODE"}, "E2005"),
    ({"dataSet": "F-API", "period": "2024", "orgUnitGroup": "G", "children": "true", "orgUnit": "718", "inputIdScheme": "CODE"}, "E2007"),
    ({"dataSet": "NO-SUCH", "period": "2024", "orgUnit": "718", "inputIdScheme": "CODE"}, "E2001"),
    ({"dataSet": "F-API", "period": "2024X", "orgUnit": "718", "inputIdScheme": "CODE"}, "E2002"),
    ({"dataSet": "F-API", "period": "2024", "orgUnit": "718", "inputIdScheme": "CODE", "attributeOptionCombo": "abcdefghijk"}, "E2016"),
])
def test_missing_or_contradictory_parameters_are_409_with_dhis2_codes(dhis2, values, params, code):
    response = dhis2("leader").get("/api/dataValueSets", params)
    assert response.status_code == 409, response.content
    assert response.json()["errorCode"] == code and response.json()["httpStatus"] == "Conflict"


@pytest.mark.parametrize("params", [
    {"includeDeleted": "maybe"}, {"idScheme": "ATTRIBUTE:abc"}, {"compression": "zip"}, {"children": "yes"},
    {"lastUpdated": "yesterday"},
])
def test_parameters_we_cannot_honour_are_400(dhis2, values, query, params):
    response = dhis2("leader").get("/api/dataValueSets", query(**params))
    assert response.status_code == 400
    assert response.json()["message"]


def test_include_deleted_gives_deleted_values_for_an_incremental_sync(dhis2, values, query, indicators, units, reporter_b):
    later = timezone.now() + timedelta(days=2)
    with time_machine.travel(later, tick=False):
        value_delete(indicator=indicators["COUNT"], org_unit=units["ward_b"], period="2024", deleted_by=reporter_b)
    since = (later - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
    plain = json.loads(read(dhis2("leader").get("/api/dataValueSets", query(lastUpdated=since))))["dataValues"]
    assert plain == []
    rows = json.loads(read(dhis2("leader").get("/api/dataValueSets", query(lastUpdated=since, includeDeleted="true"))))["dataValues"]
    assert [(row["orgUnit"], row["dataElement"], row["deleted"], row["storedBy"]) for row in rows] == [
        (uid_for(units["ward_b"]), uid_for(indicators["COUNT"]), True, "reporter_b"),
    ]
    table = read(dhis2("leader").get("/api/dataValueSets.csv", query(lastUpdated=since, includeDeleted="true")))
    assert table.splitlines()[1].endswith(",true")
    hidden = json.loads(read(dhis2("reporter_a").get("/api/dataValueSets", query(includeDeleted="true"))))["dataValues"]
    assert uid_for(units["ward_b"]) not in {row["orgUnit"] for row in hidden}
    value_record(indicator=indicators["COUNT"], org_unit=units["ward_b"], period="2024", value=3)  # recorded again
    again = json.loads(read(dhis2("leader").get("/api/dataValueSets", query(includeDeleted="true"))))["dataValues"]
    assert not any(row.get("deleted") for row in again)
