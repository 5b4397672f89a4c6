import math

import pytest

from dxtrack.analytics.composite import (
    GroupSpec,
    IndicatorSpec,
    Methodology,
    Normalisation,
    competition_rank,
    compute_index,
    distance_to_target,
    merged_mean,
    min_max,
)
from dxtrack.analytics.errors import AnalyticsError


def test_min_max_clips_and_can_invert() -> None:
    assert min_max(-5, minimum=0, maximum=10) == 0.0
    assert min_max(15, minimum=0, maximum=10) == 1.0
    assert min_max(15, minimum=0, maximum=10, clip=False) == 1.5
    assert min_max(2, minimum=0, maximum=10, higher_is_better=False) == 0.8
    with pytest.raises(AnalyticsError, match="bounds must differ"):
        min_max(1, minimum=3, maximum=3)


def test_distance_to_target_in_both_directions() -> None:
    assert distance_to_target(60, target=80, worst=40) == 0.5
    assert distance_to_target(90, target=80, worst=40) == 1.0
    assert distance_to_target(6, target=2, worst=10) == 0.5
    with pytest.raises(AnalyticsError):
        distance_to_target(1, target=2, worst=2)


def two_level() -> Methodology:
    return Methodology(
        indicators=(
            IndicatorSpec("a1", "A", weight=1, minimum=0, maximum=100),
            IndicatorSpec("a2", "A", weight=3, minimum=0, maximum=100),
            IndicatorSpec("b1", "B", normalisation=Normalisation.DISTANCE_TO_TARGET, target=10, worst=50),
            IndicatorSpec("c1", "C", normalisation=Normalisation.NONE),
        ),
        groups=(
            GroupSpec("top"),
            GroupSpec("A", weight=0.5, parent="top"),
            GroupSpec("B", weight=0.25, parent="top"),
            GroupSpec("C", weight=0.25, parent="top"),
        ),
        scale=100,
    )


def test_group_scores_are_weighted_means_scaled() -> None:
    # A = (1·0.2 + 3·0.6)/4 = 0.5; B = (30 − 50)/(10 − 50) = 0.5; C = 0.9.
    # top = 0.5·0.5 + 0.25·0.5 + 0.25·0.9 = 0.6 → 60.
    result = compute_index(two_level(), {"a1": 20, "a2": 60, "b1": 30, "c1": 0.9})
    assert result.groups["A"] == pytest.approx(50)
    assert result.groups["B"] == pytest.approx(50)
    assert result.score == pytest.approx(60)
    assert result.normalised["b1"] == pytest.approx(0.5)


def test_a_missing_group_drops_out_and_the_rest_are_renormalised() -> None:
    # B and C missing: top = A alone = 0.5 → 50.
    result = compute_index(two_level(), {"a1": 20, "a2": 60})
    assert result.groups["B"] is None
    assert result.score == pytest.approx(50)
    assert result.missing == ("b1", "c1")
    nothing = compute_index(two_level(), {})
    assert nothing.score is None


@pytest.mark.parametrize(
    ("indicators", "groups", "message"),
    [
        ((IndicatorSpec("x", "g", weight=0),), (GroupSpec("g"),), "add up to zero"),
        ((IndicatorSpec("x", "g", weight=-1),), (GroupSpec("g"),), "finite number ≥ 0"),
        ((IndicatorSpec("x", "g", weight=math.nan),), (GroupSpec("g"),), "finite number ≥ 0"),
        ((IndicatorSpec("x", "h"),), (GroupSpec("g"),), "unknown group"),
        ((IndicatorSpec("x", "g"),), (GroupSpec("g"), GroupSpec("h")), "exactly one top group"),
        ((IndicatorSpec("g", "g"),), (GroupSpec("g"),), "unique"),
    ],
)
def test_bad_methodologies_fail_when_built(
    indicators: tuple[IndicatorSpec, ...], groups: tuple[GroupSpec, ...], message: str
) -> None:
    with pytest.raises(AnalyticsError, match=message):
        Methodology(indicators=indicators, groups=groups)


def test_an_indicator_without_its_bounds_is_refused_when_used() -> None:
    methodology = Methodology(indicators=(IndicatorSpec("x", "g"),), groups=(GroupSpec("g"),))
    with pytest.raises(AnalyticsError, match="bounds"):
        compute_index(methodology, {"x": 1})


def test_competition_ranking_with_ties() -> None:
    assert competition_rank({"a": 3, "b": 3, "c": 2, "d": 2, "e": 1}) == {"a": 1, "b": 1, "c": 3, "d": 3, "e": 5}
    # Float noise must not split a published tie when scores are compared at 4 places.
    assert competition_rank({"a": 0.1 + 0.2, "b": 0.3}, places=4) == {"a": 1, "b": 1}
    with pytest.raises(AnalyticsError):
        competition_rank({"a": math.nan})


def test_merged_mean_plain_and_weighted_with_missing_parts() -> None:
    merged = merged_mean({"a": 0.6, "b": 0.8, "c": None}, {"a": "x", "b": "x", "c": "x"})
    assert merged["x"].score == pytest.approx(0.7)
    assert merged["x"].missing == ("c",)
    assert not merged["x"].complete
    weighted = merged_mean({"a": 0.6, "b": 0.8}, {"a": "x", "b": "x"}, weights={"a": 3, "b": 1})
    assert weighted["x"].score == pytest.approx(0.65)
    assert merged_mean({"a": None}, {"a": "x"})["x"].reason == "no_data"
