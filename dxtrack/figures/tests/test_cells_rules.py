"""The unit rules of `figures.cells`, case by case, with numbers worked out by hand.

Pure Python (no database), so mutmut runs these against every mutant of cells.py: each case
below exists because a mutant survived without it (see docs/decisions/0024). Roll-ups over
periods (`combine`) are in test_combine_rules.py.
"""

from dataclasses import fields
from decimal import Decimal

import pytest

from dxtrack.figures.cells import (
    EMPTY,
    Cell,
    Contribution,
    Numbers,
    cell_add,
    cell_of,
    cell_value,
    proves,
    usable,
)

D = Decimal


def values(*numbers: int | str, rule: str) -> Cell:
    """The cell of one value per unit (units 1, 2, …)."""
    return cell_of([Contribution(unit=i, value=D(n)) for i, n in enumerate(numbers, 1)], rule)


# -- what a rule can use ------------------------------------------------------------------


def test_a_ratio_needs_both_parts():
    assert usable(Contribution(1, numerator=D(5), denominator=D(10)), "ratio_of_sums")
    assert not usable(Contribution(1, numerator=D(5)), "ratio_of_sums")
    assert not usable(Contribution(1, denominator=D(10)), "ratio_of_sums")
    assert not usable(Contribution(1, value=D(50)), "ratio_of_sums")


def test_only_a_weighted_mean_needs_a_weight():
    assert usable(Contribution(1, value=D(3)), "sum")
    assert usable(Contribution(1, value=D(3)), "mean")
    assert not usable(Contribution(1, value=D(3)), "weighted_mean")
    assert usable(Contribution(1, value=D(3), weight=D(2)), "weighted_mean")
    assert not usable(Contribution(1, weight=D(2)), "sum")


# -- adding and subtracting cells ---------------------------------------------------------


ADDITIVE = [f.name for f in fields(Cell) if f.name not in ("minimum", "maximum", "extremes_stale")]


def numbered(start: int) -> Cell:
    """A cell whose additive fields are start, start+1, … (every field different)."""
    return Cell(**{
        name: (D(start + i) if isinstance(getattr(EMPTY, name), Decimal) else start + i)
        for i, name in enumerate(ADDITIVE)
    })


def test_every_additive_field_adds_and_subtracts():
    a, b = numbered(10), numbered(1)
    added, taken = a + b, a - b
    for i, name in enumerate(ADDITIVE):
        assert getattr(added, name) == 11 + 2 * i, name
        assert getattr(taken, name) == 9, name


def test_a_stale_extreme_stays_stale_when_added():
    stale = Cell(extremes_stale=True)
    assert (stale + EMPTY).extremes_stale
    assert (EMPTY + stale).extremes_stale
    assert not (EMPTY + EMPTY).extremes_stale


def test_adding_keeps_the_smaller_minimum_and_the_larger_maximum():
    both = values(4, 9, rule="min") + values(2, 7, rule="min")
    assert (both.minimum, both.maximum) == (D(2), D(9))
    assert ((values(5, rule="max") + EMPTY).minimum, (values(5, rule="max") + EMPTY).maximum) == (D(5), D(5))
    assert ((EMPTY + values(5, rule="max")).minimum, (EMPTY + values(5, rule="max")).maximum) == (D(5), D(5))


def test_subtracting_a_cell_without_the_extremes_keeps_them():
    rest = values(2, 5, 9, rule="min") - values(5, rule="min")
    assert (rest.minimum, rest.maximum, rest.extremes_stale) == (D(2), D(9), False)
    assert (rest.total, rest.reported, rest.values, rest.used) == (D(11), 2, 2, 2)


@pytest.mark.parametrize("taken", ["2", "9"])
def test_subtracting_the_minimum_or_the_maximum_makes_both_unknown(taken):
    rest = values(2, 5, 9, rule="min") - values(taken, rule="min")
    assert (rest.minimum, rest.maximum, rest.extremes_stale) == (None, None, True)
    assert rest.total == D(16) - D(taken)


def test_subtracting_what_the_cell_never_had_makes_the_extremes_unknown():
    rest = EMPTY - values(3, rule="max")
    assert (rest.minimum, rest.maximum, rest.extremes_stale) == (None, None, True)


def test_subtracting_nothing_keeps_the_extremes():
    whole = values(2, 9, rule="max")
    assert whole - EMPTY == whole


