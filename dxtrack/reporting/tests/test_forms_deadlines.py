"""Deadlines in working days across New Year, Tết 2026 and a swapped working Saturday, in both
calendars; "today" set with time-machine. Tết 2026: 16–20 February (Monday to Friday)."""

from datetime import date

import pytest
import time_machine

from dxtrack.analytics.periods import parse_period
from dxtrack.reporting.completeness import form_completeness
from dxtrack.reporting.selectors import (
    form_current_period,
    form_deadline,
    form_opens_on,
    form_period_bounds,
)
from dxtrack.reporting.tests.forms_factories import hcmc_units, programme_with_indicators, ward_form


@pytest.fixture
def hcmc(units):
    return hcmc_units(units["country"])


@pytest.fixture
def monthly(hcmc):
    return programme_with_indicators(area=hcmc["city"], code="KH-THANG", period_type="month")


def _form(programme, calendar: str, days: int, code: str = "BM-THANG"):
    return ward_form(programme, code=code, calendar=calendar, deadline_working_days=days)


JANUARY_2026 = parse_period("2026-01")


def test_a_statutory_january_runs_from_15_december_to_14_january(monthly):
    form = _form(monthly, "statutory", 5)
    assert form_period_bounds(form, JANUARY_2026) == (date(2025, 12, 15), date(2026, 1, 14))
    assert form_deadline(form, JANUARY_2026) == date(2026, 1, 21)  # Wednesday 14 → Wednesday 21


def test_a_calendar_january_is_due_five_working_days_after_saturday_31_january(monthly):
    form = _form(monthly, "calendar", 5)
    assert form_period_bounds(form, JANUARY_2026) == (date(2026, 1, 1), date(2026, 1, 31))
    assert form_deadline(form, JANUARY_2026) == date(2026, 2, 6)


def test_a_calendar_january_due_after_ten_working_days_falls_on_the_friday_before_tet(monthly):
    assert form_deadline(_form(monthly, "calendar", 10), JANUARY_2026) == date(2026, 2, 13)


def test_one_more_working_day_jumps_the_whole_tet_week(monthly):
    assert form_deadline(_form(monthly, "calendar", 11), JANUARY_2026) == date(2026, 2, 23)


def test_a_statutory_february_ends_on_saturday_14_february_and_is_due_after_tet(monthly):
    form = _form(monthly, "statutory", 5)
    february = parse_period("2026-02")
    assert form_period_bounds(form, february) == (date(2026, 1, 15), date(2026, 2, 14))
    assert form_deadline(form, february) == date(2026, 2, 27)  # 16–20 February are Tết


def test_new_years_day_does_not_count(monthly):
    assert form_deadline(_form(monthly, "calendar", 5), parse_period("2025-12")) == date(2026, 1, 8)


def test_a_swapped_working_saturday_counts_and_the_day_off_it_pays_for_does_not(units):
    programme = programme_with_indicators(area=units["province"], code="KH-QUY", period_type="quarter")
    form = _form(programme, "calendar", 19, code="BM-QUY")
    # Saturday 26 April 2025 was worked in exchange for Friday 2 May.
    assert form_deadline(form, parse_period("2025Q1")) == date(2025, 4, 26)
    monthly_programme = programme_with_indicators(area=units["province"], code="KH-THANG-2025", period_type="month")
    april = _form(monthly_programme, "calendar", 1, code="BM-THANG-2025")
    assert form_deadline(april, parse_period("2025-04")) == date(2025, 5, 5)  # 30/4, 1/5, 2/5 off, then a weekend


def test_entry_opens_the_given_number_of_days_before_the_period_ends(monthly):
    form = _form(monthly, "statutory", 5)
    form.opens_days_before_end = 3
    assert form_opens_on(form, JANUARY_2026) == date(2026, 1, 11)


@pytest.mark.parametrize(
    ("today", "calendar", "expected"),
    [
        (date(2026, 1, 30), "calendar", "2025-12"),  # January opens on its last day
        (date(2026, 1, 31), "calendar", "2026-01"),
        (date(2026, 1, 14), "statutory", "2026-01"),  # the statutory January ends on the 14th
        (date(2026, 1, 13), "statutory", "2025-12"),
        (date(2026, 2, 18), "statutory", "2026-02"),  # the statutory February ended on the 14th
        (date(2026, 2, 18), "calendar", "2026-01"),  # the calendar February has not
    ],
)
def test_the_current_period_is_the_latest_one_open_for_entry(monthly, today, calendar, expected):
    assert form_current_period(_form(monthly, calendar, 5), today).code == expected


def _state(form, unit, period):
    report = form_completeness(form=form, period=period)
    return next(row for row in report.rows if row.unit == unit)


def test_a_unit_is_not_overdue_during_tet_when_the_deadline_is_after_it(monthly, hcmc):
    form = _form(monthly, "calendar", 11)
    with time_machine.travel(date(2026, 2, 18), tick=False):
        row = _state(form, hcmc["ward_1"], "2026-01")
    assert (row.overdue, row.working_days_late) == (False, 0)


def test_overdue_is_counted_in_working_days_across_tet(monthly, hcmc):
    form = _form(monthly, "calendar", 10)  # due Friday 13 February
    with time_machine.travel(date(2026, 2, 20), tick=False):  # a week later, all of it Tết
        row = _state(form, hcmc["ward_1"], "2026-01")
    assert (row.overdue, row.working_days_late) == (True, 0)
    with time_machine.travel(date(2026, 2, 24), tick=False):
        row = _state(form, hcmc["ward_1"], "2026-01")
    assert (row.overdue, row.working_days_late) == (True, 2)


def test_the_deadline_day_itself_is_not_late(monthly, hcmc):
    form = _form(monthly, "statutory", 5)
    with time_machine.travel(date(2026, 1, 21), tick=False):
        assert _state(form, hcmc["ward_1"], "2026-01").overdue is False
    with time_machine.travel(date(2026, 1, 22), tick=False):
        row = _state(form, hcmc["ward_1"], "2026-01")
    assert (row.overdue, row.working_days_late) == (True, 1)


def test_lateness_counts_the_swapped_working_saturday(units):
    programme = programme_with_indicators(area=units["province"], code="KH-QUY", period_type="quarter")
    form = _form(programme, "calendar", 18, code="BM-QUY")  # due Friday 25 April 2025
    with time_machine.travel(date(2025, 4, 28), tick=False):
        row = _state(form, units["ward_a"], "2025Q1")
    assert (row.deadline, row.working_days_late) == (date(2025, 4, 25), 2)  # Saturday 26 and Monday 28
