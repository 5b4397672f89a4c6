"""Roll-ups: over units, over time and across boundary changes, always with their coverage.

The rule is data (the indicator says how it aggregates), and every aggregate says how complete
it is: which units were expected, which reported, which are missing, and which reported
something the rule cannot use. Values are :class:`~decimal.Decimal`, so counts and amounts add
up exactly.

=======================================  =====================================================
Function                                 Answer
=======================================  =====================================================
``aggregate(observations, rule=)``       one :class:`Aggregate` over a set of units
``Hierarchy(parents)``                   the unit tree (from :mod:`.hierarchy`)
``aggregate_subtree(h, root, obs, ...)`` the aggregate over the leaves under *root*
``roll_up_tree(h, obs, rule=)``          the aggregate of every unit in the tree, in one pass
``totals_by_unit(units, values)``        raw rows summed per unit (the bulk path)
``aggregate_over_time(values, ...)``     a :class:`TimeAggregate` of sub-periods into a period
``re_express(obs, lineage, rule=)``      historical values re-expressed in today's units
=======================================  =====================================================

Unit rules (:class:`UnitRule`): ``sum``; ``ratio_of_sums`` (Σ numerators / Σ denominators ×
*scale*; a unit that reported only the percentage is a **gap**, never averaged in); ``mean``;
``weighted_mean`` (weight from another indicator; a unit without a weight is a gap); ``min``;
``max``. Time rules (:class:`PeriodRule`): flows ``sum``, stocks take the ``last`` value, rates
take the ``mean``.

>>> wards = {"A": Observation(numerator=Decimal(45), denominator=Decimal(50)),
...          "B": Observation(numerator=Decimal(5), denominator=Decimal(50)),
...          "C": Observation(value=Decimal(80))}
>>> result = aggregate(wards, rule="ratio_of_sums", expected=["A", "B", "C", "D"])
>>> result.value, result.reported, result.gaps, result.missing
(Decimal('50'), ('A', 'B'), ('C',), ('D',))
>>> result.explanation_en
'2 of 4 units counted (50%); not reported: D; reported only a percentage, so not added in: C.'

The plain mean of A's 90% and B's 10% would also be 50% here, but only because the
denominators are equal; with 45/50 and 5/10 the ratio of sums is 50/60 = 83.3%, the mean 70%.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from dxtrack.analytics._numbers import as_decimal, fmt_en, fmt_vi
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.hierarchy import Hierarchy
from dxtrack.analytics.periods import Period, PeriodType

__all__ = [
    "Aggregate",
    "Hierarchy",
    "LineagePart",
    "Observation",
    "PeriodRule",
    "TimeAggregate",
    "UnitRule",
    "aggregate",
    "aggregate_over_time",
    "aggregate_subtree",
    "re_express",
    "roll_up_tree",
    "totals_by_unit",
]

HUNDRED = Decimal(100)
ZERO = Decimal(0)
# How many unit names an explanation lists before it says "and N more".
NAMES_SHOWN = 10


class UnitRule(StrEnum):
    """How an indicator aggregates across units; values match the Django model choices."""

    SUM = "sum"
    RATIO_OF_SUMS = "ratio_of_sums"
    MEAN = "mean"
    WEIGHTED_MEAN = "weighted_mean"
    MIN = "min"
    MAX = "max"


class PeriodRule(StrEnum):
    """How an indicator aggregates over periods; values match the Django model choices."""

    SUM = "sum"
    LAST = "last"
    MEAN = "mean"


def _unit_rule(rule: str) -> UnitRule:
    try:
        return UnitRule(rule)
    except ValueError:
        choices = ", ".join(r.value for r in UnitRule)
        raise AnalyticsError(f"{rule!r} cannot be aggregated across units: use one of {choices}") from None


def _period_rule(rule: str) -> PeriodRule:
    try:
        return PeriodRule(rule)
    except ValueError:
        raise AnalyticsError(f"unknown period rule {rule!r}: use sum, last or mean") from None


@dataclass(frozen=True)
class Observation:
    """What one unit reported: a value, and/or the numerator and denominator behind it, and
    (for weighted means) the weight. Plain numbers are converted to Decimal."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    weight: Decimal | None = None

    def __post_init__(self) -> None:
        for name in ("value", "numerator", "denominator", "weight"):
            item = getattr(self, name)
            if item is not None:
                object.__setattr__(self, name, as_decimal(item, name))

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None


