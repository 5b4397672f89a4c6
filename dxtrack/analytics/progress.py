"""Progress towards a target: three public methods, each explainable in one sentence.

Let *b* be the baseline value at year *t0*, *v* the latest value at year *t*, *T* the target
at year *tT*, and *d* = +1 when higher is better, −1 when lower is better.

=================================  ========================================================
Function                           Method
=================================  ========================================================
``linear_progress(...)``           share of the required change made, against the share of
                                   time elapsed (the default)
``opensdg_progress(...)``          Open SDG / Statistics Canada growth-rate method, with and
                                   without a target, natural limit, score in [−5, 5]
``opensdg_indicator_progress(rs)`` an indicator's Open SDG score: the mean of its series
``unsd_progress(...)``             UNSD progress chart: the trend projected to the deadline
=================================  ========================================================

Every function returns a :class:`ProgressResult` carrying the method's name, the status, the
number behind it, the inputs used and a one-sentence explanation in Vietnamese and English.
No result contains NaN or infinity: what a method cannot measure comes back as
``not_available`` with a machine-readable ``reason``. Inputs that are wrong whatever the data
(a deadline before the baseline, a latest value before the baseline) raise
:class:`~dxtrack.analytics.errors.AnalyticsError`.

>>> r = linear_progress(base_year=2022, base_value=40, current_year=2024, current_value=76,
...                     target_year=2025, target_value=100, higher_is_better=True)
>>> r.status, round(r.ratio, 2)
(<ProgressStatus.AT_RISK: 'at_risk'>, 0.9)
>>> r.explanation_en
'Linear method: by 2024 60% of the change needed from 40 (2022) to 100 (2025) was made, against 66.7% of the time elapsed (ratio 0.9): at risk.'

Open SDG:

>>> s = opensdg_progress(base_year=2015, base_value=50, current_year=2020, current_value=60,
...                      target=80, target_year=2030, higher_is_better=True)
>>> str(s.status), round(s.value, 4), round(s.score, 4)
('substantial_progress', 1.1668, 4.0483)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from dxtrack.analytics._numbers import Number, as_float, fmt_en, fmt_vi
from dxtrack.analytics.errors import AnalyticsError

__all__ = [
    "LinearThresholds",
    "ProgressResult",
    "ProgressStatus",
    "UnsdThresholds",
    "linear_progress",
    "opensdg_indicator_progress",
    "opensdg_progress",
    "unsd_progress",
]


class ProgressStatus(StrEnum):
    """Every status any method returns; each method uses its own subset."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL_PROGRESS = "substantial_progress"
    MODERATE_PROGRESS = "moderate_progress"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    FAIR_PROGRESS = "fair_progress"
    STAGNATION_OR_REGRESSION = "stagnation_or_regression"
    NOT_AVAILABLE = "not_available"

    @property
    def rank(self) -> int | None:
        """Higher is better within one method; ``None`` for ``not_available``."""
        return _RANK[self]

    @property
    def label_vi(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]


S = ProgressStatus
_RANK: dict[ProgressStatus, int | None] = {
    S.ACHIEVED: 4, S.ON_TRACK: 3, S.AT_RISK: 2, S.OFF_TRACK: 1,
    S.TARGET_ACHIEVED: 5, S.SUBSTANTIAL_PROGRESS: 4, S.MODERATE_PROGRESS: 3,
    S.LIMITED_PROGRESS: 2, S.DETERIORATION: 1,
    S.FAIR_PROGRESS: 2, S.STAGNATION_OR_REGRESSION: 1,
    S.NOT_AVAILABLE: None,
}  # fmt: skip
_LABELS = {
    S.ACHIEVED: ("đã đạt", "achieved"),
    S.ON_TRACK: ("đúng tiến độ", "on track"),
    S.AT_RISK: ("có nguy cơ chậm", "at risk"),
    S.OFF_TRACK: ("chậm tiến độ", "off track"),
    S.TARGET_ACHIEVED: ("đã đạt chỉ tiêu", "target achieved"),
    S.SUBSTANTIAL_PROGRESS: ("tiến bộ đáng kể", "substantial progress"),
    S.MODERATE_PROGRESS: ("có tiến bộ nhưng cần tăng tốc", "moderate progress"),
    S.LIMITED_PROGRESS: ("tiến bộ hạn chế", "limited progress"),
    S.DETERIORATION: ("đi xuống", "deterioration"),
    S.FAIR_PROGRESS: ("có tiến bộ nhưng cần tăng tốc", "fair progress"),
    S.STAGNATION_OR_REGRESSION: ("đứng yên hoặc thụt lùi", "stagnation or regression"),
    S.NOT_AVAILABLE: ("chưa đánh giá được", "not available"),
}


