from datetime import date
from decimal import Decimal

import pytest

from dxtrack.analytics.aggregation import (
    Hierarchy,
    LineagePart,
    Observation,
    aggregate,
    aggregate_over_time,
    aggregate_subtree,
    re_express,
    roll_up_tree,
    totals_by_unit,
)
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period

D = Decimal

# Ho Chi Minh City after 1 July 2025 with three of its wards, one of them in former Binh Duong,
# and Ha Noi with two: a small two-tier tree under the country.
TREE = Hierarchy(
    {
        "VN": None,
        "79": "VN",
        "01": "VN",
        "w-thu-dau-mot": "79",
        "w-ben-thanh": "79",
        "w-vung-tau": "79",
        "w-hoan-kiem": "01",
        "w-ba-dinh": "01",
    }
)


def parts(numerator: int, denominator: int) -> Observation:
    return Observation(numerator=D(numerator), denominator=D(denominator))


def test_counts_add_up_the_hierarchy() -> None:
    values = {unit: Observation(value=D(n)) for unit, n in
              [("w-thu-dau-mot", 120), ("w-ben-thanh", 30), ("w-vung-tau", 50), ("w-hoan-kiem", 7)]}  # fmt: skip
    up = roll_up_tree(TREE, values, rule="sum")
    assert up["79"].value == D(200)
    assert up["01"].value == D(7)
    assert up["01"].missing == ("w-ba-dinh",)
    assert up["VN"].value == D(207)
    assert up["VN"].coverage == D(4) / D(5)
    assert not up["VN"].complete
    assert up["79"].complete


def test_percentages_roll_up_as_a_ratio_of_sums_never_a_mean() -> None:
    # 90/100 and 1/10: ratio of sums 91/110 = 82.7%, while the mean of 90% and 10% would be 50%.
    values = {"w-thu-dau-mot": parts(90, 100), "w-ben-thanh": parts(1, 10), "w-vung-tau": parts(0, 0)}
    result = aggregate_subtree(TREE, "79", values, rule="ratio_of_sums")
    assert result.value == pytest.approx(D(91) * 100 / D(110))
    assert (result.numerator, result.denominator) == (D(91), D(110))


def test_a_unit_that_reported_only_the_percentage_is_a_gap_not_averaged() -> None:
    values = {"w-thu-dau-mot": parts(90, 100), "w-ben-thanh": Observation(value=D(10))}
    result = aggregate_subtree(TREE, "79", values, rule="ratio_of_sums")
    assert result.value == D(90)
    assert result.reported == ("w-thu-dau-mot",)
    assert result.gaps == ("w-ben-thanh",)
    assert result.missing == ("w-vung-tau",)
    assert result.coverage == D(1) / D(3)
    assert "reported only a percentage" in result.explanation_en
    assert "chỉ báo cáo tỷ lệ %" in result.explanation_vi


def test_a_zero_denominator_gives_no_ratio_and_says_why() -> None:
    result = aggregate({"a": parts(0, 0)}, rule="ratio_of_sums")
    assert result.value is None
    assert result.reason == "zero_denominator"
    assert "denominators add up to zero" in result.explanation_en


def test_mean_min_max() -> None:
    values = {"a": Observation(value=D(1)), "b": Observation(value=D(4)), "c": Observation(value=D(7))}
    assert aggregate(values, rule="mean").value == D(4)
    assert aggregate(values, rule="min").value == D(1)
    assert aggregate(values, rule="max").value == D(7)


def test_weighted_mean_by_another_indicator() -> None:
    # Scores 0.8 and 0.5 weighted by population 3 and 1: (2.4 + 0.5) / 4 = 0.725.
    values = {"a": Observation(value=D("0.8"), weight=D(3)), "b": Observation(value=D("0.5"), weight=D(1)),
              "c": Observation(value=D("0.1"))}  # fmt: skip
    result = aggregate(values, rule="weighted_mean")
    assert result.value == D("0.725")
    assert result.gaps == ("c",)


def test_weights_that_sum_to_zero_give_no_value() -> None:
    values = {"a": Observation(value=D(1), weight=D(0)), "b": Observation(value=D(2), weight=D(0))}
    result = aggregate(values, rule="weighted_mean")
    assert (result.value, result.reason) == (None, "zero_weights")


def test_nothing_reported() -> None:
    result = aggregate({}, rule="sum", expected=["a", "b"])
    assert (result.value, result.reason, result.missing) == (None, "no_data", ("a", "b"))
    assert result.coverage == 0
    empty = aggregate({}, rule="sum", expected=[])
    assert empty.coverage is None
    assert empty.explanation_en == "No units are expected to report."


def test_not_aggregated_is_refused() -> None:
    with pytest.raises(AnalyticsError, match="cannot be aggregated"):
        aggregate({}, rule="none")


def test_hierarchy_navigation() -> None:
    assert TREE.roots == ("VN",)
    assert TREE.ancestors("w-vung-tau") == ("79", "VN")
    assert TREE.units_at_depth(1) == ("79", "01")
    assert TREE.leaves_under("01") == ("w-hoan-kiem", "w-ba-dinh")
    assert TREE.leaves_under("w-ba-dinh") == ("w-ba-dinh",)
    with pytest.raises(AnalyticsError, match="unknown parent"):
        Hierarchy({"a": "nowhere"})
    with pytest.raises(AnalyticsError, match="unknown unit"):
        TREE.children("74")


