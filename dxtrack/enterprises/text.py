"""Accent-insensitive text: "Công ty Đông Á" and "cong ty dong a" search alike.

>>> fold("Công ty TNHH Đông Á")
'cong ty tnhh dong a'
"""

import unicodedata


def fold(text: str) -> str:
    # NFD splits the tone and vowel marks off; đ/Đ are letters of their own and need a rule.
    decomposed = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.lower().split())
