"""Open SDG / Statistics Canada progress: worked examples computed by hand from the public
methodology (Open SDG documentation, "progress-methodology").

    CAGR(y1, y0) = (y1 / y0) ** (1 / (t1 - t0)) - 1
    with a target:    R = s·d·CAGR(v, b) / |CAGR(T, b)|; ≥ 0.95 substantial, ≥ 0.60 moderate,
                      ≥ 0 limited, else deterioration; score about linear from −5 at R = −0.6
                      to 0 at R = 0.6 and to 5 at R = 1.3, clipped, with the published
                      production code's rounded coefficients (sdg-build ProgressMeasure.py):
                      7.1429·R − 4.2857 from R = 0.6, else 4.1667·R − 2.5.
    without a target: P = s·d·CAGR(v, b); thresholds 1.5%·C, 0.5%·C, 0; score −5 at −2%,
                      −2.5 at 0, 0 at 0.5%·C, 2.5 at 1.5%·C, 5 at 2%·C.
    C = 1 − (b/L)^4.44 below a maximum L; 1 − ((2L − b)/L)^4.44 above a minimum L (< 2L).
"""

import math

import pytest

from dxtrack.analytics.progress import (
    SCORE_INTERCEPT_BELOW_MODERATE,
    SCORE_INTERCEPT_FROM_MODERATE,
    SCORE_SLOPE_BELOW_MODERATE,
    SCORE_SLOPE_FROM_MODERATE,
    opensdg_indicator_progress,
    opensdg_progress,
)

APPROX = 1e-6  # the published output is reproduced to six decimals


def test_target_higher_is_better_substantial_progress() -> None:
    # b = 100 (2020), v = 121 (2022), T = 144 (2024).
    # CAGR(v, b) = 1.21^(1/2) − 1 = 0.1; CAGR(T, b) = 1.44^(1/4) − 1 = √1.2 − 1 = 0.095445.
    # R = 0.1 / 0.095445 = 1.0477226 ≥ 0.95 → substantial; score = 7.1429·1.0477226 − 4.2857 = 3.198077
    # (the exact fraction 5/0.7 would give 3.198018: the fifth decimal the published output differs in).
    r = opensdg_progress(base_year=2020, base_value=100, current_year=2022, current_value=121,
                         target=144, target_year=2024, higher_is_better=True)  # fmt: skip
    assert r.status == "substantial_progress"
    assert r.value == pytest.approx(1.047723, abs=APPROX)
    assert r.score == pytest.approx(3.198077, abs=APPROX)
    assert r.method == "opensdg"


def test_target_higher_is_better_moderate_progress() -> None:
    # b = 100 (2020), v = 110 (2021), T = 126.5625 = 100·1.125² (2022).
    # CAGR(v, b) = 0.1; CAGR(T, b) = 0.125; R = 0.8 → moderate; score = 7.1429·0.8 − 4.2857 = 1.42862.
    r = opensdg_progress(base_year=2020, base_value=100, current_year=2021, current_value=110,
                         target=126.5625, target_year=2022, higher_is_better=True)  # fmt: skip
    assert r.status == "moderate_progress"
    assert r.value == pytest.approx(0.8, abs=APPROX)
    assert r.score == pytest.approx(1.42862, abs=APPROX)


def test_target_lower_is_better_limited_progress() -> None:
    # b = 20 (2015), v = 19 (2020), T = 10 (2030), d = −1.
    # CAGR(v, b) = 0.95^(1/5) − 1 = −0.010206; CAGR(T, b) = 0.5^(1/15) − 1 = −0.045158.
    # R = −1 · (−0.010206) / 0.045158 = 0.226009 → limited; score = 4.1667·0.226009 − 2.5 = −1.558287.
    r = opensdg_progress(base_year=2015, base_value=20, current_year=2020, current_value=19,
                         target=10, target_year=2030, higher_is_better=False)  # fmt: skip
    assert r.status == "limited_progress"
    assert r.value == pytest.approx(0.226009, abs=APPROX)
    assert r.score == pytest.approx(-1.558287, abs=APPROX)


