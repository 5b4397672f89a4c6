from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.programmes.models import Indicator, Pillar, Programme
from dxtrack.reporting.models import DataValue, DataValueVersion
from dxtrack.reporting.services import ValueConflict, value_record


@pytest.fixture(autouse=True)
def english():
    """The refusals are read in English here; their Vietnamese comes from the catalogue."""
    with translation.override("en"):
        yield


@pytest.fixture
def programme(units) -> Programme:
    return Programme.objects.create(code="T-1", title_vi="Thử", horizon_start=2022, horizon_end=2030, area=units["province"])


@pytest.fixture
def share(programme) -> Indicator:
    pillar = Pillar.objects.create(programme=programme, code="P", name_vi="Trụ cột")
    return Indicator.objects.create(
        programme=programme, pillar=pillar, code="S", name_vi="Tỷ lệ", value_type="percentage_with_parts",
        unit_aggregation="ratio_of_sums", period_aggregation="last", natural_limit=Decimal(100),
    )


@pytest.fixture
def count(programme) -> Indicator:
    pillar = Pillar.objects.create(programme=programme, code="Q", name_vi="Trụ cột 2")
    return Indicator.objects.create(
        programme=programme, pillar=pillar, code="C", name_vi="Số", value_type="count",
        unit_aggregation="sum", period_aggregation="last",
    )


def test_percentage_is_computed_from_numerator_and_denominator(share, units):
    value = value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=Decimal(3), denominator=Decimal(8))
    assert value.value == Decimal("37.5")
    assert value.period_start == date(2024, 1, 1) and value.period_end == date(2024, 12, 31)


def test_an_edit_adds_a_version_and_keeps_the_old_one(share, units):
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", value=Decimal(40))
    edited = value_record(indicator=share, org_unit=units["ward_a"], period="2024", value=Decimal(45), reason="corrected")
    assert edited.version == 2
    assert DataValue.objects.count() == 1
    history = list(DataValueVersion.objects.filter(data_value=edited).values_list("version", "value", "reason"))
    assert history == [(1, Decimal(40), ""), (2, Decimal(45), "corrected")]


def test_recording_the_same_figure_again_changes_nothing(share, units):
    first = value_record(indicator=share, org_unit=units["ward_a"], period="2024", value=Decimal(40))
    again = value_record(indicator=share, org_unit=units["ward_a"], period="2024", value=Decimal("40.000"))
    assert again.version == first.version == 1
    assert DataValueVersion.objects.count() == 1


def test_a_stale_editor_is_refused_with_the_other_value(share, units):
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", value=Decimal(40))
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", value=Decimal(50), expected_version=1)
    with pytest.raises(ValueConflict) as conflict:
        value_record(indicator=share, org_unit=units["ward_a"], period="2024", value=Decimal(60), expected_version=1)
    assert conflict.value.current.value == Decimal(50)
    assert DataValue.objects.get().value == Decimal(50)


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"value": Decimal(120)}, "value", "between 0 and 100"),
        ({"numerator": Decimal(9), "denominator": Decimal(8)}, "numerator", "larger than the denominator"),
        ({"numerator": Decimal(1), "denominator": Decimal(0)}, "denominator", "greater than zero"),
        ({"numerator": Decimal(1)}, "denominator", "Give both"),
        ({}, "value", "required"),
        ({"value": Decimal(10), "numerator": Decimal(1), "denominator": Decimal(2)}, "value", "does not match"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_written(share, units, fields, field, fragment):
    with pytest.raises(ValidationError) as error:
        value_record(indicator=share, org_unit=units["ward_a"], period="2024", **fields)
    assert fragment in " ".join(error.value.message_dict[field])
    assert DataValue.objects.count() == 0 and DataValueVersion.objects.count() == 0


def test_a_negative_count_is_refused(count, units):
    with pytest.raises(ValidationError, match="cannot be negative"):
        value_record(indicator=count, org_unit=units["province"], period="2024", value=Decimal(-1))


def test_a_value_for_a_unit_that_no_longer_existed_is_refused(share, units):
    # Binh Duong's wards ceased on 30 June 2025; they have no 2026 figures.
    with pytest.raises(ValidationError, match="did not exist in 2026"):
        value_record(indicator=share, org_unit=units["ward_a"], period="2026", value=Decimal(50))
    assert DataValue.objects.count() == 0


def test_a_value_for_a_unit_that_did_not_exist_yet_is_refused(share, units):
    new_ward, _ = orgunit_upsert(code="26734", kind=OrgUnitKind.COMMUNE, name_vi="Phường Mới", valid_from=date(2025, 7, 1))
    with pytest.raises(ValidationError, match="did not exist in 2024"):
        value_record(indicator=share, org_unit=new_ward, period="2024", value=Decimal(50))


def test_a_period_of_the_wrong_type_or_malformed_is_refused(share, units):
    with pytest.raises(ValidationError, match="reported by"):
        value_record(indicator=share, org_unit=units["ward_a"], period="2024Q1", value=Decimal(50))
    with pytest.raises(ValidationError):
        value_record(indicator=share, org_unit=units["ward_a"], period="2024Q5", value=Decimal(50))


def test_the_database_refuses_a_numerator_above_the_denominator(share, units):
    with pytest.raises(IntegrityError), transaction.atomic():
        DataValue.objects.create(
            indicator=share, org_unit=units["ward_a"], period="2024", period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31), value=Decimal(1), numerator=Decimal(5), denominator=Decimal(4),
            recorded_at="2024-01-01T00:00:00Z",
        )


def test_the_database_refuses_two_current_rows_for_one_key(share, units):
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", value=Decimal(40))
    with pytest.raises(IntegrityError), transaction.atomic():
        DataValue.objects.create(
            indicator=share, org_unit=units["ward_a"], period="2024", period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31), value=Decimal(1), recorded_at="2024-01-01T00:00:00Z",
        )
