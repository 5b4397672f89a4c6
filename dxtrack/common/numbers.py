"""Numbers typed by people in either language: "1.234,5" in Vietnamese, "1,234.5" in English.

>>> parse_decimal("1.234,5", language="vi"), parse_decimal("83,6", language="vi")
(Decimal('1234.5'), Decimal('83.6'))
>>> parse_decimal("83.6", language="vi")   # a lone point followed by one or two digits is a decimal point
Decimal('83.6')
>>> parse_decimal("12.500", language="vi")  # groups of three after points are thousands
Decimal('12500')
>>> parse_decimal("1,234.5", language="en"), parse_decimal(" ", language="en")
(Decimal('1234.5'), None)

And back, exactly, for messages: `number_shown` never says "100.000000".

>>> number_shown(Decimal("100.000000"), language="vi"), number_shown(Decimal("1234.50"), language="vi")
('100', '1.234,5')
>>> number_shown(Decimal("1234.50"), language="en"), number_shown(Decimal("-0.000"), language="en")
('1,234.5', '0')
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


def number_shown(value: Decimal | int, *, language: str) -> str:
    """The exact number for a message: no trailing zeros, grouped and pointed for `language`."""
    number = Decimal(value).normalize()
    text = f"{number:,f}"
    if text in ("-0", ""):
        text = "0"
    if language.startswith("vi"):
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def count_shown(count: int) -> str:
    """A count in a message of the current language: 1.000.000 in Vietnamese, 1,000,000 in English
    (CLI output, where no template filter groups it)."""
    from django.utils.translation import get_language

    return number_shown(count, language=get_language() or "vi")


def seconds_shown(seconds: float) -> str:
    """A duration in a message of the current language, to a tenth of a second: 12,3 / 12.3."""
    from django.utils.translation import get_language

    return number_shown(Decimal(f"{seconds:.1f}"), language=get_language() or "vi")
