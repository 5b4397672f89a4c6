"""The linear share-of-required-progress method (the default) and the UNSD projection ratio,
with the arithmetic done by hand in the comments."""

import pytest

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.progress import (
    LinearThresholds,
    UnsdThresholds,
    linear_progress,
    unsd_progress,
)


def test_linear_ratio_is_progress_share_over_time_share() -> None:
    # b = 40 (2022), T = 100 (2025), t = 2024: expected = 2/3.
    # v = 80: progress = 40/60 = 2/3, ratio 1.0 → on track.
    # v = 76: progress = 36/60 = 0.6, ratio 0.9 → at risk (0.85 ≤ 0.9 < 0.95).
    # v = 60: progress = 20/60 = 1/3, ratio 0.5 → off track.
    on = linear_progress(base_year=2022, base_value=40, current_year=2024, current_value=80,
                         target_year=2025, target_value=100, higher_is_better=True)  # fmt: skip
    risk = linear_progress(base_year=2022, base_value=40, current_year=2024, current_value=76,
                           target_year=2025, target_value=100, higher_is_better=True)  # fmt: skip
    off = linear_progress(base_year=2022, base_value=40, current_year=2024, current_value=60,
                          target_year=2025, target_value=100, higher_is_better=True)  # fmt: skip
    assert on.status == "on_track"
    assert on.ratio == pytest.approx(1.0)
    assert risk.status == "at_risk"
    assert risk.ratio == pytest.approx(0.9)
    assert off.status == "off_track"
    assert off.ratio == pytest.approx(0.5)
    assert risk.inputs["progress"] == pytest.approx(0.6)
    assert risk.inputs["expected"] == pytest.approx(2 / 3)
    assert risk.method == "linear"


def test_linear_thresholds_are_configuration() -> None:
    strict = LinearThresholds(on_track=0.9, at_risk=0.8)
    r = linear_progress(base_year=2022, base_value=40, current_year=2024, current_value=76.5,
                        target_year=2025, target_value=100, higher_is_better=True,
                        thresholds=strict)  # fmt: skip
    assert r.status == "on_track"  # ratio (36.5/60)/(2/3) = 0.9125 ≥ 0.9
    with pytest.raises(AnalyticsError):
        LinearThresholds(on_track=0.8, at_risk=0.9)


def test_linear_lower_is_better() -> None:
    # b = 12 (2020), v = 11 (2023), T = 5 (2025): progress = −1/−7 = 0.142857, expected 3/5,
    # ratio = 0.238095 → off track.
    r = linear_progress(base_year=2020, base_value=12, current_year=2023, current_value=11,
                        target_year=2025, target_value=5, higher_is_better=False)  # fmt: skip
    assert r.status == "off_track"
    assert r.ratio == pytest.approx(0.238095, abs=1e-6)


def test_linear_works_from_a_zero_baseline() -> None:
    # b = 0 (2020), v = 5 (2022), T = 20 (2030): progress 0.25, expected 0.2, ratio 1.25.
    r = linear_progress(base_year=2020, base_value=0, current_year=2022, current_value=5,
                        target_year=2030, target_value=20, higher_is_better=True)  # fmt: skip
    assert r.status == "on_track"
    assert r.ratio == pytest.approx(1.25)


def test_linear_works_near_100_percent() -> None:
    # b = 99 (2020), v = 99.6 (2022), T = 100 (2025): progress 0.6, expected 0.4, ratio 1.5.
    r = linear_progress(base_year=2020, base_value=99, current_year=2022, current_value=99.6,
                        target_year=2025, target_value=100, higher_is_better=True)  # fmt: skip
    assert r.status == "on_track"
    assert r.ratio == pytest.approx(1.5)


def test_linear_achieved_is_checked_first() -> None:
    r = linear_progress(base_year=2022, base_value=40, current_year=2023, current_value=100,
                        target_year=2025, target_value=100, higher_is_better=True)  # fmt: skip
    assert r.status == "achieved"
    assert r.explanation_en.endswith(": achieved.")


