"""The indicator page: series, target, required path, projection, breakdown, downloads.

Expected numbers are computed by hand from conftest.py's values (as of 31/12/2024):
- province 2023 = 80/200 = 40%, 2024 = 100/200 = 50%;
- linear progress: (50 − 40) / (80 − 40) = 25% done against (2024 − 2023) / (2026 − 2023) = 33.3%
  of the time: ratio 0.75, off track;
- required path: from 50% in 2024 to 80% in 2026 in equal steps: 65% in 2025, 80% in 2026;
- projection (logistic, the method for shares below 100%): logit(0.4) = −0.405, logit(0.5) = 0,
  +0.405 a year, so 2026 is at logit 0.811: 1 / (1 + e^−0.811) = 69.2%, short of 80%.
"""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from dxtrack.explore.tests.conftest import by_testid, text_of, value_recorded

AS_OF = {"as_of": "2024-12-31"}


def url(programme, indicator) -> str:
    return reverse("dashboards:indicator_detail", args=[programme.code, indicator.code])


def test_the_indicator_url_keeps_the_slash_of_the_programme_code(programme, share):
    assert url(programme, share) == "/programmes/05-NQ/TU/indicators/XHS-05/"


def test_the_page_shows_the_target_progress_and_the_projection_with_its_method(client, programme, share):
    response = client.get(url(programme, share), AS_OF)
    assert response.status_code == 200
    [target] = by_testid(response.content, "target")
    assert target.get("data-status") == "off_track"
    assert "≥ 80% (2026)" in text_of(target)
    [progress] = by_testid(response.content, "progress")
    assert "25%" in text_of(progress) and "33,3%" in text_of(progress)
    [projection] = by_testid(response.content, "projection")
    assert "logistic" in text_of(projection) and "69,2%" in text_of(projection) and "2026" in text_of(projection)


def test_the_headline_is_the_latest_figure_with_its_coverage(client, programme, share):
    response = client.get(url(programme, share), AS_OF)
    assert text_of(by_testid(response.content, "headline")[0]) == "50% 2024 · 2/2 đơn vị (100%)"


def test_the_chart_data_holds_the_series_target_required_path_and_projection(client, programme, share):
    response = client.get(url(programme, share), AS_OF)
    chart = json.loads(lxml_text(response.content, "indicator-chart-data"))
    assert chart["years"] == ["2023", "2024", "2025", "2026"]
    assert chart["values"] == [40.0, 50.0, None, None]
    assert chart["provisional"] == [False, False, False, False]
    assert chart["targets"] == [{"value": 80.0, "year": "2026", "label": "≥ 80% (2026)"}]
    assert chart["required"] == [["2024", 50.0], ["2025", 65.0], ["2026", 80.0]]
    assert chart["projection"][0] == ["2024", 50.0]
    assert chart["projection"][-1][0] == "2026" and round(chart["projection"][-1][1], 1) == 69.2
    [element] = by_testid(response.content, "indicator-chart")
    assert element.get("data-chart") == "indicator-chart-data"


def lxml_text(html: bytes, element_id: str) -> str:
    import lxml.html

    return lxml.html.fromstring(html).get_element_by_id(element_id).text_content()


@time_machine.travel("2024-06-15 12:00 +0700", tick=False)
def test_the_series_table_marks_the_running_year_provisional(client, programme, share):
    response = client.get(url(programme, share))  # today: 2024 is running
    rows = by_testid(response.content, "series-table")[0].xpath(".//tbody/tr")
    last = rows[-1]
    assert last.get("data-period") == "2024"
    assert last.xpath('.//*[@data-provisional="true"]')
    assert not rows[0].xpath('.//*[@data-provisional="true"]')


def test_the_breakdown_lists_the_units_below_with_coverage_and_drills_down_to_the_wards(client, programme, share, units):
    response = client.get(url(programme, share), AS_OF)
    [table] = by_testid(response.content, "breakdown-table")
    rows = table.xpath(".//tbody/tr")
    assert [row.get("data-unit") for row in rows] == ["718"]  # the agency has no figure: left out
    assert "50%" in text_of(rows[0]) and "2/2" in text_of(rows[0])
    drill = rows[0].xpath('.//a[@data-testid="drill"]')[0].get("href")
    assert f"unit={units['district'].pk}" in drill

    wards = client.get(drill)
    rows = by_testid(wards.content, "breakdown-table")[0].xpath(".//tbody/tr")
    assert [(row.get("data-unit"), text_of(row.xpath("./td")[0])) for row in rows] == [("25741", "55%"), ("25747", "45%")]
    assert "Thành phố Thủ Dầu Một" in text_of(by_testid(wards.content, "unit-name")[0])


