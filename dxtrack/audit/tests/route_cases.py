"""The audit log pages in the route permission matrix: staff and superusers only (no persona is
staff; test_audit_page.py covers staff)."""

from dxtrack.accounts.tests.route_matrix import TO_LOGIN, Case, everyone

STAFF_ONLY = {**everyone(403), "anonymous": TO_LOGIN}

ROUTE_CASES = {
    "audit:event_list": [Case(expect=STAFF_ONLY), Case(method="post", expect={**everyone(405), "anonymous": TO_LOGIN})],
    "audit:event_csv": [Case(expect=STAFF_ONLY)],
}