@dataclass(frozen=True)
class ProgressResult:
    """A method's verdict on one series.

    ``value`` is the number the status was read from (the linear ratio, the Open SDG
    progress value, the UNSD projected ratio); ``score`` is the Open SDG score in [−5, 5]
    and ``None`` for the other methods. ``reason`` says why a status is ``not_available``
    (or names a special case such as ``deadline_passed``).
    """

    method: str
    status: ProgressStatus
    value: float | None
    score: float | None
    inputs: Mapping[str, float | None] = field(hash=False)
    explanation_vi: str
    explanation_en: str
    reason: str | None = None

    @property
    def ratio(self) -> float | None:
        """The number behind the status (an alias of ``value`` for the ratio methods)."""
        return self.value


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _result(
    method: str,
    status: ProgressStatus,
    value: float | None,
    inputs: dict[str, float | None],
    sentence: tuple[str, str],
    *,
    score: float | None = None,
    reason: str | None = None,
) -> ProgressResult:
    clean = {key: _finite(item) for key, item in inputs.items()}
    vi, en = sentence
    return ProgressResult(
        method, status, _finite(value), _finite(score), clean,
        f"{vi}: {status.label_vi}.", f"{en}: {status.label_en}.", reason,
    )  # fmt: skip


def _not_available(
    method: str, inputs: dict[str, float | None], reason: str, why: tuple[str, str]
) -> ProgressResult:
    return _result(method, S.NOT_AVAILABLE, None, inputs, why, reason=reason)


_NAMES = {
    "linear": ("Phương pháp tuyến tính", "Linear method"),
    "opensdg": ("Phương pháp Open SDG", "Open SDG method"),
    "unsd": ("Phương pháp UNSD", "UNSD method"),
}
_WHY = {
    "target_equals_baseline": (
        "chỉ tiêu bằng giá trị gốc nên không đo được tiến độ",
        "the target equals the baseline, so progress towards it cannot be measured",
    ),
    "no_elapsed_time": (
        "chưa có số liệu sau năm gốc",
        "there is no value after the baseline year yet",
    ),
    "mixed_signs": (
        "giá trị gốc, hiện tại và chỉ tiêu phải cùng dấu để tính tốc độ tăng trưởng",
        "growth rates need the baseline, latest value and target to have the same sign",
    ),
    "non_positive_values": (
        "phép chiếu theo tốc độ tăng trưởng cần giá trị dương",
        "a growth-rate projection needs positive values",
    ),
}


def _why(method: str, reason: str) -> tuple[str, str]:
    name_vi, name_en = _NAMES[method]
    vi, en = _WHY[reason]
    return f"{name_vi}: {vi}", f"{name_en}: {en}"


def _years(base_year: Number, current_year: Number, target_year: Number | None) -> tuple[float, float, float | None]:
    t0 = as_float(base_year, "base_year")
    t = as_float(current_year, "current_year")
    if t < t0:
        raise AnalyticsError(f"the latest value's year ({t:g}) is before the baseline year ({t0:g})")
    if target_year is None:
        return t0, t, None
    tt = as_float(target_year, "target_year")
    if tt <= t0:
        raise AnalyticsError(f"the target year ({tt:g}) must come after the baseline year ({t0:g})")
    return t0, t, tt


def _target_inputs(
    base_year: Number, base_value: Number, current_year: Number, current_value: Number,
    target_year: Number, target_value: Number, higher_is_better: bool,
) -> tuple[float, float, float, float, float, float, int]:
    """Checked inputs of the methods with a target: years, values and the direction d = ±1."""
    t0, t, tt = _years(base_year, current_year, target_year)
    assert tt is not None  # noqa: S101 - _years returns a target year when given one
    b = as_float(base_value, "base_value")
    v = as_float(current_value, "current_value")
    target = as_float(target_value, "target_value")
    return t0, t, tt, b, v, target, 1 if higher_is_better else -1


def _yr(year: float) -> str:
    """A year as people write it: 2024, not 2,024 (fractional years keep their decimals)."""
    return f"{year:g}"


