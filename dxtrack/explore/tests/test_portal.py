"""The open-data portal: public programmes only, their indicators and downloads, and search."""

from django.urls import reverse

from dxtrack.explore.tests.conftest import by_testid, text_of
from dxtrack.programmes.models import Programme


def test_the_portal_lists_public_programmes_only_with_their_downloads(client, programme, share, units):
    Programme.objects.create(code="KH-NOI-BO", title_vi="Kế hoạch nội bộ", horizon_start=2022, horizon_end=2030, area=units["province"])
    response = client.get(reverse("dashboards:portal_home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "05-NQ/TU" in text and "KH-NOI-BO" not in text
    [indicators] = by_testid(response.content, "portal-indicators")
    links = indicators.xpath(".//a/@href")
    assert reverse("dashboards:indicator_download", args=[programme.code, share.code, "series", "xlsx"]) in links
    assert "CC BY 4.0" in text


def test_search_finds_indicators_and_units_of_public_programmes(client, programme, share, units):
    response = client.get(reverse("dashboards:portal_home"), {"q": "Phú Cường"})
    [results] = by_testid(response.content, "portal-results")
    assert [li.get("data-kind") for li in results.xpath(".//li")] == ["unit"]
    assert results.xpath(".//a/@href") == [reverse("dashboards:unit_scorecard", args=[programme.code, units["ward_a"].pk])]
    response = client.get(reverse("dashboards:portal_home"), {"q": "XHS-05"})
    assert "XHS-05" in text_of(by_testid(response.content, "portal-results")[0])


def test_a_search_longer_than_100_characters_is_a_400(client, db):
    assert client.get(reverse("dashboards:portal_home"), {"q": "x" * 101}).status_code == 400
