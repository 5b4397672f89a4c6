"""Cells as files carry them: numbers, text, and the formula-injection guard both ways.

Exports put an apostrophe before any text that a spreadsheet would run as a formula (a
leading `=`, `+`, `-`, `@`, TAB, CR, LF or NUL — OWASP's list); imports take exactly one such
apostrophe off again, so that a comment "=1+2" survives export → import unchanged.

>>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-5 units"), neutralise("ok")
('\\'=HYPERLINK("http://x")', "'-5 units", 'ok')
>>> unneutralise(neutralise("'=already quoted")) == "'=already quoted"
True
>>> parse_number("37.5"), parse_number(" "), parse_number(12), parse_number(0.1)
(Decimal('37.5'), None, Decimal('12'), Decimal('0.1'))
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

_DANGEROUS = re.compile(r"^'*[=+\-@\t\r\n\0]")
_QUOTED = re.compile(r"^'+[=+\-@\t\r\n\0]")
# DataValue stores 24 digits with 6 decimals: 18 before the point.
_SCALE = Decimal("0.000001")
_LIMIT = Decimal(10) ** 18
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


class NotANumber(ValueError):
    """The message says what was found and what a number looks like."""


def neutralise(text: str) -> str:
    """The text, with a leading apostrophe when a spreadsheet would treat it as a formula."""
    return "'" + text if _DANGEROUS.match(text) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise`: one apostrophe off text that `neutralise` would have quoted."""
    return text[1:] if _QUOTED.match(text) else text


def clean_text(value: Any) -> str:
    """A code or comment cell as text: spreadsheet numbers without ".0", formulas unquoted."""
    if value is None:
        return ""
    if value.__class__ is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    text = value.strip()
    # Only text starting with an apostrophe can carry a neutralised formula.
    return unneutralise(text) if text[:1] == "'" else text


def clean_comment(value: Any) -> str:
    """A comment cell as text, kept as written (spaces included), formulas unquoted."""
    if value is None:
        return ""
    text = value if value.__class__ is str else str(value)
    return unneutralise(text) if text[:1] == "'" else text


def parse_number(value: Any, *, decimal_comma: bool = False) -> Decimal | None:
    """A cell as a Decimal rounded to the 6 decimals stored; None when blank.

    Raises NotANumber (with a message in the active language) for text, dates, booleans,
    NaN, infinities and numbers of more than 18 digits before the point.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (bool, datetime | date | time)):
        raise NotANumber(_("“%(text)s” is not a number.") % {"text": value})
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # the shortest text that gives the float back: 0.1, not 0.1000000000000000055…
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if decimal_comma and _DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        if not _PLAIN.match(text):
            if "," in text:
                raise NotANumber(
                    _("“%(text)s” is not a number: write numbers without thousands separators and with a point before the decimals, e.g. 1234.5.")
                    % {"text": value}
                )
            raise NotANumber(_("“%(text)s” is not a number.") % {"text": str(value)[:50]})
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise NotANumber(_("“%(text)s” is not a number.") % {"text": str(value)[:50]}) from None
    if not number.is_finite():
        raise NotANumber(_("“%(text)s” is not a number.") % {"text": value})
    if abs(number) >= _LIMIT:
        raise NotANumber(_("%(number)s is too large: at most 18 digits before the point.") % {"number": value})
    if number.as_tuple().exponent < -6:  # type: ignore[operator]  # finite, so an int
        number = number.quantize(_SCALE, rounding=ROUND_HALF_EVEN)
    return number
