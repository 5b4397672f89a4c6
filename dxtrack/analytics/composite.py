"""Composite indices and rankings: a methodology described as data, applied to raw values.

A :class:`Methodology` lists indicators (with their normalisation and weight, inside a group)
and groups (with their weight, inside a parent group). A group's score is the weighted mean
of its members' scores; a member without a value drops out and the remaining weights are
re-normalised. Scores are reported times ``scale`` (100 for the EU's DESI). This reproduces
the published DESI 2022 scores from the raw indicators (see the tests).

===================================  =======================================================
Function                             Answer
===================================  =======================================================
``min_max(x, minimum=, maximum=)``   (x − min) / (max − min), clipped to [0, 1]
``distance_to_target(x, ...)``       (x − worst) / (target − worst), clipped to [0, 1]
``compute_index(methodology, xs)``   :class:`IndexResult`: overall, group and indicator scores
``points_total(xs, points)``         Σ value × points / divisor (the DTI: / 1000)
``competition_rank(scores)``         ranks with ties, "1, 2, 2, 4"
``merged_mean(scores, merged_into)`` the (weighted) mean of the units merged into each new one
===================================  =======================================================

>>> min_max(0.75, minimum=0.25, maximum=1.0)
0.6666666666666666
>>> competition_rank({"A": 0.9, "B": 0.8, "C": 0.8, "D": 0.7})
{'A': 1, 'B': 2, 'C': 2, 'D': 4}
>>> points_total({"awareness": 0.5, "government": 1.0}, {"awareness": 100, "government": 200}).total
0.25
>>> merged_mean({"74": 0.7161, "77": 0.7774, "79": 0.8373}, {"74": "79", "77": "79", "79": "79"})["79"].score
0.7769333333333334
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from dxtrack.analytics._numbers import Number, as_float
from dxtrack.analytics.errors import AnalyticsError

__all__ = [
    "GroupSpec",
    "IndexResult",
    "IndicatorSpec",
    "MergedScore",
    "Methodology",
    "Normalisation",
    "PointsResult",
    "competition_rank",
    "compute_index",
    "distance_to_target",
    "merged_mean",
    "min_max",
    "points_total",
]


def _clip(x: float) -> float:
    return min(max(x, 0.0), 1.0)


def min_max(
    value: Number, *, minimum: Number, maximum: Number, clip: bool = True, higher_is_better: bool = True
) -> float:
    """Min–max normalisation with fixed bounds; inverted when lower is better.

    >>> min_max(120, minimum=25, maximum=100)
    1.0
    >>> min_max(40, minimum=25, maximum=100, higher_is_better=False)
    0.8
    """
    x = as_float(value, "value")
    low = as_float(minimum, "minimum")
    high = as_float(maximum, "maximum")
    if high == low:
        raise AnalyticsError(f"min–max bounds must differ, both are {low:g}")
    share = (x - low) / (high - low)
    if not higher_is_better:
        share = 1.0 - share
    return _clip(share) if clip else share


def distance_to_target(value: Number, *, target: Number, worst: Number, clip: bool = True) -> float:
    """How far from the worst value towards the target, 0 at *worst* and 1 at *target*; the
    direction follows from which of the two is larger.

    >>> distance_to_target(15, target=5, worst=25)
    0.5
    """
    x = as_float(value, "value")
    goal = as_float(target, "target")
    bad = as_float(worst, "worst")
    if goal == bad:
        raise AnalyticsError(f"the target and the worst value must differ, both are {goal:g}")
    share = (x - bad) / (goal - bad)
    return _clip(share) if clip else share


class Normalisation(StrEnum):
    MIN_MAX = "min_max"
    DISTANCE_TO_TARGET = "distance_to_target"
    NONE = "none"  # the value is already on the 0–1 scale


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator of an index: how it is normalised, its weight and its group."""

    code: str
    group: str
    weight: float = 1.0
    normalisation: Normalisation = Normalisation.MIN_MAX
    minimum: float | None = None
    maximum: float | None = None
    target: float | None = None
    worst: float | None = None
    higher_is_better: bool = True

    def normalise(self, value: Number) -> float:
        if self.normalisation is Normalisation.MIN_MAX:
            if self.minimum is None or self.maximum is None:
                raise AnalyticsError(f"indicator {self.code!r} needs min–max bounds")
            return min_max(
                value, minimum=self.minimum, maximum=self.maximum, higher_is_better=self.higher_is_better
            )
        if self.normalisation is Normalisation.DISTANCE_TO_TARGET:
            if self.target is None or self.worst is None:
                raise AnalyticsError(f"indicator {self.code!r} needs a target and a worst value")
            return distance_to_target(value, target=self.target, worst=self.worst)
        return as_float(value, self.code)