def _names(units: Sequence[str]) -> str:
    shown = ", ".join(units[:NAMES_SHOWN])
    more = len(units) - NAMES_SHOWN
    return shown if more <= 0 else f"{shown} (+{more})"


@dataclass(frozen=True)
class Aggregate:
    """An aggregate and its coverage.

    ``reported`` units were counted; ``gaps`` reported something the rule cannot use;
    ``missing`` reported nothing. ``value`` is ``None`` with a ``reason`` (``no_data``,
    ``zero_denominator``, ``zero_weights``) when there is nothing to show.
    """

    rule: UnitRule
    value: Decimal | None
    expected: tuple[str, ...]
    reported: tuple[str, ...]
    gaps: tuple[str, ...]
    missing: tuple[str, ...]
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reason: str | None = None

    @property
    def coverage(self) -> Decimal | None:
        """The share of expected units counted, 0–1; ``None`` when none were expected."""
        if not self.expected:
            return None
        return Decimal(len(self.reported)) / Decimal(len(self.expected))

    @property
    def complete(self) -> bool:
        return bool(self.expected) and len(self.reported) == len(self.expected)

    @property
    def explanation_vi(self) -> str:
        if not self.expected:
            return "Không có đơn vị nào phải báo cáo."
        share = fmt_vi((self.coverage or ZERO) * HUNDRED, 0)
        text = f"{len(self.reported)}/{len(self.expected)} đơn vị được tính ({share}%)"
        if self.missing:
            text += f"; chưa báo cáo: {_names(self.missing)}"
        if self.gaps:
            text += f"; {_GAP_VI.get(self.rule, _GAP_NO_VALUE_VI)}: {_names(self.gaps)}"
        if self.reason == "zero_denominator":
            text += "; tổng mẫu số bằng 0 nên không tính được tỷ lệ"
        return text + "."

    @property
    def explanation_en(self) -> str:
        if not self.expected:
            return "No units are expected to report."
        share = fmt_en((self.coverage or ZERO) * HUNDRED, 0)
        text = f"{len(self.reported)} of {len(self.expected)} units counted ({share}%)"
        if self.missing:
            text += f"; not reported: {_names(self.missing)}"
        if self.gaps:
            text += f"; {_GAP_EN.get(self.rule, _GAP_NO_VALUE_EN)}: {_names(self.gaps)}"
        if self.reason == "zero_denominator":
            text += "; the denominators add up to zero, so there is no ratio"
        return text + "."


_GAP_VI = {
    UnitRule.RATIO_OF_SUMS: "chỉ báo cáo tỷ lệ %, không cộng dồn được",
    UnitRule.WEIGHTED_MEAN: "thiếu trọng số, không tính được",
}
_GAP_EN = {
    UnitRule.RATIO_OF_SUMS: "reported only a percentage, so not added in",
    UnitRule.WEIGHTED_MEAN: "no weight, so left out",
}
# The rules that read the value: a unit that sent only a numerator or denominator has none.
_GAP_NO_VALUE_VI = "chỉ báo cáo tử số/mẫu số, không có giá trị"
_GAP_NO_VALUE_EN = "reported no value, only its parts"


