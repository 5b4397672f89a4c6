"""Words and inputs around figures that every consumer shares: status labels, the provisional
and since lines, and the as-of and threshold inputs (command options, page and API parameters).

One home, so that `dxtrack progress`, the overview page and the API say the same thing and
refuse the same bad input with the same message (Vietnamese and English, in the figures
catalogue).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dxtrack.figures.compute import FigureError
from dxtrack.figures.shapes import TargetStatus

MET_LABELS = {True: gettext_lazy("met"), False: gettext_lazy("not met"), None: gettext_lazy("undecided")}
STATUS_LABELS = {
    "achieved": gettext_lazy("achieved"),
    "on_track": gettext_lazy("on track"),
    "at_risk": gettext_lazy("at risk"),
    "off_track": gettext_lazy("off track"),
    "no_data": gettext_lazy("no data"),
}
EACH_UNIT_LABELS = {
    "province": gettext_lazy("every province"),
    "district": gettext_lazy("every district"),
    "commune": gettext_lazy("every commune and ward"),
    "agency": gettext_lazy("every agency"),
}
COMPARATOR_SYMBOLS = {">": ">", ">=": "≥", "=": "=", "<=": "≤", "<": "<"}


def met_key(row: TargetStatus) -> str:
    """met / not_met / undecided (a figure too incomplete to decide) / no_data (no figure)."""
    if row.met is True:
        return "met"
    if row.met is False:
        return "not_met"
    return "no_data" if row.met_reason == "no_data" or (row.judged is None and not row.is_milestone) else "undecided"


def as_of_text(as_of: date) -> str:
    """"Tính đến ngày 31/12/2024" / "As of 12/31/2024", the date in the active language's format."""
    return _("As of %(date)s") % {"date": date_format(as_of, "SHORT_DATE_FORMAT")}


def undecided_text(count: int) -> str:
    """The overview's summary badge for targets whose figure is too incomplete to decide."""
    return ngettext("%(n)d undecided (incomplete)", "%(n)d undecided (incomplete)", count) % {"n": count}


def later_text(row: TargetStatus, language: str) -> str:
    """The figure shown beside the judged one: "tạm tính 2026: 12 · 1/36 đơn vị" (a later,
    less complete period) or "từ sau hạn 2026: …" (after the deadline)."""
    if row.provisional is not None:
        later, label = row.provisional, _("provisional")
    elif row.since is not None:
        later, label = row.since, _("since")
    else:
        return ""
    return f"{label} {later.period}: {later.text(language)}"


def as_of_parse(text: str | None, *, name: str = "as_of") -> date | None:
    """A date written YYYY-MM-DD, or None for none given; FigureError says what is wrong."""
    if text is None or text == "":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FigureError(
            _("%(name)s expects a date written YYYY-MM-DD (e.g. 2024-12-31); “%(text)s” is not one.") % {"name": name, "text": text}
        ) from None


def threshold_parse(text: str | None, *, name: str = "threshold") -> Decimal | None:
    """The completeness threshold as a share (0–1) from a percentage 0–100 ("80", "87,5")."""
    if text is None or text == "":
        return None
    try:
        percent: Decimal | None = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        percent = None
    if percent is None or not percent.is_finite() or not Decimal(0) <= percent <= Decimal(100):
        raise FigureError(
            _("%(name)s expects a percentage from 0 to 100 (e.g. 80); “%(text)s” is not one.") % {"name": name, "text": text}
        )
    return percent / Decimal(100)