@dataclass(frozen=True)
class GroupSpec:
    """A group of an index (sub-dimension, dimension, the overall index) and its weight in
    its parent group; the one group without a parent is the overall index."""

    code: str
    weight: float = 1.0
    parent: str | None = None


@dataclass(frozen=True)
class Methodology:
    """An index as data; checked when built so that a bad methodology fails early.

    >>> Methodology(indicators=(IndicatorSpec("x", group="g", weight=0),),
    ...             groups=(GroupSpec("g"),))
    Traceback (most recent call last):
      ...
    dxtrack.analytics.errors.AnalyticsError: the weights in group 'g' add up to zero
    """

    indicators: tuple[IndicatorSpec, ...]
    groups: tuple[GroupSpec, ...]
    scale: float = 100.0

    def __post_init__(self) -> None:
        codes = [spec.code for spec in self.indicators] + [group.code for group in self.groups]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise AnalyticsError(f"codes must be unique in a methodology: {', '.join(repeated)}")
        groups = {group.code: group for group in self.groups}
        roots = [group.code for group in self.groups if group.parent is None]
        if len(roots) != 1:
            raise AnalyticsError(f"a methodology needs exactly one top group, found {len(roots)}")
        totals = dict.fromkeys(groups, 0.0)
        members: list[tuple[str, str, float]] = [
            (spec.code, spec.group, spec.weight) for spec in self.indicators
        ] + [(group.code, group.parent, group.weight) for group in self.groups if group.parent]
        for code, parent, weight in members:
            if parent not in groups:
                raise AnalyticsError(f"{code!r} belongs to an unknown group {parent!r}")
            if not math.isfinite(weight) or weight < 0:
                raise AnalyticsError(f"the weight of {code!r} must be a finite number ≥ 0, got {weight}")
            totals[parent] += weight
        for code, total in totals.items():
            if total <= 0:
                raise AnalyticsError(f"the weights in group {code!r} add up to zero")
        for group in self.groups:  # a parent chain must end at the top group
            seen: set[str] = set()
            current: str | None = group.code
            while current is not None:
                if current in seen:
                    raise AnalyticsError(f"the groups form a cycle through {current!r}")
                seen.add(current)
                current = groups[current].parent

    @property
    def top(self) -> str:
        return next(group.code for group in self.groups if group.parent is None)


@dataclass(frozen=True)
class IndexResult:
    """``score`` of the top group and ``groups`` are times the methodology's scale;
    ``normalised`` are on 0–1; ``missing`` lists indicators without a value."""

    score: float | None
    groups: Mapping[str, float | None]
    normalised: Mapping[str, float | None]
    missing: tuple[str, ...]


def compute_index(methodology: Methodology, values: Mapping[str, Number | None]) -> IndexResult:
    """Normalise, weight and aggregate one unit's raw values.

    >>> m = Methodology(
    ...     indicators=(IndicatorSpec("a", "g", weight=2, minimum=0, maximum=1),
    ...                 IndicatorSpec("b", "g", weight=1, minimum=0, maximum=1)),
    ...     groups=(GroupSpec("g"),))
    >>> compute_index(m, {"a": 0.5, "b": 0.8}).score
    60.0
    >>> r = compute_index(m, {"a": 0.5})
    >>> r.score, r.missing
    (50.0, ('b',))
    """
    normalised: dict[str, float | None] = {}
    sums = {group.code: [0.0, 0.0] for group in methodology.groups}  # Σ w·s, Σ w
    for spec in methodology.indicators:
        raw = values.get(spec.code)
        score = None if raw is None else spec.normalise(raw)
        normalised[spec.code] = score
        if score is not None:
            sums[spec.group][0] += spec.weight * score
            sums[spec.group][1] += spec.weight
    scores: dict[str, float | None] = {}
    for group in _bottom_up(methodology):
        weighted, weight = sums[group.code]
        # Members without a value dropped out above; dividing by the weight present
        # re-normalises the remaining weights.
        score = weighted / weight if weight > 0 else None
        scores[group.code] = score
        if group.parent is not None and score is not None:
            sums[group.parent][0] += group.weight * score
            sums[group.parent][1] += group.weight
    scaled = {code: None if s is None else s * methodology.scale for code, s in scores.items()}
    missing = tuple(code for code, s in normalised.items() if s is None)
    return IndexResult(scaled[methodology.top], scaled, normalised, missing)


