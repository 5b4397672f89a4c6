"""How figures are written (`figures.numbers`), at the edges of each rounding rule.

Pure Python, run by mutmut against every mutant of numbers.py.
"""

from decimal import Decimal

import pytest

from dxtrack.figures.numbers import (
    display,
    json_figure,
    json_number,
    number_text,
    places_for,
    plain,
    share_text,
)

D = Decimal


def test_places_by_unit_and_size():
    assert places_for(D(50), " % ") == 1
    assert places_for(D("0.5"), "") == 3
    assert places_for(D("-0.5"), "") == 3
    assert places_for(D(1), "") == 2  # 1 is not below 1: an index is 0–1 only below it
    assert places_for(D("1.5"), "") == 2


@pytest.mark.parametrize(("value", "unit", "language", "text"), [
    # two places above 1, rounded half up (half even would give 12.34)
    (D("12.345"), "", "en", "12.35"),
    (D("1.2345"), "", "en", "1.23"),
    (D("0.6575"), "", "vi", "0,658"),
    (D("94.25"), "%", "en", "94.3%"),
    (D("1234.5"), "ha", "vi", "1.234,5 ha"),
    (D("1234567.125"), "", "en", "1,234,567.13"),
    (D("-0.0004"), "", "en", "0"),  # not "-0"
    (D("80.000000"), " % ", "vi", "80%"),
])
def test_display(value, unit, language, text):
    assert display(value, unit, language) == text


def test_no_figure_is_a_dash():
    assert display(None, "%", "vi") == "—"


def test_places_asked_for_win_over_the_unit_rule():
    assert display(D("0.6666"), "", "en", places=0) == "1"
    assert display(D("94.2857"), "%", "en", places=2) == "94.29%"


def test_number_text_drops_zeros_and_groups_by_language():
    assert number_text(D("1234.50"), "vi", 2) == "1.234,5"
    assert number_text(D("1234.50"), "en", 2) == "1,234.5"
    assert number_text(D("-0.004"), "vi", 2) == "0"
    assert number_text(D("100"), "en", 2) == "100"


def test_plain_is_the_shortest_exact_text():
    assert plain(None) == ""
    assert plain(D("37.500000")) == "37.5"
    assert plain(D("80.000000")) == "80"
    assert plain(D("1E+3")) == "1000"
    assert plain(D("-0.25")) == "-0.25"


def test_json_number_is_a_float_up_to_fifteen_digits_and_text_beyond():
    assert json_number(D("1234567890.12345")) == 1234567890.12345  # 15 significant digits
    assert isinstance(json_number(D("1234567890.12345")), float)
    assert json_number(D("1234567890.123456")) == "1234567890.123456"  # 16: a float would change it
    assert json_number(D("80.000000")) == 80
    assert isinstance(json_number(D("80.000000")), int)


def test_json_figure_rounds_half_up_to_six_decimals():
    assert json_figure(D("0.0000005")) == 0.000001
    assert json_figure(D("-0.0000001")) == 0
    assert json_figure(None) is None


def test_json_figure_keeps_fifteen_significant_digits_for_large_numbers():
    assert json_figure(D("123456789.1234567")) == 123456789.123457  # 9 + 6
    assert json_figure(D("1234567890123.456")) == 1234567890123.46  # 13 + 2
    figure = json_figure(D("1234567890123456.7"))  # 16 integer digits: no decimals left
    assert (figure, type(figure)) == (1234567890123457, int)


def test_share_text_is_a_percentage():
    assert share_text(D("0.875"), "vi") == "87,5%"
    assert share_text(D("0.12345"), "en") == "12.3%"
    assert share_text(D(1), "en") == "100%"
