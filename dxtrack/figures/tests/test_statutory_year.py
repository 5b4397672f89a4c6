"""Rule 2: a programme whose years are statutory (Decree 09/2019: 15/12 of the year before to
14/12) judges each year on the sub-periods of the statutory year, and the figure says so."""

from datetime import date
from decimal import Decimal
from io import StringIO

import time_machine
from django.core.management import call_command

from dxtrack.figures.models import FigureRules
from dxtrack.figures.rows import row_json
from dxtrack.figures.selectors import FigureOptions, figure_get, programme_status
from dxtrack.figures.tests.conftest import target
from dxtrack.reporting.models import ReportingCalendar
from dxtrack.reporting.services import value_record

D = Decimal


def _quarters(units, count):
    # Ward A: 10, 20, 30, 40; ward B: 5 a quarter → the year 2024 adds up to 100 + 20 = 120.
    for index, value in enumerate((10, 20, 30, 40), start=1):
        value_record(indicator=count, org_unit=units["ward_a"], period=f"2024Q{index}", value=D(value))
        value_record(indicator=count, org_unit=units["ward_b"], period=f"2024Q{index}", value=D(5))


def test_a_statutory_year_runs_from_15_december_to_14_december_and_is_built_from_its_quarters(units, programme, count):
    FigureRules.objects.create(programme=programme, calendar=ReportingCalendar.STATUTORY)
    _quarters(units, count)
    with time_machine.travel(date(2024, 12, 20), tick=False):
        figure = figure_get(indicator=count, unit=units["province"], period="2024")
    assert figure.value == D(120)
    assert (figure.period_start, figure.period_end, figure.calendar) == (date(2023, 12, 15), date(2024, 12, 14), "statutory")
    # On 20/12/2024 the statutory Q4 (15/09–14/12) is over: nothing is missing or not yet due.
    assert figure.complete and figure.missing_subperiods == ()
    assert figure.period_label("vi") == "2024 (15/12/2023–14/12/2024)"


def test_on_20_december_the_statutory_year_is_over_and_decides_where_the_calendar_year_is_not(units, programme, count):
    target(count, ">=", 100, deadline="2024-12-31")
    with time_machine.travel(date(2024, 12, 16), tick=False):  # the wards report after the 14/12 cut-off
        _quarters(units, count)
    as_of = FigureOptions(as_of=date(2024, 12, 20))
    # Calendar years: 2024 has not ended by 20/12/2024, so there is nothing to judge yet.
    [calendar_row] = programme_status(programme=programme, options=as_of).rows
    assert calendar_row.judged is None and calendar_row.met is None and calendar_row.met_reason == "no_data"
    FigureRules.objects.create(programme=programme, calendar=ReportingCalendar.STATUTORY)
    [row] = programme_status(programme=programme, options=as_of).rows
    assert row.judged.value == D(120) and row.met is True
    assert row.explanation("vi").startswith("2024 (15/12/2023–14/12/2024): 120 · 2/2 đơn vị — ")
    latest = row_json(row, "en")["latest"]
    assert (latest["period"], latest["calendar"], latest["period_start"], latest["period_end"]) == (
        "2024", "statutory", "2023-12-15", "2024-12-14",
    )
    assert latest["value"] == 120


def test_a_calendar_year_keeps_its_calendar_dates_and_no_extra_keys(units, programme, count):
    _quarters(units, count)
    figure = figure_get(indicator=count, unit=units["province"], period="2024", options=FigureOptions(as_of=date(2025, 1, 5)))
    assert (figure.period_start, figure.period_end, figure.calendar) == (date(2024, 1, 1), date(2024, 12, 31), "calendar")
    assert figure.period_label("en") == "2024"


def test_the_table_names_the_statutory_years_days(units, programme, count):
    target(count, ">=", 100, deadline="2024-12-31")
    FigureRules.objects.create(programme=programme, calendar=ReportingCalendar.STATUTORY)
    with time_machine.travel(date(2024, 12, 16), tick=False):
        _quarters(units, count)
    out = StringIO()
    call_command("progress", "KH-07", "--as-of", "2024-12-20", stdout=out)
    [line] = [line for line in out.getvalue().splitlines() if line.startswith("N ")]
    assert "120 · 2/2 đơn vị" in line and "2024 (15/12/2023–14/12/2024)" in line
