"""The bad inputs the issue lists, each giving a defined result or AnalyticsError — never a
crash deep inside and never NaN."""

import math
from decimal import Decimal

import pytest

from dxtrack.analytics.aggregation import Observation, aggregate
from dxtrack.analytics.composite import GroupSpec, IndicatorSpec, Methodology, merged_mean
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.progress import (
    ProgressResult,
    linear_progress,
    opensdg_indicator_progress,
    opensdg_progress,
    unsd_progress,
)
from dxtrack.analytics.projection import project


def assert_clean(result: ProgressResult) -> None:
    for number in (result.value, result.score, *result.inputs.values()):
        assert number is None or math.isfinite(number)
    assert result.explanation_vi and result.explanation_en


def test_errors_are_value_errors() -> None:
    assert issubclass(AnalyticsError, ValueError)


def test_empty_series() -> None:
    with pytest.raises(AnalyticsError, match="at least two points, got 0"):
        project([], method="linear", to_year=2030)
    assert opensdg_indicator_progress([]).status == "not_available"
    assert aggregate({}, rule="sum").reason == "no_data"


def test_one_point() -> None:
    with pytest.raises(AnalyticsError, match="got 1"):
        project([(2024, 5.0)], method="mean_change", to_year=2030)
    # One point means baseline year = latest year: nothing to measure yet.
    for method in (linear_progress, unsd_progress):
        result = method(base_year=2024, base_value=5, current_year=2024, current_value=5.5,
                        target_year=2030, target_value=10, higher_is_better=True)  # fmt: skip
        assert (result.status, result.reason) == ("not_available", "no_elapsed_time")
        assert_clean(result)


def test_duplicate_years() -> None:
    with pytest.raises(AnalyticsError, match="repeated: 2023"):
        project([(2023, 1.0), (2023, 2.0), (2024, 3.0)], method="linear", to_year=2030)


def test_negative_values_under_a_log_method() -> None:
    with pytest.raises(AnalyticsError, match="positive values"):
        project([(2023, -1.0), (2024, -2.0)], method="compound", to_year=2030)
    mixed = opensdg_progress(base_year=2020, base_value=5, current_year=2022, current_value=-1,
                             higher_is_better=True)  # fmt: skip
    assert (mixed.status, mixed.reason) == ("not_available", "mixed_signs")
    unsd = unsd_progress(base_year=2020, base_value=-5, current_year=2022, current_value=-1,
                         target_year=2030, target_value=0, higher_is_better=True)  # fmt: skip
    assert (unsd.status, unsd.reason) == ("not_available", "non_positive_values")
    for result in (mixed, unsd):
        assert_clean(result)


def test_a_denominator_of_zero() -> None:
    result = aggregate({"a": Observation(numerator=Decimal(0), denominator=Decimal(0))}, rule="ratio_of_sums")
    assert (result.value, result.reason) == (None, "zero_denominator")


def test_a_target_equal_to_the_baseline() -> None:
    for method in (linear_progress, unsd_progress):
        result = method(base_year=2020, base_value=50, current_year=2022, current_value=45,
                        target_year=2030, target_value=50, higher_is_better=True)  # fmt: skip
        assert (result.status, result.reason) == ("not_available", "target_equals_baseline")
        assert_clean(result)
    sdg = opensdg_progress(base_year=2020, base_value=50, current_year=2022, current_value=45,
                           target=50, higher_is_better=True)  # fmt: skip
    assert (sdg.status, sdg.reason) == ("not_available", "target_equals_baseline")


def test_weights_that_sum_to_zero() -> None:
    with pytest.raises(AnalyticsError, match="add up to zero"):
        Methodology(indicators=(IndicatorSpec("x", "g", weight=0, minimum=0, maximum=1),), groups=(GroupSpec("g"),))
    zero = aggregate({"a": Observation(value=Decimal(1), weight=Decimal(0))}, rule="weighted_mean")
    assert (zero.value, zero.reason) == (None, "zero_weights")
    assert merged_mean({"a": 1.0}, {"a": "x"}, weights={"a": 0})["x"].reason == "zero_weights"


def test_years_in_the_wrong_order() -> None:
    with pytest.raises(AnalyticsError, match="before the baseline year"):
        linear_progress(base_year=2024, base_value=1, current_year=2023, current_value=2,
                        target_year=2030, target_value=5, higher_is_better=True)  # fmt: skip
    with pytest.raises(AnalyticsError, match="must come after"):
        opensdg_progress(base_year=2024, base_value=1, current_year=2025, current_value=2,
                         target=5, target_year=2024, higher_is_better=True)  # fmt: skip


@pytest.mark.parametrize("bad", [math.nan, math.inf, "12", None, True])
def test_non_numbers_are_refused(bad: object) -> None:
    with pytest.raises(AnalyticsError):
        linear_progress(base_year=2020, base_value=bad, current_year=2022, current_value=2,  # type: ignore[arg-type]
                        target_year=2030, target_value=5, higher_is_better=True)  # fmt: skip


def test_extreme_growth_stays_finite() -> None:
    result = opensdg_progress(base_year=2020, base_value=1e-300, current_year=2020.001,
                              current_value=1e300, higher_is_better=True)  # fmt: skip
    assert result.status == "substantial_progress"
    assert_clean(result)
    projected = unsd_progress(base_year=2020, base_value=1e-300, current_year=2021, current_value=1e300,
                              target_year=2100, target_value=1e301, higher_is_better=True)  # fmt: skip
    assert projected.status == "on_track"
    assert_clean(projected)
