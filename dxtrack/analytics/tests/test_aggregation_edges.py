"""Roll-ups at their edges: the cases a mutation run of aggregation.py showed no test could tell
apart (the largest value last, no sub-period ending on the as-of day, splits with one part each…).

`make mutation` re-runs the check; each test says which wrong version it rules out.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from dxtrack.analytics.aggregation import (
    Hierarchy,
    LineagePart,
    Observation,
    PeriodRule,
    aggregate,
    aggregate_over_time,
    aggregate_subtree,
    re_express,
    roll_up_tree,
)
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period

D = Decimal
TREE = Hierarchy({"P": None, "a": "P", "b": "P"})


def values(*numbers: int) -> dict[str, Observation]:
    return {f"u{i}": Observation(value=D(n)) for i, n in enumerate(numbers)}


# -- Across units ---------------------------------------------------------------------------


def test_max_and_min_wherever_the_extreme_values_stand() -> None:
    # The largest value first and the smallest in the middle: neither is the last one read.
    observations = values(90, 10, 40)
    assert aggregate(observations, rule="max").value == D(90)
    assert aggregate(observations, rule="min").value == D(10)


def test_a_unit_reporting_only_a_numerator_or_only_a_denominator_is_a_gap() -> None:
    observations = {
        "full": Observation(numerator=D(30), denominator=D(60)),
        "numerator-only": Observation(numerator=D(5)),
        "denominator-only": Observation(denominator=D(40)),
    }
    result = aggregate(observations, rule="ratio_of_sums")
    assert result.value == D(50)  # 30/60, the two half-reports left out
    assert (result.numerator, result.denominator) == (D(30), D(60))
    assert result.reported == ("full",)
    assert result.gaps == ("numerator-only", "denominator-only")


def test_gaps_name_the_unit_for_every_kind_of_gap() -> None:
    weighted = aggregate({"w": Observation(value=D(5)), "x": Observation(value=D(7), weight=D(2))},
                         rule="weighted_mean")  # fmt: skip
    assert (weighted.value, weighted.gaps) == (D(7), ("w",))
    no_value = aggregate({"n": Observation(numerator=D(1), denominator=D(2)), "v": Observation(value=D(3))},
                         rule="sum")  # fmt: skip
    assert (no_value.value, no_value.gaps) == (D(3), ("n",))
    # The explanation of such a gap used to raise KeyError for every rule but the two with parts.
    assert no_value.explanation_en.endswith("; reported no value, only its parts: n.")


def test_only_a_ratio_of_sums_carries_its_numerator_and_denominator() -> None:
    summed = aggregate({"a": Observation(value=D(3), numerator=D(1), denominator=D(2))}, rule="sum")
    assert (summed.numerator, summed.denominator) == (None, None)
    nothing = aggregate({"a": Observation(value=D(80))}, rule="ratio_of_sums")
    assert (nothing.value, nothing.numerator, nothing.denominator) == (None, None, None)


def test_observations_hold_decimals_whatever_number_they_were_given() -> None:
    observation = Observation(value=0.1, numerator=3, denominator=D(4), weight=0.5)  # type: ignore[arg-type]
    assert observation.value == D("0.1")  # through repr: not 0.1000000000000000055…
    assert all(
        type(getattr(observation, name)) is Decimal for name in ("value", "numerator", "denominator", "weight")
    )
    with pytest.raises(AnalyticsError, match=r"^weight must be a number, not str$"):
        Observation(weight="2")  # type: ignore[arg-type]


@pytest.mark.parametrize("call", [
    lambda: aggregate({}, rule="sum", scale="100"),  # type: ignore[arg-type]
    lambda: roll_up_tree(TREE, {}, rule="sum", scale="100"),  # type: ignore[arg-type]
    lambda: re_express({}, {"N": ["a"]}, rule="sum", scale="100"),  # type: ignore[arg-type]
])  # fmt: skip
def test_a_scale_that_is_not_a_number_is_named(call: Callable[[], object]) -> None:
    with pytest.raises(AnalyticsError, match=r"^scale must be a number, not str$"):
        call()


def test_a_subtree_uses_the_scale_it_is_given() -> None:
    observations = {"a": Observation(numerator=D(1), denominator=D(4)), "b": Observation(numerator=D(1), denominator=D(4))}
    assert aggregate_subtree(TREE, "P", observations, rule="ratio_of_sums", scale=D(1)).value == D("0.25")


def test_a_leaf_counts_itself_in_its_own_roll_up() -> None:
    up = roll_up_tree(TREE, {"a": Observation(value=D(2)), "b": Observation(value=D(5))}, rule="sum")
    assert up["a"].reported == ("a",)
    assert up["a"].value == D(2)
    assert up["P"].reported == ("a", "b")


def test_explanations_list_ten_names_and_count_the_rest() -> None:
    ten = aggregate({}, rule="sum", expected=[f"w{i}" for i in range(10)])
    assert ten.explanation_en.endswith("not reported: w0, w1, w2, w3, w4, w5, w6, w7, w8, w9.")
    eleven = aggregate({}, rule="sum", expected=[f"w{i}" for i in range(11)])
    assert eleven.explanation_en.endswith("w8, w9 (+1).")


# -- Over time ------------------------------------------------------------------------------


def test_a_sub_period_ending_on_the_as_of_day_is_due() -> None:
    months = {parse_period("2025-01"): D(1), parse_period("2025-02"): D(2)}
    result = aggregate_over_time(months, period=parse_period("2025Q1"), rule="sum", as_of=date(2025, 3, 31))
    assert [p.code for p in result.missing] == ["2025-03"]
    assert result.not_due == ()
    before = aggregate_over_time(months, period=parse_period("2025Q1"), rule="sum", as_of=date(2025, 3, 30))
    assert [p.code for p in before.not_due] == ["2025-03"]


def test_a_stock_says_which_sub_period_its_value_is_from() -> None:
    quarters = {parse_period("2024Q1"): D(10), parse_period("2024Q3"): D(30)}
    stock = aggregate_over_time(quarters, period=parse_period("2024"), rule="last")
    assert stock.rule is PeriodRule.LAST
    assert (stock.value, stock.reason) == (D(30), None)
    assert stock.explanation_en == "2024: 2 of 4 periods reported; missing: 2024Q2, 2024Q4; value as of 2024Q3."
    assert stock.explanation_vi == "Năm 2024: 2/4 kỳ đã báo cáo; thiếu: 2024Q2, 2024Q4; số liệu tính đến 2024Q3."


def test_no_values_and_no_sub_period_type_expect_nothing() -> None:
    result = aggregate_over_time({}, period=parse_period("2025"), rule="sum")
    assert (result.value, result.expected, result.reason) == (None, (), "no_data")


def test_a_value_of_the_same_type_as_the_period_makes_it_up() -> None:
    result = aggregate_over_time({parse_period("2025-01"): D(5)}, period=parse_period("2025-01"), rule="sum")
    assert (result.value, result.partial) == (D(5), False)


def test_bad_time_inputs_say_what_is_wrong() -> None:
    january = parse_period("2025-01")
    with pytest.raises(AnalyticsError, match=r"^unknown period rule 'median'"):
        aggregate_over_time({january: D(1)}, period=parse_period("2025"), rule="median")
    with pytest.raises(AnalyticsError, match=r"^unknown period type 'fortnight'$"):
        aggregate_over_time({}, period=parse_period("2025"), rule="sum", of_type="fortnight")
    with pytest.raises(AnalyticsError, match=r"^values over time must share one period type, got month, quarter$"):
        aggregate_over_time({january: D(1), parse_period("2025Q1"): D(1)}, period=parse_period("2025"), rule="sum")
    with pytest.raises(AnalyticsError, match=r"^the value for 2025-01 must be a number, not str$"):
        aggregate_over_time({january: "1"}, period=parse_period("2025Q1"), rule="sum")  # type: ignore[dict-item]


# -- Boundary changes -----------------------------------------------------------------------


def test_a_lineage_share_of_zero_is_refused() -> None:
    with pytest.raises(AnalyticsError, match="must be above 0"):
        LineagePart("d", D(0))


def test_a_lineage_share_is_held_as_a_decimal() -> None:
    part = LineagePart("d", 0.1)  # type: ignore[arg-type]
    assert part.share == D("0.1") and type(part.share) is Decimal
    with pytest.raises(AnalyticsError, match=r"^share must be a number, not str$"):
        LineagePart("d", "0.5")  # type: ignore[arg-type]


def test_a_new_unit_listing_an_old_one_twice_is_refused() -> None:
    with pytest.raises(AnalyticsError, match=r"^'N' lists the same old unit twice$"):
        re_express({}, {"N": ["a", LineagePart("a", D("0.5"))]}, rule="sum")


def test_a_split_ratio_of_sums_with_several_parts_scales_each_part() -> None:
    # N takes half of A (30/60) and all of B (10/40): (15 + 10) / (30 + 40) = 25/70 = 35.714…%;
    # unscaled it would be 40/100 = 40%.
    old = {"A": Observation(numerator=D(30), denominator=D(60)), "B": Observation(numerator=D(10), denominator=D(40))}
    new = re_express(old, {"N": [LineagePart("A", D("0.5")), "B"]}, rule="ratio_of_sums")["N"]
    assert (new.numerator, new.denominator) == (D(25), D(70))
    assert new.value == D(2500) / D(70)


def test_a_split_weighted_mean_with_several_parts_scales_each_weight() -> None:
    # N takes half of A (10, weight 100) and all of B (40, weight 50): (10·50 + 40·50) / 100 = 25.
    old = {"A": Observation(value=D(10), weight=D(100)), "B": Observation(value=D(40), weight=D(50))}
    new = re_express(old, {"N": [LineagePart("A", D("0.5")), "B"]}, rule="weighted_mean")["N"]
    assert new.value == D(25)
    assert new.reported == ("A", "B")


def test_a_split_part_that_reported_what_the_rule_cannot_use_is_a_gap_not_missing() -> None:
    old = {
        "pct": Observation(value=D(80)),  # a percentage without its parts
        "num": Observation(numerator=D(3)),  # a numerator without its denominator
        "parts": Observation(numerator=D(30), denominator=D(60)),
    }
    lineage = {"N": [LineagePart("pct", D("0.5")), LineagePart("num", D("0.5")), LineagePart("parts", D("0.5"))]}
    ratio = re_express(old, lineage, rule="ratio_of_sums")["N"]
    assert ratio.gaps == ("pct", "num")
    assert ratio.missing == ()
    assert ratio.value == D(50)
    counts = re_express({"n": Observation(numerator=D(3), denominator=D(4)), "v": Observation(value=D(10))},
                        {"N": [LineagePart("n", D("0.5")), LineagePart("v", D("0.5"))]}, rule="sum")["N"]  # fmt: skip
    assert counts.value == D(5)
    assert counts.gaps == ("n",)  # parts but no count: nothing a sum can use
    assert counts.explanation_en == "1 of 2 units counted (50%); reported no value, only its parts: n."
    assert counts.explanation_vi == "1/2 đơn vị được tính (50%); chỉ báo cáo tử số/mẫu số, không có giá trị: n."
    unweighted = re_express({"w": Observation(value=D(10))}, {"N": [LineagePart("w", D("0.5"))]},
                            rule="weighted_mean")["N"]  # fmt: skip
    assert (unweighted.value, unweighted.gaps) == (None, ("w",))
