"""An instance with something in every kind of table a backup must keep."""

from decimal import Decimal

import pytest


@pytest.fixture
def instance_data(reporter_a, leader, units, settings, tmp_path):
    """Values with history, a form, a submission with its events, a token, an audit event."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    from dxtrack.accounts.tokens import token_create
    from dxtrack.audit.services import audit_record
    from dxtrack.programmes.models import Indicator, Pillar, Programme
    from dxtrack.reporting.forms_services import submission_ensure
    from dxtrack.reporting.models import FormIndicator, ReportingForm
    from dxtrack.reporting.services import value_record

    programme = Programme.objects.create(code="KH-SL", title_vi="Kế hoạch sao lưu", horizon_start=2022, horizon_end=2030, area=units["province"])
    pillar = Pillar.objects.create(programme=programme, code="CQS", name_vi="Chính quyền số")
    indicator = Indicator.objects.create(programme=programme, pillar=pillar, code="CB", name_vi="Số cán bộ", unit="người",
                                         value_type="count", unit_aggregation="sum", period_aggregation="last")
    form = ReportingForm.objects.create(programme=programme, code="BM-SL", name_vi="Biểu sao lưu", unit_level="commune")
    FormIndicator.objects.create(form=form, indicator=indicator, order=1)
    submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    for value in (40, 42, 41):  # three versions of one value
        value_record(indicator=indicator, org_unit=units["ward_a"], period="2024", value=Decimal(value), recorded_by=reporter_a)
    token_create(user=reporter_a, name="script")
    audit_record(actor=leader, action="backup.test", details={"ý": "nghĩa", "n": 1})
