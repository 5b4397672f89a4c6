"""Figures as people read them and as programs read them; no Django, so every layer can use it.

=============================  ===================================================================
Function                       Answer
=============================  ===================================================================
``display(value, unit, lang)``  rounded, grouped, localised text with the unit: ``94,3%``
``number_text(value, lang)``    the same without the unit, at a given number of places
``json_number(value)``          an ``int`` or ``float`` whose JSON text is the decimal itself
``json_figure(value)``          the same rounded to six decimals: always a JSON number
``plain(value)``                the shortest exact decimal text (``37.500000`` → ``37.5``)
``short_date(day, lang)``       05/12/2024 (the site's short date, both languages)
=============================  ===================================================================

Rounding for display: percentages to one decimal, values below 1 (indices 0–1) to three,
everything else to at most two; trailing zeros are dropped and thousands grouped ("68.000"
in Vietnamese, "68,000" in English). Halves round away from zero, as people round by hand.

>>> display(Decimal("94.2857"), "%", "vi"), display(Decimal("94.2857"), "%", "en")
('94,3%', '94.3%')
>>> display(Decimal(68000), "doanh nghiệp", "vi"), display(Decimal("1760000"), "", "en")
('68.000 doanh nghiệp', '1,760,000')
>>> display(Decimal("0.6575"), "", "vi"), display(Decimal("80.000000"), "%", "vi")
('0,658', '80%')
>>> json_number(Decimal("72.222222")), json_number(Decimal("80.000000")), json_number(None)
(72.222222, 80, None)
>>> json_figure(Decimal("72.22222222222223")), json_figure(Decimal("29900000000.1234567")), json_figure(Decimal("-0.0000001"))
(72.222222, 29900000000.1235, 0)
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

PERCENT = "%"
# More significant digits than a float keeps exactly: such numbers go to JSON as text.
_FLOAT_DIGITS = 15


def places_for(value: Decimal, unit: str) -> int:
    if unit.strip() == PERCENT:
        return 1
    return 3 if abs(value) < 1 else 2


def number_text(value: Decimal, language: str, places: int) -> str:
    """*value* rounded half up to *places*, trailing zeros dropped, grouped for *language*."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if language.startswith("vi"):
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def display(value: Decimal | None, unit: str, language: str, *, places: int | None = None) -> str:
    """The figure with its unit of measure; "—" for no figure."""
    if value is None:
        return "—"
    text = number_text(value, language, places_for(value, unit) if places is None else places)
    unit = unit.strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit == PERCENT else f"{text} {unit}"


def plain(value: Decimal | None) -> str:
    """The exact figure as plain decimal text without trailing zeros ("" for None)."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def json_number(value: Decimal | None) -> int | float | str | None:
    """A Decimal for ``json.dumps``: an int when whole, a float when the float's shortest text
    is the decimal itself (at most 15 significant digits), else the decimal as text."""
    if value is None:
        return None
    normalised = value.normalize()
    if normalised == normalised.to_integral_value():
        return int(normalised)
    if len(normalised.as_tuple().digits) <= _FLOAT_DIGITS:
        return float(normalised)
    return plain(value)


JSON_PLACES = 6


def json_figure(value: Decimal | None) -> int | float | None:
    """A figure for JSON: rounded half up to six decimals (fewer when the number is so large
    that a float keeps only 15 significant digits), so that its JSON text is short and exact:
    ``72.222222``, never ``72.22222222222223``."""
    if value is None:
        return None
    integer_digits = max(len(str(abs(int(value)))), 1)
    places = max(min(JSON_PLACES, _FLOAT_DIGITS - integer_digits), 0)
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    if rounded == rounded.to_integral_value():
        return int(rounded)
    return float(rounded)


def share_text(share: Decimal, language: str) -> str:
    """A 0–1 share as a percentage with at most one decimal ("87,5%")."""
    return display(share * 100, PERCENT, language)


def short_date(day: date, language: str = "vi") -> str:
    """A date as the site's SHORT_DATE_FORMAT shows it in both languages (config/formats):
    15/12/2024 (repeated here to keep this module Django-free).

    >>> short_date(date(2024, 12, 5), "vi"), short_date(date(2024, 12, 5), "en")
    ('05/12/2024', '05/12/2024')
    """
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
