"""Choropleth maps: which geometry a map draws, the class breaks of its legend, and which units
have no geometry (they are listed beside the map, never dropped).

The geometries are static files (static/explore/geo, see SOURCE.txt there), keyed by GSO code:
the browser fetches them once and caches them; the page carries only the values.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent / "static" / "explore" / "geo"
HCM_WARDS = "hcm-wards-2025.json"
PROVINCES = "vn-provinces-2025.json"
ATTRIBUTION = "© thanglequoc/vietnamese-provinces-database (MIT), simplified"
CLASSES = 5
# Sequential, colour-blind safe (ColorBrewer "Blues"), light = low.
COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")


@dataclass(frozen=True)
class ClassBreak:
    low: Decimal
    high: Decimal
    colour: str


@cache
def geometry_codes(name: str) -> dict[str, str]:
    """GSO code → name of every feature of a geometry file."""
    features = json.loads((GEO_DIR / name).read_text(encoding="utf-8"))["features"]
    return {f["properties"]["code"]: f["properties"].get("fullName") or f["properties"]["name"] for f in features}


def class_breaks(values: list[Decimal], classes: int = CLASSES) -> list[ClassBreak]:
    """Equal intervals from the lowest to the highest value (one class when all are equal)."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [ClassBreak(low, high, COLOURS[-1])]
    step = (high - low) / classes
    edges = [low + step * i for i in range(classes)] + [high]
    return [ClassBreak(edges[i], edges[i + 1], COLOURS[i]) for i in range(classes)]


def class_of(value: Decimal | None, breaks: list[ClassBreak]) -> ClassBreak | None:
    if value is None:
        return None
    return next((b for b in breaks if value <= b.high), breaks[-1] if breaks else None)


def name_key(name: str) -> str:
    """Province names as files spell them: 'Khánh Hòa' and 'Khánh Hoà' are one province."""
    text = unicodedata.normalize("NFC", name)
    for old, new in (("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"), ("uỳ", "ùy"), ("uý", "úy")):
        text = text.replace(old, new)
    return text.casefold()