class _Accumulator:
    """Running totals for one rule; values are added unit by unit."""

    def __init__(self, rule: UnitRule) -> None:
        self.rule = rule
        self.total = ZERO
        self.numerator = ZERO
        self.denominator = ZERO
        self.weights = ZERO
        self.smallest: Decimal | None = None
        self.largest: Decimal | None = None
        self.reported: list[str] = []
        self.gaps: list[str] = []

    def add(self, unit: str, observation: Observation) -> None:
        rule = self.rule
        if rule is UnitRule.RATIO_OF_SUMS:
            if observation.numerator is None or observation.denominator is None:
                self.gaps.append(unit)
                return
            self.numerator += observation.numerator
            self.denominator += observation.denominator
        else:
            value = observation.value
            if value is None:
                self.gaps.append(unit)
                return
            if rule is UnitRule.WEIGHTED_MEAN:
                if observation.weight is None:
                    self.gaps.append(unit)
                    return
                self.total += value * observation.weight
                self.weights += observation.weight
            else:
                self.total += value
                self.smallest = value if self.smallest is None else min(self.smallest, value)
                self.largest = value if self.largest is None else max(self.largest, value)
        self.reported.append(unit)

    def finish(self, expected: Sequence[str], scale: Decimal) -> Aggregate:
        seen = set(self.reported) | set(self.gaps)
        missing = tuple(unit for unit in expected if unit not in seen)
        value, reason = self._value(scale)
        ratio = self.rule is UnitRule.RATIO_OF_SUMS and bool(self.reported)
        return Aggregate(
            rule=self.rule,
            value=value,
            expected=tuple(expected),
            reported=tuple(self.reported),
            gaps=tuple(self.gaps),
            missing=missing,
            numerator=self.numerator if ratio else None,
            denominator=self.denominator if ratio else None,
            reason=reason,
        )

    def _value(self, scale: Decimal) -> tuple[Decimal | None, str | None]:
        if not self.reported:
            return None, "no_data"
        rule = self.rule
        if rule is UnitRule.SUM:
            return self.total, None
        if rule is UnitRule.MEAN:
            return self.total / len(self.reported), None
        if rule is UnitRule.MIN:
            return self.smallest, None
        if rule is UnitRule.MAX:
            return self.largest, None
        if rule is UnitRule.WEIGHTED_MEAN:
            if self.weights == 0:
                return None, "zero_weights"
            return self.total / self.weights, None
        if self.denominator == 0:
            return None, "zero_denominator"
        return self.numerator * scale / self.denominator, None


def aggregate(
    observations: Mapping[str, Observation],
    *,
    rule: str,
    expected: Iterable[str] | None = None,
    scale: Decimal = HUNDRED,
) -> Aggregate:
    """Aggregate the observations of the *expected* units (by default, every key).

    Observations of units that are not expected are ignored; an expected unit without an
    observation (or with an empty one) is missing. *scale* multiplies a ratio of sums
    (100 for a percentage, 1 for a plain ratio).

    >>> aggregate({}, rule="sum", expected=["A"]).reason
    'no_data'
    >>> aggregate({"A": Observation(value=Decimal(3))}, rule="median")
    Traceback (most recent call last):
      ...
    dxtrack.analytics.errors.AnalyticsError: 'median' cannot be aggregated across units: use one of sum, ratio_of_sums, mean, weighted_mean, min, max
    """
    accumulator = _Accumulator(_unit_rule(rule))
    units = list(observations) if expected is None else list(dict.fromkeys(expected))
    for unit in units:
        observation = observations.get(unit)
        if observation is not None and not observation.is_empty:
            accumulator.add(unit, observation)
    return accumulator.finish(units, as_decimal(scale, "scale"))


# -- Units in a tree -----------------------------------------------------------------------


def aggregate_subtree(
    hierarchy: Hierarchy,
    root: str,
    observations: Mapping[str, Observation],
    *,
    rule: str,
    scale: Decimal = HUNDRED,
) -> Aggregate:
    """The aggregate over the leaves under *root*, each of which is expected to report."""
    return aggregate(observations, rule=rule, expected=hierarchy.leaves_under(root), scale=scale)


def roll_up_tree(
    hierarchy: Hierarchy,
    observations: Mapping[str, Observation],
    *,
    rule: str,
    scale: Decimal = HUNDRED,
) -> dict[str, Aggregate]:
    """The aggregate of every unit over the leaves under it, in one pass up the tree.

    Each leaf's observation is added to the running totals of the leaf and of each of its
    ancestors, so the cost is the number of leaves times the depth.

    >>> h = Hierarchy({"P": None, "a": "P", "b": "P"})
    >>> up = roll_up_tree(h, {"a": Observation(value=Decimal(2))}, rule="sum")
    >>> up["P"].value, up["P"].missing, up["b"].reason
    (Decimal('2'), ('b',), 'no_data')
    """
    kind = _unit_rule(rule)
    factor = as_decimal(scale, "scale")
    accumulators = {unit: _Accumulator(kind) for unit in hierarchy.units}
    for unit in hierarchy.units:
        if hierarchy.children(unit):
            continue
        observation = observations.get(unit)
        if observation is None or observation.is_empty:
            continue
        accumulators[unit].add(unit, observation)
        for ancestor in hierarchy.ancestors(unit):
            accumulators[ancestor].add(unit, observation)
    return {
        unit: accumulator.finish(hierarchy.leaves_under(unit), factor)
        for unit, accumulator in accumulators.items()
    }


N = TypeVar("N", int, float, Decimal)


