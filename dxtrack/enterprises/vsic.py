"""VSIC industry codes: which codes exist (VSIC 2018 divisions, see data/README.md), their
names, and the Decree 80 sector group of each.

VSIC 2025 is not available as data here; every code is read as VSIC 2018 and stored with
``VSIC_VERSION``, so that a conversion can be applied when the official table is had.

>>> vsic_clean("6201")
'6201'
>>> vsic_sector_group("62010")
'trade_services'
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dxtrack.common.i18n import localised
from dxtrack.enterprises.sizes import SectorGroup

VSIC_VERSION = "2018"
DIVISIONS_FILE = Path(__file__).with_name("data") / "vsic-2018-divisions.csv"
SECTIONS_FILE = Path(__file__).with_name("data") / "vsic-2018-sections.csv"
# Decree 80/2021 Art. 6: the sector group follows the main business line's section.
INDUSTRY_SECTIONS = frozenset("ABCDEF")
# Divisions whose firms count as IT enterprises by default (software, telecoms, data services,
# computer manufacture and repair); the flag can be set on any firm.
IT_DIVISIONS = frozenset({"26", "61", "62", "63", "95"})


@dataclass(frozen=True)
class Division:
    code: str
    section: str
    name_vi: str
    name_en: str

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)


@cache
def vsic_divisions() -> dict[str, Division]:
    with DIVISIONS_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["division"]: Division(row["division"], row["section"], row["name_vi"], row["name_en"])
            for row in csv.DictReader(handle)
        }


@cache
def vsic_sections() -> dict[str, tuple[str, str]]:
    """Section letter → (name in Vietnamese, name in English)."""
    with SECTIONS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["section"]: (row["name_vi"], row["name_en"]) for row in csv.DictReader(handle)}


def vsic_section_names() -> dict[str, str]:
    """Section letter → its name in the active language (A: agriculture … U)."""
    return {code: localised(name_vi, name_en) for code, (name_vi, name_en) in vsic_sections().items()}


def vsic_clean(text: str) -> str:
    """A VSIC 2018 code of 2 to 5 digits whose division exists, or ValidationError."""
    code = str(text or "").strip()
    if code.endswith(".0"):  # a spreadsheet's number cell
        code = code[:-2]
    if not (code.isdigit() and 2 <= len(code) <= 5):
        raise ValidationError(
            _("“%(value)s” is not a VSIC code: 2 to 5 digits are expected, such as 6201 (computer programming).")
            % {"value": code[:20]},
            code="vsic_format",
        )
    if code[:2] not in vsic_divisions():
        raise ValidationError(
            _("“%(value)s” is not a VSIC 2018 code: division %(division)s does not exist.")
            % {"value": code, "division": code[:2]},
            code="vsic_unknown",
        )
    return code


def vsic_division(code: str) -> Division:
    return vsic_divisions()[code[:2]]


def vsic_sector_group(code: str) -> str:
    group = SectorGroup.INDUSTRY if vsic_division(code).section in INDUSTRY_SECTIONS else SectorGroup.TRADE_SERVICES
    return str(group)
