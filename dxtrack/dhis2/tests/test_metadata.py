"""Metadata resources, written from the DHIS2 Web API documentation (metadata object lists:
`pager` + the collection, default fields `id,displayName`, `fields`, `filter`, `paging`,
`page`, `pageSize`; organisationUnit's level / path / parent / children; the default
category option combo), and who sees what."""

import re

import pytest

from dxtrack.dhis2.uids import uid_for
from dxtrack.orgunits.models import OrgUnit
from dxtrack.reporting.models import ReportingForm

UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")


def test_a_list_has_a_pager_and_dhis2s_default_fields(dhis2, values):
    body = dhis2("leader").get("/api/organisationUnits").json()
    assert body["pager"] == {"page": 1, "pageCount": 1, "total": 5, "pageSize": 50}  # the province's, not the country
    assert all(set(item) == {"id", "displayName"} for item in body["organisationUnits"])
    assert all(UID.match(item["id"]) for item in body["organisationUnits"])


def test_org_unit_shape_level_path_parent_children_validity(dhis2, units, values):
    ward_a = units["ward_a"]
    uid = uid_for(ward_a)
    body = dhis2("leader").get(f"/api/organisationUnits/{uid}").json()
    chain = [uid_for(units[name]) for name in ("country", "province", "district", "ward_a")]
    assert body["level"] == 4
    assert body["path"] == "/" + "/".join(chain)
    assert body["parent"]["id"] == chain[2] and body["parent"]["code"] == "718"
    assert body["children"] == []
    assert body["closedDate"] == "2025-06-30T00:00:00.000" and body["openingDate"] is None
    district = dhis2("leader").get(f"/api/organisationUnits/{chain[2]}?fields=id,children[code]").json()
    assert district == {"id": chain[2], "children": [{"code": "25741"}, {"code": "25747"}]}


def test_uids_are_stable(dhis2, units, values):
    first = dhis2("leader").get("/api/organisationUnits?paging=false&fields=id,code").json()["organisationUnits"]
    again = dhis2("leader").get("/api/organisationUnits?paging=false&fields=id,code").json()["organisationUnits"]
    assert first == again
    assert {item["code"]: item["id"] for item in first}["25747"] == uid_for(units["ward_a"])


def test_a_reporter_sees_only_their_unit(dhis2, units, values):
    body = dhis2("reporter_a").get("/api/organisationUnits?fields=code,parent[id,code]&paging=false").json()
    assert [item["code"] for item in body["organisationUnits"]] == ["25747"]
    assert body["organisationUnits"][0]["parent"] == {"id": uid_for(units["district"])}  # no name or code of the district
    hidden = uid_for(units["ward_b"])
    assert dhis2("reporter_a").get(f"/api/organisationUnits/{hidden}").status_code == 404
    assert dhis2("reporter_a").get(f"/api/identifiableObjects/{hidden}").status_code == 404
    assert dhis2("enterprise").get("/api/organisationUnits").json()["organisationUnits"] == []


@pytest.mark.parametrize(("expression", "codes"), [
    ("code:eq:25747", ["25747"]),
    ("code:in:[25747,25741]", ["25741", "25747"]),
    ("name:like:Phường", ["25741", "25747"]),
    ("name:ilike:phú cường", ["25747"]),
    ("level:eq:3", ["718", "74-STTTT"]),
    ("code:!eq:VN", ["25741", "25747", "718", "74", "74-STTTT"]),
    ("parent.code:eq:718", ["25741", "25747"]),
])
def test_filters(dhis2, values, expression, codes):
    body = dhis2("leader").get("/api/organisationUnits", {"filter": expression, "fields": "code", "paging": "false"}).json()
    assert sorted(item["code"] for item in body["organisationUnits"]) == codes


def test_two_filters_must_both_hold_unless_root_junction_is_or(dhis2, values):
    both = dhis2("leader").get("/api/organisationUnits", {"filter": ["level:eq:4", "code:eq:25747"], "fields": "code"}).json()
    assert [item["code"] for item in both["organisationUnits"]] == ["25747"]
    either = dhis2("leader").get(
        "/api/organisationUnits", {"filter": ["code:eq:VN", "code:eq:74"], "rootJunction": "OR", "fields": "code"},
    ).json()
    assert sorted(item["code"] for item in either["organisationUnits"]) == ["74"]  # VN is not the leader's


