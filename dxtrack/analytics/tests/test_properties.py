"""Properties that must hold for every input, checked with hypothesis."""

import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dxtrack.analytics.aggregation import (
    Hierarchy,
    Observation,
    aggregate,
    re_express,
    roll_up_tree,
)
from dxtrack.analytics.composite import competition_rank
from dxtrack.analytics.periods import Period, PeriodType, parse_period
from dxtrack.analytics.progress import (
    ProgressResult,
    linear_progress,
    opensdg_progress,
    unsd_progress,
)
from dxtrack.analytics.projection import project

# Per test, not a global profile: other apps' hypothesis tests keep their own settings.
thorough = settings(deadline=None, max_examples=200)

# A country → provinces → wards tree: a list of ward counts per province.
provinces = st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=6)


def build_tree(ward_counts: list[int]) -> tuple[Hierarchy, list[str], dict[str, str]]:
    parents: dict[str, str | None] = {"VN": None}
    wards: list[str] = []
    province_of: dict[str, str] = {}
    for p, count in enumerate(ward_counts):
        parents[f"p{p}"] = "VN"
        for w in range(count):
            ward = f"p{p}w{w}"
            parents[ward] = f"p{p}"
            wards.append(ward)
            province_of[ward] = f"p{p}"
    return Hierarchy(parents), wards, province_of


@thorough
@given(provinces, st.data())
def test_a_ratio_of_sums_over_a_tree_equals_the_ratio_over_its_leaves(ward_counts: list[int], data: st.DataObject) -> None:
    tree, wards, _ = build_tree(ward_counts)
    observations: dict[str, Observation] = {}
    for ward in wards:
        if data.draw(st.booleans(), label=f"{ward} reports"):
            denominator = data.draw(st.integers(min_value=0, max_value=10_000))
            numerator = data.draw(st.integers(min_value=0, max_value=denominator))
            observations[ward] = Observation(numerator=Decimal(numerator), denominator=Decimal(denominator))
    up = roll_up_tree(tree, observations, rule="ratio_of_sums")
    direct = aggregate(observations, rule="ratio_of_sums", expected=wards)
    assert up["VN"].value == direct.value
    assert up["VN"].missing == direct.missing
    # And the same from the provinces' own numerators and denominators.
    children = [up[p] for p in tree.children("VN")]
    total_numerator = sum((c.numerator for c in children if c.numerator is not None), Decimal(0))
    total_denominator = sum((c.denominator for c in children if c.denominator is not None), Decimal(0))
    if total_denominator:
        assert up["VN"].value == total_numerator * 100 / total_denominator


@thorough
@given(provinces, st.data())
def test_aggregating_then_merging_equals_merging_then_aggregating_for_sums(
    ward_counts: list[int], data: st.DataObject
) -> None:
    old_tree, wards, province_of = build_tree(ward_counts)
    old_provinces = list(old_tree.children("VN"))
    # Each old province merges into one of a few new ones.
    merged_into = {p: data.draw(st.sampled_from(["n0", "n1", "n2"]), label=p) for p in old_provinces}
    observations = {
        ward: Observation(value=Decimal(data.draw(st.integers(0, 10**9), label=ward)))
        for ward in wards
        if data.draw(st.booleans(), label=f"{ward} reports")
    }
    # Aggregate in the old provinces, then merge them.
    old_totals = roll_up_tree(old_tree, observations, rule="sum")
    lineage: dict[str, list[str]] = {}
    for old, new in merged_into.items():
        lineage.setdefault(new, []).append(old)
    merged_after = re_express(
        {p: Observation(value=old_totals[p].value) for p in old_provinces}, lineage, rule="sum"
    )
    # Merge first (re-parent every ward to its new province), then aggregate.
    new_parents: dict[str, str | None] = {"VN": None, **dict.fromkeys(lineage, "VN")}
    new_parents.update({ward: merged_into[province_of[ward]] for ward in wards})
    merged_first = roll_up_tree(Hierarchy(new_parents), observations, rule="sum")
    for new in lineage:
        assert merged_after[new].value == merged_first[new].value


def rank(result: ProgressResult) -> int:
    assert result.status.rank is not None, result.explanation_en
    return result.status.rank


years = st.integers(min_value=2000, max_value=2020)
positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


