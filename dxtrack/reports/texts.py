"""Words and dates of the report in the active language (the builder activates it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dxtrack.figures.numbers import display
from dxtrack.figures.shapes import ACHIEVED, AT_RISK, MILESTONE, NO_DATA, OFF_TRACK, ON_TRACK

STATUS_LABELS = {
    ACHIEVED: gettext_lazy("achieved"),
    ON_TRACK: gettext_lazy("on track"),
    AT_RISK: gettext_lazy("at risk"),
    OFF_TRACK: gettext_lazy("off track"),
    NO_DATA: gettext_lazy("no data"),
}
STATUS_ORDER = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
COMPARATORS = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<"}
SCOPE_LEVELS = {
    "province": gettext_lazy("every province"),
    "district": gettext_lazy("every district"),
    "commune": gettext_lazy("every commune and ward"),
    "agency": gettext_lazy("every agency"),
}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


def language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def number(value: Decimal | None, unit: str = "") -> str:
    return display(value, unit, language())


def short_date(day: date) -> str:
    """The project's short date of the active language (vi: 31/12/2025)."""
    return date_format(day, "SHORT_DATE_FORMAT")


def document_date(place: str, day: date) -> str:
    """Decree 30's place and date: days below 10 and months 1–2 with a leading zero
    ("Bình Dương, ngày 05 tháng 02 năm 2026")."""
    if language() == "en":
        return f"{place}, {day.day:02d} {MONTHS_EN[day.month - 1]} {day.year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


PLACE_PREFIXES = ("thành phố ", "tỉnh ", "quận ", "huyện ", "thị xã ", "phường ", "xã ")
PLACE_SUFFIXES = (" province", " city", " ward", " commune", " district")


def place_name(name: str) -> str:
    """The place as a document's date line names it: "Tỉnh Bình Dương" → "Bình Dương",
    "Binh Duong Province" → "Binh Duong"."""
    lower = name.lower()
    for prefix in PLACE_PREFIXES:
        if lower.startswith(prefix):
            return name[len(prefix):]
    for suffix in PLACE_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def target_text(comparator: str, value: Decimal | None, unit: str, scope_level: str) -> str:
    if comparator == MILESTONE:
        return _("milestone (done or not)")  # its wording is the indicator's name, shown beside it
    text = f"{COMPARATORS.get(comparator, comparator)} {number(value, unit)}"
    if scope_level:
        text += f" ({SCOPE_LEVELS.get(scope_level, scope_level)})"
    return text


def headline(counts: dict[str, int], as_of: date) -> str:
    total = sum(counts.values())
    return _(
        "As of %(date)s, of %(total)s targets %(achieved)s are achieved, %(on_track)s on track, "
        "%(at_risk)s at risk, %(off_track)s off track and %(no_data)s without a figure yet."
    ) % {"date": short_date(as_of), "total": total, **{status: counts.get(status, 0) for status in STATUS_ORDER}}