def _pct(share: float) -> str:
    return f"{fmt_en(share * 100, 1)}%"


def _pct_vi(share: float) -> str:
    return f"{fmt_vi(share * 100, 1)}%"


# -- 1. Linear share of the required change ----------------------------------------------


@dataclass(frozen=True)
class LinearThresholds:
    """Ratio thresholds of the linear method: on track from ``on_track``, at risk from
    ``at_risk``, off track below."""

    on_track: float = 0.95
    at_risk: float = 0.85

    def __post_init__(self) -> None:
        if not (math.isfinite(self.on_track) and math.isfinite(self.at_risk)):
            raise AnalyticsError("progress thresholds must be finite numbers")
        if self.at_risk > self.on_track:
            raise AnalyticsError(
                f"the at-risk threshold ({self.at_risk}) cannot be above the on-track one ({self.on_track})"
            )


def linear_progress(
    *,
    base_year: Number,
    base_value: Number,
    current_year: Number,
    current_value: Number,
    target_year: Number,
    target_value: Number,
    higher_is_better: bool,
    thresholds: LinearThresholds = LinearThresholds(),  # noqa: B008 - frozen, so sharing is safe
) -> ProgressResult:
    """Progress = (v − b) / (T − b) against expected = (t − t0) / (tT − t0).

    The status is ``achieved`` once v is on the right side of T (checked first); otherwise
    the ratio progress / expected is read against the thresholds. After the deadline a
    target not reached is ``off_track`` (reason ``deadline_passed``). Works with a zero
    baseline and with shares near 100%.

    >>> linear_progress(base_year=2020, base_value=0, current_year=2022, current_value=5,
    ...                 target_year=2030, target_value=20, higher_is_better=True).status
    <ProgressStatus.ON_TRACK: 'on_track'>
    >>> r = linear_progress(base_year=2020, base_value=12, current_year=2023, current_value=11,
    ...                     target_year=2025, target_value=5, higher_is_better=False)
    >>> r.status, round(r.ratio, 3)
    (<ProgressStatus.OFF_TRACK: 'off_track'>, 0.238)
    >>> linear_progress(base_year=2020, base_value=50, current_year=2022, current_value=40,
    ...                 target_year=2025, target_value=50, higher_is_better=True).reason
    'target_equals_baseline'
    """
    t0, t, tt, b, v, target, d = _target_inputs(
        base_year, base_value, current_year, current_value, target_year, target_value, higher_is_better
    )
    inputs: dict[str, float | None] = {
        "base_year": t0, "base_value": b, "current_year": t, "current_value": v,
        "target_year": tt, "target_value": target, "direction": d,
        "on_track_threshold": thresholds.on_track, "at_risk_threshold": thresholds.at_risk,
    }  # fmt: skip
    method = "linear"
    name_vi, name_en = _NAMES[method]
    if d * (v - target) >= 0:
        ratio = None
        if target != b and t > t0:
            ratio = ((v - b) / (target - b)) / min((t - t0) / (tt - t0), 1.0)
        return _result(method, S.ACHIEVED, ratio, inputs, (
            f"{name_vi}: năm {_yr(t)} đạt {fmt_vi(v)}, chỉ tiêu {fmt_vi(target)} (năm {_yr(tt)})",
            f"{name_en}: {fmt_en(v)} in {_yr(t)} reaches the target of {fmt_en(target)} ({_yr(tt)})",
        ))  # fmt: skip
    if target == b:
        return _not_available(method, inputs, "target_equals_baseline", _why(method, "target_equals_baseline"))
    if d * (target - b) < 0:
        # The baseline already met the target and the value has since fallen past it.
        return _result(method, S.OFF_TRACK, None, inputs, (
            f"{name_vi}: giá trị gốc {fmt_vi(b)} đã đạt chỉ tiêu {fmt_vi(target)} nhưng năm "
            f"{_yr(t)} chỉ còn {fmt_vi(v)}",
            f"{name_en}: the baseline {fmt_en(b)} met the target of {fmt_en(target)}, but "
            f"{_yr(t)} fell back to {fmt_en(v)}",
        ), reason="worse_than_target")  # fmt: skip
    if t == t0:
        return _not_available(method, inputs, "no_elapsed_time", _why(method, "no_elapsed_time"))
    progress = (v - b) / (target - b)
    expected = min((t - t0) / (tt - t0), 1.0)
    ratio = progress / expected
    inputs.update(progress=progress, expected=expected, ratio=ratio)
    sentence = (
        f"{name_vi}: đến năm {_yr(t)} đạt {_pct_vi(progress)} mức thay đổi cần thiết từ "
        f"{fmt_vi(b)} ({_yr(t0)}) đến {fmt_vi(target)} ({_yr(tt)}), so với "
        f"{_pct_vi(expected)} thời gian đã qua (tỷ lệ {fmt_vi(ratio, 2)})",
        f"{name_en}: by {_yr(t)} {_pct(progress)} of the change needed from {fmt_en(b)} "
        f"({_yr(t0)}) to {fmt_en(target)} ({_yr(tt)}) was made, against "
        f"{_pct(expected)} of the time elapsed (ratio {fmt_en(ratio, 2)})",
    )
    if t >= tt:
        return _result(method, S.OFF_TRACK, ratio, inputs, sentence, reason="deadline_passed")
    if ratio >= thresholds.on_track:
        status = S.ON_TRACK
    elif ratio >= thresholds.at_risk:
        status = S.AT_RISK
    else:
        status = S.OFF_TRACK
    return _result(method, status, ratio, inputs, sentence)


