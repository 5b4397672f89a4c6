"""figure_get: own values, roll-ups and period rules, computed by hand."""

from decimal import Decimal

import pytest

from dxtrack.figures.selectors import (
    FigureError,
    figure_breakdown,
    figure_get,
    figure_series,
    figure_units,
)
from dxtrack.reporting.services import value_record

D = Decimal


def test_a_ratio_of_sums_adds_numerators_and_denominators(units, share):
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=D(45), denominator=D(50))
    value_record(indicator=share, org_unit=units["ward_b"], period="2024", numerator=D(5), denominator=D(10))
    figure = figure_get(indicator=share, unit=units["province"], period="2024")
    # 50 / 60 = 83.333333%, where the mean of 90% and 50% would say 70%.
    assert figure.value == D("83.333333")
    assert (figure.numerator, figure.denominator) == (D(50), D(60))
    assert (figure.coverage.expected, figure.coverage.reported, figure.coverage.missing) == (2, 2, 0)
    assert figure.complete and not figure.own and not figure.partial
    assert figure.text("vi") == "83,3% · 2/2 đơn vị"
    assert figure.text("en") == "83.3% · 2/2 units"


def test_a_ward_that_sent_only_a_percentage_is_counted_as_reported_without_parts(units, share):
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=D(45), denominator=D(50))
    value_record(indicator=share, org_unit=units["ward_b"], period="2024", value=D(10))
    figure = figure_get(indicator=share, unit=units["province"], period="2024")
    assert figure.value == D(90)
    coverage = figure.coverage
    assert (coverage.expected, coverage.reported, coverage.without_parts, coverage.missing) == (2, 1, 1, 0)
    assert coverage.reported + coverage.missing + coverage.without_parts == coverage.expected
    names = figure_units(figure)
    assert [u.code for u in names.reported_without_parts] == ["25741"]
    assert [u.code for u in names.missing] == []


def test_the_areas_own_real_value_stands_before_a_roll_up_of_its_wards(units, share):
    value_record(indicator=share, org_unit=units["province"], period="2024", value=D(92), source="Báo cáo tỉnh")
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=D(1), denominator=D(2), is_synthetic=True)
    figure = figure_get(indicator=share, unit=units["province"], period="2024")
    assert figure.value == D(92) and figure.own and figure.sources == ("Báo cáo tỉnh",)
    assert not figure.is_sample


def test_real_before_sample_the_areas_real_value_then_a_real_roll_up_then_its_sample_then_a_sample_roll_up(units, share):
    province, ward_a, ward_b = units["province"], units["ward_a"], units["ward_b"]
    # 2022: the province reported 92 % itself; its wards' sample says (30 + 60) / (100 + 100) = 45 %.
    value_record(indicator=share, org_unit=province, period="2022", value=D(92), source="Báo cáo tỉnh")
    # 2023: ward A reported 90/100, ward B is sample 30/100, the province's own value is sample 50 %.
    value_record(indicator=share, org_unit=province, period="2023", value=D(50), is_synthetic=True)
    value_record(indicator=share, org_unit=ward_a, period="2023", numerator=D(90), denominator=D(100))
    # 2024: everything is sample: the province 50 %, the wards (30 + 60) / 200 = 45 %.
    value_record(indicator=share, org_unit=province, period="2024", value=D(50), is_synthetic=True)
    for year in ("2022", "2023", "2024"):
        value_record(indicator=share, org_unit=ward_b, period=year, numerator=D(30), denominator=D(100), is_synthetic=True)
    for year in ("2022", "2024"):
        value_record(indicator=share, org_unit=ward_a, period=year, numerator=D(60), denominator=D(100), is_synthetic=True)
    answers = {year: figure_get(indicator=share, unit=province, period=year) for year in ("2022", "2023", "2024")}
    # The real 92 % stands, not the 45 % of the sample.
    assert (answers["2022"].value, answers["2022"].own, answers["2022"].sample_share) == (D(92), True, D(0))
    # A roll-up holding a real value, (90 + 30) / 200 = 60 %, before the province's own sample 50 %.
    assert (answers["2023"].value, answers["2023"].own, answers["2023"].sample_share) == (D(60), False, D("0.5"))
    # All sample: the area's own sample value before the roll-up of its wards' sample.
    assert (answers["2024"].value, answers["2024"].own, answers["2024"].is_sample) == (D(50), True, True)


def test_a_quarterly_flow_makes_its_year_by_summing_and_says_which_quarter_is_missing(units, count):
    for quarter, value in (("2024Q1", 10), ("2024Q2", 20), ("2024Q4", 5)):
        value_record(indicator=count, org_unit=units["ward_a"], period=quarter, value=D(value))
    figure = figure_get(indicator=count, unit=units["ward_a"], period="2024")
    assert figure.value == D(35)
    assert figure.missing_subperiods == ("2024Q3",)
    assert figure.partial and not figure.complete


def test_a_stock_takes_the_last_quarter_with_a_figure_and_a_rate_the_mean(units, make_indicator):
    stock = make_indicator("K", period_type="quarter", period_aggregation="last")
    rate = make_indicator("R", period_type="quarter", period_aggregation="mean", unit_aggregation="mean")
    for quarter, value in (("2024Q1", 10), ("2024Q2", 20), ("2024Q3", 30)):
        value_record(indicator=stock, org_unit=units["ward_a"], period=quarter, value=D(value))
        value_record(indicator=rate, org_unit=units["ward_a"], period=quarter, value=D(value))
    assert figure_get(indicator=stock, unit=units["ward_a"], period="2024").value == D(30)
    assert figure_get(indicator=stock, unit=units["ward_a"], period="2024S1").value == D(20)
    assert figure_get(indicator=rate, unit=units["ward_a"], period="2024").value == D(20)  # (10 + 20 + 30) / 3


def test_a_period_shorter_than_the_indicators_own_has_no_figure(units, count):
    with pytest.raises(FigureError):
        figure_get(indicator=count, unit=units["ward_a"], period="2024-05")


def test_no_values_is_no_figure_with_its_reason(units, share):
    figure = figure_get(indicator=share, unit=units["province"], period="2024")
    assert figure.value is None and figure.reason == "no_data"
    assert figure.coverage.missing == 2


def test_the_series_shows_gaps_and_the_breakdown_every_ward(units, share):
    value_record(indicator=share, org_unit=units["ward_a"], period="2022", numerator=D(1), denominator=D(2))
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=D(3), denominator=D(4))
    series = figure_series(indicator=share, unit=units["province"])
    assert [(f.period, f.value) for f in series] == [("2022", D(50)), ("2023", None), ("2024", D(75))]
    wards = figure_breakdown(indicator=share, unit=units["province"], period="2024", level="commune")
    assert [(f.unit_code, f.value) for f in wards] == [("25741", None), ("25747", D(75))]