@thorough
@given(years, st.integers(1, 10), st.integers(1, 15), positive, positive, positive, positive)
def test_raising_the_current_value_never_worsens_the_status(
    base_year: int, elapsed: int, remaining: int, base: float, target_gap: float, low: float, rise: float
) -> None:
    current_year = base_year + elapsed
    target_year = current_year + remaining
    target = base + target_gap
    higher = low + rise
    for method in (linear_progress, unsd_progress):
        before = method(base_year=base_year, base_value=base, current_year=current_year, current_value=low,
                        target_year=target_year, target_value=target, higher_is_better=True)  # fmt: skip
        after = method(base_year=base_year, base_value=base, current_year=current_year, current_value=higher,
                       target_year=target_year, target_value=target, higher_is_better=True)  # fmt: skip
        assert rank(after) >= rank(before)
    for goal, limit in ((target, None), (None, None), (None, base * 3)):
        before = opensdg_progress(base_year=base_year, base_value=base, current_year=current_year,
                                  current_value=low, target=goal, target_year=target_year,
                                  higher_is_better=True, limit=limit)  # fmt: skip
        after = opensdg_progress(base_year=base_year, base_value=base, current_year=current_year,
                                 current_value=higher, target=goal, target_year=target_year,
                                 higher_is_better=True, limit=limit)  # fmt: skip
        assert rank(after) >= rank(before)
        assert before.score is not None and after.score is not None
        assert after.score >= before.score - 1e-9


@thorough
@given(years, st.integers(1, 10), positive, positive, st.booleans(), st.one_of(st.none(), positive))
def test_open_sdg_scores_stay_within_minus_5_and_5(
    base_year: int, elapsed: int, base: float, current: float, higher: bool, target: float | None
) -> None:
    result = opensdg_progress(base_year=base_year, base_value=base, current_year=base_year + elapsed,
                              current_value=current, target=target, target_year=2040,
                              higher_is_better=higher)  # fmt: skip
    if result.score is not None:
        assert -5.0 <= result.score <= 5.0
    for number in (result.value, *result.inputs.values()):
        assert number is None or math.isfinite(number)


line_values = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)


@thorough
@given(line_values, line_values, st.integers(2, 8), st.integers(1, 10))
def test_projections_of_a_straight_line_reproduce_it(intercept: float, slope: float, n: int, ahead: int) -> None:
    points = [(2010 + i, intercept + slope * i) for i in range(n)]
    expected = {2010 + i: intercept + slope * i for i in range(n, n + ahead)}
    tolerance = 1e-6 * (1 + abs(intercept) + abs(slope) * (n + ahead))
    for method in ("linear", "mean_change"):
        projected = project(points, method=method, to_year=2010 + n + ahead - 1)
        assert projected.keys() == expected.keys()
        for year, value in expected.items():
            assert abs(projected[year] - value) <= tolerance


@thorough
@given(st.floats(-4, 4), st.floats(-1, 1), st.integers(2, 8), st.integers(1, 10), st.floats(1, 1000))
def test_projections_of_a_logistic_curve_reproduce_it(
    level: float, rate: float, n: int, ahead: int, limit: float
) -> None:
    def curve(i: int) -> float:
        return limit / (1 + math.exp(-(level + rate * i)))

    points = [(2010 + i, curve(i)) for i in range(n)]
    projected = project(points, method="logistic", to_year=2010 + n + ahead - 1, limit=limit)
    for i in range(n, n + ahead):
        assert math.isclose(projected[2010 + i], curve(i), rel_tol=1e-6)


@thorough
@given(st.floats(0.1, 1000), st.floats(-0.5, 1.0), st.integers(2, 8), st.integers(1, 10))
def test_projections_of_compound_growth_reproduce_it(start: float, growth: float, n: int, ahead: int) -> None:
    points = [(2010 + i, start * (1 + growth) ** i) for i in range(n)]
    projected = project(points, method="compound", to_year=2010 + n + ahead - 1)
    for i in range(n, n + ahead):
        assert math.isclose(projected[2010 + i], start * (1 + growth) ** i, rel_tol=1e-6)


@thorough
@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 20), max_size=30))
def test_a_rank_is_one_plus_the_number_of_strictly_better_units(scores: dict[str, int]) -> None:
    ranks = competition_rank(scores)
    for unit, score in scores.items():
        assert ranks[unit] == 1 + sum(1 for other in scores.values() if other > score)


@thorough
@given(st.sampled_from(list(PeriodType)), st.integers(1000, 9999), st.integers(1, 12))
def test_every_period_code_parses_back_to_the_same_period(kind: PeriodType, year: int, index: int) -> None:
    period = Period(kind, year, (index - 1) % kind.per_year + 1)
    assert parse_period(period.code) == period
    assert parse_period(period.dhis2) == period
    assert period.enclosing(PeriodType.YEAR).contains(period)
    first, last = period.bounds("statutory")
    assert (last - first).days + 1 in range(28 * kind.months, 31 * kind.months + 1)
