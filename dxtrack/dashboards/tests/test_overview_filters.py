"""The overview's pillar cards, its pillar and status filters, the as-of choices and the links to
the indicator pages (the figures come from the figures layer; counts here are by hand)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from dxtrack.common.tests.pages import attr, every, has, one, page, text
from dxtrack.dashboards.tests.overview_page import cards, pillar_counts, summary, target_rows
from dxtrack.dashboards.views import overview_as_of_choices
from dxtrack.programmes.models import Indicator, Pillar, Programme, Target
from dxtrack.reporting.services import value_record


def _indicator(programme, pillar, code, target, **kwargs) -> Indicator:
    indicator = Indicator.objects.create(
        programme=programme, pillar=pillar, code=code, name_vi=f"Chỉ tiêu {code}", name_en=f"Indicator {code}",
        unit="%", value_type="percentage_with_parts", unit_aggregation="ratio_of_sums", period_aggregation="last",
        natural_limit=Decimal(100), **kwargs,
    )
    Target.objects.create(indicator=indicator, deadline="2025-12-31", comparator=">=", value=Decimal(target))
    return indicator


def _share(indicator, units, a: int, b: int) -> None:
    """Ward A reports a/100, ward B b/100 for 2025: the province's figure is (a + b) / 200."""
    value_record(indicator=indicator, org_unit=units["ward_a"], period="2025", numerator=Decimal(a), denominator=Decimal(100))
    value_record(indicator=indicator, org_unit=units["ward_b"], period="2025", numerator=Decimal(b), denominator=Decimal(100))


@pytest.fixture
def programme(units) -> Programme:
    """Five targets, all due at the end of 2025 (past on 2026-03-01):
    CQS  S-1 ≥ 80%: (50 + 50) / 200 = 50% → off track;  S-2 ≥ 80%: 90% → achieved;  S-3: no values → no data.
    KTS  K-1 ≥ 80%: (10 + 30) / 200 = 20% → off track;  K-2 ≥ 10%: 40% → achieved.
    Off-track targets by hand: S-1 and K-1 (two), one in each pillar."""
    programme = Programme.objects.create(
        code="KH-02/UBND", title_vi="Kế hoạch lọc", title_en="Filter plan", horizon_start=2024, horizon_end=2030,
        area=units["province"], is_public=False,
    )
    cqs = Pillar.objects.create(programme=programme, code="CQS", name_vi="Chính quyền số", name_en="Digital government")
    kts = Pillar.objects.create(programme=programme, code="KTS", name_vi="Kinh tế số", name_en="Digital economy")
    _share(_indicator(programme, cqs, "S-1", 80), units, 50, 50)
    _share(_indicator(programme, cqs, "S-2", 80), units, 90, 90)
    _indicator(programme, cqs, "S-3", 80)
    _share(_indicator(programme, kts, "K-1", 80), units, 10, 30)
    _share(_indicator(programme, kts, "K-2", 10), units, 40, 40)
    return programme


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 3, 1), tick=False):
        yield


def _get(client, programme, **params):
    return client.get(reverse("dashboards:programme_overview", args=[programme.code]), params)


def test_the_pillar_cards_count_their_targets_by_progress_status(client, leader, programme):
    client.force_login(leader)
    counts = pillar_counts(page(_get(client, programme)))
    assert list(counts) == ["CQS", "KTS"]
    # one each; a status no target has gets no badge
    assert {key: badge.rsplit(": ", 1)[1] for key, badge in counts["CQS"].items()} == {"achieved": "1", "off_track": "1", "no_data": "1"}
    assert {key: badge.rsplit(": ", 1)[1] for key, badge in counts["KTS"].items()} == {"achieved": "1", "off_track": "1"}


def test_the_off_track_filter_lists_the_two_off_track_targets_in_cards_and_table(client, leader, programme):
    client.force_login(leader)
    root = page(_get(client, programme, status="off_track"))
    assert cards(root) == ["S-1", "K-1"]
    assert list(target_rows(root)) == ["S-1", "K-1"]
    lists = every(root, tag="details")
    assert len(lists) == 2 and all(has(details, "open") for details in lists)  # a filtered list opens at once
    assert not any(has(details, "open") for details in every(page(_get(client, programme)), tag="details"))


def test_pillar_and_status_filters_combine(client, leader, programme):
    client.force_login(leader)
    root = page(_get(client, programme, pillar="KTS", status="off_track"))
    assert cards(root) == ["K-1"] and list(target_rows(root)) == ["K-1"]
    assert summary(root)["met"] == "2 chỉ tiêu đạt"  # the summary still counts the whole programme (S-2, K-2)
    assert list(pillar_counts(root)) == ["KTS"] and every(root, id="pillar-CQS") == []
    root = page(_get(client, programme, pillar="CQS", status="on_track"))
    assert cards(root) == [] and target_rows(root) == {}
    one(root, testid="overview-empty")


@pytest.mark.parametrize(("name", "value"), [("pillar", "XYZ"), ("status", "late"), ("status", "OFF_TRACK")])
def test_an_unknown_filter_value_is_a_bad_request_naming_the_parameter(client, leader, programme, name, value):
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    response = _get(client, programme, **{name: value})
    assert response.status_code == 400
    reason = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert f"“{name}”" in reason and f"“{value}”" in reason


def test_every_target_links_to_its_indicator_page(client, leader, programme):
    client.force_login(leader)
    root = page(_get(client, programme))
    rows = target_rows(root)
    for code in ("S-1", "S-2", "S-3", "K-1", "K-2"):
        url = reverse("dashboards:indicator_detail", args=[programme.code, code])
        card = one(root, tag="li", data_target_card=code)
        assert [attr(link, "href") for link in every(card, tag="a")] == [url]
        assert [attr(link, "href") for link in every(rows[code], tag="a")] == [url]
    assert client.get(reverse("dashboards:indicator_detail", args=[programme.code, "K-1"])).status_code == 200


def test_the_as_of_selector_offers_each_ended_quarter_of_the_programme(client, leader, programme):
    assert overview_as_of_choices(programme) == [
        date(2025, 12, 31), date(2025, 9, 30), date(2025, 6, 30), date(2025, 3, 31),
        date(2024, 12, 31), date(2024, 9, 30), date(2024, 6, 30), date(2024, 3, 31),
    ]
    client.force_login(leader)
    root = page(_get(client, programme, as_of="2025-09-30"))
    chosen = [attr(option, "value") for option in every(root, tag="option") if has(option, "selected")]
    assert chosen == ["2025-09-30"]


def test_an_indicator_without_a_target_is_shown_in_its_pillar_as_context(client, leader, programme, units):
    enterprises = Indicator.objects.create(
        programme=programme, pillar=programme.pillars.get(code="KTS"), code="K-9", name_vi="Số doanh nghiệp",
        name_en="Enterprises", unit="doanh nghiệp", value_type="count", unit_aggregation="sum", period_aggregation="last",
    )
    value_record(indicator=enterprises, org_unit=units["ward_a"], period="2025", value=Decimal(1200))
    value_record(indicator=enterprises, org_unit=units["ward_b"], period="2025", value=Decimal(34))
    client.force_login(leader)
    context = one(one(page(_get(client, programme)), testid="pillar-context"), data_context="K-9")
    assert text(one(context, tag="span", **{"class": "figure fw-semibold"})) == "1.234 doanh nghiệp"  # 1,200 + 34
    assert attr(one(context, tag="a"), "href") == reverse("dashboards:indicator_detail", args=[programme.code, "K-9"])
    assert every(page(_get(client, programme, status="off_track")), data_context="K-9") == []
