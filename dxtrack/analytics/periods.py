"""Reporting periods: parse, format, dates, containment and conversion.

A :class:`Period` is a month, quarter, half-year or year. Its canonical code is the one
people type (``2024``, ``2024S1``, ``2024Q3``, ``2024-05``); DHIS2's month code ``202405`` is
accepted too and :attr:`Period.dhis2` writes DHIS2 notation back.

Two calendars give a period its dates. Statistical reporting uses the **calendar** (the
default). The reporting regime of state administrative agencies (Decree 09/2019/NĐ-CP) uses
the **statutory** calendar: a monthly report covers the 15th of the previous month to the
14th of the reporting month, quarters run 15/12–14/03 … 15/09–14/12 and the year runs
15/12 of the previous year to 14/12.

=============================  ===================================================
Function / member              Answer
=============================  ===================================================
``parse_period(text)``         the :class:`Period` a code names
``Period.start`` / ``.end``    first and last (inclusive) calendar day
``Period.bounds(calendar)``    ``(first, last)`` in either calendar
``statutory_bounds(period)``   ``(first, last)`` in the statutory calendar
``Period.contains(x)``         whether a period or a date falls inside
``Period.enclosing(type)``     the period of a longer type that contains it
``Period.subperiods(type)``    the periods of a shorter type that make it up
``Period.shift(n)``            the period *n* steps later (or earlier)
``period_containing(d, type)`` the period of a type that contains a date
``periods_between(a, b, t)``   every period of type *t* that overlaps ``[a, b]``
=============================  ===================================================

>>> q = parse_period("2024Q3")
>>> q.start, q.end
(datetime.date(2024, 7, 1), datetime.date(2024, 9, 30))
>>> statutory_bounds(q)
(datetime.date(2024, 6, 15), datetime.date(2024, 9, 14))
>>> parse_period("202405").code, parse_period("2024-05").dhis2
('2024-05', '202405')
>>> parse_period("2024-05").enclosing(PeriodType.HALF_YEAR)
Period(type=<PeriodType.HALF_YEAR: 'half_year'>, year=2024, index=1)
>>> [str(p) for p in periods_between(date(2024, 2, 10), date(2024, 7, 1), PeriodType.QUARTER)]
['2024Q1', '2024Q2', '2024Q3']
>>> period_containing(date(2024, 12, 20), PeriodType.MONTH, calendar="statutory").code
'2025-01'

Periods of one type sort in time order; sorting a mixed list orders by type name first.
"""

from __future__ import annotations

import calendar as _calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dxtrack.analytics.errors import AnalyticsError

__all__ = [
    "Calendar",
    "Period",
    "PeriodType",
    "parse_period",
    "period_containing",
    "periods_between",
    "statutory_bounds",
]

