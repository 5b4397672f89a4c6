"""Route cases of the enterprises app for the project's permission matrix (test_route_matrix.py).

The registry is for people with a unit role: reporters see their own ward's enterprises (ward
A's reporter those of Thủ Dầu Một, the ward A became), the province's leader all of them;
enterprise users and visitors do not get in.
"""

from dxtrack.accounts.tests.route_matrix import (
    LOGGED_IN_ONLY,
    TO_LOGIN,
    UNIT_ROLES_ONLY,
    WARD_A_OBJECT,
    Case,
    everyone,
)
from dxtrack.enterprises.models import EnterpriseMembership
from dxtrack.enterprises.tests.factories import registry_world


def _software(world) -> list[int]:
    return [registry_world(world.units)["software"].pk]


def _member_world(world) -> dict:
    """The enterprise persona is the verified member of `software` (and of nothing else)."""
    made = registry_world(world.units)
    EnterpriseMembership.objects.create(user=world.people["enterprise"], enterprise=made["software"], status="verified")
    return made


def _own(world) -> list[int]:
    return [_member_world(world)["software"].pk]


def _another(world) -> list[int]:
    return [_member_world(world)["shop"].pk]


def _pending_claim(world) -> list[int]:
    made = registry_world(world.units)
    return [EnterpriseMembership.objects.create(user=world.people["enterprise"], enterprise=made["shop"]).pk]


# Only the member itself gets in; everybody else learns nothing about the enterprise.
OWN_ENTERPRISE = {**everyone(404), "anonymous": TO_LOGIN, "enterprise": 200}
POST_ONLY = {**everyone(405), "anonymous": TO_LOGIN}
# No persona of the matrix is a programme officer, who verifies claims (test_accounts.py).
VERIFIERS_ONLY = {**everyone(403), "anonymous": TO_LOGIN}


def _assess_own(world) -> list:
    from dxtrack.enterprises.assessments import frameworks_load_all

    frameworks_load_all()
    return [*_own(world), "dbi-2021"]


def _assess_another(world) -> list:
    from dxtrack.enterprises.assessments import frameworks_load_all

    frameworks_load_all()
    return [*_another(world), "dbi-2021"]


def _result_of_own(world) -> list[int]:
    from dxtrack.enterprises.assessments import FRAMEWORKS_DIR, assessment_submit, framework_load

    made = _member_world(world)
    framework = framework_load(path=FRAMEWORKS_DIR / "dbi-2021-1.yaml")
    answers = {f"P{n}_level": {"level": "l2"} for n in range(1, 7)}
    return [assessment_submit(enterprise=made["software"], framework=framework, answers=answers).pk]


def _course(world, *, own: bool) -> list[int]:
    from datetime import date

    from dxtrack.enterprises.models import SupportActivity, SupportProgramme

    made = _member_world(world)
    programme = SupportProgramme.objects.create(
        code="SME-2024", name_vi="Hỗ trợ DNNVV", funding_source="NSTW", budget_vnd=10**9,
        starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31),
    )
    course = SupportActivity.objects.create(
        programme=programme, code="KH-01", kind="training_online", name_vi="Khóa học", budget_vnd=10**8,
        cost_per_enterprise_vnd=10**6,
    )
    return [made["software" if own else "shop"].pk, course.pk]


def _programme(world) -> list[str]:
    _course(world, own=True)
    return ["SME-2024"]


def _enrolment(world) -> list[int]:
    """An application of the member's enterprise (ward A's successor) to the course."""
    from dxtrack.enterprises.models import Enrolment, EnterpriseMembership, SupportActivity

    _course(world, own=True)
    software = EnterpriseMembership.objects.get(user=world.people["enterprise"]).enterprise
    return [Enrolment.objects.create(activity=SupportActivity.objects.get(), enterprise=software, amount_vnd=10**6).pk]


def _registry_run(world) -> list[int]:
    """A web import run of somebody else (none of the matrix's personas may import)."""
    from dxtrack.enterprises.models import EnterpriseImport

    return [EnterpriseImport.objects.create(filename="registry.csv", format="csv", status="rejected").pk]


def _household(world) -> list[int]:
    return [registry_world(world.units)["household"].pk]