def _bottom_up(methodology: Methodology) -> list[GroupSpec]:
    parents = {group.code: group.parent for group in methodology.groups}

    def depth(code: str) -> int:
        level = 0
        parent = parents[code]
        while parent is not None:
            level += 1
            parent = parents[parent]
        return level

    return sorted(methodology.groups, key=lambda group: -depth(group.code))


@dataclass(frozen=True)
class PointsResult:
    """A points-based total; ``None`` when a scored component is missing."""

    total: float | None
    missing: tuple[str, ...]


def points_total(
    values: Mapping[str, Number | None], points: Mapping[str, Number], *, divisor: Number = 1000
) -> PointsResult:
    """Σ value × points / divisor over the components in *points* (the DTI: values 0–1,
    1,000 points in all). Components worth 0 points need no value.

    >>> points_total({"a": 1.0}, {"a": 600, "b": 400}).missing
    ('b',)
    """
    scale = as_float(divisor, "divisor")
    if scale <= 0:
        raise AnalyticsError(f"the divisor must be positive, got {scale:g}")
    total = 0.0
    missing: list[str] = []
    for code, worth in points.items():
        weight = as_float(worth, f"the points of {code!r}")
        if weight == 0:
            continue
        raw = values.get(code)
        if raw is None:
            missing.append(code)
            continue
        total += as_float(raw, code) * weight
    return PointsResult(None if missing else total / scale, tuple(missing))


def competition_rank(
    scores: Mapping[str, Number | None], *, higher_is_better: bool = True, places: int | None = None
) -> dict[str, int]:
    """Standard competition ranks ("1, 2, 2, 4"): equal scores share a rank and the next
    rank skips. With *places*, scores are compared after rounding to that many decimals, so
    float noise cannot split a published tie. Units without a score get no rank.

    >>> competition_rank({"a": 1.0, "b": None, "c": 3.0}, higher_is_better=False)
    {'a': 1, 'c': 2}
    """
    keyed: list[tuple[float, str]] = []
    for unit, raw in scores.items():
        if raw is None:
            continue
        value = as_float(raw, f"the score of {unit!r}")
        keyed.append((round(value, places) if places is not None else value, unit))
    keyed.sort(key=lambda item: item[0], reverse=higher_is_better)
    ranks: dict[str, int] = {}
    previous: float | None = None
    rank = 0
    for position, (value, unit) in enumerate(keyed, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[unit] = rank
    return {unit: ranks[unit] for unit in scores if unit in ranks}


@dataclass(frozen=True)
class MergedScore:
    """A merged unit's score from its parts; ``missing`` parts had no score."""

    score: float | None
    parts: tuple[str, ...]
    missing: tuple[str, ...]
    reason: str | None = None

    @property
    def complete(self) -> bool:
        return not self.missing


def merged_mean(
    scores: Mapping[str, Number | None],
    merged_into: Mapping[str, str],
    *,
    weights: Mapping[str, Number] | None = None,
) -> dict[str, MergedScore]:
    """The score of each new unit as the mean of the old units merged into it: plain (as the
    DTI published the 2024 scores of the merged provinces) or weighted (for instance by
    population). Parts without a score drop out and are listed.

    >>> merged_mean({"a": 1.0, "b": 3.0}, {"a": "x", "b": "x"}, weights={"a": 0, "b": 0})["x"].reason
    'zero_weights'
    """
    parts: dict[str, list[str]] = {}
    for old, new in merged_into.items():
        parts.setdefault(new, []).append(old)
    result: dict[str, MergedScore] = {}
    for new, members in parts.items():
        present = [(old, scores.get(old)) for old in members]
        scored = [(old, as_float(s, f"the score of {old!r}")) for old, s in present if s is not None]
        missing = tuple(old for old, s in present if s is None)
        if not scored:
            result[new] = MergedScore(None, tuple(members), missing, "no_data")
            continue
        if weights is None:
            pairs = [(1.0, s) for _, s in scored]
        else:
            pairs = [(as_float(weights.get(old, 0), f"the weight of {old!r}"), s) for old, s in scored]
        total_weight = math.fsum(w for w, _ in pairs)
        if total_weight == 0:
            result[new] = MergedScore(None, tuple(members), missing, "zero_weights")
            continue
        score = math.fsum(w * s for w, s in pairs) / total_weight
        result[new] = MergedScore(score, tuple(members), missing)
    return result
