"""Private helpers: checked conversion of inputs and number formatting for explanations."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from dxtrack.analytics.errors import AnalyticsError

Number = int | float | Decimal


def as_decimal(value: Number, name: str) -> Decimal:
    """*value* as a finite Decimal; floats go through ``repr`` so 0.1 stays 0.1."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise AnalyticsError(f"{name} must be a number, not {type(value).__name__}")
    try:
        result = value if isinstance(value, Decimal) else Decimal(repr(value))
    except InvalidOperation:
        raise AnalyticsError(f"{name} must be a number, not {value!r}") from None
    if not result.is_finite():
        raise AnalyticsError(f"{name} must be a finite number, not {value}")
    return result


def as_float(value: Number, name: str) -> float:
    """*value* as a finite float."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise AnalyticsError(f"{name} must be a number, not {type(value).__name__}")
    result = float(value)
    if not math.isfinite(result):
        raise AnalyticsError(f"{name} must be a finite number, not {value}")
    return result


def fmt_en(value: Number, places: int = 4) -> str:
    """A number for an English sentence: ``1,234.5`` (at most *places* decimals, no trailing 0)."""
    text = f"{float(value):,.{places}f}" if not isinstance(value, int) else f"{value:,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def fmt_vi(value: Number, places: int = 4) -> str:
    """A number for a Vietnamese sentence: ``1.234,5`` (dot groups thousands, comma decimals)."""
    return fmt_en(value, places).replace(",", "\0").replace(".", ",").replace("\0", ".")
