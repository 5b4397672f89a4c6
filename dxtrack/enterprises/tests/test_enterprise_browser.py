"""In the real Chromium: an enterprise user registers, claims its enterprise by MST, is
verified by an officer, answers the DBI 2021 self-assessment, sees its radar and enrols in a
course; on a phone
the pages do not scroll sideways. Screenshots go to $DXTRACK_SCREENSHOTS when it is set."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from dxtrack.enterprises.assessments import frameworks_load_all
from dxtrack.enterprises.models import (
    Enrolment,
    EnterpriseMembership,
    SupportActivity,
    SupportProgramme,
)
from dxtrack.enterprises.tests.factories import registry_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.getenv("DXTRACK_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_register_claim_assess_and_see_the_radar(live_server, page, units):
    world = registry_world(units)
    frameworks_load_all()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("enterprises:account_register"))
    shot(page, "register-390-vi")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Tên đăng nhập").fill("an.nguyen")
    page.get_by_label("Thư điện tử", exact=True).fill("an@example.vn")
    page.locator("#id_password1").fill("Tr0ng-Xanh-Bien-Rong")
    page.locator("#id_password2").fill("Tr0ng-Xanh-Bien-Rong")
    consent = page.get_by_label("Xử lý họ tên và thư điện tử của tôi để vận hành tài khoản doanh nghiệp")
    assert not consent.is_checked()
    consent.check()
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.get_by_label("Mã số thuế của doanh nghiệp bạn").fill("0100109106")
    page.get_by_role("button", name="Nhận doanh nghiệp").click()
    assert page.locator('[data-status="pending"]').is_visible()
    EnterpriseMembership.objects.filter(enterprise=world["software"]).update(status="verified")  # the officer's step
    page.reload()
    page.get_by_role("link", name="Xem và cập nhật").click()
    shot(page, "own-enterprise-390-vi")
    page.get_by_role("link", name="Bộ chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp (DBI 2021)").click()
    for pillar, level in zip(range(1, 7), (2, 1, 3, 2, 1, 2), strict=True):
        page.locator(f'select[name="P{pillar}_level.level"]').select_option(f"l{level}")
    page.get_by_role("button", name="Gửi bài đánh giá").click()
    assert page.locator("#overall").inner_text() == "1,83"  # 11/6, in Vietnamese notation
    assert page.locator("#band").inner_text() == "Mức 1 – Khởi động"
    assert page.locator("#radar polygon").count() == 5  # four rings and the scores
    assert "cần ít nhất 5" in page.locator("#peers").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "result-390-vi")
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, "result-1366-vi")
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("#band").inner_text() == "Level 1 – Starting up"
    shot(page, "result-1366-en")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "result-390-en")
    # …and enrols in a course of the running support programme.
    programme = SupportProgramme.objects.create(
        code="SME-2024", name_vi="Hỗ trợ doanh nghiệp nhỏ và vừa 2024", name_en="SME support 2024",
        funding_source="Central budget", budget_vnd=140 * 10**9, starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31),
    )
    SupportActivity.objects.create(programme=programme, code="KH-01", kind="training_online", name_vi="Khóa học chuyển đổi số",
                                   name_en="Digital transformation course", budget_vnd=10**9, cost_per_enterprise_vnd=2 * 10**6)
    page.goto(live_server.url + reverse("enterprises:own_edit", args=[world["software"].pk]))
    page.locator('[data-activity="KH-01"]').get_by_role("button", name="Apply").click()
    assert page.locator('[data-enrolment="applied"]').is_visible()
    assert Enrolment.objects.get().amount_vnd == 2 * 10**6


def test_the_registry_search_on_a_phone_and_a_desktop(live_server, page, units, leader):
    registry_world(units)
    from django.test import Client

    client = Client()
    client.force_login(leader)
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    for width, language in ((390, "vi"), (1366, "vi"), (1366, "en"), (390, "en")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("enterprises:registry_search") + "?q=cong+ty")
        if language == "en" and page.locator("html").get_attribute("lang") != "en":
            page.get_by_role("button", name="EN").click()
            page.wait_for_load_state()
        assert page.locator("tbody tr").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"registry-{width}-{language}")

