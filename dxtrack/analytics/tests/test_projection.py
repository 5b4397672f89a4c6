import math

import pytest

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.projection import outlook, project, required_path, year_reached


def test_linear_least_squares_over_the_last_points() -> None:
    # Through (2020, 1), (2021, 3), (2022, 2): slope = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² = (−1·−1 + 1·0)/2 = 0.5,
    # line through (2021, 2): 2023 → 3.0, 2024 → 3.5.
    points = [(2020, 1), (2021, 3), (2022, 2)]
    assert project(points, method="linear", to_year=2024) == pytest.approx({2023: 3.0, 2024: 3.5})
    # Only the last two points: slope −1 from (2022, 2): 2023 → 1.
    assert project(points, method="linear", to_year=2023, window=2) == pytest.approx({2023: 1.0})


def test_mean_of_recent_annual_changes() -> None:
    # Changes +2, +4: mean +3 a year from the last value 16.
    assert project([(2020, 10), (2021, 12), (2022, 16)], method="mean_change", to_year=2024) == {
        2023: 19.0,
        2024: 22.0,
    }


def test_compound_growth() -> None:
    assert project([(2020, 100), (2022, 121)], method="compound", to_year=2023) == pytest.approx({2023: 133.1})


def test_logistic_stays_below_the_limit_and_approaches_it() -> None:
    projected = project([(2020, 50), (2021, 60), (2022, 70)], method="logistic", to_year=2060, limit=100)
    assert all(0 < v < 100 for v in projected.values())
    assert projected[2060] > 99.9
    values = list(projected.values())
    assert values == sorted(values)


def test_a_limit_caps_straight_line_projections() -> None:
    projected = project([(2020, 80), (2021, 90)], method="linear", to_year=2023, limit=100)
    assert projected == {2022: 100.0, 2023: 100.0}
    falling = project([(2020, 20), (2021, 10)], method="linear", to_year=2023, limit=100)
    assert falling == {2022: 0.0, 2023: 0.0}


def test_points_may_come_in_any_order_and_to_year_before_the_last_point_gives_nothing() -> None:
    assert project([(2022, 3), (2021, 2)], method="linear", to_year=2023) == pytest.approx({2023: 4.0})
    assert project([(2021, 2), (2022, 3)], method="linear", to_year=2022) == {}


def test_required_path_is_the_straight_line_from_the_last_value() -> None:
    assert required_path(last_year=2024, last_value=8, target_year=2025, target_value=10) == {2025: 10.0}
    assert required_path(last_year=2022, last_value=40, target_year=2025, target_value=100) == {
        2023: 60.0,
        2024: 80.0,
        2025: 100.0,
    }
    assert required_path(last_year=2026, last_value=40, target_year=2025, target_value=100) == {}


def test_year_reached() -> None:
    points = [(2022, 50), (2023, 60)]
    assert year_reached(points, method="linear", target=80, higher_is_better=True) == 2025
    assert year_reached(points, method="linear", target=55, higher_is_better=True) == 2023
    assert year_reached(points, method="linear", target=40, higher_is_better=False) is None
    # A logistic curve never reaches its own limit.
    assert year_reached(points, method="logistic", target=100, higher_is_better=True, limit=100) is None
    # Log-odds 0 in 2022, ln(60/40) = 0.405465 a year; 95% needs ln(95/5) = 2.944439, that is
    # 7.26 years after 2022: first reached in the 2030 figure.
    assert year_reached(points, method="logistic", target=95, higher_is_better=True, limit=100) == 2030


def test_outlook_compares_the_projection_with_the_target() -> None:
    o = outlook([(2022, 50), (2023, 60)], method="mean_change", target_year=2025, target_value=80,
                higher_is_better=True)  # fmt: skip
    assert o.projected_at_deadline == 80.0
    assert o.meets_target
    assert o.year_reached == 2025
    assert o.projected == {2024: 70.0, 2025: 80.0}
    assert o.required == {2024: 70.0, 2025: 80.0}


@pytest.mark.parametrize(
    ("points", "method", "limit", "message"),
    [
        ([], "linear", None, "at least two points, got 0"),
        ([(2020, 1.0)], "linear", None, "at least two points, got 1"),
        ([(2020, 1.0), (2020, 2.0)], "linear", None, "repeated: 2020"),
        ([(2020, 1.0), (2021, -2.0)], "compound", None, "positive values"),
        ([(2020, 0.0), (2021, 2.0)], "compound", None, "positive values"),
        ([(2020, 10.0), (2021, 20.0)], "logistic", None, "natural limit"),
        ([(2020, 10.0), (2021, 100.0)], "logistic", 100, "strictly between 0 and the limit 100"),
        ([(2020, 10.0), (2021, math.nan)], "linear", None, "finite"),
        ([(2020.5, 10.0), (2021, 11.0)], "linear", None, "whole number"),
        ([(2020, 10.0), (2021, 11.0)], "spline", None, "unknown projection method"),
    ],
)
def test_bad_series_raise_one_documented_error(
    points: list[tuple[int, float]], method: str, limit: float | None, message: str
) -> None:
    with pytest.raises(AnalyticsError, match=message):
        project(points, method=method, to_year=2030, limit=limit)


def test_a_window_of_one_point_is_refused() -> None:
    with pytest.raises(AnalyticsError, match="window"):
        project([(2020, 1), (2021, 2)], method="linear", to_year=2022, window=1)