def totals_by_unit(units: Iterable[str], values: Iterable[N]) -> dict[str, N]:
    """Sum raw rows per unit: the bulk step before :func:`roll_up_tree`.

    Works on ints, floats or Decimals alike (one type per call); the two iterables are read
    in step and must have the same length.

    >>> totals_by_unit(["a", "b", "a"], [1, 2, 3])
    {'a': 4, 'b': 2}
    """
    totals: dict[str, N] = {}
    get = totals.get
    for unit, value in zip(units, values, strict=True):
        previous = get(unit)
        totals[unit] = value if previous is None else previous + value
    return totals


# -- Over time -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeAggregate:
    """A period's value from its sub-periods.

    ``partial`` is true when an expected sub-period is missing or not yet due; ``last`` is
    the sub-period a stock's value was taken from.
    """

    rule: PeriodRule
    period: Period
    value: Decimal | None
    expected: tuple[Period, ...]
    reported: tuple[Period, ...]
    missing: tuple[Period, ...]
    not_due: tuple[Period, ...]
    last: Period | None = None
    reason: str | None = None

    @property
    def partial(self) -> bool:
        return bool(self.missing or self.not_due)

    @property
    def explanation_en(self) -> str:
        text = f"{self.period.code}: {len(self.reported)} of {len(self.expected)} periods reported"
        if self.missing:
            text += f"; missing: {_names([p.code for p in self.missing])}"
        if self.not_due:
            text += f"; not yet due: {_names([p.code for p in self.not_due])}"
        if self.rule is PeriodRule.LAST and self.last is not None:
            text += f"; value as of {self.last.code}"
        return text + "."

    @property
    def explanation_vi(self) -> str:
        text = f"{self.period.label_vi}: {len(self.reported)}/{len(self.expected)} kỳ đã báo cáo"
        if self.missing:
            text += f"; thiếu: {_names([p.code for p in self.missing])}"
        if self.not_due:
            text += f"; chưa đến hạn: {_names([p.code for p in self.not_due])}"
        if self.rule is PeriodRule.LAST and self.last is not None:
            text += f"; số liệu tính đến {self.last.code}"
        return text + "."


def aggregate_over_time(
    values: Mapping[Period, Decimal | None],
    *,
    period: Period,
    rule: str,
    of_type: PeriodType | str | None = None,
    as_of: date | None = None,
) -> TimeAggregate:
    """Aggregate the values of *period*'s sub-periods: ``sum`` for flows, ``last`` for stocks,
    ``mean`` for rates.

    The sub-period type is *of_type*, or else the type of the keys (all keys must share it).
    Keys outside *period* are ignored. With *as_of*, sub-periods ending after that day are
    ``not_due`` rather than missing.

    >>> from dxtrack.analytics.periods import parse_period as p
    >>> months = {p("2025-01"): Decimal(3), p("2025-02"): Decimal(4), p("2025-04"): Decimal(6)}
    >>> flow = aggregate_over_time(months, period=p("2025Q1"), rule="sum")
    >>> flow.value, [m.code for m in flow.missing], flow.partial
    (Decimal('7'), ['2025-03'], True)
    >>> stock = aggregate_over_time(months, period=p("2025S1"), rule="last", as_of=date(2025, 5, 10))
    >>> stock.value, stock.last.code, [m.code for m in stock.not_due]
    (Decimal('6'), '2025-04', ['2025-05', '2025-06'])
    """
    kind = _period_rule(rule)
    sub_type = _sub_type(values, period, of_type)
    expected = tuple(period.subperiods(sub_type)) if sub_type is not None else ()
    due = tuple(p for p in expected if as_of is None or p.end <= as_of)
    not_due = tuple(p for p in expected if p not in due)
    found = [(p, values[p]) for p in due if values.get(p) is not None]
    reported = tuple(p for p, _ in found)
    missing = tuple(p for p in due if p not in reported)
    numbers = [as_decimal(v, f"the value for {p.code}") for p, v in found if v is not None]
    last = reported[-1] if reported else None
    value: Decimal | None
    if not numbers:
        value = None
    elif kind is PeriodRule.SUM:
        value = sum(numbers, ZERO)
    elif kind is PeriodRule.LAST:
        value = numbers[-1]
    else:
        value = sum(numbers, ZERO) / len(numbers)
    return TimeAggregate(
        rule=kind, period=period, value=value, expected=expected, reported=reported,
        missing=missing, not_due=not_due, last=last,
        reason=None if numbers else "no_data",
    )  # fmt: skip


