"""cell_of sums contributions in one pass; it must equal adding them one by one (cell_add)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dxtrack.figures.cells import EMPTY, Contribution, cell_add, cell_of

RULES = ("sum", "ratio_of_sums", "mean", "weighted_mean", "min", "max")
numbers = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
maybe = st.one_of(st.none(), numbers)


@st.composite
def contributions(draw):
    denominator = draw(st.one_of(st.none(), st.decimals(min_value=1, max_value=10**6, places=2)))
    numerator = None if denominator is None else draw(st.decimals(min_value=0, max_value=denominator, places=2))
    return Contribution(
        unit=draw(st.integers(1, 50)), value=draw(maybe), numerator=numerator, denominator=denominator,
        weight=draw(maybe), share=draw(st.sampled_from([Decimal(1), Decimal("0.25")])), sample=draw(st.booleans()),
        approved=draw(st.booleans()), lineage=draw(st.booleans()),
    )


@given(st.lists(contributions(), max_size=12), st.sampled_from(RULES))
def test_cell_of_equals_adding_one_by_one(items, rule):
    one_by_one = EMPTY
    for item in items:
        one_by_one = cell_add(one_by_one, item, rule)
    assert cell_of(items, rule) == one_by_one
