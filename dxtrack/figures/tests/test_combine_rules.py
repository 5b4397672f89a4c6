"""A period's figure from its sub-periods' cells (`figures.cells.combine`), worked out by hand.

Pure Python, run by mutmut against every mutant of cells.py. Each case checks the whole
`Combined` (value, the cells that went in, whose coverage it carries, what is missing), so a
mutant that changes any one of them is caught.
"""

from decimal import Decimal

from dxtrack.figures.cells import EMPTY, Cell, Combined, Contribution, Numbers, cell_of, combine

D = Decimal


def summed(total: int, reported: int = 1) -> Cell:
    """A sum cell with *reported* units whose values add up to *total*."""
    return Cell(reported=reported, values=reported, used=reported, total=D(total))


def ratio(numerator: int, denominator: int) -> Cell:
    return cell_of([Contribution(1, numerator=D(numerator), denominator=D(denominator))], "ratio_of_sums")


PERCENTAGE_ONLY = cell_of([Contribution(1, value=D(80))], "ratio_of_sums")


# -- one sub-period, or none with a figure --------------------------------------------------


def test_a_single_sub_period_is_the_figure():
    cell = summed(5, reported=2)
    assert combine([cell], unit_rule="sum", period_rule="sum") == Combined(Numbers(D(5)), cell, 0, ())


def test_a_single_sub_period_without_values_has_no_data():
    assert combine([None], unit_rule="sum", period_rule="sum") == Combined(Numbers(None, reason="no_data"), EMPTY, 0, (0,))


def test_a_single_sub_period_keeps_the_scale():
    cell = ratio(1, 2)
    assert combine([cell], unit_rule="ratio_of_sums", period_rule="last", scale=D(1)) == Combined(
        Numbers(D("0.5"), D(1), D(2)), cell, 0, ()
    )


def test_no_sub_period_with_a_figure_gives_the_first_reason_and_the_last_due_one():
    combined = combine([None, PERCENTAGE_ONLY], unit_rule="ratio_of_sums", period_rule="last", due=2)
    assert combined == Combined(Numbers(None, reason="only_percentages"), PERCENTAGE_ONLY, 1, (0, 1))


def test_no_values_at_all_has_no_data_and_the_coverage_of_the_last_due_sub_period():
    assert combine([None, None], unit_rule="sum", period_rule="sum") == Combined(
        Numbers(None, reason="no_data"), EMPTY, 1, (0, 1)
    )
    assert combine([None, None, None], unit_rule="sum", period_rule="sum", due=1) == Combined(
        Numbers(None, reason="no_data"), EMPTY, 0, (0, 1, 2)
    )


# -- stocks: the last sub-period with a figure ---------------------------------------------


def test_a_stock_is_its_last_sub_period_with_a_figure():
    cells = [summed(5), summed(7), summed(9), None]
    assert combine(cells, unit_rule="sum", period_rule="last") == Combined(Numbers(D(9)), cells[2], 2, (3,))


def test_a_ratio_stock_keeps_the_scale():
    cells = [ratio(1, 4), ratio(3, 4)]
    assert combine(cells, unit_rule="ratio_of_sums", period_rule="last", scale=D(1)) == Combined(
        Numbers(D("0.75"), D(3), D(4)), cells[1], 1, ()
    )


# -- flows and rates ------------------------------------------------------------------------


def test_a_flow_adds_its_sub_periods_and_keeps_every_cell():
    a, b = summed(3, reported=2), summed(4)
    assert combine([a, None, b], unit_rule="sum", period_rule="sum") == Combined(Numbers(D(7)), a + b, 1, (1,))


def test_a_rate_is_the_mean_of_its_sub_periods_with_a_figure():
    a, b = summed(3, reported=2), summed(4)
    # (3 + 4) / 2: the missing sub-period is not counted as zero
    assert combine([a, None, b], unit_rule="sum", period_rule="mean") == Combined(Numbers(D("3.5")), a + b, 1, (1,))


def test_a_ratio_over_periods_pools_the_parts():
    a, b = ratio(45, 50), ratio(5, 10)
    # (45 + 5) / (50 + 10) = 83.333333 %, never the mean of 90 % and 50 %
    flow = combine([a, None, b], unit_rule="ratio_of_sums", period_rule="sum")
    assert flow == Combined(Numbers(D("83.333333"), D(50), D(60)), a + b, 1, (1,))
    # As a rate, the parts shown are those of an average sub-period: 50 / 2 and 60 / 2.
    rate = combine([a, None, b], unit_rule="ratio_of_sums", period_rule="mean")
    assert rate == Combined(Numbers(D("83.333333"), D(25), D(30)), a + b, 1, (1,))
    index = combine([a, b], unit_rule="ratio_of_sums", period_rule="sum", scale=D(1))
    assert index.numbers == Numbers(D("0.833333"), D(50), D(60))


# -- whose coverage the figure carries ------------------------------------------------------


def test_the_coverage_is_of_the_least_complete_sub_period_against_what_was_expected():
    cells = [summed(1, reported=2), summed(1, reported=1), summed(1, reported=3)]
    # shares 2/4, 1/1, 3/3: the first is the weakest, though it has more units than the second
    assert combine(cells, unit_rule="sum", period_rule="sum", expected=[4, 1, 3]).coverage_index == 0
    # without what was expected, the fewest units: the second
    assert combine(cells, unit_rule="sum", period_rule="sum").coverage_index == 1


def test_a_tie_goes_to_the_latest_sub_period():
    cells = [summed(1, reported=2), summed(1, reported=1), summed(1, reported=3)]
    # shares 2/4, 1/2, 3/3
    assert combine(cells, unit_rule="sum", period_rule="sum", expected=[4, 2, 3]).coverage_index == 1


def test_a_sub_period_where_nobody_was_expected_counts_as_whole_if_anybody_reported():
    # shares: 1 reported of 0 expected counts as whole, 1 of 2 is a half
    assert combine([summed(1), summed(1)], unit_rule="sum", period_rule="sum", expected=[0, 2]).coverage_index == 1
    # nobody reported, nobody expected: nothing, the weakest
    assert combine([None, summed(1)], unit_rule="sum", period_rule="sum", expected=[0, 2]).coverage_index == 0


def test_only_due_sub_periods_count_for_the_coverage():
    cells = [summed(1), summed(1), None]
    assert combine(cells, unit_rule="sum", period_rule="sum", due=2, expected=[1, 1, 1]).coverage_index == 1
    assert combine(cells, unit_rule="sum", period_rule="sum", expected=[1, 1, 1]).coverage_index == 2
    assert combine(cells, unit_rule="sum", period_rule="sum", due=0).coverage_index == 0
