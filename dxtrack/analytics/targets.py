"""Targets: is a value on the right side of a target, and what was expected by a date.

Targets in a resolution are written "đạt 80%" (≥ 80), "trên 80%" (> 80), "tối thiểu 50%"
(≥ 50), "dưới 5%" (< 5), "không quá 5%" (≤ 5) and "100%" (all). Values and targets are
:class:`~decimal.Decimal` on the percentage scale.

A **100% target** ("all") is met by a value within ``full_share_tolerance`` below 100 —
a province reporting 99.97% of records online has met "100%" up to rounding — and the result
says so (``used_tolerance``), so the screen can show "counted as 100%". ``=`` compares with
the same tolerance for every target. ``>``, ``<=`` and ``<`` are exact.

==============================  ====================================================
Function                        Answer
==============================  ====================================================
``check_target(...)``           :class:`TargetCheck`: met, tolerance used, explanations
``expected_by(...)``            the value on the straight line from baseline to target
``check_each_unit(...)``        :class:`EachUnitCheck`: did every unit meet the target
==============================  ====================================================

"Every commune must reach it" (``check_each_unit``) is a different test from "the province
as a whole reaches it" (``check_target`` on the rolled-up total): a province at 96% with one
commune at 60% meets the second and fails the first.

>>> check_target(value=Decimal("99.97"), comparator=">=", target=Decimal(100))
TargetCheck(met=True, used_tolerance=True, explanation_vi='99,97 được tính là 100 (dung sai 0,05): đạt chỉ tiêu ≥ 100.', explanation_en='99.97 counts as 100 (tolerance 0.05): target ≥ 100 met.')
>>> check_target(value=Decimal(80), comparator=">", target=Decimal(80)).met
False
>>> expected_by(baseline_year=2022, baseline_value=Decimal(40), target_year=2025,
...             target_value=Decimal(100), on_year=2024)
Decimal('80')
>>> result = check_each_unit({"A": Decimal(100), "B": Decimal(92), "C": None},
...                          comparator=">=", target=Decimal(100))
>>> result.met, result.failing, result.missing
(False, ('B',), ('C',))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from dxtrack.analytics._numbers import Number, as_decimal, fmt_en, fmt_vi
from dxtrack.analytics.errors import AnalyticsError

__all__ = [
    "Comparator",
    "EachUnitCheck",
    "TargetCheck",
    "check_each_unit",
    "check_target",
    "expected_by",
]

FULL_SHARE = Decimal(100)
DEFAULT_TOLERANCE = Decimal("0.05")


class Comparator(StrEnum):
    """How a value is compared with a target; the values match the Django model choices."""

    GT = ">"
    GE = ">="
    EQ = "="
    LE = "<="
    LT = "<"


_SYMBOL = {
    Comparator.GT: ">",
    Comparator.GE: "≥",
    Comparator.EQ: "=",
    Comparator.LE: "≤",
    Comparator.LT: "<",
}


def _comparator(value: str) -> Comparator:
    try:
        return Comparator(value)
    except ValueError:
        raise AnalyticsError(f"unknown comparator {value!r}: use >, >=, =, <= or <") from None


@dataclass(frozen=True)
class TargetCheck:
    """Whether a value meets a target, whether the 100% tolerance decided it, and why."""

    met: bool
    used_tolerance: bool
    explanation_vi: str
    explanation_en: str


def check_target(
    *,
    value: Decimal,
    comparator: str,
    target: Decimal,
    full_share_tolerance: Decimal = DEFAULT_TOLERANCE,
) -> TargetCheck:
    """Compare *value* with *target*; see the module docstring for the tolerance rule.

    >>> check_target(value=Decimal("4.9"), comparator="<", target=Decimal(5)).explanation_en
    '4.9 < 5: target met.'
    >>> check_target(value=Decimal(6), comparator="<=", target=Decimal(5)).explanation_vi
    '6 chưa ≤ 5: chưa đạt chỉ tiêu.'
    >>> check_target(value=Decimal(1), comparator="=>", target=Decimal(1))
    Traceback (most recent call last):
      ...
    dxtrack.analytics.errors.AnalyticsError: unknown comparator '=>': use >, >=, =, <= or <
    """
    op = _comparator(comparator)
    v = as_decimal(value, "value")
    t = as_decimal(target, "target")
    tolerance = as_decimal(full_share_tolerance, "full_share_tolerance")
    if tolerance < 0:
        raise AnalyticsError(f"full_share_tolerance cannot be negative, got {tolerance}")

    exact = {
        Comparator.GT: v > t,
        Comparator.GE: v >= t,
        Comparator.EQ: v == t,
        Comparator.LE: v <= t,
        Comparator.LT: v < t,
    }[op]
    within = abs(v - t) <= tolerance
    if op is Comparator.GE and t == FULL_SHARE:
        met = exact or within
    elif op is Comparator.EQ:
        met = within
    else:
        met = exact
    used_tolerance = met and not exact
    return TargetCheck(met, used_tolerance, *_explain(v, op, t, met, used_tolerance, tolerance))


def _explain(
    v: Decimal, op: Comparator, t: Decimal, met: bool, used_tolerance: bool, tolerance: Decimal
) -> tuple[str, str]:
    sym = _SYMBOL[op]
    # Two decimals read best; more only where two would make the value look equal to the target.
    places = 2 if round(v, 2) != t or v == t else 6
    if used_tolerance:
        return (
            f"{fmt_vi(v, places)} được tính là {fmt_vi(t)} (dung sai {fmt_vi(tolerance)}): "
            f"đạt chỉ tiêu {sym} {fmt_vi(t)}.",
            f"{fmt_en(v, places)} counts as {fmt_en(t)} (tolerance {fmt_en(tolerance)}): "
            f"target {sym} {fmt_en(t)} met.",
        )
    if met:
        return (
            f"{fmt_vi(v, places)} {sym} {fmt_vi(t)}: đạt chỉ tiêu.",
            f"{fmt_en(v, places)} {sym} {fmt_en(t)}: target met.",
        )
    return (
        f"{fmt_vi(v, places)} chưa {sym} {fmt_vi(t)}: chưa đạt chỉ tiêu.",
        f"{fmt_en(v, places)} is not {sym} {fmt_en(t)}: target not met.",
    )


def _as_year(value: Number | date, name: str) -> Decimal:
    # A date becomes a fractional year in which 31 December of year Y is exactly Y: annual
    # figures and deadlines both refer to the end of the year.
    if isinstance(value, date):
        days = (date(value.year, 12, 31) - date(value.year - 1, 12, 31)).days
        elapsed = (value - date(value.year - 1, 12, 31)).days
        return Decimal(value.year - 1) + Decimal(elapsed) / Decimal(days)
    return as_decimal(value, name)


def expected_by(
    *,
    baseline_year: Number | date,
    baseline_value: Decimal,
    target_year: Number | date,
    target_value: Decimal,
    on_year: Number | date,
) -> Decimal:
    """The value expected on *on_year* on the straight line from baseline to target.

    Years are numbers (2025) or dates (a date is a fraction of its year; 31 December of
    year Y is Y). Before the baseline the baseline is expected; after the deadline, the
    target.

    >>> expected_by(baseline_year=2020, baseline_value=Decimal(0), target_year=2030,
    ...             target_value=Decimal(50), on_year=date(2025, 12, 31))
    Decimal('25')
    >>> expected_by(baseline_year=2025, baseline_value=Decimal(0), target_year=2025,
    ...             target_value=Decimal(50), on_year=2025)
    Traceback (most recent call last):
      ...
    dxtrack.analytics.errors.AnalyticsError: the target year (2025) must come after the baseline year (2025)
    """
    t0 = _as_year(baseline_year, "baseline_year")
    t1 = _as_year(target_year, "target_year")
    t = _as_year(on_year, "on_year")
    b = as_decimal(baseline_value, "baseline_value")
    target = as_decimal(target_value, "target_value")
    if t1 <= t0:
        raise AnalyticsError(f"the target year ({t1}) must come after the baseline year ({t0})")
    share = min(max((t - t0) / (t1 - t0), Decimal(0)), Decimal(1))
    result = b + (target - b) * share
    # Drop the zeros that exact division leaves behind (80.000… → 80) but keep 0.1 as 0.1.
    if result == result.to_integral_value():
        return result.quantize(Decimal(1))
    return result.normalize()


@dataclass(frozen=True)
class EachUnitCheck:
    """The result of an "every unit must meet it" target.

    ``failing`` and ``missing`` name the units in the order given; ``checks`` holds the
    per-unit :class:`TargetCheck` of each unit that reported.
    """

    met: bool
    failing: tuple[str, ...]
    missing: tuple[str, ...]
    used_tolerance: bool
    checks: Mapping[str, TargetCheck]
    explanation_vi: str
    explanation_en: str

    @property
    def met_count(self) -> int:
        """How many units met the target."""
        return sum(1 for check in self.checks.values() if check.met)


def check_each_unit(
    values: Mapping[str, Decimal | None],
    *,
    comparator: str,
    target: Decimal,
    full_share_tolerance: Decimal = DEFAULT_TOLERANCE,
) -> EachUnitCheck:
    """Check a target that every unit must meet; ``values`` maps each expected unit to its
    value, or ``None`` when it has not reported.

    The target is met only when every unit reported and every one meets it: a unit with no
    data is not assumed to pass. An empty mapping is not met ("no units expected").

    >>> check_each_unit({}, comparator=">=", target=Decimal(80)).explanation_en
    'No units are expected to report, so the target cannot be checked.'
    """
    checks: dict[str, TargetCheck] = {}
    failing: list[str] = []
    missing: list[str] = []
    for unit, value in values.items():
        if value is None:
            missing.append(unit)
            continue
        check = check_target(
            value=value, comparator=comparator, target=target, full_share_tolerance=full_share_tolerance
        )
        checks[unit] = check
        if not check.met:
            failing.append(unit)
    met = bool(values) and not failing and not missing
    used = any(check.used_tolerance for check in checks.values())
    vi, en = _explain_each(len(values), len(checks) - len(failing), failing, missing)
    return EachUnitCheck(met, tuple(failing), tuple(missing), used, checks, vi, en)


def _explain_each(
    expected: int, passing: int, failing: list[str], missing: list[str]
) -> tuple[str, str]:
    if expected == 0:
        return (
            "Không có đơn vị nào phải báo cáo nên không thể đánh giá chỉ tiêu.",
            "No units are expected to report, so the target cannot be checked.",
        )
    vi = f"{passing}/{expected} đơn vị đạt"
    en = f"{passing} of {expected} units meet the target"
    if failing:
        vi += f"; chưa đạt: {', '.join(failing)}"
        en += f"; not met: {', '.join(failing)}"
    if missing:
        vi += f"; chưa báo cáo: {', '.join(missing)}"
        en += f"; not reported: {', '.join(missing)}"
    return vi + ".", en + "."
