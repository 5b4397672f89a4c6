"""A small public programme over the `units` fixture (province 74, district 718, wards A and B)
with one share indicator whose figures are easy to compute by hand:

    ward A: 2023 30/100, 2024 45/100        ward B: 2023 50/100, 2024 55/100
    province (and district): 2023 80/200 = 40%, 2024 100/200 = 50%
    target: ≥ 80% by 31/12/2026
"""

from decimal import Decimal

import lxml.html
import pytest
import time_machine

from dxtrack.programmes.models import Indicator, Pillar, Programme, Target
from dxtrack.reporting.services import value_record

SHARES = {"ward_a": {"2023": (30, 100), "2024": (45, 100)}, "ward_b": {"2023": (50, 100), "2024": (55, 100)}}


def value_recorded(*, period: str, **fields):
    """A value recorded on 1 December of its year, so that a page read as of 31 December sees it:
    the figures layer reads values as they were recorded by the as-of date."""
    with time_machine.travel(f"{period[:4]}-12-01 09:00 +0700", tick=False):
        return value_record(period=period, **fields)


@pytest.fixture
def programme(units) -> Programme:
    return Programme.objects.create(
        code="05-NQ/TU", title_vi="Nghị quyết thử", title_en="Test resolution", horizon_start=2022, horizon_end=2030,
        area=units["province"], is_public=True,
    )


@pytest.fixture
def share(programme, units) -> Indicator:
    pillar = Pillar.objects.create(programme=programme, code="XHS", name_vi="Xã hội số", name_en="Digital society")
    indicator = Indicator.objects.create(
        programme=programme, pillar=pillar, code="XHS-05", name_vi="Tỷ lệ người dân được đào tạo kỹ năng số",
        name_en="Share of people trained in digital skills", value_type="percentage_with_parts",
        unit_aggregation="ratio_of_sums", period_aggregation="last", unit="%", natural_limit=Decimal(100),
        definition_vi="Số người được đào tạo chia dân số trong độ tuổi lao động.", data_source="Sở Khoa học và Công nghệ",
    )
    Target.objects.create(indicator=indicator, deadline="2026-12-31", comparator=">=", value=Decimal(80))
    for ward, periods in SHARES.items():
        for period, (numerator, denominator) in periods.items():
            value_recorded(
                indicator=indicator, org_unit=units[ward], period=period,
                numerator=Decimal(numerator), denominator=Decimal(denominator),
            )
    return indicator


def by_testid(html: bytes | str, testid: str) -> list:
    """The elements carrying data-testid=`testid`."""
    return lxml.html.fromstring(html).xpath(f'//*[@data-testid="{testid}"]')


def text_of(element) -> str:
    return " ".join(element.text_content().split())
