"""The national DTI page: the published ranks, Binh Duong's history, the merged provinces.

Hand check of the merged Ho Chi Minh City (2024): (0.8373 + 0.7774 + 0.7161) / 3 = 0.77693…,
shown as 0.7769, 4th of the 34 after Hà Nội 0.8241, Huế 0.7951 and Hải Phòng (0.8253 +
0.7461) / 2 = 0.7857.
"""

import pytest
from django.urls import reverse

from dxtrack.explore.dti import YEARS, dti_merged_ranking, dti_ranking
from dxtrack.explore.tests.conftest import by_testid, text_of


@pytest.mark.parametrize("year", YEARS)
def test_ranking_the_published_scores_gives_the_published_ranks(year):
    rows = dti_ranking(year)
    assert len(rows) == 63
    assert [row.computed_rank for row in rows] == [row.rank for row in rows]


def test_the_merged_provinces_are_the_plain_mean_of_their_parts():
    rows = {row.name: row for row in dti_merged_ranking()}
    assert len(rows) == 34
    hcm = rows["Hồ Chí Minh"]
    assert hcm.score == 0.7769 and hcm.rank == 4
    assert set(hcm.parts) == {"TP. Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "Bình Dương"}
    assert rows["Hải Phòng"].score == 0.7857 and rows["Hải Phòng"].rank == 3


def test_the_page_shows_binh_duongs_history_19th_then_7th(client, db):
    response = client.get(reverse("dashboards:dti_ranking"), {"year": "2023"})
    assert response.status_code == 200
    [history] = by_testid(response.content, "dti-history")
    assert [(item.get("data-year"), item.get("data-rank")) for item in history.xpath(".//li")] == [
        ("2022", "19"), ("2023", "7"), ("2024", "29"),
    ]
    [table] = by_testid(response.content, "dti-table")
    row = table.xpath('.//tr[@data-province="Bình Dương"]')[0]
    assert row.get("data-rank") == "7" and "0,7411" in text_of(row) and "▲ 12" in text_of(row)  # up 12 places from 19th
    assert "1000" in text_of(by_testid(response.content, "dti-method")[0])


def test_the_merged_view_highlights_the_province_binh_duong_became_part_of(client, db):
    response = client.get(reverse("dashboards:dti_ranking"), {"view": "34"})
    [table] = by_testid(response.content, "dti-table")
    assert len(table.xpath(".//tbody/tr")) == 34
    assert "table-warning" in table.xpath('.//tr[@data-province="Hồ Chí Minh"]')[0].get("class")


@pytest.mark.parametrize(("params", "status"), [({"year": "1999"}, 400), ({"view": "10"}, 400), ({"province": "Atlantis"}, 404)])
def test_bad_parameters(client, db, params, status):
    assert client.get(reverse("dashboards:dti_ranking"), params).status_code == status
