"""Every DHIS2 resource × every persona of /api/v1/'s matrix (dxtrack/api/tests/matrix.py),
callers sending HTTP Basic: the status each gets, and no change of data on a refusal. What a
200 holds per persona is in the tests of each resource."""

import pytest

from dxtrack.api.tests.conftest import PERSONAS
from dxtrack.api.tests.matrix import PROVINCE_OBJECT, SIGNED_IN, WARD_B_DATA, Case, everyone
from dxtrack.dhis2.uids import uid_for
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator
from dxtrack.reporting.models import DataValue, ReportingForm

# Ward B's objects behind a UID: the personas who may not read them learn nothing (404).
WARD_B_OBJECT = {**SIGNED_IN, "enterprise": 404, "reporter_a": 404}
# Writes: reporters (their ward) and programme officers; leader and approver read only.
WRITERS = {"anonymous": 401, "enterprise": 403, "leader": 403, "approver": 403, "reporter_a": 409}


def uids(people) -> dict[str, str]:
    return {
        "ward_b": uid_for(OrgUnit.objects.get(code="25741")), "count": uid_for(Indicator.objects.get(code="COUNT")),
        "form": uid_for(ReportingForm.objects.get(code="F-API")),
    }


def ward_b_value(made) -> str:
    return f"/dataValues?de={made['count']}&pe=2024&ou={made['ward_b']}"


MATRIX: list[Case] = [
    Case("get", "/system/info", SIGNED_IN),
    Case("get", "/40/me.json", SIGNED_IN),
    Case("get", "/organisationUnits", SIGNED_IN, note="enterprise: an empty list"),
    Case("get", lambda made: f"/organisationUnits/{made['ward_b']}", WARD_B_OBJECT, setup=uids),
    Case("get", lambda made: f"/identifiableObjects/{made['ward_b']}", WARD_B_OBJECT, setup=uids),
    Case("get", "/organisationUnitLevels", SIGNED_IN),
    Case("get", "/filledOrganisationUnitLevels", SIGNED_IN),
    Case("get", "/dataElements", SIGNED_IN, note="enterprise: an empty list"),
    Case("get", lambda made: f"/dataElements/{made['count']}", PROVINCE_OBJECT, setup=uids),
    Case("get", "/dataSets", SIGNED_IN),
    Case("get", lambda made: f"/dataSets/{made['form']}", PROVINCE_OBJECT, setup=uids),
    Case("get", "/categoryCombos", SIGNED_IN),
    Case("get", "/categoryOptionCombos", SIGNED_IN),
    Case("get", "/categories", SIGNED_IN),
    Case("get", "/categoryOptions", SIGNED_IN),
    Case("get", lambda made: f"/dataValueSets?dataSet={made['form']}&period=2024&orgUnit={made['ward_b']}", WARD_B_DATA, setup=uids),
    Case(
        "post", lambda made: "/dataValueSets", {**WRITERS, "reporter_b": 200, "officer": 200}, setup=uids,
        body=lambda made: {"dataValues": [{"dataElement": made["count"], "period": "2024", "orgUnit": made["ward_b"], "value": "21"}]},
        note="reporter A's value for ward B is a conflict",
    ),
    Case("get", ward_b_value, WARD_B_OBJECT, setup=uids),
    Case("post", lambda made: ward_b_value(made) + "&value=22", {**WRITERS, "reporter_b": 201, "officer": 201}, setup=uids),
    Case(
        "delete", ward_b_value, {**WRITERS, "reporter_b": 204, "officer": 404}, setup=uids,
        note="the officer comes after reporter B, who deleted the value",
    ),
    Case("get", "/system/tasks/DATAVALUE_IMPORT/abcdefghijk", {**everyone(404), "anonymous": 401},
         note="a job is seen by its sender only: test_async_import.py"),
    Case("get", "/system/taskSummaries/DATAVALUE_IMPORT/abcdefghijk", {**everyone(404), "anonymous": 401}),
    Case("get", "/no/such/resource", everyone(404)),
    Case("post", "/no/such/resource", everyone(404), body={}),
]


def snapshot() -> list[tuple]:
    return sorted(DataValue.objects.values_list("indicator__code", "org_unit__code", "period", "value", "version"))


def test_every_case_names_every_persona():
    assert all(set(case.expect) == set(PERSONAS) for case in MATRIX)


@pytest.mark.parametrize("index", range(len(MATRIX)), ids=[f"{case.method}-{index}" for index, case in enumerate(MATRIX)])
def test_resource_gives_each_persona_what_the_matrix_says(index, dhis2, values, people):
    case = MATRIX[index]
    made = case.setup(people) if case.setup is not None else None
    path = "/api" + (case.path(made) if callable(case.path) else case.path)
    body = case.body(made) if callable(case.body) else case.body
    got = {}
    for persona in PERSONAS:
        client = dhis2(persona)
        before = snapshot()
        if case.method == "get":
            response = client.get(path, case.params)
        elif body is not None:
            response = getattr(client, f"{case.method}_json")(path, body)
        else:
            response = getattr(client, case.method)(path)
        got[persona] = response.status_code
        if response.status_code >= 300:
            assert response["Content-Type"] == "application/json" and response.json()["message"], (persona, response.content)
            assert snapshot() == before, f"{persona} was refused but the data changed"
    wrong = {persona: f"expected {case.expect[persona]}, got {got[persona]}" for persona in PERSONAS if got[persona] != case.expect[persona]}
    assert not wrong, f"{case.method.upper()} {path} ({index}{': ' + case.note if case.note else ''}): {wrong}"