def test_target_lower_is_better_deterioration_clips_the_score_at_minus_5() -> None:
    # b = 20 (2015), v = 25 (2020), T = 10 (2030), d = −1.
    # CAGR(v, b) = 1.25^(1/5) − 1 = 0.045640; CAGR(T, b) = −0.045158.
    # R = −1 · 0.045640 / 0.045158 = −1.010655 < 0 → deterioration;
    # score = 4.1667·(−1.010655) − 2.5 = −6.71 → clipped to −5.
    r = opensdg_progress(base_year=2015, base_value=20, current_year=2020, current_value=25,
                         target=10, target_year=2030, higher_is_better=False)  # fmt: skip
    assert r.status == "deterioration"
    assert r.value == pytest.approx(-1.010655, abs=APPROX)
    assert r.score == -5.0


def test_target_achieved_is_checked_first_with_score_5_and_no_value() -> None:
    # Lower is better: v = 9 ≤ T = 10 → achieved, whatever the trend.
    r = opensdg_progress(base_year=2015, base_value=20, current_year=2020, current_value=9,
                         target=10, higher_is_better=False)  # fmt: skip
    assert (r.status, r.score, r.value) == ("target_achieved", 5.0, None)
    # Higher is better and exactly on target.
    r = opensdg_progress(base_year=2015, base_value=20, current_year=2020, current_value=30,
                         target=30, higher_is_better=True)  # fmt: skip
    assert r.status == "target_achieved"


def test_target_equal_to_the_baseline_is_achieved_or_not_available_never_a_division_by_zero() -> None:
    # T = b: CAGR(T, b) = 0, so R would divide by zero; achieved is checked first.
    held = opensdg_progress(base_year=2015, base_value=50, current_year=2020, current_value=51,
                            target=50, higher_is_better=True)  # fmt: skip
    assert held.status == "target_achieved"
    fell = opensdg_progress(base_year=2015, base_value=50, current_year=2020, current_value=40,
                            target=50, higher_is_better=True)  # fmt: skip
    assert (fell.status, fell.reason, fell.score, fell.value) == (
        "not_available", "target_equals_baseline", None, None)  # fmt: skip


def test_no_target_higher_is_better_moderate() -> None:
    # b = 100 (2015), v = 102.01 (2017): CAGR = 1.0201^(1/2) − 1 = 0.01; 0.5% ≤ 1% < 1.5%
    # → moderate; score = 250·0.01 − 1.25 = 1.25.
    r = opensdg_progress(base_year=2015, base_value=100, current_year=2017, current_value=102.01,
                         higher_is_better=True)  # fmt: skip
    assert r.status == "moderate_progress"
    assert r.value == pytest.approx(0.01, abs=1e-9)
    assert r.score == pytest.approx(1.25, abs=1e-6)


def test_no_target_lower_is_better_substantial() -> None:
    # b = 100, v = 96.04 over 2 years: CAGR = 0.98 − 1 = −0.02; P = −1·(−0.02) = 0.02 ≥ 1.5%
    # → substantial; score = min(500·0.02 − 5, 5) = 5.
    r = opensdg_progress(base_year=2015, base_value=100, current_year=2017, current_value=96.04,
                         higher_is_better=False)  # fmt: skip
    assert r.status == "substantial_progress"
    assert r.value == pytest.approx(0.02, abs=1e-9)
    assert r.score == pytest.approx(5.0)


def test_no_target_deterioration() -> None:
    # b = 100, v = 98.01 over 2 years, higher is better: P = −0.01 < 0 → deterioration;
    # score = 125·(−0.01) − 2.5 = −3.75.
    r = opensdg_progress(base_year=2015, base_value=100, current_year=2017, current_value=98.01,
                         higher_is_better=True)  # fmt: skip
    assert r.status == "deterioration"
    assert r.score == pytest.approx(-3.75, abs=1e-6)


