"""How many units a figure names where a reader reads them (the JSON `notes`, the target's
overlap sentence): at most `NOTES_SHOWN`, then a count of the rest ("và 12 đơn vị khác" /
"and 12 more").

After the 2025 reform a province's figure may carry a note for every ward (each new ward's
own value replacing its old wards' for the same year): hundreds of names in one sentence or
one JSON row help nobody and make the answer heavy. The whole list stays available where it
is asked for one figure at a time (`figure_explain`, drill-down).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.utils import translation
from django.utils.translation import ngettext

NOTES_SHOWN = 10

T = TypeVar("T")


def capped(items: Sequence[T], limit: int = NOTES_SHOWN) -> tuple[list[T], int]:
    """The first `limit` items and how many more there are."""
    return list(items[:limit]), max(len(items) - limit, 0)


def more_text(count: int, language: str) -> str:
    """"và 12 đơn vị khác" / "and 12 more"."""
    with translation.override(language):
        return ngettext("and %(count)d more", "and %(count)d more", count) % {"count": count}


def names_text(names: Sequence[str], language: str, limit: int = NOTES_SHOWN) -> str:
    """"A, B, C" or, past `limit` names, "A, …, J và 12 đơn vị khác"."""
    shown, more = capped(list(dict.fromkeys(names)), limit)
    text = ", ".join(shown)
    return f"{text} {more_text(more, language)}" if more else text
