from datetime import date

import pytest

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import (
    Period,
    PeriodType,
    parse_period,
    period_containing,
    periods_between,
    statutory_bounds,
)


@pytest.mark.parametrize(
    ("text", "type_", "year", "index"),
    [
        ("2024", PeriodType.YEAR, 2024, 1),
        ("2024S1", PeriodType.HALF_YEAR, 2024, 1),
        ("2024S2", PeriodType.HALF_YEAR, 2024, 2),
        ("2024Q3", PeriodType.QUARTER, 2024, 3),
        ("2024-05", PeriodType.MONTH, 2024, 5),
        ("202405", PeriodType.MONTH, 2024, 5),
        ("2024q4", PeriodType.QUARTER, 2024, 4),
    ],
)
def test_parse_accepts_every_documented_notation(text: str, type_: PeriodType, year: int, index: int) -> None:
    assert parse_period(text) == Period(type_, year, index)


@pytest.mark.parametrize("code", ["2024", "2024S1", "2024S2", "2024Q1", "2024Q4", "2024-01", "2024-12"])
def test_code_round_trips(code: str) -> None:
    assert parse_period(code).code == code
    assert str(parse_period(code)) == code


def test_dhis2_notation_differs_only_for_months() -> None:
    assert parse_period("2024-05").dhis2 == "202405"
    assert [parse_period(c).dhis2 for c in ("2024", "2024S1", "2024Q3")] == ["2024", "2024S1", "2024Q3"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024Q5", "a quarter is Q1 to Q4"),
        ("2024Q0", "a quarter is Q1 to Q4"),
        ("2024S3", "a half-year is S1 or S2"),
        ("2024-13", "a month is 01 to 12"),
        ("202400", "a month is 01 to 12"),
        ("24", "use 2024, 2024S1"),
        ("", "use 2024, 2024S1"),
        ("2024W01", "use 2024, 2024S1"),
        ("Q3 2024", "use 2024, 2024S1"),
    ],
)
def test_parse_rejects_anything_else_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(AnalyticsError, match=message):
        parse_period(text)


def test_parse_rejects_non_text() -> None:
    with pytest.raises(AnalyticsError, match="text"):
        parse_period(2024)


def test_period_type_values_match_the_model_choices() -> None:
    assert [t.value for t in PeriodType] == ["month", "quarter", "half_year", "year"]
    assert Period("quarter", 2024, 1).type is PeriodType.QUARTER  # type: ignore[arg-type]


def test_calendar_bounds() -> None:
    assert (parse_period("2024-02").start, parse_period("2024-02").end) == (date(2024, 2, 1), date(2024, 2, 29))
    assert parse_period("2023-02").end == date(2023, 2, 28)
    assert parse_period("2024S2").start == date(2024, 7, 1)
    assert parse_period("2024").end == date(2024, 12, 31)


@pytest.mark.parametrize(
    ("code", "first", "last"),
    [
        # Decree 09/2019/NĐ-CP: months 15th → 14th; quarters 15/12–14/03 … 15/09–14/12;
        # the first half-year 15/12–14/06; the year 15/12 of the previous year to 14/12.
        ("2025-01", date(2024, 12, 15), date(2025, 1, 14)),
        ("2025-03", date(2025, 2, 15), date(2025, 3, 14)),
        ("2025Q1", date(2024, 12, 15), date(2025, 3, 14)),
        ("2025Q2", date(2025, 3, 15), date(2025, 6, 14)),
        ("2025Q3", date(2025, 6, 15), date(2025, 9, 14)),
        ("2025Q4", date(2025, 9, 15), date(2025, 12, 14)),
        ("2025S1", date(2024, 12, 15), date(2025, 6, 14)),
        ("2025S2", date(2025, 6, 15), date(2025, 12, 14)),
        ("2025", date(2024, 12, 15), date(2025, 12, 14)),
    ],
)
def test_statutory_bounds(code: str, first: date, last: date) -> None:
    assert statutory_bounds(parse_period(code)) == (first, last)
    assert parse_period(code).bounds("statutory") == (first, last)


def test_calendar_is_the_default_and_unknown_calendars_are_refused() -> None:
    assert parse_period("2025-03").bounds() == (date(2025, 3, 1), date(2025, 3, 31))
    with pytest.raises(AnalyticsError, match="unknown calendar"):
        parse_period("2025").bounds("lunar")


def test_containment_of_periods_and_dates() -> None:
    year = parse_period("2024")
    assert year.contains(parse_period("2024S2"))
    assert year.contains(year)
    assert not parse_period("2024Q1").contains(parse_period("2024S1"))
    assert parse_period("2024-05").contains(date(2024, 5, 31))
    assert parse_period("2024-05").contains(date(2024, 5, 10), calendar="statutory")
    assert not parse_period("2024-05").contains(date(2024, 5, 15), calendar="statutory")


def test_conversion_to_the_enclosing_period() -> None:
    may = parse_period("2024-05")
    assert [may.enclosing(t).code for t in PeriodType] == ["2024-05", "2024Q2", "2024S1", "2024"]
    with pytest.raises(AnalyticsError, match="cannot contain"):
        parse_period("2024").enclosing("month")


def test_subperiods() -> None:
    assert [p.code for p in parse_period("2024Q2").subperiods("month")] == ["2024-04", "2024-05", "2024-06"]
    assert len(parse_period("2024").subperiods(PeriodType.MONTH)) == 12
    with pytest.raises(AnalyticsError):
        parse_period("2024Q2").subperiods("year")


def test_shift_crosses_year_boundaries() -> None:
    assert parse_period("2024-12").shift(1).code == "2025-01"
    assert parse_period("2024S1").shift(-1).code == "2023S2"
    assert parse_period("2024").shift(3).code == "2027"


def test_period_containing_a_date_in_both_calendars() -> None:
    assert period_containing(date(2024, 12, 20), "year").code == "2024"
    assert period_containing(date(2024, 12, 20), "year", calendar="statutory").code == "2025"
    assert period_containing(date(2024, 3, 14), "quarter", calendar="statutory").code == "2024Q1"
    assert period_containing(date(2024, 3, 15), "quarter", calendar="statutory").code == "2024Q2"


def test_periods_between_two_dates() -> None:
    quarters = periods_between(date(2024, 1, 1), date(2024, 12, 31), "quarter")
    assert [p.code for p in quarters] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    assert [p.code for p in periods_between(date(2024, 5, 5), date(2024, 5, 6), "month")] == ["2024-05"]
    statutory = periods_between(date(2024, 12, 15), date(2025, 1, 14), "month", calendar="statutory")
    assert [p.code for p in statutory] == ["2025-01"]


def test_sorting_within_a_type_is_chronological() -> None:
    codes = ["2025-01", "2024-12", "2024-02"]
    assert [p.code for p in sorted(parse_period(c) for c in codes)] == ["2024-02", "2024-12", "2025-01"]


def test_labels() -> None:
    assert parse_period("2024Q3").label_vi == "Quý III/2024"
    assert parse_period("2024S1").label_vi == "6 tháng đầu năm 2024"
    assert parse_period("2024-05").label_vi == "Tháng 05/2024"
    assert parse_period("2024-05").label_en == "May 2024"


def test_out_of_range_years_and_indices_are_refused() -> None:
    with pytest.raises(AnalyticsError, match="four digits"):
        Period(PeriodType.YEAR, 99, 1)
    with pytest.raises(AnalyticsError, match="half-year index"):
        Period(PeriodType.HALF_YEAR, 2024, 3)
    with pytest.raises(AnalyticsError, match="unknown period type"):
        Period("week", 2024, 1)  # type: ignore[arg-type]