# -- 2. Open SDG / Statistics Canada ----------------------------------------------------

# The method's own constants (Open SDG documentation, "progress-methodology").
ZERO_REPLACEMENT = 0.001
LIMIT_EXPONENT = 4.44
TARGET_THRESHOLDS = (0.95, 0.60, 0.0)
GROWTH_THRESHOLDS = (0.015, 0.005, 0.0)


def _cagr(later: float, earlier: float, years: float) -> float:
    """Compound annual growth rate; both values have the same sign and years > 0."""
    ratio = later / earlier
    if ratio == 0:
        return -1.0
    # Through logarithms, so an extreme ratio over a short span gives inf, not OverflowError.
    exponent = math.log(ratio) / years
    return math.expm1(exponent) if exponent < 700 else math.inf


def _limit_coefficient(base: float, limit: float, direction: int) -> float:
    """The factor C that shrinks the growth thresholds near a natural limit.

    Only a limit in the desired direction counts: a maximum (base below it) when higher is
    better, a minimum (base above it) when lower is better; any other limit gives C = 1.
    (The published sdg-build code shrinks the thresholds for a limit on the other side too,
    warning that the result "may be unexpected"; that is the one place we differ from it.)
    """
    b, lim = abs(base), abs(limit)
    if b == lim:
        return 0.0
    if direction == 1 and b < lim:
        return 1.0 - math.pow(b / lim, LIMIT_EXPONENT)
    if direction == -1 and b > lim:
        if b >= 2 * lim:
            return 1.0
        return 1.0 - math.pow((2 * lim - b) / lim, LIMIT_EXPONENT)
    return 1.0


def _status_from_thresholds(value: float, thresholds: tuple[float, float, float]) -> ProgressStatus:
    high, medium, low = thresholds
    if value >= high:
        return S.SUBSTANTIAL_PROGRESS
    if value >= medium:
        return S.MODERATE_PROGRESS
    if value >= low:
        return S.LIMITED_PROGRESS
    return S.DETERIORATION


# The score lines of the method with a target, with the coefficients rounded to four decimals
# as the published production code has them (sdg-build `sdg/ProgressMeasure.py`,
# `SeriesProgress.get_score`): 5/0.7 = 7.142857… is 7.1429, 3/0.7 = 4.285714… is 4.2857 and
# 5/1.2 = 4.166666… is 4.1667. The exact fractions differ from the published scores in the
# fifth decimal; these reproduce them.
SCORE_SLOPE_FROM_MODERATE = 7.1429
SCORE_INTERCEPT_FROM_MODERATE = 4.2857
SCORE_SLOPE_BELOW_MODERATE = 4.1667
SCORE_INTERCEPT_BELOW_MODERATE = 2.5


def _target_score(ratio: float) -> float:
    # About linear from −5 at R = −0.6 to 0 at R = 0.6, then to +5 at R = 1.3; clipped to ±5.
    if ratio >= TARGET_THRESHOLDS[1]:
        return min(SCORE_SLOPE_FROM_MODERATE * ratio - SCORE_INTERCEPT_FROM_MODERATE, 5.0)
    return max(SCORE_SLOPE_BELOW_MODERATE * ratio - SCORE_INTERCEPT_BELOW_MODERATE, -5.0)


