"""Officers' support pages: the enrolment list (filters, pages, ward scope), approve / reject with a
reason / complete with an outcome by POST; the programme dashboard's figures against a hand
count; eligibility rules with their reasons (vi and en)."""

from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.enterprises.assessments import FRAMEWORKS_DIR, assessment_submit, framework_load
from dxtrack.enterprises.eligibility import eligibility_reasons
from dxtrack.enterprises.models import (
    Assessment,
    Enrolment,
    EnterpriseMembership,
    SupportActivity,
    SupportProgramme,
)
from dxtrack.enterprises.support import enrolment_apply, enrolment_approve, enrolment_complete
from dxtrack.enterprises.support_figures import programme_figures
from dxtrack.enterprises.tests.factories import registry_world

MILLION = 1_000_000


@pytest.fixture
def world(units):
    return registry_world(units)


@pytest.fixture
def programme(db) -> SupportProgramme:
    return SupportProgramme.objects.create(
        code="SME-2024", name_vi="Hỗ trợ DNNVV 2024", funding_source="NSTW", budget_vnd=140_000 * MILLION,
        starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31), target_trained=8000, target_consulted=800,
    )


def activity(programme, code, kind="training_in_person", *, cost=3 * MILLION, **more) -> SupportActivity:
    return SupportActivity.objects.create(programme=programme, code=code, kind=kind, name_vi=f"Hoạt động {code}",
                                          budget_vnd=1_000 * MILLION, cost_per_enterprise_vnd=cost, **more)


def officer_of(unit, username="canbo") -> Client:
    officer = User.objects.create_user(username=username, password="x")
    RoleAssignment.objects.create(user=officer, role=Role.PROGRAMME_OFFICER, org_unit=unit)
    client = Client()
    client.force_login(officer)
    return client


def test_an_officer_approves_rejects_with_a_reason_and_completes_with_an_outcome(world, units, programme):
    course = activity(programme, "KH")
    applied = {name: enrolment_apply(enterprise=world[name], activity=course) for name in ("software", "shop")}
    client = officer_of(units["country"])
    listing = reverse("enterprises:enrolment_list", args=["SME-2024"])
    assert client.get(listing).context["page"].paginator.count == 2
    decide = reverse("enterprises:enrolment_decide", args=[applied["software"].pk])
    client.post(decide, {"action": "approve"})
    client.post(decide, {"action": "complete", "outcome": "Dự đủ 5 buổi"})
    refused = reverse("enterprises:enrolment_decide", args=[applied["shop"].pk])
    response = client.post(refused, {"action": "reject", "reason": ""}, follow=True)
    assert "Hãy nêu lý do" in response.content.decode()
    client.post(refused, {"action": "reject", "reason": "Không thuộc đối tượng"})
    software, shop = (Enrolment.objects.get(pk=applied[name].pk) for name in ("software", "shop"))
    assert (software.status, software.outcome, software.completed_at is not None) == ("completed", "Dự đủ 5 buổi", True)
    assert (shop.status, shop.reason) == ("rejected", "Không thuộc đối tượng")
    assert client.get(listing, {"status": "completed"}).context["page"].paginator.count == 1
    assert client.get(listing, {"q": "binh an"}).context["page"].paginator.count == 1
    assert client.get(listing, {"status": "bogus"}).status_code == 400


def test_a_ward_officer_sees_and_decides_only_its_wards_enrolments(world, units, programme):
    course = activity(programme, "KH")
    shop = enrolment_apply(enterprise=world["shop"], activity=course)  # Phú Lợi, ward B's successor
    mine = enrolment_apply(enterprise=world["software"], activity=course)  # Thủ Dầu Một, ward A's
    client = officer_of(units["ward_a"])
    page = client.get(reverse("enterprises:enrolment_list", args=["SME-2024"])).context["page"]
    assert [enrolment.pk for enrolment in page] == [mine.pk]
    assert client.post(reverse("enterprises:enrolment_decide", args=[shop.pk]), {"action": "approve"}).status_code == 404
    shop.refresh_from_db()
    assert shop.status == "applied"


def test_a_reporter_may_read_the_dashboard_but_not_decide(world, units, programme, reporter_a):
    enrolment = enrolment_apply(enterprise=world["software"], activity=activity(programme, "KH"))
    client = Client()
    client.force_login(reporter_a)
    assert client.get(reverse("enterprises:programme_dashboard", args=["SME-2024"])).status_code == 200
    assert client.get(reverse("enterprises:enrolment_list", args=["SME-2024"])).status_code == 403
    assert client.post(reverse("enterprises:enrolment_decide", args=[enrolment.pk]), {"action": "approve"}).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "applied"


