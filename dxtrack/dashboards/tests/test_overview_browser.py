"""The demo overview in the real Chromium, in Vietnamese and, after switching, in English."""

import pytest
from django.urls import reverse

from dxtrack.demo.services import PROGRAMME_CODE, demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_overview_renders_in_vietnamese_then_english(live_server, page):
    demo_load(include_sample=True, say=lambda line: None)
    page.goto(live_server.url + reverse("dashboards:programme_overview", args=[PROGRAMME_CODE]))

    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Chính quyền số").is_visible()
    assert page.get_by_role("heading", name="Kinh tế số").is_visible()
    ecommerce = page.locator('tr[data-indicator="KTS-03"]')
    assert "8%" in ecommerce.inner_text()
    assert ecommerce.get_attribute("data-status") == "not_met"
    assert page.locator(".badge-sample").first.is_visible()
    rows = page.locator("tbody tr")
    assert rows.count() == 18

    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Digital government").is_visible()
    assert page.locator("table").get_by_text("Share of adults with a smartphone").is_visible()  # the desktop table
    assert page.get_by_role("columnheader", name="Latest value").first.is_visible()


def test_a_phone_sized_screen_shows_the_overview_without_horizontal_scrolling(live_server, page):
    demo_load(include_sample=False, say=lambda line: None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("dashboards:programme_overview", args=[PROGRAMME_CODE]))
    assert page.get_by_role("heading", name="Xã hội số và công dân số").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_a_leader_on_a_phone_filters_the_off_track_targets_and_opens_an_indicator(live_server, page):
    demo_load(include_sample=True, say=lambda line: None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("dashboards:programme_overview", args=[PROGRAMME_CODE]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.locator("table").first.is_visible()  # the dense table is for desktops
    assert page.locator(".badge-sample").first.is_visible()

    page.get_by_label("Tiến độ").select_option("off_track")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    assert "status=off_track" in page.url
    cards = page.locator("[data-target-card]:visible")
    assert cards.count() > 0
    assert all(card.get_attribute("data-progress") == "off_track" for card in cards.all())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    code = cards.first.get_attribute("data-target-card")
    cards.first.get_by_role("link").click()
    page.wait_for_load_state()
    assert f"/indicators/{code}/" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
