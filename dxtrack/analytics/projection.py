"""Projections: where the trend leads, the path the target requires, and when it is reached.

*points* are ``(year, value)`` pairs in any order, with whole-number years and no year twice.
Every method needs at least two points; *window* keeps only the last *window* of them.

==================  ==========================================================================
Method              Trend
==================  ==========================================================================
``linear``          least-squares line through the points (counts)
``mean_change``     the average annual change, continued from the last value
``compound``        the compound annual growth rate, continued from the last value
``logistic``        a logistic curve bounded by the natural *limit*, fitted by least squares on
                    the log-odds ln(v / (limit − v)) — the EU Digital Decade's choice for
                    coverage and adoption shares
==================  ==========================================================================

=====================================  ===================================================
Function                               Answer
=====================================  ===================================================
``project(points, method=, to_year=)``  ``{year: value}`` for every year after the last point
``required_path(...)``                  ``{year: value}`` on the straight line to the target
``year_reached(points, ...)``           the first year the trend meets the target, or ``None``
``outlook(points, ...)``                :class:`Outlook`: all of the above for one target
=====================================  ===================================================

With a *limit*, the ``linear``, ``mean_change`` and ``compound`` projections are kept between
0 and the limit (a share cannot pass 100%); the logistic curve approaches it by construction.

>>> project([(2021, 10), (2022, 12), (2023, 14)], method="linear", to_year=2025)
{2024: 16.0, 2025: 18.0}
>>> project([(2022, 50), (2023, 60)], method="compound", to_year=2024)
{2024: 72.0}
>>> project([(2022, 50), (2023, 80)], method="compound", to_year=2024, limit=100)
{2024: 100.0}
>>> {y: round(v, 2) for y, v in project([(2022, 50), (2023, 73.106)], method="logistic",
...                                     to_year=2024, limit=100).items()}
{2024: 88.08}
>>> required_path(last_year=2023, last_value=60, target_year=2025, target_value=80)
{2024: 70.0, 2025: 80.0}
>>> year_reached([(2022, 50), (2023, 60)], method="mean_change", target=80,
...              higher_is_better=True)
2025
>>> project([(2023, 5)], method="linear", to_year=2025)
Traceback (most recent call last):
  ...
dxtrack.analytics.errors.AnalyticsError: a projection needs at least two points, got 1
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from dxtrack.analytics._numbers import Number, as_float
from dxtrack.analytics.errors import AnalyticsError

__all__ = [
    "Outlook",
    "ProjectionMethod",
    "outlook",
    "project",
    "required_path",
    "year_reached",
]

DEFAULT_HORIZON = 2100


class ProjectionMethod(StrEnum):
    LINEAR = "linear"
    MEAN_CHANGE = "mean_change"
    COMPOUND = "compound"
    LOGISTIC = "logistic"


Trend = Callable[[float], float]


def _method(value: str) -> ProjectionMethod:
    try:
        return ProjectionMethod(value)
    except ValueError:
        choices = ", ".join(m.value for m in ProjectionMethod)
        raise AnalyticsError(f"unknown projection method {value!r}: use one of {choices}") from None


def _clean(points: Sequence[tuple[int, Number]], window: int | None) -> list[tuple[int, float]]:
    if window is not None and window < 2:
        raise AnalyticsError(f"a projection window needs at least two points, got {window}")
    cleaned: list[tuple[int, float]] = []
    for year, value in points:
        if isinstance(year, bool) or not isinstance(year, int):
            raise AnalyticsError(f"a projection year is a whole number, not {year!r}")
        cleaned.append((year, as_float(value, f"the value for {year}")))
    if len(cleaned) < 2:
        raise AnalyticsError(f"a projection needs at least two points, got {len(cleaned)}")
    cleaned.sort()
    years = [year for year, _ in cleaned]
    duplicates = sorted({year for year in years if years.count(year) > 1})
    if duplicates:
        raise AnalyticsError(f"each year may appear once; repeated: {', '.join(map(str, duplicates))}")
    return cleaned[-window:] if window is not None else cleaned


def _least_squares(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """``(slope, value at the mean x)``; x is centred so large years lose no precision."""
    mean_x = math.fsum(xs) / len(xs)
    mean_y = math.fsum(ys) / len(ys)
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / sxx, mean_y


def _fit(points: list[tuple[int, float]], method: ProjectionMethod, limit: float | None) -> Trend:
    years = [float(year) for year, _ in points]
    values = [value for _, value in points]
    last_year, last_value = years[-1], values[-1]
    first_year, first_value = years[0], values[0]
    if method is ProjectionMethod.LINEAR:
        slope, level = _least_squares(years, values)
        centre = math.fsum(years) / len(years)
        return lambda year: level + slope * (year - centre)
    if method is ProjectionMethod.MEAN_CHANGE:
        change = (last_value - first_value) / (last_year - first_year)
        return lambda year: last_value + change * (year - last_year)
    if method is ProjectionMethod.COMPOUND:
        if any(value <= 0 for value in values):
            raise AnalyticsError("compound growth needs positive values; use linear or mean_change")
        log_growth = math.log(last_value / first_value) / (last_year - first_year)
        return lambda year: last_value * _exp(log_growth * (year - last_year))
    if limit is None or limit <= 0:
        raise AnalyticsError("a logistic projection needs a positive natural limit (such as 100)")
    if any(not 0 < value < limit for value in values):
        raise AnalyticsError(
            f"a logistic projection needs values strictly between 0 and the limit {limit:g}"
        )
    log_odds = [math.log(value / (limit - value)) for value in values]
    slope, level = _least_squares(years, log_odds)
    centre = math.fsum(years) / len(years)
    return lambda year: limit / (1.0 + _exp(-(level + slope * (year - centre))))


def _exp(x: float) -> float:
    return math.exp(x) if x < 700 else math.inf


def _bounded(trend: Trend, limit: float | None, last_value: float) -> Trend:
    if limit is None or not 0 <= last_value <= limit:
        return trend
    return lambda year: min(max(trend(year), 0.0), limit)


def _trend(
    points: Sequence[tuple[int, Number]],
    method: str,
    limit: Number | None,
    window: int | None,
) -> tuple[Trend, list[tuple[int, float]]]:
    kind = _method(method)
    clean = _clean(points, window)
    cap = None if limit is None else as_float(limit, "limit")
    trend = _fit(clean, kind, cap)
    if kind is not ProjectionMethod.LOGISTIC:
        trend = _bounded(trend, cap, clean[-1][1])
    return trend, clean


def project(
    points: Sequence[tuple[int, Number]],
    *,
    method: str,
    to_year: int,
    limit: Number | None = None,
    window: int | None = None,
) -> dict[int, float]:
    """``{year: projected value}`` for every year after the last point up to *to_year*.

    Empty when *to_year* is not after the last point.

    >>> project([(2020, 1), (2021, 2), (2023, 4)], method="mean_change", to_year=2024)
    {2024: 5.0}
    >>> project([(2020, 1), (2020, 2)], method="linear", to_year=2024)
    Traceback (most recent call last):
      ...
    dxtrack.analytics.errors.AnalyticsError: each year may appear once; repeated: 2020
    """
    trend, clean = _trend(points, method, limit, window)
    return {year: trend(float(year)) for year in range(clean[-1][0] + 1, to_year + 1)}


def required_path(
    *, last_year: int, last_value: Number, target_year: int, target_value: Number
) -> dict[int, float]:
    """``{year: value}`` on the straight line from the last value to the target, for every
    year after *last_year* up to *target_year* (empty once the deadline has passed)."""
    start = as_float(last_value, "last_value")
    end = as_float(target_value, "target_value")
    span = target_year - last_year
    return {
        year: start + (end - start) * (year - last_year) / span
        for year in range(last_year + 1, target_year + 1)
    }


def year_reached(
    points: Sequence[tuple[int, Number]],
    *,
    method: str = ProjectionMethod.LINEAR,
    target: Number,
    higher_is_better: bool,
    limit: Number | None = None,
    window: int | None = None,
    horizon: int = DEFAULT_HORIZON,
) -> int | None:
    """The first year the value (observed, then projected) meets *target*; ``None`` when the
    trend does not get there by *horizon* — a logistic curve never reaches its own limit.

    >>> year_reached([(2020, 10), (2023, 9)], target=20, higher_is_better=True) is None
    True
    """
    trend, clean = _trend(points, method, limit, window)
    goal = as_float(target, "target")
    direction = 1 if higher_is_better else -1
    last_year, last_value = clean[-1]
    if direction * (last_value - goal) >= 0:
        return last_year
    for year in range(last_year + 1, horizon + 1):
        if direction * (trend(float(year)) - goal) >= 0:
            return year
    return None


@dataclass(frozen=True)
class Outlook:
    """One target's projection: where the trend is at the deadline, whether that meets the
    target, when the target is reached, and both paths year by year."""

    method: str
    target_year: int
    target_value: float
    projected_at_deadline: float
    meets_target: bool
    year_reached: int | None
    projected: dict[int, float]
    required: dict[int, float]


def outlook(
    points: Sequence[tuple[int, Number]],
    *,
    method: str,
    target_year: int,
    target_value: Number,
    higher_is_better: bool,
    limit: Number | None = None,
    window: int | None = None,
) -> Outlook:
    """Project to the deadline and compare with the target.

    >>> o = outlook([(2022, 50), (2023, 60)], method="linear", target_year=2025,
    ...             target_value=90, higher_is_better=True)
    >>> o.projected_at_deadline, o.meets_target, o.year_reached, o.required
    (80.0, False, 2026, {2024: 75.0, 2025: 90.0})
    """
    trend, clean = _trend(points, method, limit, window)
    goal = as_float(target_value, "target_value")
    last_year, last_value = clean[-1]
    at_deadline = trend(float(target_year)) if target_year > last_year else last_value
    direction = 1 if higher_is_better else -1
    return Outlook(
        method=_method(method).value,
        target_year=target_year,
        target_value=goal,
        projected_at_deadline=at_deadline,
        meets_target=direction * (at_deadline - goal) >= 0,
        year_reached=year_reached(
            points, method=method, target=goal, higher_is_better=higher_is_better,
            limit=limit, window=window,
        ),  # fmt: skip
        projected={year: trend(float(year)) for year in range(last_year + 1, target_year + 1)},
        required=required_path(
            last_year=last_year, last_value=last_value, target_year=target_year, target_value=goal
        ),
    )