def _growth_score(growth: float, coefficient: float) -> float:
    # Breakpoints −2% → −5, 0 → −2.5, 0.5%·C → 0, 1.5%·C → 2.5, 2%·C → 5; thresholds above
    # zero are scaled by C, those at or below zero are not.
    if growth < 0:
        return max(125.0 * growth - 2.5, -5.0)
    if coefficient == 0:
        return 5.0  # the base sits on the limit and the value held it
    scaled = growth / coefficient
    if scaled >= 0.015:
        return min(500.0 * scaled - 5.0, 5.0)
    if scaled >= 0.005:
        return 250.0 * scaled - 1.25
    return 500.0 * scaled - 2.5


def opensdg_progress(
    *,
    base_year: Number,
    base_value: Number,
    current_year: Number,
    current_value: Number,
    target: Number | None = None,
    target_year: Number = 2030,
    higher_is_better: bool,
    limit: Number | None = None,
) -> ProgressResult:
    """The Open SDG / Statistics Canada progress measure of one series.

    With a target: "target achieved" is checked first (score 5, value ``None``); otherwise
    P = s·d·CAGR(v, b) / |CAGR(T, b)| read against 0.95 / 0.60 / 0. Without a target:
    P = s·d·CAGR(v, b) read against 1.5% / 0.5% / 0, the positive thresholds scaled by the
    natural-limit factor C. *s* is −1 when the values are negative (the direction flips). A
    zero base or target is replaced by 0.001, as the method prescribes. The result's
    ``status`` is one of ``target_achieved``, ``substantial_progress``,
    ``moderate_progress``, ``limited_progress``, ``deterioration``, ``not_available``.

    >>> opensdg_progress(base_year=2015, base_value=30, current_year=2020, current_value=20,
    ...                  target=20, higher_is_better=False).status == "target_achieved"
    True
    >>> opensdg_progress(base_year=2015, base_value=10, current_year=2015, current_value=12,
    ...                  higher_is_better=True).reason
    'no_elapsed_time'
    """
    t0, t, _ = _years(base_year, current_year, None)
    b_raw = as_float(base_value, "base_value")
    v = as_float(current_value, "current_value")
    target_raw = None if target is None else as_float(target, "target")
    tt = as_float(target_year, "target_year")
    lim = None if limit is None else as_float(limit, "limit")
    d = 1 if higher_is_better else -1
    b = ZERO_REPLACEMENT if b_raw == 0 else b_raw
    inputs: dict[str, float | None] = {
        "base_year": t0, "base_value": b_raw, "base_value_used": b, "current_year": t,
        "current_value": v, "target": target_raw, "target_year": tt if target is not None else None,
        "direction": d, "limit": lim,
    }  # fmt: skip
    method = "opensdg"
    name_vi, name_en = _NAMES[method]

    if target_raw is not None:
        if tt <= t0:
            raise AnalyticsError(f"the target year ({tt:g}) must come after the baseline year ({t0:g})")
        if d * (v - target_raw) >= 0:
            return _result(method, S.TARGET_ACHIEVED, None, inputs, (
                f"{name_vi}: năm {_yr(t)} đạt {fmt_vi(v)}, chỉ tiêu {fmt_vi(target_raw)}",
                f"{name_en}: {fmt_en(v)} in {_yr(t)} reaches the target of {fmt_en(target_raw)}",
            ), score=5.0)  # fmt: skip
    if t == t0:
        return _not_available(method, inputs, "no_elapsed_time", _why(method, "no_elapsed_time"))
    target_used = None
    target_vi = target_en = ""
    if target_raw is not None:
        target_used = ZERO_REPLACEMENT if target_raw == 0 else target_raw
        inputs["target_used"] = target_used
        target_vi, target_en = fmt_vi(target_raw), fmt_en(target_raw)
    signs = {math.copysign(1.0, x) for x in (b, v, target_used) if x is not None and x != 0}
    if len(signs) > 1:
        return _not_available(method, inputs, "mixed_signs", _why(method, "mixed_signs"))
    sign = -1 if b < 0 else 1
    observed = _cagr(v, b, t - t0)
    inputs["growth_observed"] = observed

    if target_used is not None:
        if target_used == b:
            return _not_available(method, inputs, "target_equals_baseline", _why(method, "target_equals_baseline"))
        required = _cagr(target_used, b, tt - t0)
        value = sign * d * observed / abs(required)
        inputs.update(growth_required=required, progress_value=value)
        status = _status_from_thresholds(value, TARGET_THRESHOLDS)
        score = _target_score(value)
        sentence = (
            f"{name_vi}: tăng trưởng {_pct_vi(observed)}/năm từ {_yr(t0)} đến {_yr(t)}, "
            f"cần {_pct_vi(required)}/năm để đạt {target_vi} vào {_yr(tt)} "
            f"(tỷ lệ {fmt_vi(value, 2)}, điểm {fmt_vi(score, 2)})",
            f"{name_en}: growth of {_pct(observed)} a year from {_yr(t0)} to {_yr(t)} "
            f"against {_pct(required)} a year needed to reach {target_en} by "
            f"{_yr(tt)} (ratio {fmt_en(value, 2)}, score {fmt_en(score, 2)})",
        )
        return _result(method, status, value, inputs, sentence, score=score)

    coefficient = 1.0 if lim is None else _limit_coefficient(b, lim, d * sign)
    value = sign * d * observed
    high, medium, low = GROWTH_THRESHOLDS
    thresholds = (high * coefficient, medium * coefficient, low)
    inputs.update(limit_coefficient=coefficient, progress_value=value)
    status = _status_from_thresholds(value, thresholds)
    score = _growth_score(value, coefficient)
    limit_vi = f", hệ số giới hạn {fmt_vi(coefficient, 3)}" if lim is not None else ""
    limit_en = f", limit factor {fmt_en(coefficient, 3)}" if lim is not None else ""
    sentence = (
        f"{name_vi}: không có chỉ tiêu; tăng trưởng theo hướng mong muốn {_pct_vi(value)}/năm "
        f"từ {_yr(t0)} đến {_yr(t)}{limit_vi} (điểm {fmt_vi(score, 2)})",
        f"{name_en}: no target; growth in the desired direction of {_pct(value)} a year from "
        f"{_yr(t0)} to {_yr(t)}{limit_en} (score {fmt_en(score, 2)})",
    )
    return _result(method, status, value, inputs, sentence, score=score)


