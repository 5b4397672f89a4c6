"""API cases of the enterprises app for the project's API permission matrix."""

from dxtrack.api.tests.matrix import SIGNED_IN, Case, everyone
from dxtrack.enterprises.tests.factories import registry_world
from dxtrack.orgunits.models import OrgUnit


def _world(people) -> dict:
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    return registry_world({
        "country": units["VN"], "ward_a": OrgUnit.objects.get(code="25747", valid_to__isnull=False),
        "ward_b": units["25741"],
    })


# Ward B's successor's enterprise: reporter B and the province read it; reporter A and
# enterprise users do not learn it exists.
WARD_B_ENTERPRISE = {**SIGNED_IN, "enterprise": 404, "reporter_a": 404}

API_CASES = {
    "enterprises_list": [
        Case("get", "/enterprises", SIGNED_IN, setup=_world, note="enterprise users: an empty list"),
        Case("get", "/enterprises", {**everyone(422), "anonymous": 401}, params={"size": "huge"}),
    ],
    "assessments_list": [
        Case("get", "/assessments", SIGNED_IN, setup=_world, note="members: their own; unit roles: aggregates"),
        Case("get", "/assessments", {**everyone(422), "anonymous": 401}, params={"group_by": "name"}),
    ],
    "enterprises_get": [
        Case("get", lambda made: "/enterprises/0314409058-002", WARD_B_ENTERPRISE, setup=_world),
        Case("get", "/enterprises/0100000000", {**everyone(404), "anonymous": 401}),
    ],
}
