"""Route cases of reporting's pages added with issue 8 (see accounts/tests/test_route_matrix.py).

The World's form BM-XA (2024, ten working days) is overdue for ward A by the time the matrix
runs; none of the personas is a programme officer, so nobody may send the reminder or escalate
the report: the leader reads only (403), the reporters are the ones reminded (403 for ward A's
own reporter, 404 for ward B's, who may not see ward A), the enterprise user sees no unit (404).
"""

from dxtrack.accounts.tests.route_matrix import TO_LOGIN, Case, everyone


def _remind_ward_a(world) -> dict:  # type: ignore[no-untyped-def]
    return {"form": world.form.code, "unit": world.units["ward_a"].pk, "period": "2024"}


ROUTE_CASES = {
    "reporting:overdue_remind": [
        Case(expect={**everyone(405), "anonymous": 405}, note="POST only"),
        Case(
            method="post", data=_remind_ward_a,
            expect={"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 403, "reporter_b": 404, "leader": 403},
            note="officers of the unit or above only",
        ),
    ],
    "reporting:overdue_escalate": [
        Case(expect={**everyone(405), "anonymous": 405}, note="POST only"),
        Case(
            method="post", data=_remind_ward_a,
            expect={"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 403, "reporter_b": 404, "leader": 403},
            note="officers of the unit or above only",
        ),
    ],
}
