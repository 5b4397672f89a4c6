"""Accent-insensitive text: "Công ty Đông Á" and "cong ty dong a" search alike.

>>> fold("Công ty TNHH Đông Á")
'cong ty tnhh dong a'
"""

import unicodedata


def fold(text: str) -> str:
    # NFD splits the tone and vowel marks off as combining characters, which the ASCII encoding
    # then drops (in C: this runs for every row of a 68,000-row import); đ/Đ are letters of
    # their own and need a rule. Letters outside Latin are dropped too, which search can spare.
    decomposed = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    return " ".join(decomposed.encode("ascii", "ignore").decode("ascii").lower().split())