def test_natural_limit_shrinks_the_thresholds_near_100_percent() -> None:
    # b = 90 (2020), v = 90.36 (2021), L = 100: P = 90.36/90 − 1 = 0.004.
    # C = 1 − 0.9^4.44 = 1 − 0.626378 = 0.373622; thresholds 1.5%·C = 0.005604, 0.5%·C = 0.001868.
    # 0.001868 ≤ 0.004 < 0.005604 → moderate; score = 250·0.004/C − 1.25 = 1.426504.
    # Without the limit 0.004 < 0.5% → limited, score 500·0.004 − 2.5 = −0.5.
    with_limit = opensdg_progress(base_year=2020, base_value=90, current_year=2021,
                                  current_value=90.36, higher_is_better=True, limit=100)  # fmt: skip
    assert with_limit.status == "moderate_progress"
    assert with_limit.inputs["limit_coefficient"] == pytest.approx(0.373622, abs=1e-5)
    assert with_limit.score == pytest.approx(1.426504, abs=APPROX)
    without = opensdg_progress(base_year=2020, base_value=90, current_year=2021,
                               current_value=90.36, higher_is_better=True)  # fmt: skip
    assert without.status == "limited_progress"
    assert without.score == pytest.approx(-0.5, abs=1e-6)


def test_natural_minimum_for_a_lower_is_better_indicator() -> None:
    # L = 1 is a minimum, b = 1.5 lies between L and 2L: C = 1 − ((2 − 1.5)/1)^4.44 = 1 − 0.046071 = 0.953929.
    r = opensdg_progress(base_year=2020, base_value=1.5, current_year=2021, current_value=1.49,
                         higher_is_better=False, limit=1)  # fmt: skip
    assert r.inputs["limit_coefficient"] == pytest.approx(0.953929, abs=1e-5)
    # b ≥ 2L: C = 1.
    far = opensdg_progress(base_year=2020, base_value=3, current_year=2021, current_value=2.9,
                           higher_is_better=False, limit=1)  # fmt: skip
    assert far.inputs["limit_coefficient"] == 1.0


def test_a_limit_against_the_desired_direction_is_ignored() -> None:
    # A maximum does not constrain an indicator whose values should fall.
    r = opensdg_progress(base_year=2020, base_value=90, current_year=2021, current_value=89,
                         higher_is_better=False, limit=100)  # fmt: skip
    assert r.inputs["limit_coefficient"] == 1.0


def test_base_on_the_limit_held_is_substantial_with_score_5() -> None:
    # b = L = 100: C = 0, every positive threshold becomes 0; P = 0 ≥ 0 → substantial, score 5.
    held = opensdg_progress(base_year=2020, base_value=100, current_year=2022, current_value=100,
                            higher_is_better=True, limit=100)  # fmt: skip
    assert (held.status, held.score) == ("substantial_progress", 5.0)
    # A fall from the limit is scored as usual: P = 0.99 − 1 = −0.01 → 125·(−0.01) − 2.5 = −3.75.
    fell = opensdg_progress(base_year=2020, base_value=100, current_year=2021, current_value=99,
                            higher_is_better=True, limit=100)  # fmt: skip
    assert fell.status == "deterioration"
    assert fell.score == pytest.approx(-3.75, abs=1e-6)


def test_zero_base_is_replaced_by_0_001() -> None:
    # b = 0 → 0.001 (the method's rule). No target: v = 0.002 a year later, CAGR = 2 − 1 = 1.
    r = opensdg_progress(base_year=2015, base_value=0, current_year=2016, current_value=0.002,
                         higher_is_better=True)  # fmt: skip
    assert r.inputs["base_value_used"] == 0.001
    assert r.value == pytest.approx(1.0)
    assert (r.status, r.score) == ("substantial_progress", 5.0)
    # With a target: b = 0 → 0.001 (2020), v = 1 (2022), T = 10 (2030).
    # CAGR(v, b) = 1000^(1/2) − 1 = 30.622777; CAGR(T, b) = 10000^(1/10) − 1 = 1.511886;
    # R = 20.254680 → substantial, score 5.
    t = opensdg_progress(base_year=2020, base_value=0, current_year=2022, current_value=1,
                         target=10, target_year=2030, higher_is_better=True)  # fmt: skip
    assert t.value == pytest.approx(20.254680, abs=APPROX)
    assert (t.status, t.score) == ("substantial_progress", 5.0)