def test_the_breakdown_sorts_by_value_on_request(client, programme, share, units):
    response = client.get(url(programme, share), {**AS_OF, "unit": units["district"].pk, "sort": "value"})
    rows = by_testid(response.content, "breakdown-table")[0].xpath(".//tbody/tr")
    assert [row.get("data-unit") for row in rows] == ["25747", "25741"]  # 45% before 55%


def test_who_is_missing_is_named(client, programme, share, units):
    value_recorded(indicator=share, org_unit=units["ward_a"], period="2025", numerator=Decimal(70), denominator=Decimal(100))
    response = client.get(url(programme, share), {"as_of": "2025-12-31", "period": "2025"})
    [missing] = by_testid(response.content, "missing")
    assert "1" in text_of(missing) and "Phường Hiệp Thành" in text_of(missing)
    assert "Phường Phú Cường" not in text_of(missing)


def test_why_this_number_lists_the_values_that_went_in(client, programme, share):
    response = client.get(url(programme, share), {**AS_OF, "period": "2023"})
    [explanation] = by_testid(response.content, "explanation")
    text = text_of(explanation)
    assert "Tổng hợp từ 2 giá trị" in text
    assert "30/100" in text and "50/100" in text


def test_the_metadata_shows_definition_and_source(client, programme, share):
    response = client.get(url(programme, share), AS_OF)
    text = text_of(by_testid(response.content, "metadata")[0])
    assert "Số người được đào tạo chia dân số" in text and "Sở Khoa học và Công nghệ" in text


@pytest.mark.parametrize("bad", [{"as_of": "2024-13-01"}, {"period": "năm 2024"}, {"unit": "-1"}, {"sort": "name; drop"}])
def test_a_malformed_parameter_is_a_400_naming_it(client, programme, share, bad):
    response = client.get(url(programme, share), bad)
    assert response.status_code == 400
    [reasons] = by_testid(response.content, "bad-query")
    assert next(iter(bad)) in text_of(reasons)


def test_the_series_downloads_as_xlsx_with_exact_values(client, programme, share):
    response = client.get(reverse("dashboards:indicator_download", args=[programme.code, share.code, "series", "xlsx"]), AS_OF)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.worksheets[0].values)
    header = rows[0]
    values = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [(r["period"], r["value"], r["numerator"], r["denominator"], r["reported_units"]) for r in values] == [
        ("2023", 40, 80, 200, 2), ("2024", 50, 100, 200, 2),
    ]
    assert book.worksheets[1]["B2"].value == "CC BY 4.0"


def test_the_breakdown_downloads_as_csv_and_json(client, programme, share, units):
    args = [programme.code, share.code, "breakdown"]
    params = {**AS_OF, "unit": units["district"].pk}
    csv_text = b"".join(client.get(reverse("dashboards:indicator_download", args=[*args, "csv"]), params).streaming_content).decode()
    lines = csv_text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("indicator,period,unit_code,unit_name,value")
    assert lines[1].startswith("XHS-05,2024,25741,Phường Hiệp Thành,55,55,100,%")
    document = json.loads(client.get(reverse("dashboards:indicator_download", args=[*args, "json"]), params).content)
    assert document["licence"] == "CC BY 4.0"
    assert [(row["unit_code"], row["value"]) for row in document["rows"]] == [("25741", 55), ("25747", 45)]


def test_a_unit_name_that_looks_like_a_formula_is_neutralised_in_the_csv(client, programme, share, units):
    units["ward_b"].name_vi = "=HYPERLINK(\"http://x\")"
    units["ward_b"].save()
    params = {**AS_OF, "unit": units["district"].pk}
    response = client.get(reverse("dashboards:indicator_download", args=[programme.code, share.code, "breakdown", "csv"]), params)
    assert "'=HYPERLINK" in b"".join(response.streaming_content).decode()


def test_the_embeddable_chart_may_be_framed_by_the_configured_sites_only(client, programme, share, settings):
    settings.DXTRACK_EMBED_FRAME_ANCESTORS = ["'self'", "https://binhduong.gov.vn"]
    response = client.get(reverse("dashboards:indicator_embed", args=[programme.code, share.code]), AS_OF)
    assert response.status_code == 200
    assert "frame-ancestors 'self' https://binhduong.gov.vn" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert "69,2%" in text_of(by_testid(response.content, "projection")[0])
    page = client.get(url(programme, share))
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"] and page["X-Frame-Options"] == "DENY"


def test_the_series_downloads_as_dhis2_data_value_sets(client, programme, share):
    response = client.get(reverse("dashboards:indicator_download", args=[programme.code, share.code, "series", "dhis2"]), AS_OF)
    assert response["Content-Disposition"].endswith('-dhis2.json"')
    document = json.loads(response.content)
    assert document["dataValues"] == [
        {"dataElement": "XHS-05", "period": "2023", "orgUnit": "74", "value": "40"},
        {"dataElement": "XHS-05", "period": "2024", "orgUnit": "74", "value": "50"},
    ]
    assert "CC BY 4.0" in document["comment"]
