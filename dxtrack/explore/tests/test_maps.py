"""Maps: the 2025 wards drawn, the wards before the reform listed (never drawn on the polygon
of the 2025 ward that reuses their code), class breaks in the legend, data under budget."""

import gzip
import json
from datetime import date
from decimal import Decimal

import lxml.html
from django.urls import reverse

from dxtrack.explore.maps import (
    GEO_DIR,
    HCM_WARDS,
    PROVINCES,
    class_breaks,
    class_of,
    geometry_codes,
)
from dxtrack.explore.tests.conftest import by_testid, text_of, value_recorded
from dxtrack.orgunits.models import OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.services import orgunit_upsert


def map_data(response) -> dict:
    return json.loads(lxml.html.fromstring(response.content).get_element_by_id("ward-map-data").text_content())


def test_equal_interval_breaks_from_the_lowest_to_the_highest_value():
    breaks = class_breaks([Decimal(40), Decimal(50), Decimal(90)])
    assert [(b.low, b.high) for b in breaks] == [(40, 50), (50, 60), (60, 70), (70, 80), (80, 90)]
    assert class_of(Decimal(50), breaks) is breaks[0] and class_of(Decimal(90), breaks) is breaks[-1]
    assert len(class_breaks([Decimal(7), Decimal(7)])) == 1 and class_breaks([]) == []


def test_the_wards_before_the_reform_are_listed_not_drawn(client, programme, share, units):
    response = client.get(reverse("dashboards:indicator_map", args=[programme.code, share.code]), {"as_of": "2024-12-31"})
    assert response.status_code == 200
    assert map_data(response)["units"] == []  # 25747 is also the code of a 2025 ward: not drawn on it
    assert sorted(li.get("data-unit") for li in by_testid(response.content, "undrawn")[0].xpath(".//li")) == ["25741", "25747"]
    assert "thanglequoc" in text_of(by_testid(response.content, "map-attribution")[0])


def test_a_2025_ward_is_drawn_with_its_class_and_links_to_its_scorecard(client, programme, share, units):
    new_ward, _ = orgunit_upsert(
        code="25747", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", valid_from=date(2025, 7, 1),
    )
    OrgUnitLineage.objects.create(from_unit=units["ward_a"], to_unit=new_ward, effective_on=date(2025, 7, 1))
    value_recorded(indicator=share, org_unit=new_ward, period="2025", numerator=Decimal(60), denominator=Decimal(100))
    response = client.get(reverse("dashboards:indicator_map", args=[programme.code, share.code]), {"as_of": "2025-12-31", "period": "2025"})
    [unit] = map_data(response)["units"]
    assert unit["code"] == "25747" and unit["text"] == "60%"
    assert unit["link"] == reverse("dashboards:unit_scorecard", args=[programme.code, new_ward.pk])
    assert map_data(response)["legend"][0]["label"] == "60% – 60%"
    [row] = by_testid(response.content, "map-table")[0].xpath(".//tbody/tr")
    assert row.get("data-unit") == "25747" and "60%" in text_of(row)


def test_the_dti_map_finds_a_boundary_for_each_of_the_34_provinces(client, db):
    response = client.get(reverse("dashboards:dti_map"))
    rows = by_testid(response.content, "map-table")[0].xpath(".//tbody/tr")
    assert len(rows) == 34 and all(row.get("data-code") for row in rows)
    hcm = next(row for row in rows if row.get("data-province") == "Hồ Chí Minh")
    assert hcm.get("data-code") == "79" and "0,7769" in text_of(hcm)


def test_the_map_data_stays_under_300_kb_compressed(client, programme, share):
    page = client.get(reverse("dashboards:indicator_map", args=[programme.code, share.code])).content
    for name in (HCM_WARDS, PROVINCES):
        assert len(gzip.compress((GEO_DIR / name).read_bytes()) + gzip.compress(page)) < 300_000


def test_the_indicator_page_draws_its_breakdown_of_2025_wards_inline(client, programme, share, units):
    new_ward, _ = orgunit_upsert(
        code="25747", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", valid_from=date(2025, 7, 1), parent=units["province"],
    )
    value_recorded(indicator=share, org_unit=new_ward, period="2025", numerator=Decimal(60), denominator=Decimal(100))
    url = reverse("dashboards:indicator_detail", args=[programme.code, share.code])
    response = client.get(url, {"as_of": "2025-12-31", "period": "2025"})
    [unit] = map_data(response)["units"]
    assert unit["code"] == "25747" and unit["link"] == reverse("dashboards:unit_scorecard", args=[programme.code, new_ward.pk])
    assert by_testid(response.content, "breakdown-map") and by_testid(response.content, "breakdown-table")
    # The chart's script and the map's are files: the page has no inline script.
    assert not lxml.html.fromstring(response.content).xpath("//script[not(@src) and not(@type='application/json')]")


def test_the_indicator_page_has_no_map_when_no_unit_of_its_breakdown_has_a_boundary(client, programme, share):
    response = client.get(reverse("dashboards:indicator_detail", args=[programme.code, share.code]), {"as_of": "2024-12-31"})
    assert by_testid(response.content, "breakdown-table") and not by_testid(response.content, "breakdown-map")


def test_the_indicator_page_with_all_168_wards_of_ho_chi_minh_city_stays_under_300_kb_compressed(client, programme, share, units):
    codes = geometry_codes(HCM_WARDS)
    assert len(codes) == 168
    for number, (code, name) in enumerate(sorted(codes.items())):
        ward, _ = orgunit_upsert(code=code, kind=OrgUnitKind.COMMUNE, name_vi=name, valid_from=date(2025, 7, 1), parent=units["province"])
        value_recorded(indicator=share, org_unit=ward, period="2025", numerator=Decimal(number % 100), denominator=Decimal(100))
    response = client.get(reverse("dashboards:indicator_detail", args=[programme.code, share.code]), {"as_of": "2025-12-31", "period": "2025"})
    assert len(map_data(response)["units"]) == 168
    page, geometry = len(gzip.compress(response.content)), len(gzip.compress((GEO_DIR / HCM_WARDS).read_bytes()))
    print(f"indicator page {len(response.content)} B raw, {page} B gzipped; geometry {geometry} B gzipped")
    assert page + geometry < 300_000
