"""A small programme with hand-computed figures, over the `units` fixture (province 74,
district 718, wards A and B).

Pillar CQS, share S (numerators over denominators, a stock): 2023 (30+20)/(100+100) = 25%,
2024 (50+40)/200 = 45%; target ≥ 95% by 2025. As of 31/12/2024 the linear method expects half
of the 70 points by 2024 and sees 20: 20/35 = 57% < 85%, off track; the required path goes
straight to 95 in 2025, a gap of 50 points in one year.
Pillar KTS, count N (added up): 2023 30+30 = 60, 2024 50+50 = 100; target ≥ 100 by 2030: met.
Values are recorded on 15/12/2024, before the as-of date.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dxtrack.programmes.models import Indicator, Pillar, Programme, Target
from dxtrack.reporting.models import FormIndicator, ReportingForm
from dxtrack.reporting.services import value_record

AS_OF = date(2024, 12, 31)
ISSUED = date(2026, 2, 5)
RECORDED = datetime(2024, 12, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
D = Decimal


@pytest.fixture
def programme(units) -> Programme:
    programme = Programme.objects.create(
        code="KH-09", title_vi="Kế hoạch chuyển đổi số thử", title_en="Test digital plan", issued_on=date(2022, 3, 1),
        horizon_start=2022, horizon_end=2030, area=units["province"], is_public=True,
    )
    government = Pillar.objects.create(programme=programme, code="CQS", name_vi="Chính quyền số", name_en="Digital government", order=1)
    economy = Pillar.objects.create(programme=programme, code="KTS", name_vi="Kinh tế số", name_en="Digital economy", order=2)
    share = Indicator.objects.create(
        programme=programme, pillar=government, code="S", name_vi="Tỷ lệ hồ sơ xử lý trực tuyến",
        name_en="Share of records processed online", value_type="percentage_with_parts", unit_aggregation="ratio_of_sums",
        period_aggregation="last", period_type="year", unit="%", natural_limit=D(100), responsible_agency=units["agency"],
    )
    count = Indicator.objects.create(
        programme=programme, pillar=economy, code="N", name_vi="Số doanh nghiệp số", name_en="Digital enterprises",
        value_type="count", unit_aggregation="sum", period_aggregation="sum", period_type="year", unit="",
    )
    Target.objects.create(indicator=share, deadline=date(2025, 12, 31), comparator=">=", value=D(95))
    Target.objects.create(indicator=count, deadline=date(2030, 12, 31), comparator=">=", value=D(100))
    form = ReportingForm.objects.create(programme=programme, code="KH09-NAM", name_vi="Báo cáo năm", name_en="Yearly report", unit_level="commune")
    FormIndicator.objects.create(form=form, indicator=share, order=1)
    FormIndicator.objects.create(form=form, indicator=count, order=2)
    with time_machine.travel(RECORDED, tick=False):
        for ward, parts_2023, parts_2024 in (("ward_a", 30, 50), ("ward_b", 20, 40)):
            value_record(indicator=share, org_unit=units[ward], period="2023", numerator=D(parts_2023), denominator=D(100))
            value_record(indicator=share, org_unit=units[ward], period="2024", numerator=D(parts_2024), denominator=D(100))
            value_record(indicator=count, org_unit=units[ward], period="2023", value=D(30))
            value_record(indicator=count, org_unit=units[ward], period="2024", value=D(50))
    return programme
