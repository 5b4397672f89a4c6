"""Targets at their edges: the cases a mutation run of targets.py showed no test could tell apart.

Each test names the wrong version of the code it rules out, so that a later reader knows why a
case that looks redundant is there (`make mutation` re-runs the check).
"""

from datetime import date
from decimal import Decimal

import pytest

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.targets import check_each_unit, check_target, expected_by

D = Decimal


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("value", {"value": "80", "target": D(80)}),
        ("target", {"value": D(80), "target": "80"}),
        ("full_share_tolerance", {"value": D(80), "target": D(80), "full_share_tolerance": "0.05"}),
    ],
)
def test_a_target_check_names_the_input_that_is_not_a_number(name: str, kwargs: dict[str, object]) -> None:
    with pytest.raises(AnalyticsError, match=rf"^{name} must be a number, not str$"):
        check_target(comparator=">=", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["baseline_year", "target_year", "on_year", "baseline_value", "target_value"])
def test_expected_by_names_the_input_that_is_not_a_number(name: str) -> None:
    inputs: dict[str, object] = {"baseline_year": 2022, "baseline_value": D(40), "target_year": 2025,
                    "target_value": D(100), "on_year": 2024}  # fmt: skip
    inputs[name] = "x"
    with pytest.raises(AnalyticsError, match=rf"^{name} must be a number, not str$"):
        expected_by(**inputs)  # type: ignore[arg-type]


# -- How many decimals an explanation shows: two, unless two would make the value look equal to
# -- the target; then six at most.


def test_a_value_that_meets_the_target_is_shown_with_two_decimals() -> None:
    result = check_target(value=D("80.123456"), comparator=">=", target=D(80))
    assert result.explanation_en == "80.12 ≥ 80: target met."
    assert result.explanation_vi == "80,12 ≥ 80: đạt chỉ tiêu."


def test_a_value_that_misses_the_target_is_shown_with_two_decimals() -> None:
    result = check_target(value=D("79.987654"), comparator=">=", target=D(80))
    assert result.explanation_en == "79.99 is not ≥ 80: target not met."
    assert result.explanation_vi == "79,99 chưa ≥ 80: chưa đạt chỉ tiêu."


def test_a_value_counted_as_100_by_the_tolerance_is_shown_with_two_decimals() -> None:
    # 99.95123 is 0.04877 short of 100, inside the 0.05 tolerance; rounded to two it is 99.95.
    result = check_target(value=D("99.95123"), comparator=">=", target=D(100))
    assert result.met and result.used_tolerance
    assert result.explanation_en == "99.95 counts as 100 (tolerance 0.05): target ≥ 100 met."
    assert result.explanation_vi == "99,95 được tính là 100 (dung sai 0,05): đạt chỉ tiêu ≥ 100."


def test_a_value_that_two_decimals_would_round_onto_the_target_shows_more() -> None:
    # 99.996 rounds to 100.00: "100 counts as 100" would hide why the tolerance was needed.
    near = check_target(value=D("99.996"), comparator=">=", target=D(100))
    assert near.explanation_en == "99.996 counts as 100 (tolerance 0.05): target ≥ 100 met."
    # 99.654321 rounds to 100 as a whole number but not at two decimals: two are enough.
    assert check_target(value=D("99.654321"), comparator=">", target=D(100)).explanation_en == (
        "99.65 is not > 100: target not met."
    )
    # Six decimals at most.
    assert check_target(value=D("99.9999994"), comparator=">", target=D(100)).explanation_en == (
        "99.999999 is not > 100: target not met."
    )


def test_a_value_equal_to_the_target_is_shown_as_it_is() -> None:
    assert check_target(value=D(100), comparator=">=", target=D(100)).explanation_en == "100 ≥ 100: target met."


# -- Every unit must meet it.


def test_a_unit_that_did_not_report_does_not_stop_the_check_of_the_units_after_it() -> None:
    # The unreported unit comes first: the units after it must still be checked.
    result = check_each_unit({"A": None, "B": D(60), "C": D(100)}, comparator=">=", target=D(100))
    assert result.missing == ("A",)
    assert result.failing == ("B",)
    assert set(result.checks) == {"B", "C"}
    assert result.met_count == 1


def test_every_unit_uses_the_tolerance_it_is_given() -> None:
    values = {"A": D("99.97"), "B": D(100)}
    strict = check_each_unit(values, comparator=">=", target=D(100), full_share_tolerance=D(0))
    assert not strict.met and strict.failing == ("A",) and not strict.used_tolerance
    assert check_each_unit(values, comparator=">=", target=D(100)).met


def test_every_unit_lists_several_failing_and_missing_units() -> None:
    result = check_each_unit({"A": D(50), "B": None, "C": D(60), "D": None, "E": D(90)},
                             comparator=">=", target=D(80))  # fmt: skip
    assert result.explanation_en == "1 of 5 units meet the target; not met: A, C; not reported: B, D."
    assert result.explanation_vi == "1/5 đơn vị đạt; chưa đạt: A, C; chưa báo cáo: B, D."


def test_every_unit_with_no_units_says_so_in_vietnamese() -> None:
    result = check_each_unit({}, comparator=">=", target=D(80))
    assert result.explanation_vi == "Không có đơn vị nào phải báo cáo nên không thể đánh giá chỉ tiêu."


def test_expected_by_a_date_on_the_deadline_is_the_target() -> None:
    assert expected_by(baseline_year=date(2022, 12, 31), baseline_value=D(0), target_year=date(2025, 12, 31),
                       target_value=D(90), on_year=date(2024, 12, 31)) == D(60)  # fmt: skip