def test_long_lists_of_missing_units_are_shortened_in_explanations() -> None:
    result = aggregate({}, rule="sum", expected=[f"w{i}" for i in range(25)])
    assert result.explanation_en.endswith("w9 (+15).")


def test_totals_by_unit_sums_raw_rows() -> None:
    assert totals_by_unit(["a", "b", "a"], [D(1), D("2.5"), D(3)]) == {"a": D(4), "b": D("2.5")}
    with pytest.raises(ValueError):
        totals_by_unit(["a"], [1, 2])


def test_flows_sum_over_time_and_flag_missing_months() -> None:
    months = {parse_period(f"2025-{m:02d}"): D(m) for m in (1, 2, 3, 5)}
    result = aggregate_over_time(months, period=parse_period("2025S1"), rule="sum")
    assert result.value == D(11)
    assert [p.code for p in result.missing] == ["2025-04", "2025-06"]
    assert result.partial
    assert "missing: 2025-04, 2025-06" in result.explanation_en


def test_stocks_take_the_last_value_and_rates_the_mean() -> None:
    quarters = {parse_period("2024Q1"): D(10), parse_period("2024Q2"): D(20), parse_period("2024Q4"): D(40)}
    stock = aggregate_over_time(quarters, period=parse_period("2024"), rule="last")
    assert stock.value == D(40)
    assert stock.last == parse_period("2024Q4")
    rate = aggregate_over_time(quarters, period=parse_period("2024"), rule="mean")
    assert rate.value == D(70) / D(3)


def test_a_period_still_running_is_partial_with_months_not_yet_due() -> None:
    months = {parse_period("2025-01"): D(1), parse_period("2025-02"): D(1)}
    result = aggregate_over_time(months, period=parse_period("2025"), rule="sum", as_of=date(2025, 3, 1))
    assert result.missing == ()
    assert len(result.not_due) == 10
    assert result.partial
    assert "chưa đến hạn" in result.explanation_vi


def test_values_of_mixed_period_types_are_refused() -> None:
    with pytest.raises(AnalyticsError, match="one period type"):
        aggregate_over_time({parse_period("2025-01"): D(1), parse_period("2025Q1"): D(1)},
                            period=parse_period("2025"), rule="sum")  # fmt: skip
    with pytest.raises(AnalyticsError, match="cannot make up"):
        aggregate_over_time({parse_period("2025"): D(1)}, period=parse_period("2025Q1"), rule="sum")


def test_no_values_over_time() -> None:
    result = aggregate_over_time({}, period=parse_period("2025"), rule="sum", of_type="quarter")
    assert (result.value, result.reason, len(result.missing)) == (None, "no_data", 4)


def test_merged_provinces_sum_counts_and_recompute_percentages() -> None:
    # Binh Duong (74), Ba Ria-Vung Tau (77) and Ho Chi Minh City (79) became Ho Chi Minh City.
    old = {"74": parts(90, 100), "77": parts(40, 50), "79": parts(300, 400)}
    new = re_express(old, {"79": ["79", "74", "77"]}, rule="ratio_of_sums")["79"]
    # (90 + 40 + 300) / (100 + 50 + 400) = 430 / 550 = 78.18%
    assert new.value == pytest.approx(D(430) * 100 / D(550))
    counts = {"74": Observation(value=D(68000)), "77": Observation(value=D(20000))}
    merged = re_express(counts, {"79": ["79", "74", "77"]}, rule="sum")["79"]
    assert merged.value == D(88000)
    assert merged.missing == ("79",)


def test_merged_index_scores_are_the_plain_mean_of_the_parts() -> None:
    old = {"74": Observation(value=D("0.7161")), "77": Observation(value=D("0.7774")),
           "79": Observation(value=D("0.8373"))}  # fmt: skip
    merged = re_express(old, {"79": ["79", "74", "77"]}, rule="mean")["79"]
    assert merged.value == pytest.approx(D("2.3308") / 3)


def test_a_split_apportions_counts_by_share_and_keeps_percentages() -> None:
    old = {"d": Observation(value=D(1000), numerator=D(30), denominator=D(60))}
    lineage = {"east": [LineagePart("d", D("0.3"))], "west": [LineagePart("d", D("0.7"))]}
    counts = re_express(old, lineage, rule="sum")
    assert (counts["east"].value, counts["west"].value) == (D("300.0"), D("700.0"))
    shares = re_express(old, lineage, rule="ratio_of_sums")
    assert shares["east"].value == shares["west"].value == D(50)


def test_giving_away_more_than_a_whole_unit_is_refused() -> None:
    lineage = {"east": [LineagePart("d", D("0.6"))], "west": [LineagePart("d", D("0.6"))]}
    with pytest.raises(AnalyticsError, match="more than the whole"):
        re_express({}, lineage, rule="sum")
    with pytest.raises(AnalyticsError, match="share"):
        LineagePart("d", D("1.5"))
