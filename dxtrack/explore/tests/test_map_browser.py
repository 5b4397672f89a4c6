"""An anonymous visitor on a phone opens the map of an indicator and clicks a ward: its
scorecard opens; the page never scrolls sideways and axe-core finds no serious violation."""

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from dxtrack.explore.tests.axe import serious_violations
from dxtrack.explore.tests.conftest import value_recorded
from dxtrack.explore.tests.test_indicator_browser import switch_to_english
from dxtrack.orgunits.models import OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.services import orgunit_upsert

# Set DXTRACK_SCREENSHOTS=<dir> to keep a picture of each inline map for a person to look at.
SCREENSHOTS = Path(os.environ["DXTRACK_SCREENSHOTS"]) if os.environ.get("DXTRACK_SCREENSHOTS") else None

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_clicks_a_ward_on_the_map_and_reaches_its_scorecard(live_server, page, programme, share, units):
    ward, _ = orgunit_upsert(code="25747", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", valid_from=date(2025, 7, 1))
    OrgUnitLineage.objects.create(from_unit=units["ward_a"], to_unit=ward, effective_on=date(2025, 7, 1))
    value_recorded(indicator=share, org_unit=ward, period="2025", numerator=Decimal(60), denominator=Decimal(100))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("dashboards:indicator_map", args=[programme.code, share.code]) + "?as_of=2025-12-31&period=2025")
    box = page.get_by_test_id("map")
    page.wait_for_selector('[data-testid="map"][data-rendered="true"]')
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    # The map opens on the wards with a figure: the middle of the box is Thu Dau Mot ward.
    bounds = box.bounding_box()
    with page.expect_navigation():
        page.mouse.click(bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2)
    assert page.url.endswith(reverse("dashboards:unit_scorecard", args=[programme.code, ward.pk]))
    assert page.get_by_test_id("unit-name").inner_text() == "Phường Thủ Dầu Một"


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_indicator_page_draws_its_wards_inline_and_a_click_opens_a_scorecard(live_server, page, programme, share, units, width, language):
    ward, _ = orgunit_upsert(code="25747", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", name_en="Thu Dau Mot Ward",
                             valid_from=date(2025, 7, 1), parent=units["province"])
    value_recorded(indicator=share, org_unit=ward, period="2025", numerator=Decimal(60), denominator=Decimal(100))
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(live_server.url + reverse("dashboards:indicator_detail", args=[programme.code, share.code]) + "?as_of=2025-12-31&period=2025")
    if language == "en":
        switch_to_english(page)
    assert page.locator("html").get_attribute("lang") == language
    page.wait_for_selector('[data-testid="map"][data-rendered="true"]')
    box = page.get_by_test_id("map")
    box.scroll_into_view_if_needed()
    if SCREENSHOTS:
        page.screenshot(path=str(SCREENSHOTS / f"indicator-inline-map-{width}-{language}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
    bounds = box.bounding_box()
    with page.expect_navigation():
        page.mouse.click(bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2)
    assert page.url.endswith(reverse("dashboards:unit_scorecard", args=[programme.code, ward.pk]))
