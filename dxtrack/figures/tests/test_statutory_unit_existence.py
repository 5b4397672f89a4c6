"""A unit's existence is checked in the programme's year (rule 2, docs/figures.md): the wards of
the `units` fixture ended on 30 June 2025, so a statutory programme's July 2025 (15/06–14/07)
is still theirs to report — by `value_record` and by the values import alike — while a
calendar programme's July (01/07–31/07) is refused."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError

from dxtrack.figures.models import FigureRules
from dxtrack.reporting.imports.rows import ValueRow
from dxtrack.reporting.imports.service import values_import
from dxtrack.reporting.models import DataValue, ReportingCalendar
from dxtrack.reporting.services import value_record


@pytest.fixture
def monthly(make_indicator):
    return make_indicator("M", period_type="month")


def _import(programme, period: str):
    rows = [ValueRow(row=1, indicator_code="M", unit_code="25747", period=period, value=D(7))]
    return values_import(rows=rows, user=None, source="test", programme=programme)


@time_machine.travel(date(2025, 8, 1), tick=False)
def test_an_ended_ward_may_record_its_statutory_july_2025(units, programme, monthly):
    FigureRules.objects.create(programme=programme, calendar=ReportingCalendar.STATUTORY)
    recorded = value_record(indicator=monthly, org_unit=units["ward_a"], period="2025-07", value=D(5))
    assert (recorded.org_unit_id, recorded.value) == (units["ward_a"].pk, D(5))
    # August (15/07–14/08) lies wholly after the ward's last day.
    with pytest.raises(ValidationError, match="2025-08"):
        value_record(indicator=monthly, org_unit=units["ward_a"], period="2025-08", value=D(5))


@time_machine.travel(date(2025, 8, 1), tick=False)
def test_a_calendar_programme_refuses_an_ended_wards_july(units, programme, monthly):
    with pytest.raises(ValidationError, match="2025-07"):
        value_record(indicator=monthly, org_unit=units["ward_a"], period="2025-07", value=D(5))
    assert not DataValue.objects.exists()


@time_machine.travel(date(2025, 8, 1), tick=False)
def test_the_import_resolves_the_ended_ward_for_a_statutory_july(units, programme, monthly):
    calendar = _import(programme, "2025-07")
    assert not calendar.imported and "25747" in calendar.errors[0].message
    assert not DataValue.objects.exists()
    FigureRules.objects.create(programme=programme, calendar=ReportingCalendar.STATUTORY)
    report = _import(programme, "2025-07")
    assert report.imported, [error.message for error in report.errors]
    assert DataValue.objects.get().org_unit_id == units["ward_a"].pk
