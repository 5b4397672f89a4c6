"""DESI 2022: the published dimension and overall scores reproduced from raw indicators.

The methodology below is data transcribed from the European Commission's methodological
note (sub-dimension weights) and the bounds-and-weights file; nothing is fitted to the
published scores.
"""

import pytest

from dxtrack.analytics.composite import GroupSpec, IndicatorSpec, Methodology, compute_index

from .datafiles import read_csv

SUB_DIMENSION_WEIGHTS = {
    "1a": 0.5, "1b": 0.5,
    "2a": 0.25, "2b": 0.25, "2c": 0.4, "2d": 0.1,
    "3a": 0.15, "3b": 0.7, "3c": 0.15,
    "4a": 1.0,
}  # fmt: skip
DIMENSIONS = {
    "1": "human_capital",
    "2": "connectivity",
    "3": "integration_digital_tech",
    "4": "digital_public_services",
}
TOLERANCE = 0.01


def desi_2022() -> Methodology:
    indicators = tuple(
        IndicatorSpec(
            code=row["code"],
            group=row["code"][:2],
            weight=float(row["weight"]),
            minimum=float(row["min"]),
            maximum=float(row["max"]),
        )
        for row in read_csv("desi2022-bounds-weights.csv")
    )
    groups = (
        (GroupSpec("desi"),)
        + tuple(GroupSpec(dimension, weight=0.25, parent="desi") for dimension in DIMENSIONS)
        + tuple(GroupSpec(sub, weight=w, parent=sub[0]) for sub, w in SUB_DIMENSION_WEIGHTS.items())
    )
    return Methodology(indicators=indicators, groups=groups, scale=100.0)


def raw_values() -> dict[str, dict[str, float | None]]:
    rows = read_csv("desi2022-indicators.csv")
    return {
        row["Country"]: {code: float(v) if v.strip() else None for code, v in row.items() if code[0].isdigit()}
        for row in rows
    }


PUBLISHED = {row["country"]: row for row in read_csv("desi2022-published-scores.csv")}


def test_the_files_cover_27_member_states_and_the_eu() -> None:
    assert len(PUBLISHED) == 28
    assert set(raw_values()) == set(PUBLISHED)
    assert "EU" in PUBLISHED
    assert len(desi_2022().indicators) == 33


@pytest.mark.parametrize("country", sorted(PUBLISHED))
def test_dimension_and_overall_scores_match_the_published_ones(country: str) -> None:
    result = compute_index(desi_2022(), raw_values()[country])
    published = PUBLISHED[country]
    for dimension, column in DIMENSIONS.items():
        computed = result.groups[dimension]
        assert computed is not None
        assert computed == pytest.approx(float(published[column]), abs=TOLERANCE), column
    assert result.score == pytest.approx(float(published["desi_2022"]), abs=TOLERANCE)
    assert result.missing == ()


def test_finland_leads_and_romania_trails_as_published() -> None:
    methodology = desi_2022()
    scores = {country: compute_index(methodology, values).score for country, values in raw_values().items()}
    members = {country: score for country, score in scores.items() if country != "EU"}
    assert max(members, key=lambda c: members[c] or 0) == "FI"
    assert min(members, key=lambda c: members[c] or 0) == "RO"


def test_a_missing_indicator_drops_out_and_the_remaining_weights_are_renormalised() -> None:
    values = dict(raw_values()["FI"])
    values["2d1"] = None  # 2d has one indicator: the whole sub-dimension drops out of 2
    result = compute_index(desi_2022(), values)
    a, b, c = (result.groups[code] or 0.0 for code in ("2a", "2b", "2c"))
    expected = (0.25 * a + 0.25 * b + 0.4 * c) / (0.25 + 0.25 + 0.4)
    assert result.groups["2"] == pytest.approx(expected)
    assert result.missing == ("2d1",)
