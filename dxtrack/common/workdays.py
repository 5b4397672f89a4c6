"""Working days in Viet Nam: weekends, public holidays (Tết included) and the Saturdays the
government swaps in as working days, all from the `holidays` package (country VN).

Deadlines in Vietnamese administration are counted in working days; a form due "5 working days
after the period" for December 2025 is due after the New Year holiday, and one for January 2026
after Tết.

>>> from datetime import date
>>> add_working_days(date(2026, 2, 13), 1)   # Friday before Tết 2026 (16–20 Feb)
datetime.date(2026, 2, 23)
>>> is_working_day(date(2025, 4, 26))         # a Saturday worked in exchange for 2 May 2025
True
"""

from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=1)
def _calendar() -> holidays.HolidayBase:
    # The calendar extends itself to any year it is asked about.
    return holidays.country_holidays("VN")


def is_working_day(day: date) -> bool:
    return bool(_calendar().is_working_day(day))


# Pure functions of dates on a fixed calendar, asked the same question many times a page (the
# overdue list counts the days late of hundreds of units from the same deadline to today,
# each count a day-by-day walk): remembered.
@lru_cache(maxsize=4096)
def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (before it when negative); 0 gives `start`."""
    if days == 0:
        return start
    return _calendar().get_nth_working_day(start, days)


@lru_cache(maxsize=4096)
def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when end is earlier)."""
    if end == start:
        return 0
    if end > start:
        return int(_calendar().get_working_days_count(start, end)) - (1 if is_working_day(start) else 0)
    return -working_days_between(end, start)