# The dashboard is for people with a unit role; the enrolments and decisions for programme
# officers only (none in the matrix: test_support_pages.py has them).
ROUTE_CASES = {
    "enterprises:programme_list": [Case(expect=UNIT_ROLES_ONLY)],
    "enterprises:programme_dashboard": [
        Case(args=_programme, expect=UNIT_ROLES_ONLY),
        Case(args=["NO-SUCH"], expect={**UNIT_ROLES_ONLY, "reporter_a": 404, "reporter_b": 404, "leader": 404}),
    ],
    "enterprises:enrolment_list": [Case(args=_programme, expect=VERIFIERS_ONLY)],
    "enterprises:enrolment_decide": [
        Case(args=_enrolment, expect=POST_ONLY),
        Case(args=_enrolment, method="post", data={"action": "approve"}, expect={**everyone(404), "anonymous": TO_LOGIN},
             note="not even the enterprise's own member may approve"),
    ],
    "enterprises:registry_search": [
        Case(expect=UNIT_ROLES_ONLY),
        Case(data={"q": "cong ty", "vsic": "abc"}, expect=UNIT_ROLES_ONLY, note="a bad VSIC filter: the form again"),
    ],
    # The registry's web import is for programme officers (test_import_web.py has them).
    "enterprises:registry_import": [
        Case(expect=VERIFIERS_ONLY),
        Case(method="post", expect=VERIFIERS_ONLY, note="refused before the file is looked at"),
    ],
    "enterprises:registry_import_template": [
        Case(args=["csv"], expect=VERIFIERS_ONLY),
        Case(args=["xlsx"], method="post", expect={**everyone(405), "anonymous": TO_LOGIN}, note="GET only"),
    ],
    "enterprises:registry_import_job": [Case(args=_registry_run, expect=VERIFIERS_ONLY)],
    "enterprises:registry_import_progress": [Case(args=_registry_run, expect=VERIFIERS_ONLY)],
    "enterprises:registry_import_errors": [Case(args=_registry_run, expect=VERIFIERS_ONLY)],
    "enterprises:enterprise_detail": [
        Case(args=_software, expect=WARD_A_OBJECT, note="an enterprise of the ward ward A became"),
        Case(
            args=_household,
            expect={"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 404, "reporter_b": 200, "leader": 200},
            note="a household business of ward B's successor; reading its personal ID is audited",
        ),
        Case(args=[999_999], expect={"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 404, "reporter_b": 404, "leader": 404}),
    ],
    "enterprises:account_register": [
        Case(expect={**everyone(302), "anonymous": 200}, note="signed-in people go to their enterprise page"),
        Case(method="post", expect={**everyone(302), "anonymous": 400}, note="nothing filled in: the form again"),
    ],
    "enterprises:my_enterprise": [Case(expect=LOGGED_IN_ONLY)],
    "enterprises:claim_create": [
        Case(expect=POST_ONLY),
        Case(method="post", data={"tax_code": "0100233480"}, expect={**everyone(400), "anonymous": TO_LOGIN},
             note="a wrong check digit: the page again with the message"),
    ],
    "enterprises:consent_update": [
        Case(expect=POST_ONLY),
        Case(method="post", expect={**everyone(302), "anonymous": TO_LOGIN}),
    ],
    "enterprises:own_edit": [
        Case(args=_own, expect=OWN_ENTERPRISE),
        Case(args=_another, expect={**everyone(404), "anonymous": TO_LOGIN},
             note="the enterprise user is denied another enterprise"),
        Case(args=_own, method="post", data={"employees": "x"}, expect={**OWN_ENTERPRISE, "enterprise": 400},
             note="a bad number: the form again, nothing saved"),
    ],
    "enterprises:claim_list": [Case(expect=VERIFIERS_ONLY)],
    "enterprises:claim_decide": [
        Case(args=_pending_claim, expect=POST_ONLY),
        Case(args=_pending_claim, method="post", data={"decision": "verify"}, expect={**everyone(404), "anonymous": TO_LOGIN},
             note="not even its claimant may verify a claim"),
    ],
    "enterprises:assessment_start": [
        Case(args=_assess_own, expect=OWN_ENTERPRISE),
        Case(args=_assess_own, method="post", data={"P1_level.level": "l9"}, expect={**OWN_ENTERPRISE, "enterprise": 400},
             note="an answer outside the options: the form again, nothing saved"),
        Case(args=_assess_another, expect={**everyone(404), "anonymous": TO_LOGIN}, note="not for another enterprise"),
    ],
    "enterprises:assessment_result": [
        Case(args=_result_of_own, expect={**WARD_A_OBJECT, "enterprise": 200},
             note="its enterprise, and the officers of the ward, read it"),
    ],
    "enterprises:enrolment_create": [
        Case(args=lambda w: _course(w, own=True), expect=POST_ONLY),
        Case(args=lambda w: _course(w, own=True), method="post", expect={**everyone(404), "anonymous": TO_LOGIN, "enterprise": 302},
             note="the member applies for its own enterprise"),
        Case(args=lambda w: _course(w, own=False), method="post", expect={**everyone(404), "anonymous": TO_LOGIN},
             note="not for another enterprise"),
    ],
}
