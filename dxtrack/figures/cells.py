"""The rules that turn values into figures, in plain Python (no Django): one home for each.

A **cell** is the additive aggregate of the values that make up one area's figure for one
period of the indicator's own type (a month for a monthly indicator), in one variant (approved
only or all values, with or without sample data). Cells add up: the cell of a province is the
sum of the cells of its wards' values, which is what lets the aggregate store keep them in
step with a write by adding the difference it makes. A **figure** for a longer period (a year
of a monthly indicator) is built from its sub-periods' cells by the indicator's period rule.

==================================  ================================================================
Function                            Answer
==================================  ================================================================
``Contribution``                    one unit's value as it enters an area's figure (with its share)
``Cell``                            the additive aggregate of contributions; ``+`` and ``-``
``cell_of(contributions, rule)``    the cell of a set of contributions
``cell_value(cell, rule, scale)``   the cell's value, numerator, denominator, or why there is none
``combine(cells, ...)``             a period's figure numbers from its sub-periods' cells
``proves(...)``                     what a partial figure can prove about a target
==================================  ================================================================

Unit rules: ``sum`` adds values (times the share of a split unit); ``ratio_of_sums`` adds
numerators and denominators and divides (a unit that sent only a percentage is counted as
*without parts*, never averaged in); ``mean`` and ``weighted_mean`` (weights from another
indicator); ``min``, ``max``. Period rules: ``sum`` (flows), ``last`` (stocks: the last
sub-period with a figure), ``mean`` (rates; a ratio of sums stays a ratio of the summed parts).

>>> a = Contribution(unit=1, numerator=Decimal(45), denominator=Decimal(50))
>>> b = Contribution(unit=2, numerator=Decimal(5), denominator=Decimal(10))
>>> c = Contribution(unit=3, value=Decimal(80))
>>> cell = cell_of([a, b, c], rule="ratio_of_sums")
>>> cell.reported, cell.without_parts, cell_value(cell, rule="ratio_of_sums").value
(2, 1, Decimal('83.333333'))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from decimal import ROUND_HALF_EVEN, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
# Figures are stored and shown with at most six decimals, like reported values.
QUANTUM = Decimal("0.000001")

SUM, RATIO, MEAN, WEIGHTED, MIN, MAX, NONE = "sum", "ratio_of_sums", "mean", "weighted_mean", "min", "max", "none"
LAST = "last"
NON_NEGATIVE_TYPES = {"count", "amount_vnd"}


def quantize(value: Decimal) -> Decimal:
    return value.quantize(QUANTUM, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Contribution:
    """One unit's value for one period as it enters an area's figure.

    ``share`` is the part of the unit's territory inside the area (1 unless the unit was
    split); ``lineage`` marks a value re-expressed through a merge or split.
    """

    unit: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    weight: Decimal | None = None
    share: Decimal = ONE
    sample: bool = False
    approved: bool = True
    lineage: bool = False
    source: str = ""


@dataclass(frozen=True)
class Cell:
    """Additive counts and sums of the contributions to one figure.

    ``reported``: units whose value the rule could use; ``without_parts``: units that reported
    what the rule cannot use (a percentage without its parts, a mean without its weight);
    ``values``: values counted, ``used`` of them usable by the rule (a unit formed in a reform
    may be reported through the several units it was formed from: one unit, several values);
    ``sample``, ``unapproved``, ``lineage`` count those values;
    ``overlaps``: values left out because a successor reported the same period.
    ``minimum``/``maximum`` are not additive: subtracting a cell that held the extreme
    makes them unknown (``None`` with ``extremes_stale``) until recomputed.
    """

    reported: int = 0
    without_parts: int = 0
    values: int = 0
    used: int = 0
    sample: int = 0
    unapproved: int = 0
    lineage: int = 0
    overlaps: int = 0
    through_predecessors: int = 0
    total: Decimal = ZERO
    numerator: Decimal = ZERO
    denominator: Decimal = ZERO
    weighted: Decimal = ZERO
    weights: Decimal = ZERO
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    extremes_stale: bool = False

    @property
    def is_empty(self) -> bool:
        return self.values == 0 and self.reported == 0 and self.without_parts == 0 and self.overlaps == 0

    def __add__(self, other: Cell) -> Cell:
        return Cell(
            **{name: getattr(self, name) + getattr(other, name) for name in _ADDITIVE},
            minimum=_pick(min, self.minimum, other.minimum),
            maximum=_pick(max, self.maximum, other.maximum),
            extremes_stale=self.extremes_stale or other.extremes_stale,
        )

    def __sub__(self, other: Cell) -> Cell:
        stale = self.extremes_stale or other.extremes_stale
        if other.minimum is not None and (self.minimum is None or other.minimum <= self.minimum):
            stale = True
        if other.maximum is not None and (self.maximum is None or other.maximum >= self.maximum):
            stale = True
        return Cell(
            **{name: getattr(self, name) - getattr(other, name) for name in _ADDITIVE},
            minimum=None if stale else self.minimum,
            maximum=None if stale else self.maximum,
            extremes_stale=stale,
        )


_ADDITIVE = tuple(
    f.name for f in fields(Cell) if f.name not in ("minimum", "maximum", "extremes_stale")
)
EMPTY = Cell()


def _pick(choose, a: Decimal | None, b: Decimal | None) -> Decimal | None:  # type: ignore[no-untyped-def]
    if a is None:
        return b
    if b is None:
        return a
    return choose(a, b)


def usable(contribution: Contribution, rule: str) -> bool:
    """Whether the rule can use what the unit sent."""
    if rule == RATIO:
        return contribution.numerator is not None and contribution.denominator is not None
    if contribution.value is None:
        return False
    return not (rule == WEIGHTED and contribution.weight is None)


def cell_add(cell: Cell, contribution: Contribution, rule: str, *, counted: bool = True) -> Cell:
    """*cell* with one contribution added. ``counted`` False adds the value without counting a
    reporting unit (a predecessor's value standing in for a unit that is counted once)."""
    flags = {
        "values": 1,
        "sample": int(contribution.sample),
        "unapproved": int(not contribution.approved),
        "lineage": int(contribution.lineage),
    }
    if not usable(contribution, rule):
        return cell + Cell(without_parts=int(counted), **flags)
    flags["used"] = 1
    share = contribution.share
    value = contribution.value
    if rule == RATIO:
        assert contribution.numerator is not None and contribution.denominator is not None  # noqa: S101
        part = Cell(numerator=contribution.numerator * share, denominator=contribution.denominator * share)
    elif rule == WEIGHTED:
        assert value is not None and contribution.weight is not None  # noqa: S101
        weight = contribution.weight * share
        part = Cell(weighted=value * weight, weights=weight)
    elif rule == SUM:
        assert value is not None  # noqa: S101
        part = Cell(total=value * share)
    else:  # mean, min, max: a split part keeps its unit's value (nothing finer is known)
        assert value is not None  # noqa: S101
        part = Cell(total=value, minimum=value, maximum=value)
    return cell + replace(part, reported=int(counted), **flags)


def cell_of(contributions: Iterable[Contribution], rule: str) -> Cell:
    """The cell of a set of contributions: what adding each with `cell_add` gives, summed in
    local variables (one Cell at the end), since a roll-up adds thousands of them."""
    reported = without_parts = values = used = sample = unapproved = lineage = 0
    total = numerator = denominator = weighted = weights = ZERO
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    for c in contributions:
        values += 1
        sample += c.sample
        unapproved += not c.approved
        lineage += c.lineage
        if not usable(c, rule):
            without_parts += 1
            continue
        used += 1
        reported += 1
        share = c.share
        if rule == RATIO:
            numerator += c.numerator * share  # type: ignore[operator]
            denominator += c.denominator * share  # type: ignore[operator]
        elif rule == WEIGHTED:
            weight = c.weight * share  # type: ignore[operator]
            weighted += c.value * weight  # type: ignore[operator]
            weights += weight
        elif rule == SUM:
            total += c.value * share  # type: ignore[operator]
        else:  # mean, min, max: a split part keeps its unit's value
            value = c.value
            total += value  # type: ignore[operator]
            minimum = value if minimum is None or value < minimum else minimum  # type: ignore[operator]
            maximum = value if maximum is None or value > maximum else maximum  # type: ignore[operator]
    return Cell(
        reported=reported, without_parts=without_parts, values=values, used=used, sample=sample,
        unapproved=unapproved, lineage=lineage, total=total, numerator=numerator, denominator=denominator,
        weighted=weighted, weights=weights, minimum=minimum, maximum=maximum,
    )


@dataclass(frozen=True)
class Numbers:
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reason: str | None = None


def cell_value(cell: Cell, *, rule: str, scale: Decimal = HUNDRED) -> Numbers:
    """The figure of one cell by the unit rule, or the reason there is none."""
    if cell.used == 0:
        if cell.without_parts or cell.values:
            return Numbers(None, reason="only_percentages" if rule == RATIO else "zero_weights")
        return Numbers(None, reason="no_data")
    if rule == RATIO:
        if cell.denominator == 0:
            return Numbers(None, reason="zero_denominator")
        return Numbers(quantize(cell.numerator * scale / cell.denominator), quantize(cell.numerator), quantize(cell.denominator))
    if rule == WEIGHTED:
        if cell.weights == 0:
            return Numbers(None, reason="zero_weights")
        return Numbers(quantize(cell.weighted / cell.weights))
    if rule == SUM:
        return Numbers(quantize(cell.total))
    if rule == MEAN:
        return Numbers(quantize(cell.total / cell.used))
    if cell.extremes_stale:
        raise ValueError("the cell's minimum and maximum must be recomputed before reading them")
    return Numbers(cell.minimum if rule == MIN else cell.maximum)


@dataclass(frozen=True)
class Combined:
    """A period's numbers from its sub-periods: the value, which sub-period the coverage is
    of, and which due sub-periods had no figure."""

    numbers: Numbers
    cell: Cell  # the sub-periods' cells added (flags and counts of every value that went in)
    coverage_index: int | None  # index of the sub-period whose coverage the figure carries
    missing: tuple[int, ...]  # indexes of sub-periods without a figure (due or not yet due)


def combine(
    cells: Sequence[Cell | None],
    *,
    unit_rule: str,
    period_rule: str,
    due: int | None = None,
    scale: Decimal = HUNDRED,
    expected: Sequence[int] | None = None,
) -> Combined:
    """The figure of a period from the cells of its sub-periods, in order (None: no values).

    ``due``: how many of the first sub-periods are due (the rest are not over yet); their
    absence makes the figure partial as much as a missing one. ``expected``: units expected
    in each sub-period, to find the least complete one.

    >>> q = [Cell(reported=2, values=2, used=2, total=Decimal(3)), None, Cell(reported=1, values=1, used=1, total=Decimal(4))]
    >>> r = combine(q, unit_rule="sum", period_rule="sum")
    >>> r.numbers.value, r.missing, r.coverage_index
    (Decimal('7.000000'), (1,), 1)
    >>> combine(q, unit_rule="sum", period_rule="last").numbers.value
    Decimal('4.000000')
    """
    due = len(cells) if due is None else due
    per = [None if c is None else cell_value(c, rule=unit_rule, scale=scale) for c in cells]
    with_value = [i for i in range(len(cells)) if per[i] is not None and per[i].value is not None]  # type: ignore[union-attr]
    missing = tuple(i for i in range(len(cells)) if i not in with_value)
    total = EMPTY
    for cell in cells:
        if cell is not None:
            total = total + cell
    if len(cells) == 1:
        only = per[0] or Numbers(None, reason="no_data")
        return Combined(only, total, 0, missing)
    if not with_value:
        reason = next((n.reason for n in per if n is not None and n.reason), "no_data")
        return Combined(Numbers(None, reason=reason), total, max(due - 1, 0), missing)
    if period_rule == LAST:
        last = with_value[-1]
        return Combined(per[last], cells[last] or EMPTY, last, missing)  # type: ignore[arg-type]
    coverage_index = _weakest(cells, due, expected)
    used = [cells[i] for i in with_value]
    if unit_rule == RATIO:
        pooled = EMPTY
        for cell in used:
            pooled = pooled + cell  # type: ignore[operator]
        numbers = cell_value(pooled, rule=RATIO, scale=scale)
        if period_rule != SUM and numbers.value is not None:  # mean: the parts per sub-period
            count = Decimal(len(used))
            numbers = Numbers(numbers.value, quantize(pooled.numerator / count), quantize(pooled.denominator / count))
        return Combined(numbers, total, coverage_index, missing)
    values = [per[i].value for i in with_value]  # type: ignore[union-attr]
    summed = sum(values, ZERO)  # type: ignore[arg-type]
    value = summed if period_rule == SUM else summed / len(values)
    return Combined(Numbers(quantize(value)), total, coverage_index, missing)


def _weakest(cells: Sequence[Cell | None], due: int, expected: Sequence[int] | None) -> int:
    """The due sub-period with the fewest reporting units (the latest such one)."""
    best, best_share = max(due - 1, 0), None
    for index in range(min(due, len(cells))):
        cell = cells[index]
        reported = 0 if cell is None else cell.reported
        total = expected[index] if expected is not None else 1
        share = Decimal(reported) / Decimal(total) if total else Decimal(reported > 0)
        if best_share is None or share <= best_share:
            best, best_share = index, share
    return best


# -- what a partial figure can prove --------------------------------------------------------


def proves(
    *, value: Decimal, comparator: str, target: Decimal, unit_rule: str, period_rule: str,
    value_type: str, subperiods_missing: bool,
) -> bool | None:
    """Whether a partial figure proves the target met (True) or missed (False), else None.

    Only a sum of non-negative counts or amounts can grow as the missing values come in, and
    only grow: a partial total already at or above T proves "≥ T" (and "> T" above it) met,
    and proves "≤ T" / "< T" missed once it is above (or at) T. Nothing else is provable. A
    stock's year ("last") with a missing month is not a partial sum: the missing month might
    replace the value, so it proves nothing.

    >>> proves(value=Decimal(120), comparator=">=", target=Decimal(100), unit_rule="sum",
    ...        period_rule="sum", value_type="count", subperiods_missing=True)
    True
    >>> proves(value=Decimal(80), comparator="<=", target=Decimal(100), unit_rule="sum",
    ...        period_rule="sum", value_type="count", subperiods_missing=False) is None
    True
    """
    if unit_rule != SUM or value_type not in NON_NEGATIVE_TYPES:
        return None
    if subperiods_missing and period_rule != SUM:
        return None
    if comparator == ">=" and value >= target:
        return True
    if comparator == ">" and value > target:
        return True
    if comparator == "<=" and value > target:
        return False
    if comparator == "<" and value >= target:
        return False
    return None
