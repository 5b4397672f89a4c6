"""Property tests are repeatable: the suite runs hypothesis derandomised (conftest.py), so two
runs draw the same examples; `bench/explore_properties.py` is where fresh examples are drawn."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def drawn_examples() -> list[int]:
    seen: list[int] = []

    @settings(max_examples=20)
    @given(st.integers())
    def record(number: int) -> None:
        seen.append(number)

    record()
    return seen


@pytest.mark.skipif(
    os.getenv("DXTRACK_HYPOTHESIS_PROFILE", "repeatable") != "repeatable",
    reason="bench/explore_properties.py draws fresh examples on purpose",
)
def test_two_runs_draw_the_same_examples() -> None:
    assert settings.default.derandomize is True
    assert settings.default.database is None  # nothing remembered between runs decides a result
    first, second = drawn_examples(), drawn_examples()
    assert len(set(first)) > 5  # a real draw, not one example repeated
    assert first == second