def test_a_stale_cell_stays_stale_when_subtracted_from():
    stale = Cell(values=2, used=2, reported=2, total=D(6), minimum=D(1), maximum=D(5), extremes_stale=True)
    assert (stale - EMPTY).extremes_stale
    assert (stale - EMPTY).minimum is None
    assert (values(1, 5, rule="min") - Cell(extremes_stale=True)).maximum is None


# -- one contribution at a time -----------------------------------------------------------


def test_every_value_counts_its_flags_and_an_unusable_one_does_not_stop_the_count():
    items = [
        Contribution(1, value=D(80), sample=True, approved=False),  # a percentage only: first, unusable
        Contribution(2, numerator=D(1), denominator=D(2), sample=True, lineage=True),
        Contribution(3, numerator=D(3), denominator=D(4), approved=False, lineage=True),
        Contribution(4, value=D(5), approved=False),  # unusable again, last
    ]
    expected = Cell(
        reported=2, without_parts=2, values=4, used=2, sample=2, unapproved=3, lineage=2, numerator=D(4), denominator=D(6),
    )
    assert cell_of(items, "ratio_of_sums") == expected
    one_by_one = EMPTY
    for item in items:
        one_by_one = cell_add(one_by_one, item, "ratio_of_sums")
    assert one_by_one == expected



def test_a_value_standing_in_for_a_unit_counts_the_value_but_not_the_unit():
    cell = cell_add(EMPTY, Contribution(1, value=D(4), sample=True), "sum", counted=False)
    assert (cell.reported, cell.values, cell.used, cell.sample, cell.total) == (0, 1, 1, 1, D(4))
    unusable = cell_add(EMPTY, Contribution(1, value=D(80)), "ratio_of_sums", counted=False)
    assert (unusable.reported, unusable.without_parts, unusable.values, unusable.used) == (0, 0, 1, 0)
    # What it sent is still why there is no figure: a percentage without its parts.
    assert cell_value(unusable, rule="ratio_of_sums") == Numbers(None, reason="only_percentages")


def test_a_split_part_counts_its_share_under_sum_ratio_and_weights():
    half = {"share": D("0.5")}
    assert cell_add(EMPTY, Contribution(1, value=D(30), **half), "sum").total == D(15)
    ratio = cell_add(EMPTY, Contribution(1, numerator=D(8), denominator=D(10), **half), "ratio_of_sums")
    assert (ratio.numerator, ratio.denominator) == (D(4), D(5))
    weighted = cell_add(EMPTY, Contribution(1, value=D(6), weight=D(4), **half), "weighted_mean")
    assert (weighted.weighted, weighted.weights) == (D(12), D(2))
    mean = cell_add(EMPTY, Contribution(1, value=D(6), **half), "mean")
    assert (mean.total, mean.minimum, mean.maximum) == (D(6), D(6), D(6))


def test_a_roll_up_counts_each_split_part_by_its_share():
    quarter = {"share": D("0.25")}
    assert cell_of([Contribution(1, value=D(30), **quarter), Contribution(2, value=D(2))], "sum").total == D("9.5")
    ratio = cell_of([Contribution(1, numerator=D(8), denominator=D(12), **quarter)], "ratio_of_sums")
    assert (ratio.numerator, ratio.denominator) == (D(2), D(3))
    weighted = cell_of([Contribution(1, value=D(6), weight=D(4), **quarter)], "weighted_mean")
    assert (weighted.weighted, weighted.weights) == (D(6), D(1))
    mean = cell_of([Contribution(1, value=D(6), **quarter), Contribution(2, value=D(2))], "mean")
    assert (mean.total, mean.minimum, mean.maximum) == (D(8), D(2), D(6))


# -- the value of a cell ------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["sum", "ratio_of_sums", "mean", "weighted_mean", "min", "max"])
def test_an_empty_cell_has_no_data(rule):
    assert cell_value(EMPTY, rule=rule) == Numbers(None, reason="no_data")


def test_only_percentages_under_a_ratio_and_no_weights_under_a_weighted_mean():
    percentage = cell_of([Contribution(1, value=D(80))], "ratio_of_sums")
    assert cell_value(percentage, rule="ratio_of_sums") == Numbers(None, reason="only_percentages")
    unweighted = cell_of([Contribution(1, value=D(3))], "weighted_mean")
    assert cell_value(unweighted, rule="weighted_mean") == Numbers(None, reason="zero_weights")


