"""The DHIS2 layout in the route matrix (logged-in browsers). Token and Basic callers, and every
resource × persona, are in test_permission_matrix.py of this app."""

from dxtrack.accounts.tests.route_matrix import Case, everyone

SIGNED_IN = {**everyone(200), "anonymous": 401}

ROUTE_CASES = {
    "dhis2:api": [
        Case(args=["system/info"], expect=SIGNED_IN),
        Case(args=["40/me.json"], expect=SIGNED_IN),
        Case(args=["no/such/resource"], expect=everyone(404)),
        Case(args=["no/such/resource"], method="post", expect=everyone(404), note="JSON 404, not the CSRF page"),
        Case(args=["system/info"], method="post", expect=everyone(405)),
    ],
}
