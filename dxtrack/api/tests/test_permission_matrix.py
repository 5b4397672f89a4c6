"""Every API operation × every persona: the status each gets (SECURITY.md, object-level access).

`test_every_operation_has_a_case` reads the OpenAPI document and fails for an operation
without a case here, so a new endpoint cannot ship without deciding who may call it. The
contents behind a 200 (which rows each persona sees) are in the tests of each operation.

Personas (personas.py): anonymous (no credentials), enterprise (no unit role), reporter_a and
reporter_b (wards A and B), leader, officer and approver (the province). Ward B's objects are
what reporter_a must not get; the API's callers use personal access tokens.
"""

import pytest

from dxtrack.api.api import api as ninja_api
from dxtrack.api.tests.conftest import BASE, PERSONAS, data_value_set, entry
from dxtrack.api.tests.matrix import PROVINCE_OBJECT, SIGNED_IN, WARD_B_DATA, Case, everyone
from dxtrack.reporting.models import DataValue


def snapshot() -> list[tuple]:
    return sorted(DataValue.objects.values_list("indicator__code", "org_unit__code", "period", "value", "version"))


MATRIX: dict[str, list[Case]] = {
    "me_get": [Case("get", "/me", SIGNED_IN)],
    "programmes_list": [Case("get", "/programmes", SIGNED_IN, note="enterprise: an empty list")],
    "programmes_get": [
        Case("get", "/programmes/T-API", PROVINCE_OBJECT),
        Case("get", "/programmes/NO-SUCH", {**everyone(404), "anonymous": 401}),
    ],
    "values_list": [
        Case("get", "/values", SIGNED_IN, note="rows filtered per persona: test_values.py"),
        Case("get", "/values", WARD_B_DATA, params={"unit": "25741"}),
        Case("get", "/values", {**WARD_B_DATA, "reporter_a": 200}, params={"unit": "718"},
             note="a district: reporter A reads the ward A part of it"),
    ],
    "data_value_sets_export": [
        Case("get", "/dataValueSets", SIGNED_IN),
        Case("get", "/dataValueSets", WARD_B_DATA, params={"orgUnit": "25741"}),
    ],
    "data_value_sets_import": [
        Case(
            "post", "/dataValueSets",
            {"anonymous": 401, "enterprise": 403, "leader": 403, "approver": 403, "reporter_a": 422,
             "reporter_b": 200, "officer": 200},
            body=data_value_set(entry("COUNT", "25741", 21)),
            note="reporter A's value for ward B is a conflict; every refusal leaves the data as it was",
        ),
    ],
    "forms_list": [Case("get", "/forms", SIGNED_IN, note="enterprise: an empty list")],
    "forms_get": [
        Case("get", "/forms/F-API", PROVINCE_OBJECT),
        Case("get", "/forms/NO-SUCH", {**everyone(404), "anonymous": 401}),
    ],
    "completeness_get": [
        Case("get", "/completeness", PROVINCE_OBJECT, params={"form": "F-API", "period": "2024"}),
    ],
}


def _app_cases() -> dict[str, list[Case]]:
    """Cases kept beside each app: `dxtrack/<app>/tests/api_cases.py` defines API_CASES, a dict
    like MATRIX keyed by operationId, so that apps built side by side do not all edit this one."""
    import importlib
    from pathlib import Path

    found: dict[str, list[Case]] = {}
    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/tests/api_cases.py")):
        module = importlib.import_module(f"dxtrack.{path.parent.parent.name}.tests.api_cases")
        for key, cases in module.API_CASES.items():
            assert key not in MATRIX and key not in found, f"{key} has cases in two places"
            found[key] = cases
    return found


MATRIX.update(_app_cases())


def operation_ids() -> set[str]:
    schema = ninja_api.get_openapi_schema(path_prefix=f"{BASE}/")
    return {operation["operationId"] for path in schema["paths"].values() for operation in path.values()}


def test_every_operation_has_a_case():
    missing = sorted(operation_ids() - set(MATRIX))
    assert not missing, f"API operations without a case in MATRIX of {__file__}: {missing}"


def test_every_case_is_an_operation_and_names_every_persona():
    assert not set(MATRIX) - operation_ids()
    incomplete = [
        (key, index) for key, cases in MATRIX.items() for index, case in enumerate(cases) if set(case.expect) != set(PERSONAS)
    ]
    assert not incomplete


@pytest.mark.parametrize(
    ("key", "index"),
    [pytest.param(key, index, id=f"{key}[{index}]") for key, cases in MATRIX.items() for index in range(len(cases))],
)
def test_operation_gives_each_persona_what_the_matrix_says(key, index, api, values, people):
    case = MATRIX[key][index]
    made = case.setup(people) if case.setup is not None else None
    path = case.path(made) if callable(case.path) else case.path
    got = {}
    for persona in PERSONAS:
        client = api(persona)
        before = snapshot()
        if case.method == "get":
            response = client.get(BASE + path, case.params)
        else:
            response = getattr(client, f"{case.method}_json")(BASE + path, case.body)
        got[persona] = response.status_code
        if response.status_code != 200:
            body = response.json()
            assert body["detail"] if "detail" in body else body["conflicts"], (persona, body)
            assert snapshot() == before, f"{persona} was refused but the data changed"
    wrong = {persona: f"expected {case.expect[persona]}, got {got[persona]}" for persona in PERSONAS if got[persona] != case.expect[persona]}
    assert not wrong, f"{case.method.upper()} {path} {case.params} ({key}[{index}]{': ' + case.note if case.note else ''}): {wrong}"
