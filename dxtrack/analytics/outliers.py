"""Outliers against a unit's own history: the modified z-score of Iglewicz and Hoaglin (1993).

A value is flagged, never refused: the person entering it is asked for a note. The modified
z-score uses the median and the median absolute deviation (MAD), so one earlier mistake in the
history does not hide the next one the way a mean and standard deviation would.

==================================  ==========================================================
Function                            Answer
==================================  ==========================================================
``modified_z_score(history, x)``    0.6745 · (x − median) / MAD, or ``None`` without a basis
``outlier_check(history, x)``       :class:`OutlierCheck`: flagged?, the score, explanations
==================================  ==========================================================

With MAD = 0 (half the history is one value) the mean absolute deviation stands in, scaled by
1.253314 as the method prescribes; when that is 0 too, any different value is flagged. Fewer
than ``MIN_HISTORY`` earlier values give no basis: nothing is flagged.

>>> round(modified_z_score([10, 11, 12, 11, 10], 11.5), 3)
0.337
>>> outlier_check([10, 11, 12, 11, 10], 40).flagged
True
>>> outlier_check([10, 11], 40).flagged    # too little history to judge
False
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from dxtrack.analytics._numbers import Number, as_float, fmt_en, fmt_vi

__all__ = ["MIN_HISTORY", "THRESHOLD", "OutlierCheck", "modified_z_score", "outlier_check"]

THRESHOLD = 3.5  # Iglewicz and Hoaglin's recommended cut-off
MIN_HISTORY = 3
_MAD_FACTOR = 0.6745
_MEAN_AD_FACTOR = 1.253314


def modified_z_score(history: Sequence[Number], value: Number) -> float | None:
    """The modified z-score of *value* against *history*; ``None`` with too little history,
    ``inf`` (as a float) when the history never varies and *value* differs from it."""
    points = [as_float(point, "history value") for point in history]
    x = as_float(value, "value")
    if len(points) < MIN_HISTORY:
        return None
    centre = median(points)
    mad = median(abs(point - centre) for point in points)
    if mad > 0:
        return _MAD_FACTOR * (x - centre) / mad
    mean_ad = sum(abs(point - centre) for point in points) / len(points)
    if mean_ad > 0:
        return (x - centre) / (_MEAN_AD_FACTOR * mean_ad)
    return 0.0 if x == centre else float("inf") if x > centre else float("-inf")


@dataclass(frozen=True)
class OutlierCheck:
    flagged: bool
    score: float | None
    median: float | None
    explanation_vi: str
    explanation_en: str


def outlier_check(history: Sequence[Number], value: Number, *, threshold: float = THRESHOLD) -> OutlierCheck:
    """Whether *value* stands out from *history* (|modified z| > *threshold*), explained."""
    score = modified_z_score(history, value)
    if score is None:
        return OutlierCheck(
            False, None, None,
            f"Chưa đủ {MIN_HISTORY} kỳ trước để so sánh.",
            f"Fewer than {MIN_HISTORY} earlier periods to compare with.",
        )
    centre = median(as_float(point, "history value") for point in history)
    flagged = abs(score) > threshold
    shown = "∞" if abs(score) == float("inf") else None
    vi_score = shown or fmt_vi(abs(score), 1)
    en_score = shown or fmt_en(abs(score), 1)
    if flagged:
        return OutlierCheck(
            True, score, centre,
            f"Khác thường so với các kỳ trước của đơn vị (trung vị {fmt_vi(centre, 2)}; "
            f"điểm z hiệu chỉnh {vi_score} > {fmt_vi(threshold, 1)}): cần ghi chú giải thích.",
            f"Unusual against the unit's earlier periods (median {fmt_en(centre, 2)}; "
            f"modified z-score {en_score} > {fmt_en(threshold, 1)}): a note is required.",
        )
    return OutlierCheck(
        False, score, centre,
        f"Phù hợp với các kỳ trước (điểm z hiệu chỉnh {vi_score}).",
        f"In line with earlier periods (modified z-score {en_score}).",
    )
