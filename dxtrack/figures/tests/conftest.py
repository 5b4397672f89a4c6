"""A small programme over the `units` fixture (province 74, district 718, wards A and B)."""

from decimal import Decimal

import pytest

from dxtrack.programmes.models import Indicator, Pillar, Programme, Target


@pytest.fixture
def programme(units) -> Programme:
    return Programme.objects.create(
        code="KH-07", title_vi="Kế hoạch thử", title_en="Test plan", horizon_start=2022, horizon_end=2030,
        area=units["province"], is_public=True,
    )


@pytest.fixture
def pillar(programme) -> Pillar:
    return Pillar.objects.create(programme=programme, code="P", name_vi="Trụ cột", name_en="Pillar")


@pytest.fixture
def make_indicator(programme, pillar):
    def make(code: str = "I", **fields) -> Indicator:
        defaults = {
            "name_vi": f"Chỉ số {code}", "name_en": f"Indicator {code}", "value_type": "count",
            "unit_aggregation": "sum", "period_aggregation": "sum", "period_type": "year", "unit": "",
        }
        return Indicator.objects.create(programme=programme, pillar=pillar, code=code, **{**defaults, **fields})

    return make


@pytest.fixture
def share(make_indicator) -> Indicator:
    """A percentage with parts, rolled up as a ratio of sums, a stock (last)."""
    return make_indicator(
        "S", value_type="percentage_with_parts", unit_aggregation="ratio_of_sums", period_aggregation="last",
        unit="%", natural_limit=Decimal(100),
    )


@pytest.fixture
def count(make_indicator) -> Indicator:
    """A count summed over units and over periods (a flow), reported by quarter."""
    return make_indicator("N", period_type="quarter")


def target(indicator: Indicator, comparator: str = ">=", value: int | str = 80, deadline: str = "2025-12-31", **fields) -> Target:
    created = Target.objects.create(indicator=indicator, deadline=deadline, comparator=comparator, value=Decimal(value), **fields)
    return Target.objects.get(pk=created.pk)  # dates and decimals as the database gives them