def test_the_enrolment_list_pages_by_fifty(units, programme):
    from dxtrack.enterprises.tests.factories import _enterprise, todays_wards

    ward = todays_wards(units)["thu_dau_mot"]
    course = activity(programme, "KH", cost=1)
    for n in range(51):
        enterprise = _enterprise(tax_code=f"9{n:09d}", name_vi=f"Công ty {n:02d}", legal_form="tnhh1", vsic="4711",
                                 employees=3, size_class="micro", ward=ward, ward_input="25747")
        Enrolment.objects.create(activity=course, enterprise=enterprise, amount_vnd=1)
    client = officer_of(units["country"])
    listing = reverse("enterprises:enrolment_list", args=["SME-2024"])
    first = client.get(listing, {"status": "applied"})
    assert len(first.context["page"].object_list) == 50
    assert "data-pager" in first.content.decode() and "?status=applied&amp;page=2" in first.content.decode()  # the pager keeps the filter
    assert len(client.get(listing, {"page": 2}).context["page"].object_list) == 1
    assert client.get(listing, {"page": "abc"}).status_code == 400
    assert client.get(listing, {"page": "0"}).status_code == 400


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def _assess(enterprise, framework, level: int, day: str) -> None:
    assessment = assessment_submit(enterprise=enterprise, framework=framework,
                                   answers={f"P{n}_level": {"level": f"l{level}"} for n in range(1, 7)})
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=_at(day))


def test_the_dashboard_figures_equal_a_hand_count(world, units, programme):
    """software: two courses and consulting, completed (trained once, consulted once); shop: a course
    approved, not completed; household: consulting rejected. Committed = 3 + 3 + 50 + 3 M; spent 56 M.
    software was at level 1 before and level 3 after."""
    dbi = _dashboard_world(world, programme)
    _assess(world["shop"], dbi, 2, "2024-09-01")  # not completed: not an outcome

    figures = programme_figures(programme, ward_ids=None)
    assert (len(figures.total.trained), len(figures.total.consulted)) == (1, 1)
    assert (figures.total.committed_vnd, figures.spent_vnd) == (59 * MILLION, 56 * MILLION)
    by_ward = {name: (len(t.trained), len(t.consulted), t.committed_vnd) for name, t in figures.by_ward}
    assert by_ward == {"Phường Thủ Dầu Một": (1, 1, 56 * MILLION), "Phường Phú Lợi": (0, 0, 3 * MILLION)}
    by_sector = {name[0]: t.committed_vnd for name, t in figures.by_sector}
    assert by_sector == {"J": 56 * MILLION, "G": 3 * MILLION, "I": 0}
    outcomes = figures.outcomes
    assert (outcomes.pairs, outcomes.mean_before, outcomes.mean_after) == (1, 1, 3)
    assert [(before, after) for _name, before, after in outcomes.levels] == [(0, 0), (1, 0), (0, 0), (0, 1), (0, 0), (0, 0)]

    html = officer_of(units["province"]).get(reverse("enterprises:programme_dashboard", args=["SME-2024"])).content.decode()
    # The programme office (the province's officer) sees the whole programme against its targets.
    assert 'data-figure="trained"' in html and "/ 8.000" in html and "/ 800" in html and "140.000.000.000" in html
    assert "59.000.000" in html and "data-scope" not in html


def _dashboard_world(world, programme):
    """The hand count's world: software (Thủ Dầu Một) trained twice and consulted, all completed,
    at level 1 before and 3 after; shop (Phú Lợi) approved for a course; household (Phú Lợi)
    rejected for consulting."""
    in_person, online = activity(programme, "KH1"), activity(programme, "KH2", "training_online")
    consulting = activity(programme, "TV", "consulting", cost=50 * MILLION)
    for course in (in_person, online, consulting):
        enrolment = enrolment_apply(enterprise=world["software"], activity=course)
        Enrolment.objects.filter(pk=enrolment.pk).update(applied_at=_at("2024-03-01"))
        enrolment_approve(enrolment=enrolment)
        enrolment_complete(enrolment=enrolment, at=_at("2024-06-01"))
    enrolment_approve(enrolment=enrolment_apply(enterprise=world["shop"], activity=in_person))
    Enrolment.objects.create(activity=consulting, enterprise=world["household"], amount_vnd=50 * MILLION, status="rejected")
    dbi = framework_load(path=FRAMEWORKS_DIR / "dbi-2021-1.yaml")
    _assess(world["software"], dbi, 1, "2024-01-15")
    _assess(world["software"], dbi, 3, "2024-09-01")
    return dbi


def _figures_on_the_page(client) -> dict:
    response = client.get(reverse("enterprises:programme_dashboard", args=["SME-2024"]))
    assert response.status_code == 200
    figures = response.context["figures"]
    return {
        "trained": len(figures.total.trained), "consulted": len(figures.total.consulted),
        "committed": figures.total.committed_vnd, "spent": figures.spent_vnd,
        "wards": sorted(name for name, _tally in figures.by_ward),
        "sectors": {name[0]: tally.committed_vnd for name, tally in figures.by_sector},
        "pairs": figures.outcomes.pairs if figures.outcomes else 0,
        "whole": figures.whole_programme, "html": response.content.decode(),
    }