def test_linear_after_the_deadline_a_missed_target_is_off_track() -> None:
    r = linear_progress(base_year=2022, base_value=40, current_year=2026, current_value=97,
                        target_year=2025, target_value=100, higher_is_better=True)  # fmt: skip
    assert (r.status, r.reason) == ("off_track", "deadline_passed")
    assert r.inputs["expected"] == 1.0


def test_linear_baseline_already_past_the_target_and_falling_back_is_off_track() -> None:
    r = linear_progress(base_year=2022, base_value=90, current_year=2023, current_value=70,
                        target_year=2025, target_value=80, higher_is_better=True)  # fmt: skip
    assert (r.status, r.reason, r.value) == ("off_track", "worse_than_target", None)


def test_linear_explanations_name_the_method_values_and_years() -> None:
    r = linear_progress(base_year=2022, base_value=40, current_year=2024, current_value=76,
                        target_year=2025, target_value=100, higher_is_better=True)  # fmt: skip
    assert r.explanation_en == (
        "Linear method: by 2024 60% of the change needed from 40 (2022) to 100 (2025) was made, "
        "against 66.7% of the time elapsed (ratio 0.9): at risk."
    )
    assert r.explanation_vi == (
        "Phương pháp tuyến tính: đến năm 2024 đạt 60% mức thay đổi cần thiết từ 40 (2022) đến "
        "100 (2025), so với 66,7% thời gian đã qua (tỷ lệ 0,9): có nguy cơ chậm."
    )


def test_unsd_projects_the_growth_rate_to_the_deadline() -> None:
    # b = 50 (2015), v = 60 (2020), T = 80 (2030): v̂ = 60·(60/50)^(10/5) = 60·1.44 = 86.4;
    # ratio = (86.4 − 50)/(80 − 50) = 1.213333 → on track.
    r = unsd_progress(base_year=2015, base_value=50, current_year=2020, current_value=60,
                      target_year=2030, target_value=80, higher_is_better=True)  # fmt: skip
    assert r.status == "on_track"
    assert r.inputs["projected_value"] == pytest.approx(86.4)
    assert r.ratio == pytest.approx(1.213333, abs=1e-6)
    assert r.method == "unsd"


def test_unsd_fair_progress_and_stagnation() -> None:
    # v = 52: v̂ = 52·1.04² = 56.2432; ratio = 6.2432/30 = 0.208107 → fair progress.
    fair = unsd_progress(base_year=2015, base_value=50, current_year=2020, current_value=52,
                         target_year=2030, target_value=80, higher_is_better=True)  # fmt: skip
    assert fair.status == "fair_progress"
    assert fair.ratio == pytest.approx(0.208107, abs=1e-6)
    # v = 50.5: v̂ = 50.5·1.01² = 51.51505; ratio = 0.050502 < 0.10 → stagnation or regression.
    flat = unsd_progress(base_year=2015, base_value=50, current_year=2020, current_value=50.5,
                         target_year=2030, target_value=80, higher_is_better=True)  # fmt: skip
    assert flat.status == "stagnation_or_regression"
    assert flat.ratio == pytest.approx(0.050502, abs=1e-6)


def test_unsd_lower_is_better() -> None:
    # b = 20 (2015), v = 16 (2020), T = 10 (2030): v̂ = 16·0.8² = 10.24;
    # ratio = (10.24 − 20)/(10 − 20) = 0.976 → on track.
    r = unsd_progress(base_year=2015, base_value=20, current_year=2020, current_value=16,
                      target_year=2030, target_value=10, higher_is_better=False)  # fmt: skip
    assert r.status == "on_track"
    assert r.ratio == pytest.approx(0.976)


def test_unsd_thresholds_are_configuration() -> None:
    r = unsd_progress(base_year=2015, base_value=50, current_year=2020, current_value=52,
                      target_year=2030, target_value=80, higher_is_better=True,
                      thresholds=UnsdThresholds(on_track=0.2, fair=0.1))  # fmt: skip
    assert r.status == "on_track"


def test_unsd_needs_positive_values() -> None:
    r = unsd_progress(base_year=2015, base_value=0, current_year=2020, current_value=5,
                      target_year=2030, target_value=80, higher_is_better=True)  # fmt: skip
    assert (r.status, r.reason, r.value) == ("not_available", "non_positive_values", None)
