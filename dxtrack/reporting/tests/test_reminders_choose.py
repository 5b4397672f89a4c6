"""Which reminder is due when, without a database: `reminder_choose` and `reminder_periods`.

Deadline: Wednesday 21 January 2026. Offsets -3, -1, +1 fall on Friday 16, Tuesday 20 and
Thursday 22 January; an escalation after 5 working days on Wednesday 28 January."""

from datetime import date

import pytest

from dxtrack.reporting.models import ReportingForm
from dxtrack.reporting.reminders import CATCH_UP_WORKING_DAYS, reminder_choose, reminder_periods

DEADLINE = date(2026, 1, 21)


def _choose(today: date, sent=frozenset(), days=(-3, -1, 1), escalate=5, deadline=DEADLINE):
    return [(c.kind, c.offset, c.due_on) for c in reminder_choose(
        reminder_days=days, escalate_after=escalate, deadline=deadline, today=today, sent=set(sent))]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 15), []),
        (date(2026, 1, 16), [("before", -3, date(2026, 1, 16))]),
        (date(2026, 1, 18), [("before", -3, date(2026, 1, 16))]),  # a Sunday run catches up
        (date(2026, 1, 20), [("before", -1, date(2026, 1, 20))]),  # -3 is superseded, not sent as well
        (date(2026, 1, 21), [("before", -1, date(2026, 1, 20))]),
        (date(2026, 1, 22), [("after", 1, date(2026, 1, 22))]),
        (date(2026, 1, 28), [("after", 1, date(2026, 1, 22)), ("escalation", 5, date(2026, 1, 28))]),
    ],
)
def test_the_latest_due_reminder_is_the_one_chosen(today, expected):
    assert _choose(today) == expected


def test_what_was_sent_is_not_chosen_again_and_does_not_bring_back_older_ones():
    assert _choose(date(2026, 1, 20), sent={("before", -1)}) == []
    assert _choose(date(2026, 1, 28), sent={("after", 1), ("escalation", 5)}) == []


def test_a_before_reminder_is_stale_once_the_deadline_has_passed():
    assert _choose(date(2026, 1, 22), days=(-3, -1)) == []


def test_an_offset_of_zero_reminds_on_the_deadline_day():
    assert _choose(DEADLINE, days=(0,)) == [("before", 0, DEADLINE)]


def test_reminders_and_escalations_too_old_are_not_sent():
    late = date(2026, 2, 27)  # far more than CATCH_UP_WORKING_DAYS after 22 January and 28 January
    assert CATCH_UP_WORKING_DAYS == 10
    assert _choose(late) == []


def test_an_escalation_after_zero_days_waits_for_the_day_after_the_deadline():
    assert _choose(DEADLINE, days=(), escalate=0) == []
    assert _choose(date(2026, 1, 22), days=(), escalate=0) == [("escalation", 0, DEADLINE)]


def test_a_weekend_after_a_friday_deadline_is_late_but_not_yet_escalated():
    friday = date(2026, 1, 23)
    assert _choose(date(2026, 1, 24), days=(), escalate=1, deadline=friday) == []
    assert _choose(date(2026, 1, 26), days=(), escalate=1, deadline=friday) == [("escalation", 1, date(2026, 1, 26))]


def _form(**fields) -> ReportingForm:
    defaults = {"period_type": "month", "calendar": "statutory", "deadline_working_days": 5,
                "reminder_days": [-3, -1, 1], "escalate_after_working_days": 5}
    return ReportingForm(**{**defaults, **fields})


def test_the_periods_to_look_at_are_the_open_ones_still_within_reach():
    # 20 January: statutory January (ended the 14th) is open; December's window has closed.
    assert [p.code for p in reminder_periods(_form(), date(2026, 1, 20))] == ["2026-01"]
    # 10 February: January's escalation (28 January) is still within the catch-up window and
    # February opens only on the 14th.
    assert [p.code for p in reminder_periods(_form(), date(2026, 2, 10))] == ["2026-01"]
    # Saturday 14 February: February is open; January's window closed on the 11th.
    assert [p.code for p in reminder_periods(_form(), date(2026, 2, 14))] == ["2026-02"]


def test_a_period_not_open_yet_is_not_looked_at():
    form = _form(calendar="calendar")  # December due 8 January 2026, in reach until the 29th
    assert [p.code for p in reminder_periods(form, date(2026, 1, 29))] == ["2025-12"]
    assert [p.code for p in reminder_periods(form, date(2026, 1, 30))] == []  # January opens on the 31st
    assert [p.code for p in reminder_periods(form, date(2026, 1, 31))] == ["2026-01"]