def opensdg_indicator_progress(series: Sequence[ProgressResult]) -> ProgressResult:
    """An indicator's Open SDG status: the mean of its series' scores, read on the bands
    2.5 / 0 / −2.5. It is ``target_achieved`` only when every series achieved its target.

    Series without a score (``not_available``) are left out; with none left the result is
    ``not_available``. Results of this function can be passed in again, which is how the
    method weights sub-indicators equally (average each group first).

    >>> a = opensdg_progress(base_year=2015, base_value=50, current_year=2020,
    ...                      current_value=60, target=80, higher_is_better=True)
    >>> b = opensdg_progress(base_year=2015, base_value=20, current_year=2020,
    ...                      current_value=15, target=10, higher_is_better=False)
    >>> r = opensdg_indicator_progress([a, b])
    >>> str(r.status), round(r.score, 4)
    ('substantial_progress', 4.3033)
    """
    scored = [result for result in series if result.score is not None]
    inputs: dict[str, float | None] = {"series": len(series), "series_scored": len(scored)}
    method = "opensdg_indicator"
    if not scored:
        return _result(method, S.NOT_AVAILABLE, None, inputs, (
            "Phương pháp Open SDG: không có chuỗi số liệu nào đánh giá được",
            "Open SDG method: no series could be assessed",
        ), reason="no_series")  # fmt: skip
    score = math.fsum(result.score for result in scored if result.score is not None) / len(scored)
    if all(result.status is S.TARGET_ACHIEVED for result in scored):
        status = S.TARGET_ACHIEVED
    elif score >= 2.5:
        status = S.SUBSTANTIAL_PROGRESS
    elif score >= 0:
        status = S.MODERATE_PROGRESS
    elif score >= -2.5:
        status = S.LIMITED_PROGRESS
    else:
        status = S.DETERIORATION
    inputs["score"] = score
    return _result(method, status, score, inputs, (
        f"Phương pháp Open SDG: điểm trung bình của {len(scored)}/{len(series)} chuỗi là {fmt_vi(score, 2)}",
        f"Open SDG method: the mean score of {len(scored)} of {len(series)} series is {fmt_en(score, 2)}",
    ), score=score)  # fmt: skip


