"""The unit scorecard: figures against the targets, rank among peers, lineage both ways.

From conftest.py: ward A 2024 = 45%, ward B 2024 = 55%; target ≥ 80% by 2026, so neither
meets it; among the 2 communes ward B ranks 1st and ward A 2nd.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from dxtrack.explore.tests.conftest import by_testid, text_of, value_recorded
from dxtrack.orgunits.models import OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.programmes.models import Indicator

AS_OF = {"as_of": "2024-12-31"}


def scorecard(programme, unit) -> str:
    return reverse("dashboards:unit_scorecard", args=[programme.code, unit.pk])


def item(response, code):
    [found] = by_testid(response.content, "scorecard")[0].xpath(f'.//li[@data-indicator="{code}"]')
    return found


def test_a_ward_sees_its_figure_against_the_target_and_its_rank(client, programme, share, units):
    response = client.get(scorecard(programme, units["ward_a"]), AS_OF)
    assert response.status_code == 200
    row = item(response, "XHS-05")
    assert text_of(row.xpath('.//*[@data-testid="value"]')[0]) == "45%"
    assert row.xpath('.//*[@data-testid="rank"]')[0].get("data-rank") == "2"
    assert "2" in text_of(row.xpath('.//*[@data-testid="rank"]')[0])
    assert row.xpath('.//*[@data-testid="check"]')[0].get("data-met") == "false"
    assert "2023: 30% · 2024: 45%" in text_of(row.xpath('.//*[@data-testid="history"]')[0])


def test_equal_figures_share_a_rank(client, programme, share, units):
    count = Indicator.objects.create(
        programme=programme, pillar=share.pillar, code="XHS-06", name_vi="Số điểm", value_type="count",
        unit_aggregation="sum", period_aggregation="last",
    )
    for ward in ("ward_a", "ward_b"):
        value_recorded(indicator=count, org_unit=units[ward], period="2024", value=Decimal(7))
    for ward in ("ward_a", "ward_b"):
        row = item(client.get(scorecard(programme, units[ward]), AS_OF), "XHS-06")
        assert row.xpath('.//*[@data-testid="rank"]')[0].get("data-rank") == "1"


def test_the_lineage_links_the_old_ward_and_the_ward_it_became_both_ways(client, programme, share, units):
    new_ward, _ = orgunit_upsert(
        code="25748", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", name_en="Thu Dau Mot Ward",
        valid_from=date(2025, 7, 1),
    )
    for old in ("ward_a", "ward_b"):
        OrgUnitLineage.objects.create(from_unit=units[old], to_unit=new_ward, effective_on=date(2025, 7, 1))
    old_page = client.get(scorecard(programme, units["ward_a"]))
    [became] = by_testid(old_page.content, "became")
    assert became.get("href") == scorecard(programme, new_ward)
    assert "30/06/2025" in text_of(by_testid(old_page.content, "validity")[0])
    new_page = client.get(became.get("href"))
    assert new_page.status_code == 200
    assert sorted(a.get("href") for a in by_testid(new_page.content, "formed-from")) == sorted(
        [scorecard(programme, units["ward_a"]), scorecard(programme, units["ward_b"])]
    )


@pytest.mark.parametrize(("persona", "sees"), [("reporter_a", True), ("reporter_b", False), ("leader", True), (None, False)])
def test_only_the_people_of_the_unit_see_its_reports(client, programme, share, units, request, persona, sees):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(scorecard(programme, units["ward_a"]))
    assert bool(by_testid(response.content, "reports")) is sees


def test_a_unit_outside_the_programme_is_a_404(client, programme, share, units):
    outside, _ = orgunit_upsert(code="01", kind=OrgUnitKind.PROVINCE, name_vi="Thành phố Hà Nội", parent=units["country"])
    assert client.get(scorecard(programme, outside)).status_code == 404


def test_a_district_scorecard_drills_down_to_its_wards(client, programme, share, units):
    response = client.get(scorecard(programme, units["district"]))
    links = by_testid(response.content, "units-below")[0].xpath(".//a/@href")
    assert links == [scorecard(programme, units["ward_b"]), scorecard(programme, units["ward_a"])]  # by code: 25741, 25747