def test_a_ratio_of_sums_with_its_parts():
    cell = cell_of([
        Contribution(1, numerator=D(45), denominator=D(50)),
        Contribution(2, numerator=D(5), denominator=D(10)),
    ], "ratio_of_sums")
    # (45 + 5) / (50 + 10) = 50 / 60 = 83.333333… %
    assert cell_value(cell, rule="ratio_of_sums") == Numbers(D("83.333333"), D(50), D(60))
    assert cell_value(cell, rule="ratio_of_sums", scale=D(1)) == Numbers(D("0.833333"), D(50), D(60))


def test_a_denominator_of_one_is_a_figure_and_of_zero_is_not():
    one = cell_of([Contribution(1, numerator=D(1), denominator=D(1))], "ratio_of_sums")
    assert cell_value(one, rule="ratio_of_sums") == Numbers(D(100), D(1), D(1))
    zero = cell_of([Contribution(1, numerator=D(0), denominator=D(0))], "ratio_of_sums")
    assert cell_value(zero, rule="ratio_of_sums") == Numbers(None, reason="zero_denominator")


def test_a_weighted_mean():
    cell = cell_of([Contribution(1, value=D(10), weight=D(1)), Contribution(2, value=D(40), weight=D(3))], "weighted_mean")
    # (10·1 + 40·3) / (1 + 3) = 130 / 4
    assert cell_value(cell, rule="weighted_mean") == Numbers(D("32.5"))
    single = cell_of([Contribution(1, value=D(7), weight=D(1))], "weighted_mean")
    assert cell_value(single, rule="weighted_mean") == Numbers(D(7))
    weightless = cell_of([Contribution(1, value=D(7), weight=D(0))], "weighted_mean")
    assert cell_value(weightless, rule="weighted_mean") == Numbers(None, reason="zero_weights")


def test_sum_mean_min_and_max_of_the_same_values():
    assert cell_value(values(10, 20, 60, rule="sum"), rule="sum") == Numbers(D(90))
    assert cell_value(values(10, 20, 60, rule="mean"), rule="mean") == Numbers(D(30))
    assert cell_value(values(20, 10, 60, rule="min"), rule="min") == Numbers(D(10))
    assert cell_value(values(20, 60, 10, rule="max"), rule="max") == Numbers(D(60))


def test_a_mean_is_rounded_to_six_decimals_half_even():
    assert cell_value(values(1, 1, 0, rule="mean"), rule="mean").value == D("0.666667")
    assert cell_value(values("0.0000005", rule="sum"), rule="sum").value == D(0)


def test_stale_extremes_must_be_recomputed_before_min_or_max_is_read():
    stale = values(2, 5, rule="min") - values(2, rule="min")
    message = "^the cell's minimum and maximum must be recomputed before reading them$"
    with pytest.raises(ValueError, match=message):
        cell_value(stale, rule="min")
    # The additive rules read the sums, which stay right.
    assert cell_value(stale, rule="mean") == Numbers(D(5))


# -- what a partial figure proves ---------------------------------------------------------


def partial(value: int, comparator: str, **changes) -> bool | None:
    rules = {"unit_rule": "sum", "period_rule": "sum", "value_type": "count", "subperiods_missing": False}
    return proves(value=D(value), comparator=comparator, target=D(100), **{**rules, **changes})


@pytest.mark.parametrize(("value", "comparator", "proven"), [
    (100, ">=", True), (120, ">=", True), (99, ">=", None),
    (101, ">", True), (100, ">", None),
    (101, "<=", False), (100, "<=", None), (120, "<=", False),
    (100, "<", False), (99, "<", None),
    (120, "=", None), (100, "=", None),
])
def test_a_partial_count_proves_only_what_more_values_cannot_change(value, comparator, proven):
    assert partial(value, comparator) is proven


@pytest.mark.parametrize("changes", [
    {"unit_rule": "mean"}, {"unit_rule": "max"}, {"value_type": "percentage"},
    {"unit_rule": "mean", "value_type": "amount_vnd"},
    {"period_rule": "last", "subperiods_missing": True}, {"period_rule": "mean", "subperiods_missing": True},
])
def test_nothing_is_proven_by_what_can_go_down(changes):
    assert partial(120, ">=", **changes) is None


def test_amounts_and_stocks_with_every_month_prove_like_counts():
    assert partial(120, ">=", value_type="amount_vnd") is True
    assert partial(120, "<", period_rule="last") is False
    assert partial(120, ">=", subperiods_missing=True) is True
