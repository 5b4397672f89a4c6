"""In the real Chromium: a programme officer reads the programme's dashboard and approves an
application from the enrolment list; on a phone and a desktop, in Vietnamese and English, the
pages do not scroll sideways. Screenshots go to $DXTRACK_SCREENSHOTS when it is set."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.enterprises.assessments import frameworks_load_all
from dxtrack.enterprises.models import (
    Enrolment,
    EnterpriseMembership,
    SupportActivity,
    SupportProgramme,
)
from dxtrack.enterprises.support import enrolment_apply, enrolment_approve, enrolment_complete
from dxtrack.enterprises.tests.factories import registry_world
from dxtrack.enterprises.tests.test_enterprise_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MILLION = 1_000_000


def _programme(world) -> SupportProgramme:
    programme = SupportProgramme.objects.create(
        code="SME-2024", name_vi="Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số năm 2024",
        name_en="2024 support for SMEs' digital transformation", funding_source="Ngân sách trung ương",
        budget_vnd=140_000 * MILLION, starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31),
        target_trained=8_000, target_consulted=800,
    )
    course = SupportActivity.objects.create(programme=programme, code="KH", kind="training_in_person",
                                            name_vi="Khóa đào tạo chuyển đổi số", name_en="Digital transformation course",
                                            budget_vnd=40_000 * MILLION, cost_per_enterprise_vnd=4 * MILLION)
    SupportActivity.objects.create(programme=programme, code="TV", kind="consulting", name_vi="Tư vấn chuyên sâu",
                                   name_en="In-depth consulting", budget_vnd=60_000 * MILLION, cost_per_enterprise_vnd=60 * MILLION,
                                   eligibility={"maturity": {"framework": "dbi-2021", "max_level": 2}})
    frameworks_load_all()
    done = enrolment_apply(enterprise=world["software"], activity=course)
    enrolment_complete(enrolment=enrolment_approve(enrolment=done), outcome="Dự đủ 5 buổi")
    enrolment_apply(enterprise=world["shop"], activity=course)
    return programme


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def _in(page, language: str) -> None:
    if page.locator("html").get_attribute("lang") != language:
        page.get_by_role("button", name=language.upper()).click()
        page.wait_for_load_state()


def test_an_officer_reads_the_dashboard_and_approves_an_application(live_server, page, units):
    world = registry_world(units)
    _programme(world)
    officer = User.objects.create_user(username="canbo", password="x")
    RoleAssignment.objects.create(user=officer, role=Role.PROGRAMME_OFFICER, org_unit=units["province"])
    _login(page, live_server, officer)
    for width, language in ((390, "vi"), (1366, "vi"), (1366, "en"), (390, "en")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("enterprises:programme_dashboard", args=["SME-2024"]))
        _in(page, language)
        assert page.locator('[data-figure="trained"] [data-value]').inner_text() == "1"
        assert page.locator('[data-figure="budget"] [data-value]').inner_text() == ("4.000.000" if language == "vi" else "4,000,000")  # the completed course; the application commits nothing
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"support-dashboard-{width}-{language}")
        page.goto(live_server.url + reverse("enterprises:enrolment_list", args=["SME-2024"]))
        assert page.locator("[data-enrolment]").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"support-enrolments-{width}-{language}")
    page.locator('[data-status="applied"]').get_by_role("button", name="Approve").click()
    assert page.locator('[data-status="approved"]').count() == 1
    assert Enrolment.objects.get(enterprise=world["shop"]).status == "approved"


def test_a_member_reads_why_it_cannot_apply(live_server, page, units):
    world = registry_world(units)
    _programme(world)
    member = User.objects.create_user(username="member", password="x")
    EnterpriseMembership.objects.create(user=member, enterprise=world["software"], status="verified")
    _login(page, live_server, member)
    for width, language in ((390, "vi"), (1366, "en")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("enterprises:own_edit", args=[world["software"].pk]))
        _in(page, language)
        reason = page.locator('[data-activity="TV"] [data-not-eligible]').inner_text()
        assert ("DBI" in reason) and (("chưa" in reason) if language == "vi" else ("not yet" in reason))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"support-member-{width}-{language}")
