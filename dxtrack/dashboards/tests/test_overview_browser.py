"""The demo overview in the real Chromium, on a phone (390 px) and a desktop (1366 px), in
Vietnamese and, after switching, in English: what it shows, no sideways scrolling, and no
serious accessibility violation (axe-core, vendored with the explore tests). Assertions use
Playwright's `expect()`, which waits for the page instead of reading it once."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dxtrack.demo.services import PROGRAMME_CODE, demo_load
from dxtrack.explore.tests.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 390, 1366


def overview(live_server, page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(live_server.url + reverse("dashboards:programme_overview", args=[PROGRAMME_CODE]))


def fits_and_is_accessible(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    violations = serious_violations(page)
    assert violations == [], "\n".join(violations)


def switch_to_english(page) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # a phone: the language buttons are in the collapsed menu
        toggler.click()
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_demo_overview_renders_in_vietnamese_then_english(live_server, page, width):
    demo_load(include_sample=True, say=lambda line: None)
    overview(live_server, page, width)

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Chính quyền số")).to_be_visible()
    expect(page.get_by_role("heading", name="Kinh tế số")).to_be_visible()
    expect(page.get_by_role("heading", name="Xã hội số và công dân số")).to_be_visible()
    expect(page.locator(".badge-sample:visible").first).to_be_visible()
    ecommerce = page.locator('tr[data-indicator="KTS-03"]')
    expect(ecommerce).to_have_attribute("data-status", "not_met")
    expect(ecommerce.locator("span.value")).to_have_text("8%")
    expect(page.locator("tbody tr[data-indicator]")).to_have_count(18)
    table = page.locator("table").first
    if width == PHONE:
        expect(table).to_be_hidden()  # the dense table is for desktops; phones get cards
        expect(page.locator("details.overview-cards summary").first).to_be_visible()
    else:
        expect(table).to_be_visible()
    fits_and_is_accessible(page, width)

    switch_to_english(page)
    expect(page.get_by_role("heading", name="Digital government")).to_be_visible()
    expect(ecommerce.locator("span.value")).to_have_text("8%")
    if width == DESKTOP:
        expect(page.locator("table").get_by_text("Share of adults with a smartphone")).to_be_visible()
        expect(page.get_by_role("columnheader", name="Latest value").first).to_be_visible()
    fits_and_is_accessible(page, width)


def test_a_leader_on_a_phone_filters_the_off_track_targets_and_opens_an_indicator(live_server, page):
    demo_load(include_sample=True, say=lambda line: None)
    overview(live_server, page, PHONE)

    page.get_by_label("Tiến độ").select_option("off_track")
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"[?&]status=off_track"))
    cards = page.locator("[data-target-card]:visible")
    expect(cards.first).to_be_visible()
    # Every card listed is off track (none of another status slipped through the filter).
    expect(page.locator("[data-target-card]:not([data-progress='off_track'])")).to_have_count(0)
    fits_and_is_accessible(page, PHONE)

    code = cards.first.get_attribute("data-target-card")
    cards.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/indicators/{re.escape(code)}/"))
    fits_and_is_accessible(page, PHONE)
