"""value_delete: the current value goes, its history stays with a last version recording the
deletion; approved values and stale editors are refused with nothing written."""

from decimal import Decimal

import pytest

from dxtrack.programmes.models import Indicator, Pillar, Programme
from dxtrack.reporting.models import (
    DataValue,
    DataValueVersion,
    FormIndicator,
    ReportingForm,
    SubmissionStatus,
)
from dxtrack.reporting.services import ValueConflict, ValueLocked, value_delete, value_record
from dxtrack.reporting.tests.forms_factories import submission_at


@pytest.fixture
def count(units) -> Indicator:
    programme = Programme.objects.create(code="T-D", title_vi="Thử", horizon_start=2022, horizon_end=2030, area=units["province"])
    pillar = Pillar.objects.create(programme=programme, code="P", name_vi="Trụ cột")
    return Indicator.objects.create(
        programme=programme, pillar=pillar, code="C", name_vi="Số", value_type="count",
        unit_aggregation="sum", period_aggregation="last",
    )


def test_delete_keeps_every_version_and_records_the_deletion(count, units, leader):
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=Decimal(10))
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=Decimal(12))
    deleted = value_delete(indicator=count, org_unit=units["ward_a"], period="2024", deleted_by=leader, reason="entered twice")
    assert deleted is not None and deleted.value is None
    assert not DataValue.objects.exists()
    history = list(DataValueVersion.objects.order_by("version").values_list("version", "value", "reason", "recorded_by__username"))
    assert history == [(1, Decimal(10), "", None), (2, Decimal(12), "", None), (3, None, "entered twice", "leader")]
    assert not DataValueVersion.objects.filter(data_value__isnull=False).exists()


def test_a_value_recorded_again_after_deletion_starts_a_new_row(count, units):
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=Decimal(10))
    value_delete(indicator=count, org_unit=units["ward_a"], period="2024")
    again = value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=Decimal(11))
    assert again.version == 1 and DataValueVersion.objects.count() == 3


def test_nothing_to_delete_is_none(count, units):
    assert value_delete(indicator=count, org_unit=units["ward_a"], period="2024") is None


def test_a_stale_editor_is_refused(count, units):
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=Decimal(10))
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=Decimal(12))
    with pytest.raises(ValueConflict):
        value_delete(indicator=count, org_unit=units["ward_a"], period="2024", expected_version=1)
    assert DataValue.objects.get().value == Decimal(12) and DataValueVersion.objects.count() == 2


def test_an_approved_value_is_refused(count, units):
    form = ReportingForm.objects.create(programme=count.programme, code="F-D", name_vi="Biểu", period_type="year")
    FormIndicator.objects.create(form=form, indicator=count)
    form.units.add(units["ward_a"])
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=Decimal(10))
    submission_at(form, units["ward_a"], "2024", SubmissionStatus.APPROVED)
    with pytest.raises(ValueLocked):
        value_delete(indicator=count, org_unit=units["ward_a"], period="2024")
    assert DataValue.objects.get().value == Decimal(10) and DataValueVersion.objects.count() == 1


def test_deleted_values_are_listed_for_those_who_may_read_them(count, units, leader, reporter_a, reporter_b):
    from dxtrack.reporting.selectors import deleted_value_list_for_user

    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=Decimal(10))
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=Decimal(20))
    value_delete(indicator=count, org_unit=units["ward_a"], period="2024", deleted_by=reporter_a)
    assert [v.org_unit.code for v in deleted_value_list_for_user(leader)] == ["25747"]
    assert [v.org_unit.code for v in deleted_value_list_for_user(reporter_a, periods=["2024"])] == ["25747"]
    assert not deleted_value_list_for_user(reporter_b).exists()
    assert not deleted_value_list_for_user(leader, periods=["2023"]).exists()
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=Decimal(11))  # recorded again
    assert not deleted_value_list_for_user(leader).exists()
