"""Numbers typed by people in either language: "1.234,5" in Vietnamese, "1,234.5" in English.

>>> parse_decimal("1.234,5", language="vi"), parse_decimal("83,6", language="vi")
(Decimal('1234.5'), Decimal('83.6'))
>>> parse_decimal("83.6", language="vi")   # a lone point followed by one or two digits is a decimal point
Decimal('83.6')
>>> parse_decimal("12.500", language="vi")  # groups of three after points are thousands
Decimal('12500')
>>> parse_decimal("1,234.5", language="en"), parse_decimal(" ", language="en")
(Decimal('1234.5'), None)
"""

import re
from decimal import Decimal, InvalidOperation

_VI_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_EN_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


class NotANumber(ValueError):
    """The text is not a number in either notation."""


def parse_decimal(text: str, *, language: str) -> Decimal | None:
    """The number in `text`, None when blank; NotANumber when it is not a number."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        return None
    if language.startswith("vi"):
        if "," in cleaned or _VI_THOUSANDS.match(cleaned):
            cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _EN_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise NotANumber(text) from None
    if not number.is_finite():
        raise NotANumber(text)
    return number
