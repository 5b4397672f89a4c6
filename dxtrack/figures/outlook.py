"""Progress and projection of one target from its yearly figures (no Django).

The default method is the linear share of the required progress
(:func:`dxtrack.analytics.progress.linear_progress`): from the baseline *b* (year *t0*) to the
judged figure *v* (year *t*) against the target *T* at the deadline year *tT*. The projection
continues the yearly figures to the deadline — a logistic curve bounded by the natural limit
for shares, a least-squares line otherwise — and the required path is the straight line from
the last figure to the target. Open SDG and UNSD results are added when asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.progress import (
    ProgressResult,
    ProgressStatus,
    linear_progress,
    opensdg_progress,
    unsd_progress,
)
from dxtrack.analytics.projection import outlook, required_path
from dxtrack.figures.numbers import display
from dxtrack.figures.shapes import (
    ACHIEVED,
    AT_RISK,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    Progress,
    Projection,
)

_LINEAR_STATUS = {
    ProgressStatus.ACHIEVED: ACHIEVED,
    ProgressStatus.ON_TRACK: ON_TRACK,
    ProgressStatus.AT_RISK: AT_RISK,
    ProgressStatus.OFF_TRACK: OFF_TRACK,
}
_PLACES = Decimal("0.000001")
LOWER = ("<", "<=")


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(_PLACES)


@dataclass(frozen=True)
class TargetInputs:
    comparator: str
    target_value: Decimal
    deadline_year: int
    higher_is_better: bool
    unit_of_measure: str
    natural_limit: Decimal | None
    is_share: bool


def no_data(sentence_vi: str = "Chưa có số liệu để đánh giá tiến độ.", sentence_en: str = "No figure yet to assess progress.") -> Progress:
    return Progress(
        method="linear", status=NO_DATA, expected=None, actual=None, projection=None, required_path=(),
        sentence_vi=sentence_vi, sentence_en=sentence_en,
    )


def progress_of(
    *, target: TargetInputs, series: Sequence[tuple[int, Decimal]], current: tuple[int, Decimal] | None,
    baseline: tuple[int, Decimal] | None, met: bool | None, methods: Sequence[str] = (), deadline_passed: bool = False,
) -> Progress:
    """The target's progress from its yearly figures (``series``, in year order), the figure it
    is judged on (``current``) and its baseline (else the first yearly figure)."""
    if current is None:
        return no_data()
    base = baseline if baseline is not None and baseline[0] < current[0] else (series[0] if series else None)
    projection = _projection(target, series)
    required = tuple(
        (year, _decimal(value)) for year, value in required_path(
            last_year=current[0], last_value=current[1], target_year=target.deadline_year,
            target_value=target.target_value,
        ).items()
    ) if current[0] < target.deadline_year and not met else ()  # a met target needs no path
    others = _others(target, base, current, methods)
    if base is None or base[0] >= current[0]:
        if met:
            status, vi, en = ACHIEVED, "Chỉ tiêu đã đạt.", "The target is met."
        elif met is False and deadline_passed:
            status, vi, en = OFF_TRACK, "Đã quá hạn mà chưa đạt chỉ tiêu.", "The deadline has passed and the target was missed."
        else:
            status, vi, en = NO_DATA, "Cần số liệu của ít nhất hai năm để đánh giá tiến độ.", "Progress needs figures of at least two years."
        # A single year is no baseline to measure progress from: none is named.
        return Progress("linear", status, None, None, projection, required, vi, en, others)
    try:
        result = linear_progress(
            base_year=base[0], base_value=base[1], current_year=current[0], current_value=current[1],
            target_year=target.deadline_year, target_value=target.target_value,
            higher_is_better=target.higher_is_better,
        )
    except AnalyticsError:
        return Progress("linear", NO_DATA, None, None, projection, required, "", "", others, base[0], base[1])
    status = _LINEAR_STATUS.get(result.status, NO_DATA)
    if met:
        status = ACHIEVED
    expected = result.inputs.get("expected")
    actual = result.inputs.get("progress")
    return Progress(
        method="linear", status=status,
        expected=None if expected is None else _decimal(expected),
        actual=None if actual is None else _decimal(actual),
        projection=projection, required_path=required,
        sentence_vi=result.explanation_vi, sentence_en=result.explanation_en, others=others,
        base_year=base[0], base_value=base[1],
    )


def _projection(target: TargetInputs, series: Sequence[tuple[int, Decimal]]) -> Projection | None:
    points = [(year, value) for year, value in series if year <= target.deadline_year]
    if len(points) < 2 or points[-1][0] >= target.deadline_year:
        return None
    limit = target.natural_limit if target.natural_limit is not None else (Decimal(100) if target.is_share else None)
    method = "logistic" if target.is_share and limit is not None and all(0 < v < limit for _, v in points) else "linear"
    try:
        result = outlook(
            points, method=method, target_year=target.deadline_year, target_value=target.target_value,
            higher_is_better=target.higher_is_better, limit=limit,
        )
    except AnalyticsError:
        return None
    value = _decimal(result.projected_at_deadline)
    shown_vi = display(value, target.unit_of_measure, "vi")
    shown_en = display(value, target.unit_of_measure, "en")
    names = {"logistic": ("đường logistic", "logistic curve"), "linear": ("đường thẳng bình phương nhỏ nhất", "least-squares line")}
    name_vi, name_en = names[method]
    verdict_vi = "đạt chỉ tiêu" if result.meets_target else "chưa đạt chỉ tiêu"
    verdict_en = "meets the target" if result.meets_target else "falls short of the target"
    return Projection(
        method=method, value_at_deadline=value, meets_target=result.meets_target, year_reached=result.year_reached,
        points=tuple((year, _decimal(v)) for year, v in result.projected.items()),
        sentence_vi=f"Theo {name_vi} qua {len(points)} năm, đến {target.deadline_year} đạt {shown_vi}: {verdict_vi}.",
        sentence_en=f"On a {name_en} through {len(points)} years, {shown_en} by {target.deadline_year}: {verdict_en}.",
    )


def _others(
    target: TargetInputs, base: tuple[int, Decimal] | None, current: tuple[int, Decimal], methods: Sequence[str],
) -> dict[str, ProgressResult]:
    others: dict[str, ProgressResult] = {}
    if base is None or base[0] >= current[0]:
        return others
    for method in methods:
        try:
            if method == "opensdg":
                others[method] = opensdg_progress(
                    base_year=base[0], base_value=base[1], current_year=current[0], current_value=current[1],
                    target=target.target_value, target_year=target.deadline_year,
                    higher_is_better=target.higher_is_better,
                )
            elif method == "unsd":
                others[method] = unsd_progress(
                    base_year=base[0], base_value=base[1], current_year=current[0], current_value=current[1],
                    target_year=target.deadline_year, target_value=target.target_value,
                    higher_is_better=target.higher_is_better,
                )
        except AnalyticsError:
            continue
    return others
