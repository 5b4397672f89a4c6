"""A small yearly ward form for the workflow and data-entry tests."""

from decimal import Decimal

import pytest

from dxtrack.programmes.models import Indicator, Pillar, Programme, Target
from dxtrack.reporting.models import FormIndicator, ReportingForm, ValidationRule
from dxtrack.reporting.services import value_record


@pytest.fixture
def ward_form(units) -> ReportingForm:
    programme = Programme.objects.create(
        code="KH-TEST", title_vi="Kế hoạch thử", horizon_start=2022, horizon_end=2030, area=units["province"]
    )
    pillar = Pillar.objects.create(programme=programme, code="CQS", name_vi="Chính quyền số")
    online = Indicator.objects.create(
        programme=programme, pillar=pillar, code="HS-TT", name_vi="Tỷ lệ hồ sơ trực tuyến", unit="%",
        value_type="percentage_with_parts", unit_aggregation="ratio_of_sums", period_aggregation="last",
        natural_limit=Decimal(100), order=1,
    )
    officials = Indicator.objects.create(
        programme=programme, pillar=pillar, code="CB", name_vi="Số cán bộ", unit="người", value_type="count",
        unit_aggregation="sum", period_aggregation="last", order=2,
    )
    trained = Indicator.objects.create(
        programme=programme, pillar=pillar, code="CB-DT", name_vi="Số cán bộ được tập huấn", unit="người",
        value_type="count", unit_aggregation="sum", period_aggregation="last", order=3,
    )
    Target.objects.create(indicator=online, deadline="2025-12-31", comparator=">=", value=Decimal(100))
    ValidationRule.objects.create(
        programme=programme, code="R1", left=trained, operator="<=", right=officials,
        message_vi="Cán bộ được tập huấn không thể nhiều hơn tổng số cán bộ",
        message_en="Trained officials cannot outnumber all officials",
    )
    form = ReportingForm.objects.create(
        programme=programme, code="BM-XA", name_vi="Biểu mẫu cấp xã", name_en="Commune form",
        unit_level="commune", deadline_working_days=10, approval_level="province",
    )
    for order, indicator in enumerate((online, officials, trained)):
        FormIndicator.objects.create(form=form, indicator=indicator, order=order)
    return form


@pytest.fixture
def history(ward_form, units) -> None:
    """Ward A's counts of officials for 2021–2023: 40, 42, 41."""
    officials = ward_form.programme.indicators.get(code="CB")
    for year, count in ((2021, 40), (2022, 42), (2023, 41)):
        value_record(indicator=officials, org_unit=units["ward_a"], period=str(year), value=Decimal(count))