def _sub_type(
    values: Mapping[Period, Decimal | None], period: Period, of_type: PeriodType | str | None
) -> PeriodType | None:
    if of_type is not None:
        try:
            return PeriodType(of_type)
        except ValueError:
            raise AnalyticsError(f"unknown period type {of_type!r}") from None
    types = {key.type for key in values}
    if len(types) > 1:
        raise AnalyticsError(
            "values over time must share one period type, got "
            + ", ".join(sorted(t.value for t in types))
        )
    if not types:
        return None
    sub_type = types.pop()
    if sub_type.months > period.type.months:
        raise AnalyticsError(f"{sub_type.value} values cannot make up {period.code}")
    return sub_type


# -- Boundary changes -----------------------------------------------------------------------


@dataclass(frozen=True)
class LineagePart:
    """A part of today's unit: an old unit and the share of it that went in (1 for a merge;
    less than 1 for a split, such as the old unit's population share)."""

    unit: str
    share: Decimal = field(default=Decimal(1))

    def __post_init__(self) -> None:
        share = as_decimal(self.share, "share")
        if not ZERO < share <= 1:
            raise AnalyticsError(f"the share of {self.unit!r} must be above 0 and at most 1, got {share}")
        object.__setattr__(self, "share", share)


def re_express(
    observations: Mapping[str, Observation],
    lineage: Mapping[str, Sequence[LineagePart | str]],
    *,
    rule: str,
    scale: Decimal = HUNDRED,
) -> dict[str, Aggregate]:
    """Historical values re-expressed in today's units; *lineage* maps each new unit to its
    parts (old unit names, or :class:`LineagePart` with a share for splits).

    A count is the sum of its parts (times each part's share); a percentage is the ratio of
    the summed numerators and denominators (each times its share); a mean is the plain mean
    of the parts (the DTI's merged provinces); a weighted mean scales each weight by its
    share. A split part keeps its old unit's percentage, mean, min and max: without
    finer data that is all that can honestly be said.

    >>> old = {"74": Observation(value=Decimal(10)), "79": Observation(value=Decimal(30)),
    ...        "77": Observation(value=Decimal(5))}
    >>> new = re_express(old, {"79": ["79", "74", "77"]}, rule="sum")
    >>> new["79"].value, new["79"].reported
    (Decimal('45'), ('79', '74', '77'))
    >>> re_express(old, {"X": [LineagePart("74", Decimal("0.4"))]}, rule="sum")["X"].value
    Decimal('4.0')
    """
    kind = _unit_rule(rule)
    factor = as_decimal(scale, "scale")
    shares_given: dict[str, Decimal] = {}
    results: dict[str, Aggregate] = {}
    for new_unit, raw_parts in lineage.items():
        parts = [part if isinstance(part, LineagePart) else LineagePart(part) for part in raw_parts]
        names = [part.unit for part in parts]
        if len(set(names)) != len(names):
            raise AnalyticsError(f"{new_unit!r} lists the same old unit twice")
        accumulator = _Accumulator(kind)
        for part in parts:
            shares_given[part.unit] = shares_given.get(part.unit, ZERO) + part.share
            observation = observations.get(part.unit)
            if observation is None or observation.is_empty:
                continue
            accumulator.add(part.unit, _scaled(observation, part.share, kind))
        results[new_unit] = accumulator.finish(names, factor)
    over = sorted(unit for unit, share in shares_given.items() if share > 1)
    if over:
        raise AnalyticsError(f"more than the whole of {_names(over)} was given to new units")
    return results


def _scaled(observation: Observation, share: Decimal, rule: UnitRule) -> Observation:
    if share == 1:
        return observation
    if rule is UnitRule.SUM:
        value = observation.value
        return Observation(value=None if value is None else value * share)
    if rule is UnitRule.RATIO_OF_SUMS:
        numerator, denominator = observation.numerator, observation.denominator
        return Observation(
            value=observation.value,
            numerator=None if numerator is None else numerator * share,
            denominator=None if denominator is None else denominator * share,
        )
    if rule is UnitRule.WEIGHTED_MEAN:
        weight = observation.weight
        return Observation(value=observation.value, weight=None if weight is None else weight * share)
    return observation