def test_zero_target_is_replaced_by_0_001() -> None:
    # b = 10 (2020), v = 5 (2022), T = 0 → 0.001 (2030), lower is better.
    # CAGR(v, b) = 0.5^(1/2) − 1 = −0.292893; CAGR(T, b) = 0.0001^(1/10) − 1 = −0.601893;
    # R = 0.292893 / 0.601893 = 0.486620 → limited; score = 4.1667·0.486620 − 2.5 = −0.472400.
    r = opensdg_progress(base_year=2020, base_value=10, current_year=2022, current_value=5,
                         target=0, target_year=2030, higher_is_better=False)  # fmt: skip
    assert r.inputs["target_used"] == 0.001
    assert r.status == "limited_progress"
    assert r.value == pytest.approx(0.486620, abs=APPROX)
    assert r.score == pytest.approx(-0.472400, abs=APPROX)


def test_negative_values_flip_the_direction() -> None:
    # b = −10, v = −5 one year later, higher is better: CAGR = 0.5 − 1 = −0.5, s = −1,
    # P = −1 · 1 · (−0.5) = 0.5 → substantial (the value rose towards zero).
    r = opensdg_progress(base_year=2020, base_value=-10, current_year=2021, current_value=-5,
                         higher_is_better=True)  # fmt: skip
    assert r.value == pytest.approx(0.5)
    assert r.status == "substantial_progress"


def test_mixed_signs_are_not_available() -> None:
    r = opensdg_progress(base_year=2020, base_value=10, current_year=2021, current_value=-5,
                         higher_is_better=True)  # fmt: skip
    assert (r.status, r.reason, r.score) == ("not_available", "mixed_signs", None)


def test_one_year_only_is_not_available() -> None:
    r = opensdg_progress(base_year=2020, base_value=10, current_year=2020, current_value=12,
                         higher_is_better=True)  # fmt: skip
    assert (r.status, r.reason) == ("not_available", "no_elapsed_time")


def test_indicator_score_is_the_mean_of_its_series_scores() -> None:
    # Series scores 3.198077 (substantial) and −3.75 (deterioration): mean −0.275961 → limited.
    a = opensdg_progress(base_year=2020, base_value=100, current_year=2022, current_value=121,
                         target=144, target_year=2024, higher_is_better=True)  # fmt: skip
    b = opensdg_progress(base_year=2015, base_value=100, current_year=2017, current_value=98.01,
                         higher_is_better=True)  # fmt: skip
    indicator = opensdg_indicator_progress([a, b])
    assert indicator.score == pytest.approx(-0.275961, abs=APPROX)
    assert indicator.status == "limited_progress"


def test_indicator_is_target_achieved_only_when_every_series_achieved() -> None:
    done = opensdg_progress(base_year=2015, base_value=20, current_year=2020, current_value=9,
                            target=10, higher_is_better=False)  # fmt: skip
    nearly = opensdg_progress(base_year=2020, base_value=100, current_year=2022, current_value=121,
                              target=144, target_year=2024, higher_is_better=True)  # fmt: skip
    assert opensdg_indicator_progress([done, done]).status == "target_achieved"
    both = opensdg_indicator_progress([done, nearly])
    # (5 + 3.198077) / 2 = 4.099039 → substantial, not achieved.
    assert both.status == "substantial_progress"
    assert both.score == pytest.approx(4.099039, abs=APPROX)


def test_sub_indicator_groups_are_averaged_first() -> None:
    # Group X has two series scoring 5 and −3.75 (mean 0.625); group Y one series at 1.25.
    # Indicator = (0.625 + 1.25) / 2 = 0.9375, not (5 − 3.75 + 1.25) / 3 = 0.8333.
    five = opensdg_progress(base_year=2015, base_value=100, current_year=2017, current_value=96.04,
                            higher_is_better=False)  # fmt: skip
    worse = opensdg_progress(base_year=2015, base_value=100, current_year=2017, current_value=98.01,
                             higher_is_better=True)  # fmt: skip
    moderate = opensdg_progress(base_year=2015, base_value=100, current_year=2017,
                                current_value=102.01, higher_is_better=True)  # fmt: skip
    group_x = opensdg_indicator_progress([five, worse])
    group_y = opensdg_indicator_progress([moderate])
    assert opensdg_indicator_progress([group_x, group_y]).score == pytest.approx(0.9375)


