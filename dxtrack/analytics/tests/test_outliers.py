import math

from hypothesis import given
from hypothesis import strategies as st

from dxtrack.analytics.outliers import modified_z_score, outlier_check


def test_the_score_follows_iglewicz_and_hoaglin() -> None:
    # history 2, 4, 4, 5, 9: median 4, |deviations| 2, 0, 0, 1, 5 → MAD 1; z(12) = 0.6745·8/1
    score = modified_z_score([2, 4, 4, 5, 9], 12)
    assert score is not None and math.isclose(score, 0.6745 * 8)


def test_a_flat_history_falls_back_to_the_mean_absolute_deviation() -> None:
    # 5, 5, 5, 7: median 5, MAD 0; mean AD = 2/4 = 0.5 → z(8) = 3 / (1.253314 · 0.5)
    score = modified_z_score([5, 5, 5, 7], 8)
    assert score is not None and math.isclose(score, 3 / (1.253314 * 0.5))


def test_a_constant_history_flags_any_different_value_and_explains_without_nan() -> None:
    check = outlier_check([50, 50, 50], 51)
    assert check.flagged and "∞" in check.explanation_en
    assert not outlier_check([50, 50, 50], 50).flagged


def test_one_old_mistake_does_not_hide_the_next() -> None:
    assert outlier_check([60, 62, 6200, 64, 65], 6500).flagged


def test_too_little_history_flags_nothing() -> None:
    assert outlier_check([], 10).score is None
    assert not outlier_check([1, 2], 1000).flagged


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=3, max_size=20))
def test_the_median_of_the_history_is_never_an_outlier(history: list[float]) -> None:
    centre = sorted(history)[len(history) // 2] if len(history) % 2 else None
    if centre is not None:
        assert not outlier_check(history, centre).flagged