def test_a_ward_officer_sees_their_wards_figures_only(world, units, programme):
    _dashboard_world(world, programme)
    ward_a = _figures_on_the_page(officer_of(units["ward_a"], "canbo_a"))
    # Thủ Dầu Một: software only. Trained 1 (two courses, once), consulted 1; 3 + 3 + 50 M committed and spent.
    assert {key: ward_a[key] for key in ("trained", "consulted", "committed", "spent", "wards", "sectors", "pairs", "whole")} == {
        "trained": 1, "consulted": 1, "committed": 56 * MILLION, "spent": 56 * MILLION,
        "wards": ["Phường Thủ Dầu Một"], "sectors": {"J": 56 * MILLION}, "pairs": 1, "whole": False,
    }
    # Not measured against the programme-wide targets; the area is said.
    assert 'data-scope="area"' in ward_a["html"] and "/ 8.000" not in ward_a["html"] and "140.000.000.000" not in ward_a["html"]
    ward_b = _figures_on_the_page(officer_of(units["ward_b"], "canbo_b"))
    # Phú Lợi: shop's approved course (3 M committed, nothing spent), household's rejection (nothing).
    assert {key: ward_b[key] for key in ("trained", "consulted", "committed", "spent", "wards", "sectors", "pairs", "whole")} == {
        "trained": 0, "consulted": 0, "committed": 3 * MILLION, "spent": 0,
        "wards": ["Phường Phú Lợi"], "sectors": {"G": 3 * MILLION, "I": 0}, "pairs": 0, "whole": False,
    }


def test_a_reporter_reads_their_wards_figures(world, units, programme, reporter_b):
    _dashboard_world(world, programme)
    client = Client()
    client.force_login(reporter_b)
    assert _figures_on_the_page(client)["committed"] == 3 * MILLION


def test_an_agency_officer_reads_the_figures_of_the_unit_it_serves(world, units, programme):
    """The province's department (74-STTTT, under province 74) serves the province: every ward,
    so the whole programme — but not the registry's enterprises one by one."""
    _dashboard_world(world, programme)
    client = officer_of(units["agency"], "canbo_so")
    agency = _figures_on_the_page(client)
    assert (agency["trained"], agency["consulted"], agency["committed"], agency["spent"], agency["whole"]) == (
        1, 1, 59 * MILLION, 56 * MILLION, True)
    assert "/ 8.000" in agency["html"]
    assert client.get(reverse("enterprises:programme_list")).status_code == 200
    assert client.get(reverse("enterprises:registry_search")).status_code == 403


def test_an_agency_serving_a_ward_without_enrolments_reads_nothing(world, units, programme):
    from dxtrack.orgunits.models import OrgUnitKind
    from dxtrack.orgunits.services import orgunit_upsert

    _dashboard_world(world, programme)
    ward_c, _ = orgunit_upsert(code="25999", kind=OrgUnitKind.COMMUNE, name_vi="Phường C", name_en="Ward C",
                               parent=units["province"], valid_to=date(2025, 6, 30))
    district_agency, _ = orgunit_upsert(code="718-VH", kind=OrgUnitKind.AGENCY, name_vi="Phòng Văn hóa", name_en="Culture office",
                                        parent=ward_c, valid_to=date(2025, 6, 30))
    # An agency under ward C, which has no enrolment: nothing, but the page opens.
    nothing = _figures_on_the_page(officer_of(district_agency, "canbo_phong"))
    assert (nothing["trained"], nothing["committed"], nothing["wards"], nothing["whole"]) == (0, 0, [], False)


def test_eligibility_rules_give_every_reason_in_both_languages(world, programme):
    dbi = framework_load(path=FRAMEWORKS_DIR / "dbi-2021-1.yaml")
    course = activity(programme, "KH", eligibility={
        "size_classes": ["micro"], "vsic_prefixes": ["10", "13"], "wards": ["25750"],
        "maturity": {"framework": "dbi-2021", "max_level": 2},
    })
    _assess(world["software"], dbi, 4, "2024-01-15")
    with translation.override("vi"):
        reasons = eligibility_reasons(world["software"], course)
    assert len(reasons) == 4
    assert "siêu nhỏ" in reasons[0] and "6201" in reasons[1] and "Phường Thủ Dầu Một" in reasons[2] and "Mức 4" in reasons[3]
    with translation.override("en"):
        assert "Level 4 – Advanced" in eligibility_reasons(world["software"], course)[3]
    open_course = activity(programme, "KH2", eligibility={"size_classes": ["micro", "small"], "vsic_prefixes": ["62"]})
    assert eligibility_reasons(world["software"], open_course) == []


def test_an_ineligible_member_reads_why_and_cannot_apply(world, programme):
    course = activity(programme, "KH", eligibility={"maturity": {"framework": "dbi-2021", "min_level": 1}})
    member = User.objects.create_user(username="member", password="x")
    EnterpriseMembership.objects.create(user=member, enterprise=world["software"], status="verified")
    client = Client()
    client.force_login(member)
    page = client.get(reverse("enterprises:own_edit", args=[world["software"].pk])).content.decode()
    assert "data-not-eligible" in page and "chưa" in page
    response = client.post(reverse("enterprises:enrolment_create", args=[world["software"].pk, course.pk]), follow=True)
    assert "tự đánh giá" in response.content.decode()
    assert not Enrolment.objects.exists()
