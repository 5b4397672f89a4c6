"""The composite index of the communes (data/indices/05-nq-tu-communes.yaml, loaded into the
database as the demo loads it) over conftest's figures. Only XHS-05 of its indicators has
figures in the test programme, so each ward's index is its Digital-society score alone (the missing indicators drop out, weights re-normalised):
min–max on 0–100 of 45% = 0.45 → 45 for ward A, 55 for ward B in 2024."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dxtrack.explore.composite_index import INDEX_DIR, index_file_load
from dxtrack.explore.tests.conftest import by_testid, text_of, value_recorded
from dxtrack.programmes.models import Indicator

TIE_INDEX = """
code: points
programme: 05-NQ/TU
level: commune
name_vi: Chỉ số điểm truy cập
groups: [{code: index}]
indicators: [{code: PTS, group: index, minimum: 0, maximum: 10}]
"""


@pytest.fixture
def communes_index(programme, share):
    """The demo's index; its other six indicators exist, without figures."""
    for code in ("CQS-01", "CQS-06", "KTS-04", "KTS-05", "XHS-01", "XHS-03"):
        Indicator.objects.create(programme=programme, pillar=share.pillar, code=code, name_vi=code, value_type="percentage",
                                 unit_aggregation="mean", period_aggregation="last")
    return index_file_load(INDEX_DIR / "05-nq-tu-communes.yaml")


def test_the_wards_are_scored_and_ranked_from_their_figures(client, programme, communes_index):
    response = client.get(reverse("dashboards:programme_ranking", args=[programme.code]), {"as_of": "2024-12-31"})
    assert response.status_code == 200
    rows = by_testid(response.content, "index-table")[0].xpath(".//tbody/tr")
    assert [(row.get("data-unit"), row.get("data-rank"), text_of(row.xpath('.//*[@data-testid="score"]')[0])) for row in rows] == [
        ("25741", "1", "55"), ("25747", "2", "45"),
    ]
    assert "6 chỉ số chưa có số liệu" in text_of(rows[0])
    method = text_of(by_testid(response.content, "index-method")[0])
    assert "XHS-05" in method and "CQS-06" in method and "0,3" in method


def test_equal_scores_share_the_first_rank(client, programme, share, units, tmp_path):
    points = Indicator.objects.create(
        programme=programme, pillar=share.pillar, code="PTS", name_vi="Số điểm", value_type="count",
        unit_aggregation="sum", period_aggregation="last",
    )
    for ward in ("ward_a", "ward_b"):
        value_recorded(indicator=points, org_unit=units[ward], period="2024", value=Decimal(7))
    (tmp_path / "points.yaml").write_text(TIE_INDEX, encoding="utf-8")
    index_file_load(tmp_path / "points.yaml")
    response = client.get(reverse("dashboards:programme_ranking", args=[programme.code]), {"as_of": "2024-12-31"})
    rows = by_testid(response.content, "index-table")[0].xpath(".//tbody/tr")
    assert [(row.get("data-rank"), text_of(row.xpath('.//*[@data-testid="score"]')[0])) for row in rows] == [("1", "70"), ("1", "70")]


def test_an_unknown_index_is_a_404(client, programme, communes_index):
    response = client.get(reverse("dashboards:programme_ranking", args=[programme.code]), {"index": "nope"})
    assert response.status_code == 404
