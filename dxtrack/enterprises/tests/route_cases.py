"""Route cases of the enterprises app for the project's permission matrix (test_route_matrix.py).

The registry is for people with a unit role: reporters see their own ward's enterprises (ward
A's reporter those of Thủ Dầu Một, the ward A became), the province's leader all of them;
enterprise users and visitors do not get in.
"""

from dxtrack.accounts.tests.route_matrix import TO_LOGIN, UNIT_ROLES_ONLY, WARD_A_OBJECT, Case
from dxtrack.enterprises.tests.factories import registry_world


def _software(world) -> list[int]:
    return [registry_world(world.units)["software"].pk]


def _household(world) -> list[int]:
    return [registry_world(world.units)["household"].pk]


ROUTE_CASES = {
    "enterprises:registry_search": [
        Case(expect=UNIT_ROLES_ONLY),
        Case(data={"q": "cong ty", "vsic": "abc"}, expect=UNIT_ROLES_ONLY, note="a bad VSIC filter: the form again"),
    ],
    "enterprises:enterprise_detail": [
        Case(args=_software, expect=WARD_A_OBJECT, note="an enterprise of the ward ward A became"),
        Case(
            args=_household,
            expect={"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 404, "reporter_b": 200, "leader": 200},
            note="a household business of ward B's successor; reading its personal ID is audited",
        ),
        Case(args=[999_999], expect={"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 404, "reporter_b": 404, "leader": 404}),
    ],
}
