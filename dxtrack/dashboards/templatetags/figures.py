"""Filters that show numbers as people read them: localised, grouped, no trailing zeros."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()

COMPARATOR_SYMBOLS = {">": ">", ">=": "≥", "=": "=", "<=": "≤", "<": "<"}


@register.filter
def figure(value: Decimal | int | float | None, places: int = 2) -> str:
    """83.600000 → "83,6" in Vietnamese and "83.6" in English; 68000 → "68.000" / "68,000"."""
    if value is None:
        return "—"
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(places))).normalize()
    return formats.number_format(number, use_l10n=True, force_grouping=True)


@register.filter
def comparator_symbol(comparator: str) -> str:
    return COMPARATOR_SYMBOLS.get(comparator, comparator)


@register.simple_tag
def scope_label(scope: str, level: str) -> str:
    if scope != "each_unit":
        return _("area as a whole")
    return {
        "province": _("every province"),
        "district": _("every district"),
        "commune": _("every commune and ward"),
        "agency": _("every agency"),
    }.get(level, level)