def test_series_that_cannot_be_assessed_are_left_out_of_the_mean() -> None:
    moderate = opensdg_progress(base_year=2015, base_value=100, current_year=2017,
                                current_value=102.01, higher_is_better=True)  # fmt: skip
    unknown = opensdg_progress(base_year=2015, base_value=100, current_year=2015,
                               current_value=102, higher_is_better=True)  # fmt: skip
    r = opensdg_indicator_progress([moderate, unknown])
    assert r.score == pytest.approx(1.25)
    assert opensdg_indicator_progress([unknown]).status == "not_available"
    assert opensdg_indicator_progress([]).status == "not_available"


def test_every_result_explains_itself_in_both_languages_and_holds_no_nan() -> None:
    r = opensdg_progress(base_year=2020, base_value=90, current_year=2021, current_value=90.36,
                         higher_is_better=True, limit=100)  # fmt: skip
    assert r.explanation_en.startswith("Open SDG method: no target;")
    assert r.explanation_en.endswith("moderate progress.")
    assert r.explanation_vi.startswith("Phương pháp Open SDG: không có chỉ tiêu;")
    assert "0,4%" in r.explanation_vi  # Vietnamese decimal comma
    for value in r.inputs.values():
        assert value is None or math.isfinite(value)


def test_sdg_builds_own_progress_asset_3_3_3_scores_as_the_published_code_does() -> None:
    # sdg-build tests/assets/progress-calculation: indicator 3-3-3, headline series, options
    # "direction: negative, target: 0" (→ 0.001), base year 2015 (1.55), latest 2019 (1.82),
    # target year 2030 (the defaults).
    # CAGR(v, b) = (1.82/1.55)^(1/4) − 1 = 0.040962; CAGR(T, b) = (0.001/1.55)^(1/15) − 1 = −0.387211;
    # R = −1 · 0.040962 / 0.387211 = −0.105788 < 0 → deterioration;
    # score = max(4.1667·(−0.105788) − 2.5, −5) = −2.940785 (the exact 5/1.2 would give −2.940782).
    r = opensdg_progress(base_year=2015, base_value=1.55, current_year=2019, current_value=1.82,
                         target=0, target_year=2030, higher_is_better=False)  # fmt: skip
    assert r.status == "deterioration"
    assert r.value == pytest.approx(-0.105788, abs=APPROX)
    assert r.score == pytest.approx(-2.940785, abs=APPROX)
    # Its Male and Female series (1.94 → 2.35 and 1.16 → 1.28): R = −0.123890 and −0.066396.
    male = opensdg_progress(base_year=2015, base_value=1.94, current_year=2019, current_value=2.35,
                            target=0, target_year=2030, higher_is_better=False)  # fmt: skip
    female = opensdg_progress(base_year=2015, base_value=1.16, current_year=2019, current_value=1.28,
                              target=0, target_year=2030, higher_is_better=False)  # fmt: skip
    assert male.score == pytest.approx(-3.016214, abs=APPROX)  # 4.1667·(−0.1238904) − 2.5
    assert female.score == pytest.approx(-2.776651, abs=APPROX)  # 4.1667·(−0.066396) − 2.5


def test_the_score_is_continuous_enough_at_the_moderate_threshold() -> None:
    # At R = 0.6 the published lines give 7.1429·0.6 − 4.2857 = 0.00004 (from above) and
    # 4.1667·0.6 − 2.5 = 0.00002 (from below): both round to 0, as the method means.
    assert abs(SCORE_SLOPE_FROM_MODERATE * 0.6 - SCORE_INTERCEPT_FROM_MODERATE) < 1e-4
    assert abs(SCORE_SLOPE_BELOW_MODERATE * 0.6 - SCORE_INTERCEPT_BELOW_MODERATE) < 1e-4