MIN_YEAR = 1000
MAX_YEAR = 9999
# The statutory cut-off (Decree 09/2019/NĐ-CP): a statutory month ends on the 14th.
STATUTORY_LAST_DAY = 14
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodType(StrEnum):
    """The length of a reporting period; the values match the Django model choices."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def months(self) -> int:
        """How many months a period of this type spans."""
        return _MONTHS[self]

    @property
    def per_year(self) -> int:
        """How many periods of this type make a year."""
        return 12 // _MONTHS[self]


_MONTHS = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.HALF_YEAR: 6, PeriodType.YEAR: 12}


class Calendar(StrEnum):
    """Which dates a period covers: calendar months or the statutory 15th-to-14th months."""

    CALENDAR = "calendar"
    STATUTORY = "statutory"


CalendarLike = Calendar | str


def _calendar_of(value: CalendarLike) -> Calendar:
    try:
        return Calendar(value)
    except ValueError:
        raise AnalyticsError(f"unknown calendar {value!r}: use 'calendar' or 'statutory'") from None


def _type_of(value: PeriodType | str) -> PeriodType:
    try:
        return PeriodType(value)
    except ValueError:
        choices = ", ".join(repr(t.value) for t in PeriodType)
        raise AnalyticsError(f"unknown period type {value!r}: use one of {choices}") from None


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: *index* is the month 1–12, quarter 1–4, half 1–2, or 1 for a year.

    >>> Period(PeriodType.QUARTER, 2025, 4).code
    '2025Q4'
    >>> Period("month", 2025, 13)
    Traceback (most recent call last):
      ...
    dxtrack.analytics.errors.AnalyticsError: a month index runs from 1 to 12, not 13
    """

    type: PeriodType
    year: int
    index: int

    def __post_init__(self) -> None:
        # Accept the plain strings stored by the models, but keep the enum inside.
        object.__setattr__(self, "type", _type_of(self.type))
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise AnalyticsError(f"a period year has four digits ({MIN_YEAR}–{MAX_YEAR}), not {self.year}")
        if not 1 <= self.index <= self.type.per_year:
            noun = self.type.value.replace("_", "-")
            raise AnalyticsError(
                f"a {noun} index runs from 1 to {self.type.per_year}, not {self.index}"
            )

    # -- codes -------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """The canonical code: ``2024``, ``2024S1``, ``2024Q3`` or ``2024-05``."""
        if self.type is PeriodType.YEAR:
            return f"{self.year}"
        if self.type is PeriodType.HALF_YEAR:
            return f"{self.year}S{self.index}"
        if self.type is PeriodType.QUARTER:
            return f"{self.year}Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    @property
    def dhis2(self) -> str:
        """The DHIS2 period id: as :attr:`code`, except months are written ``202405``."""
        if self.type is PeriodType.MONTH:
            return f"{self.year}{self.index:02d}"
        return self.code

    @property
    def label_vi(self) -> str:
        """How the period is written in a Vietnamese report ("Quý III/2024")."""
        if self.type is PeriodType.YEAR:
            return f"Năm {self.year}"
        if self.type is PeriodType.HALF_YEAR:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.type is PeriodType.QUARTER:
            return f"Quý {_ROMAN[self.index]}/{self.year}"
        return f"Tháng {self.index:02d}/{self.year}"

    @property
    def label_en(self) -> str:
        """How the period is written in English ("Q3 2024")."""
        if self.type is PeriodType.YEAR:
            return f"{self.year}"
        if self.type is PeriodType.HALF_YEAR:
            return f"H{self.index} {self.year}"
        if self.type is PeriodType.QUARTER:
            return f"Q{self.index} {self.year}"
        return f"{_calendar.month_name[self.index]} {self.year}"

    def __str__(self) -> str:
        return self.code

    # -- dates -------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        return (self.index - 1) * self.type.months + 1

    @property
    def last_month(self) -> int:
        return self.index * self.type.months

    @property
    def start(self) -> date:
        """The first calendar day."""
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """The last calendar day (inclusive)."""
        last_day = _calendar.monthrange(self.year, self.last_month)[1]
        return date(self.year, self.last_month, last_day)

    def bounds(self, calendar: CalendarLike = Calendar.CALENDAR) -> tuple[date, date]:
        """``(first day, last day)`` in the calendar or the statutory calendar."""
        if _calendar_of(calendar) is Calendar.STATUTORY:
            return statutory_bounds(self)
        return self.start, self.end

    def contains(self, other: Period | date, *, calendar: CalendarLike = Calendar.CALENDAR) -> bool:
        """Whether a period lies wholly inside this one, or a date falls inside it.

        The calendar matters only for dates: both calendars nest periods the same way.

        >>> y = parse_period("2024")
        >>> y.contains(parse_period("2024Q2")), y.contains(parse_period("2025-01"))
        (True, False)
        >>> y.contains(date(2024, 12, 20)), y.contains(date(2024, 12, 20), calendar="statutory")
        (True, False)
        """
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        first, last = self.bounds(calendar)
        return first <= other <= last

    # -- moving between periods -------------------------------------------------------

    def shift(self, steps: int) -> Period:
        """The period *steps* periods of the same type later (earlier when negative).

        >>> parse_period("2024Q4").shift(1).code, parse_period("2024-01").shift(-1).code
        ('2025Q1', '2023-12')
        """
        ordinal = self.year * self.type.per_year + (self.index - 1) + steps
        year, offset = divmod(ordinal, self.type.per_year)
        return Period(self.type, year, offset + 1)

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - periods are immutable, few and small
    def enclosing(self, type: PeriodType | str) -> Period:
        """The period of a type at least as long as this one that contains it.

        >>> parse_period("2024-08").enclosing("quarter").code
        '2024Q3'
        """
        target = _type_of(type)
        if target.months < self.type.months:
            raise AnalyticsError(
                f"a {target.value} cannot contain {self.code}: convert to a type at least as "
                f"long as a {self.type.value}, or use subperiods()"
            )
        return Period(target, self.year, (self.first_month - 1) // target.months + 1)

    def subperiods(self, type: PeriodType | str) -> list[Period]:
        """The periods of a type at most as long as this one that make it up, in order.

        >>> [p.code for p in parse_period("2024S2").subperiods("quarter")]
        ['2024Q3', '2024Q4']
        """
        target = _type_of(type)
        if target.months > self.type.months:
            raise AnalyticsError(f"a {target.value} is longer than {self.code}: use enclosing()")
        first = (self.first_month - 1) // target.months + 1
        count = self.type.months // target.months
        return [Period(target, self.year, first + i) for i in range(count)]


_YEAR = re.compile(r"(\d{4})")
_HALF = re.compile(r"(\d{4})S(\d)")
_QUARTER = re.compile(r"(\d{4})Q(\d)")
_MONTH = re.compile(r"(\d{4})-?(\d{2})")


# Periods are immutable and figures parse the same few hundred codes thousands of times per
# programme (a province's overview: 6,000 calls), so the answers are kept.
@functools.lru_cache(maxsize=8192)
def parse_period(text: str) -> Period:
    """The period named by ``2024``, ``2024S1``, ``2024Q3``, ``2024-05`` or DHIS2's ``202405``.

    Surrounding spaces and lower-case ``s``/``q`` are accepted; anything else raises
    :class:`AnalyticsError` saying what is accepted.

    >>> parse_period(" 2024q1 ")
    Period(type=<PeriodType.QUARTER: 'quarter'>, year=2024, index=1)
    >>> parse_period("24")
    Traceback (most recent call last):
      ...
    dxtrack.analytics.errors.AnalyticsError: '24' is not a period: use 2024, 2024S1, 2024Q3, 2024-05 or 202405
    """
    if not isinstance(text, str):
        raise AnalyticsError(f"a period code is text, not {type(text).__name__}")
    cleaned = text.strip().upper()
    try:
        if match := _YEAR.fullmatch(cleaned):
            return Period(PeriodType.YEAR, int(match[1]), 1)
        if match := _HALF.fullmatch(cleaned):
            return _checked(text, PeriodType.HALF_YEAR, match, "a half-year is S1 or S2")
        if match := _QUARTER.fullmatch(cleaned):
            return _checked(text, PeriodType.QUARTER, match, "a quarter is Q1 to Q4")
        if match := _MONTH.fullmatch(cleaned):
            return _checked(text, PeriodType.MONTH, match, "a month is 01 to 12")
    except AnalyticsError as error:
        raise AnalyticsError(f"{text!r} is not a period: {error}") from None
    raise AnalyticsError(f"{text!r} is not a period: use 2024, 2024S1, 2024Q3, 2024-05 or 202405")


def _checked(text: str, type: PeriodType, match: re.Match[str], rule: str) -> Period:
    index = int(match[2])
    if not 1 <= index <= type.per_year:
        raise AnalyticsError(rule)
    return Period(type, int(match[1]), index)


def statutory_bounds(period: Period) -> tuple[date, date]:
    """``(first, last)`` day of a period under Decree 09/2019/NĐ-CP: the 15th to the 14th.

    >>> statutory_bounds(parse_period("2025"))
    (datetime.date(2024, 12, 15), datetime.date(2025, 12, 14))
    >>> statutory_bounds(parse_period("2025-03"))
    (datetime.date(2025, 2, 15), datetime.date(2025, 3, 14))
    """
    last = date(period.year, period.last_month, STATUTORY_LAST_DAY)
    previous_month_end = period.start - timedelta(days=1)
    first = previous_month_end.replace(day=STATUTORY_LAST_DAY + 1)
    return first, last


def period_containing(
    when: date | Period, type: PeriodType | str, *, calendar: CalendarLike = Calendar.CALENDAR
) -> Period:
    """The period of *type* that contains a date (or a shorter period).

    Under the statutory calendar a day after the 14th belongs to the next month's report.

    >>> period_containing(date(2024, 5, 15), "month").code
    '2024-05'
    >>> period_containing(date(2024, 5, 15), "month", calendar="statutory").code
    '2024-06'
    """
    kind = _type_of(type)
    if isinstance(when, Period):
        return when.enclosing(kind)
    day = when
    if _calendar_of(calendar) is Calendar.STATUTORY and day.day > STATUTORY_LAST_DAY:
        # The 15th onwards is reported with the following month.
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    month = Period(PeriodType.MONTH, day.year, day.month)
    return month.enclosing(kind)


def periods_between(
    start: date, end: date, type: PeriodType | str, *, calendar: CalendarLike = Calendar.CALENDAR
) -> list[Period]:
    """Every period of *type* that overlaps the inclusive range ``[start, end]``, in order.

    The first and last periods may be only partly inside the range; compare their bounds
    with *start* and *end* to flag them as partial.

    >>> [p.code for p in periods_between(date(2024, 11, 20), date(2025, 1, 3), "month")]
    ['2024-11', '2024-12', '2025-01']
    >>> periods_between(date(2024, 1, 2), date(2024, 1, 1), "month")
    Traceback (most recent call last):
      ...
    dxtrack.analytics.errors.AnalyticsError: the range ends (2024-01-01) before it starts (2024-01-02)
    """
    if end < start:
        raise AnalyticsError(f"the range ends ({end}) before it starts ({start})")
    first = period_containing(start, type, calendar=calendar)
    last = period_containing(end, type, calendar=calendar)
    periods = [first]
    while periods[-1] < last:
        periods.append(periods[-1].shift(1))
    return periods
