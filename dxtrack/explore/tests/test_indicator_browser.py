"""A leader on a phone and on a desktop, in Vietnamese and in English: opens an indicator,
reads the projection, drills down to a ward, downloads its series as XLSX (opened back here),
and never has to scroll sideways. Figures: conftest.py (province 50% in 2024; the logistic
projection reaches 69.2% by 2026; ward A 30% in 2023, 45% in 2024)."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from dxtrack.explore.tests.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECTION = {"vi": "69,2%", "en": "69.2%"}


def no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    violations = serious_violations(page)
    assert violations == [], "\n".join(violations)


def switch_to_english(page) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_leader_reads_the_projection_drills_down_to_a_ward_and_downloads_its_series(live_server, page, programme, share, width, language):
    page.set_viewport_size({"width": width, "height": 844})
    url = live_server.url + reverse("dashboards:indicator_detail", args=[programme.code, share.code]) + "?as_of=2024-12-31"
    page.goto(url)
    if language == "en":
        switch_to_english(page)
    assert page.locator("html").get_attribute("lang") == language
    projection = page.get_by_test_id("projection")
    assert "logistic" in projection.inner_text() and PROJECTION[language] in projection.inner_text()
    assert page.get_by_test_id("indicator-chart").get_attribute("data-rendered") == "true"
    no_sideways_scroll(page, width)

    page.get_by_test_id("breakdown-table").get_by_role("link", name="Thành phố Thủ Dầu Một" if language == "vi" else "Thu Dau Mot City").click()
    assert "Thủ Dầu Một" in page.get_by_test_id("unit-name").inner_text() or "Thu Dau Mot" in page.get_by_test_id("unit-name").inner_text()
    no_sideways_scroll(page, width)
    page.get_by_test_id("breakdown-table").get_by_role("link", name="Phường Phú Cường" if language == "vi" else "Phu Cuong Ward").click()
    assert page.get_by_test_id("unit-name").inner_text().startswith("Phường Phú Cường" if language == "vi" else "Phu Cuong Ward")
    no_sideways_scroll(page, width)

    with page.expect_download() as download:
        page.get_by_test_id("download-series-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(book.worksheets[0].values)
    values = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [(row["period"], row["unit_code"], row["value"]) for row in values] == [("2023", "25747", 30), ("2024", "25747", 45)]
