from datetime import date
from decimal import Decimal

import pytest

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.targets import check_each_unit, check_target, expected_by

D = Decimal


@pytest.mark.parametrize(
    ("value", "comparator", "target", "met"),
    [
        # "đạt 80%": reach 80
        ("80", ">=", "80", True),
        ("79.99", ">=", "80", False),
        # "trên 80%": above 80, so 80 itself is not enough
        ("80", ">", "80", False),
        ("80.01", ">", "80", True),
        # "dưới 5%", "không quá 5%"
        ("5", "<", "5", False),
        ("4.9", "<", "5", True),
        ("5", "<=", "5", True),
        ("5.01", "<=", "5", False),
        ("50", "=", "50", True),
    ],
)
def test_comparators(value: str, comparator: str, target: str, met: bool) -> None:
    result = check_target(value=D(value), comparator=comparator, target=D(target))
    assert result.met is met
    assert result.used_tolerance is False


def test_a_100_percent_target_counts_values_within_the_tolerance_and_says_so() -> None:
    near = check_target(value=D("99.96"), comparator=">=", target=D(100))
    assert near.met and near.used_tolerance
    assert "counts as 100" in near.explanation_en
    assert "được tính là 100" in near.explanation_vi
    exact = check_target(value=D(100), comparator=">=", target=D(100))
    assert exact.met and not exact.used_tolerance
    short = check_target(value=D("99.9"), comparator=">=", target=D(100))
    assert not short.met


def test_the_tolerance_is_configurable() -> None:
    assert check_target(value=D("99.9"), comparator=">=", target=D(100), full_share_tolerance=D("0.1")).met
    assert not check_target(value=D("99.99"), comparator=">=", target=D(100), full_share_tolerance=D(0)).met
    with pytest.raises(AnalyticsError, match="negative"):
        check_target(value=D(1), comparator=">=", target=D(100), full_share_tolerance=D(-1))


def test_tolerance_applies_only_to_full_share_targets_for_at_least() -> None:
    assert not check_target(value=D("79.97"), comparator=">=", target=D(80)).met


def test_equals_uses_the_same_tolerance() -> None:
    result = check_target(value=D("50.04"), comparator="=", target=D(50))
    assert result.met and result.used_tolerance
    assert not check_target(value=D("50.06"), comparator="=", target=D(50)).met


def test_strictly_above_100_gets_no_tolerance() -> None:
    assert not check_target(value=D("99.99"), comparator=">", target=D(100)).met


def test_unknown_comparator() -> None:
    with pytest.raises(AnalyticsError, match="unknown comparator"):
        check_target(value=D(1), comparator="≥", target=D(1))


def test_not_a_number_is_refused() -> None:
    with pytest.raises(AnalyticsError, match="finite"):
        check_target(value=D("NaN"), comparator=">=", target=D(1))


def expected_2022_to_2025(on_year: int | date) -> Decimal:
    return expected_by(
        baseline_year=2022, baseline_value=D(40), target_year=2025, target_value=D(100), on_year=on_year
    )


def test_expected_by_on_the_straight_line() -> None:
    # 40 in 2022 → 100 in 2025: 20 a year, so 60 in 2023 and 80 in 2024; flat outside.
    assert expected_2022_to_2025(2023) == D(60)
    assert expected_2022_to_2025(2024) == D(80)
    assert expected_2022_to_2025(2021) == D(40)
    assert expected_2022_to_2025(2030) == D(100)


def test_expected_by_a_date_counts_year_y_as_31_december() -> None:
    # 1 July 2023 is day 182 of 365 after 31 Dec 2022 (= 2022): 40 + 20·182/365 = 49.9726…
    assert expected_2022_to_2025(date(2023, 7, 1)) == pytest.approx(D(40) + D(20) * D(182) / D(365))
    assert expected_2022_to_2025(date(2024, 12, 31)) == D(80)


def test_expected_by_needs_a_deadline_after_the_baseline() -> None:
    with pytest.raises(AnalyticsError, match="must come after"):
        expected_by(baseline_year=2025, baseline_value=D(1), target_year=2024, target_value=D(2), on_year=2024)


def test_every_unit_versus_the_total() -> None:
    # "100% cấp xã": each commune must reach it. The total (285/300 = 95%) would pass an 95% area
    # target, but the every-unit check fails on the commune at 60%.
    communes = {"X1": D(100), "X2": D("99.97"), "X3": D(60), "X4": None}
    result = check_each_unit(communes, comparator=">=", target=D(100))
    assert not result.met
    assert result.failing == ("X3",)
    assert result.missing == ("X4",)
    assert result.used_tolerance  # X2 counted as 100
    assert result.met_count == 2
    assert result.explanation_en == "2 of 4 units meet the target; not met: X3; not reported: X4."
    assert result.explanation_vi == "2/4 đơn vị đạt; chưa đạt: X3; chưa báo cáo: X4."
    all_met = check_each_unit({"X1": D(100), "X2": D(100)}, comparator=">=", target=D(100))
    assert all_met.met and all_met.failing == () and all_met.missing == ()


def test_every_unit_with_no_units_is_not_met() -> None:
    result = check_each_unit({}, comparator=">=", target=D(100))
    assert not result.met
