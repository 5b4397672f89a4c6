"""Pick the text of the active language from a pair stored as Vietnamese and English fields."""

from django.utils.translation import get_language


def in_english() -> bool:
    return (get_language() or "vi").startswith("en")


def localised(vi: str, en: str) -> str:
    """The English text when the page is in English and there is one, else the Vietnamese."""
    return en if en and in_english() else vi
