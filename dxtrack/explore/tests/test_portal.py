"""The open-data portal: public programmes only, their indicators and downloads, and search."""

import json

import lxml.html
from django.urls import reverse

from dxtrack.explore.tests.conftest import by_testid, text_of, value_recorded
from dxtrack.programmes.models import Indicator, Programme


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


def _portal(**query):
    from django.test import Client

    return Client().get(reverse("dashboards:portal_home"), query)


def test_the_programme_list_pages_by_ten(programme, units):
    for number in range(12):
        Programme.objects.create(code=f"KH-{number:02d}", title_vi=f"Kế hoạch {number:02d}", horizon_start=2022,
                                 horizon_end=2030, area=units["province"], is_public=True)
    first = lxml.html.fromstring(_portal().content)
    codes = [a.text for a in first.xpath("//section/h2/a")]
    assert codes == ["05-NQ/TU", *[f"KH-{n:02d}" for n in range(9)]]
    assert " ".join(first.xpath("//*[@data-pager-position]")[0].text_content().split()) == "trang 1/2"
    second = lxml.html.fromstring(_portal(page="2").content)
    assert [a.text for a in second.xpath("//section/h2/a")] == ["KH-09", "KH-10", "KH-11"]


def test_search_hits_page_by_thirty_and_keep_the_query(programme, share):
    pillar = share.pillar
    for number in range(35):
        Indicator.objects.create(programme=programme, pillar=pillar, code=f"ZZ-{number:02d}", name_vi=f"Chỉ tiêu {number}",
                                 value_type="count", unit_aggregation="sum", period_aggregation="last", order=10 + number)
    [first] = by_testid(_portal(q="ZZ-").content, "portal-results")
    assert len(first.xpath(".//li[@data-kind='indicator']")) == 30
    next_link = first.xpath(".//a[@rel='next']/@href")[0]
    assert "q=ZZ-" in next_link and "page=2" in next_link
    [second] = by_testid(_portal(q="ZZ-", page="2").content, "portal-results")
    assert [li.xpath("./a")[0].text.split(" — ")[0] for li in second.xpath(".//li[@data-kind='indicator']")] == [
        f"ZZ-{n:02d}" for n in range(30, 35)
    ]


def test_a_malformed_portal_page_is_a_400_naming_the_parameter(db):
    response = _portal(page="abc")
    assert response.status_code == 400
    assert text_of(by_testid(response.content, "bad-query")[0]).startswith("page:")


def test_the_dhis2_file_of_the_portal_holds_approved_values_only_with_the_licence(programme, share, units):
    """Ward A's 2022 value sits in a draft submission: not approved, so not in the public file,
    not even when the visitor asks for unapproved values."""
    from decimal import Decimal

    from dxtrack.reporting.forms_services import submission_ensure
    from dxtrack.reporting.models import FormIndicator, ReportingForm, SubmissionStatus

    form = ReportingForm.objects.create(programme=programme, code="BM-XHS", name_vi="Biểu XHS", period_type="year")
    FormIndicator.objects.create(form=form, indicator=share, order=1)
    form.units.add(units["ward_a"])
    draft = submission_ensure(form=form, org_unit=units["ward_a"], period="2022")
    value_recorded(indicator=share, org_unit=units["ward_a"], period="2022", numerator=Decimal(9), denominator=Decimal(10), submission=draft)
    url = reverse("dashboards:indicator_download", args=[programme.code, share.code, "series", "dhis2"])
    [link] = [a for a in lxml.html.fromstring(_portal().content).xpath("//a/@href") if a == url]
    for query in ({}, {"as_of": "2024-12-31"}, {"as_of": "2024-12-31", "unapproved": "1"}):
        document = json.loads(_portal_get(link, query).content)
        assert [(v["period"], v["value"]) for v in document["dataValues"]] == [("2023", "40"), ("2024", "50")]
        assert "CC BY 4.0" in document["comment"] and "dxtrack" in document["comment"]
    draft.status = SubmissionStatus.APPROVED  # once approved, the same value is public
    draft.save(update_fields=["status"])
    document = json.loads(_portal_get(link, {}).content)  # today's reading: approved now
    assert [v["period"] for v in document["dataValues"]] == ["2022", "2023", "2024"]


def _portal_get(url, query):
    from django.test import Client

    return Client().get(url, query)
