"""Route cases of the feedback app (see dxtrack/accounts/tests/test_route_matrix.py)."""

from dxtrack.accounts.tests.route_matrix import PUBLIC, Case, everyone

ROUTE_CASES: dict[str, list[Case]] = {
    "feedback:track": [
        Case(expect=PUBLIC),
        Case(data={"code": "PAKN-26-NOSUCH"}, expect=everyone(404), note="an unknown code says so"),
    ],
}