def test_paging(dhis2, values):
    first = dhis2("leader").get("/api/organisationUnits", {"pageSize": 4, "fields": "code", "order": "code:asc"}).json()
    assert first["pager"]["pageCount"] == 2 and first["pager"]["total"] == 5
    assert "page=2" in first["pager"]["nextPage"]
    second = dhis2("leader").get("/api/organisationUnits", {"pageSize": 4, "page": 2, "fields": "code", "order": "code:asc"}).json()
    assert [item["code"] for item in first["organisationUnits"] + second["organisationUnits"]] == [
        "25741", "25747", "718", "74", "74-STTTT",
    ]
    everything = dhis2("leader").get("/api/organisationUnits", {"paging": "false"}).json()
    assert "pager" not in everything and len(everything["organisationUnits"]) == 5


@pytest.mark.parametrize("params", [
    {"filter": "code:between:1"}, {"filter": "code"}, {"pageSize": "0"}, {"page": "x"}, {"paging": "maybe"},
    {"order": "code:sideways"}, {"query": "Phú"},
])
def test_what_cannot_be_honoured_is_400_with_the_reason(dhis2, values, params):
    response = dhis2("leader").get("/api/organisationUnits", params)
    assert response.status_code == 400
    assert response.json()["status"] == "ERROR" and response.json()["message"]


def test_levels(dhis2, values):
    levels = dhis2("leader").get("/api/organisationUnitLevels?fields=level,name").json()["organisationUnitLevels"]
    assert [item["level"] for item in levels] == [1, 2, 3, 4]
    filled = dhis2("leader").get("/api/filledOrganisationUnitLevels").json()
    assert [item["level"] for item in filled] == [1, 2, 3, 4] and all(UID.match(item["id"]) for item in filled)


def test_data_elements_carry_value_and_aggregation_types(dhis2, indicators, values):
    body = dhis2("leader").get("/api/dataElements?fields=code,valueType,aggregationType,domainType,categoryCombo[id]").json()
    found = {item["code"]: item for item in body["dataElements"]}
    assert found["COUNT"] == {
        "code": "COUNT", "valueType": "INTEGER_ZERO_OR_POSITIVE", "aggregationType": "LAST", "domainType": "AGGREGATE",
        "categoryCombo": {"id": "bjDvmb4bfuf"},
    }
    assert found["SHARE"]["valueType"] == "PERCENTAGE"
    assert dhis2("enterprise").get("/api/dataElements").json()["dataElements"] == []


def test_data_sets_with_elements_and_units(dhis2, form, units, indicators, values):
    uid = uid_for(form)
    body = dhis2("leader").get(f"/api/dataSets/{uid}?fields=periodType,dataSetElements[dataElement[id]],organisationUnits[code]").json()
    assert body["periodType"] == "Yearly"
    assert {item["dataElement"]["id"] for item in body["dataSetElements"]} == {uid_for(indicators["COUNT"]), uid_for(indicators["SHARE"])}
    assert sorted(unit["code"] for unit in body["organisationUnits"]) == ["25741", "25747"]
    mine = dhis2("reporter_a").get(f"/api/dataSets/{uid}?fields=organisationUnits[code]").json()
    assert mine["organisationUnits"] == [{"code": "25747"}]


def test_the_default_category_model(dhis2, values):
    combos = dhis2("leader").get("/api/categoryOptionCombos?fields=id,name,categoryCombo[id]").json()["categoryOptionCombos"]
    assert combos[0] == {"id": "HllvX50cXC0", "name": "default", "categoryCombo": {"id": "bjDvmb4bfuf"}}
    assert [combo["name"] for combo in combos[1:]] == ["numerator", "denominator"]  # the parts of a percentage
    category_combos = dhis2("leader").get("/api/categoryCombos?fields=id,isDefault,categoryOptionCombos").json()
    assert category_combos["categoryCombos"][0]["categoryOptionCombos"][0]["id"] == "HllvX50cXC0"


def test_identifiable_objects(dhis2, form, units, values):
    uid = uid_for(form)
    body = dhis2("leader").get(f"/api/identifiableObjects/{uid}").json()
    assert body["id"] == uid and body["code"] == "F-API" and body["href"].endswith(f"/api/dataSets/{uid}")
    assert dhis2("leader").get("/api/identifiableObjects/HllvX50cXC0").json()["name"] == "default"
    assert dhis2("leader").get("/api/identifiableObjects/abcdefghijk").status_code == 404


def test_names_follow_the_language(dhis2, units, values):
    uid = uid_for(units["ward_a"])
    english = dhis2("leader").get(f"/api/organisationUnits/{uid}?fields=name", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["name"] == "Phu Cuong Ward"
    assert OrgUnit.objects.count() == 6 and ReportingForm.objects.count() == 1
