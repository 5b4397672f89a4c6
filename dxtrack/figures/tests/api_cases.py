"""Permission cases of the progress API (collected by dxtrack/api/tests/test_permission_matrix.py).

Same rights as `programmes_get`: every unit role inside the province reads T-API; enterprise
users do not learn it exists; bad input is refused only to those who may see the programme.
"""

from decimal import Decimal

from dxtrack.api.tests.matrix import PROVINCE_OBJECT, Case, everyone


def _target(people: dict) -> None:
    from dxtrack.programmes.models import Indicator, Target

    Target.objects.create(indicator=Indicator.objects.get(code="COUNT"), deadline="2025-12-31", comparator=">=", value=Decimal(25))


API_CASES = {
    "programmes_progress": [
        Case("get", "/programmes/T-API/progress", PROVINCE_OBJECT, setup=_target),
        Case("get", "/programmes/T-API/progress", PROVINCE_OBJECT, params={"as_of": "2024-12-31", "unapproved": "true"},
             setup=_target, note="unapproved values only for officers; ignored for others"),
        Case("get", "/programmes/T-API/progress", {**PROVINCE_OBJECT, **{p: 400 for p in PROVINCE_OBJECT if PROVINCE_OBJECT[p] == 200}},
             params={"as_of": "31/12/2024"}, note="a malformed date: 400 to those who may see the programme"),
        Case("get", "/programmes/NO-SUCH/progress", {**everyone(404), "anonymous": 401}),
    ],
}
