"""GET /api/v1/assessments: a member reads its own enterprise's assessments and nobody else's;
officers read aggregates of their wards only, groups under 5 enterprises suppressed."""

from datetime import date

import pytest
from django.test import Client

from dxtrack.enterprises.assessments import FRAMEWORKS_DIR, assessment_submit, framework_load
from dxtrack.enterprises.models import EnterpriseMembership
from dxtrack.enterprises.tests.factories import _enterprise, registry_world, todays_wards

URL = "/api/v1/assessments"


def levels(level: int) -> dict:
    return {f"P{n}_level": {"level": f"l{level}"} for n in range(1, 7)}


@pytest.fixture
def assessed(units, enterprise) -> dict:
    """software (the member's): one assessment at level 2; shop: one at level 4 (not the member's).
    Six more micro firms in Thủ Dầu Một at levels 0, 1, 1, 3, 3, 4 (the last assessed twice: 1 then 4)."""
    made = registry_world(units)
    EnterpriseMembership.objects.create(user=enterprise, enterprise=made["software"], status="verified")
    dbi = framework_load(path=FRAMEWORKS_DIR / "dbi-2021-1.yaml")
    assessment_submit(enterprise=made["software"], framework=dbi, answers=levels(2))
    assessment_submit(enterprise=made["shop"], framework=dbi, answers=levels(4))
    ward = todays_wards(units)["thu_dau_mot"]
    for n, level in enumerate((0, 1, 1, 3, 3, 1)):
        firm = _enterprise(tax_code=f"9{n:09d}", name_vi=f"Công ty {n}", legal_form="tnhh1", vsic="4711", employees=3,
                           size_class="micro", ward=ward, ward_input=ward.code, registered_on=date(2020, 1, 1))
        assessment_submit(enterprise=firm, framework=dbi, answers=levels(level))
    assessment_submit(enterprise=firm, framework=dbi, answers=levels(4))
    return made


def get(user, **params) -> dict:
    client = Client()
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_member_reads_its_own_assessments_only(assessed, enterprise):
    body = get(enterprise)
    assert [(row["tax_code"], row["overall"], row["level"]) for row in body["assessments"]] == [("0100109106", 2.0, "l2")]
    assert body["aggregates"] == []


def test_an_officer_of_ward_a_reads_aggregates_of_its_ward_only(assessed, reporter_a):
    """Thủ Dầu Một: software (2) and the six firms by their latest (0, 1, 1, 3, 3, 4): 7 enterprises,
    mean (2+0+1+1+3+3+4)/7 = 2.0; the shop (Phú Lợi) is not ward A's."""
    body = get(reporter_a)
    assert body["assessments"] == []
    assert body["aggregates"] == [{"framework": "dbi-2021", "group": None, "enterprises": 7, "mean_overall": 2.0,
                                   "levels": {"l0": 1, "l1": 2, "l2": 1, "l3": 2, "l4": 1}, "suppressed": False}]


def test_groups_under_five_enterprises_are_suppressed(assessed, leader):
    by_ward = {row["group"]: row for row in get(leader, group_by="ward")["aggregates"]}
    assert by_ward["25747"]["enterprises"] == 7
    assert by_ward["25750"] == {"framework": "dbi-2021", "group": "25750", "enterprises": None, "mean_overall": None,
                                "levels": {}, "suppressed": True}
    by_section = {row["group"]: row["enterprises"] for row in get(leader, group_by="section")["aggregates"]}
    assert by_section == {"G": 7, "J": None}  # 4711 ×6 + the shop's 4711; software (6201) alone in J