# -- 3. UNSD progress chart -------------------------------------------------------------


@dataclass(frozen=True)
class UnsdThresholds:
    """On track from ``on_track``, fair progress from ``fair``, else stagnation/regression."""

    on_track: float = 0.95
    fair: float = 0.10

    def __post_init__(self) -> None:
        if not (math.isfinite(self.on_track) and math.isfinite(self.fair)) or self.fair > self.on_track:
            raise AnalyticsError("UNSD thresholds must be finite with fair ≤ on_track")


def unsd_progress(
    *,
    base_year: Number,
    base_value: Number,
    current_year: Number,
    current_value: Number,
    target_year: Number,
    target_value: Number,
    higher_is_better: bool,
    thresholds: UnsdThresholds = UnsdThresholds(),  # noqa: B008 - frozen, so sharing is safe
) -> ProgressResult:
    """Project v̂ = v·(1 + CAGR(v, b))^(tT − t) and read ratio = (v̂ − b) / (T − b).

    ``achieved`` is checked first. The growth rate needs positive values: a zero or
    negative value gives ``not_available`` (reason ``non_positive_values``).

    >>> r = unsd_progress(base_year=2015, base_value=50, current_year=2020, current_value=60,
    ...                   target_year=2030, target_value=80, higher_is_better=True)
    >>> r.status, round(r.ratio, 4)
    (<ProgressStatus.ON_TRACK: 'on_track'>, 1.2133)
    """
    t0, t, tt, b, v, target, d = _target_inputs(
        base_year, base_value, current_year, current_value, target_year, target_value, higher_is_better
    )
    inputs: dict[str, float | None] = {
        "base_year": t0, "base_value": b, "current_year": t, "current_value": v,
        "target_year": tt, "target_value": target, "direction": d,
    }  # fmt: skip
    method = "unsd"
    name_vi, name_en = _NAMES[method]
    if d * (v - target) >= 0:
        return _result(method, S.ACHIEVED, None, inputs, (
            f"{name_vi}: năm {_yr(t)} đạt {fmt_vi(v)}, chỉ tiêu {fmt_vi(target)}",
            f"{name_en}: {fmt_en(v)} in {_yr(t)} reaches the target of {fmt_en(target)}",
        ))  # fmt: skip
    if target == b:
        return _not_available(method, inputs, "target_equals_baseline", _why(method, "target_equals_baseline"))
    if d * (target - b) < 0:
        return _result(method, S.STAGNATION_OR_REGRESSION, None, inputs, (
            f"{name_vi}: giá trị gốc {fmt_vi(b)} đã đạt chỉ tiêu nhưng nay chỉ còn {fmt_vi(v)}",
            f"{name_en}: the baseline {fmt_en(b)} met the target but the value fell to {fmt_en(v)}",
        ), reason="worse_than_target")  # fmt: skip
    if t == t0:
        return _not_available(method, inputs, "no_elapsed_time", _why(method, "no_elapsed_time"))
    if b <= 0 or v <= 0:
        return _not_available(method, inputs, "non_positive_values", _why(method, "non_positive_values"))
    growth = _cagr(v, b, t - t0)
    # Work in logarithms so that a steep trend over a long horizon cannot overflow.
    log_projected = math.log(v) + max(tt - t, 0.0) * math.log1p(growth)
    projected = math.exp(log_projected) if log_projected < 700 else math.inf
    ratio = (projected - b) / (target - b)
    inputs.update(growth=growth, projected_value=projected, ratio=ratio)
    if ratio >= thresholds.on_track:
        status = S.ON_TRACK
    elif ratio >= thresholds.fair:
        status = S.FAIR_PROGRESS
    else:
        status = S.STAGNATION_OR_REGRESSION
    sentence = (
        f"{name_vi}: theo tốc độ {_pct_vi(growth)}/năm, năm {_yr(tt)} sẽ đạt "
        f"{fmt_vi(projected)}, bằng {_pct_vi(ratio)} mức thay đổi cần thiết từ {fmt_vi(b)} "
        f"đến {fmt_vi(target)}",
        f"{name_en}: at {_pct(growth)} a year the value would be {fmt_en(projected)} in "
        f"{_yr(tt)}, {_pct(ratio)} of the change needed from {fmt_en(b)} to {fmt_en(target)}",
    )
    return _result(method, status, ratio, inputs, sentence)
