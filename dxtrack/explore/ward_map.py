"""The choropleth of an indicator's figures on the 2025 wards of Ho Chi Minh City: one home for
the map page (`…/indicators/<indicator>/map/`) and the map inline on the indicator page.

`ward_map_build` takes figures of units (from `figure_breakdown`) and says which are drawn
(a 2025 ward with a polygon in the geometry file), the class and colour of each, the legend,
and the units that have no polygon (listed beside the map, never dropped). The page carries
only these values through `json_script`; the browser fetches the geometry once from the static
files (figure-map.js)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from dxtrack.explore.maps import (
    ATTRIBUTION,
    HCM_WARDS,
    ClassBreak,
    class_breaks,
    class_of,
    geometry_codes,
)
from dxtrack.figures.numbers import display
from dxtrack.figures.shapes import Figure
from dxtrack.orgunits.models import OrgUnit

REFORM = date(2025, 7, 1)


@dataclass(frozen=True)
class WardMap:
    rows: list[dict]  # every unit: figure, name, value, drawn, colour, link
    data: dict  # what figure-map.js reads (json_script), the legend among it
    attribution: str = ATTRIBUTION

    @property
    def legend(self) -> list[dict]:
        return self.data["legend"]

    @property
    def drawn(self) -> list[dict]:
        return [row for row in self.rows if row["drawn"]]

    @property
    def undrawn(self) -> list[dict]:
        return [row for row in self.rows if not row["drawn"]]


def legend_items(breaks: list[ClassBreak], unit: str, language: str) -> list[dict]:
    return [
        {
            "low": float(b.low),
            "high": float(b.high),
            "colour": b.colour,
            "label": f"{display(b.low, unit, language)} – {display(b.high, unit, language)}",
        }
        for b in breaks
    ]


def ward_map_build(
    *, figures: list[Figure], programme_code: str, unit: str, language: str
) -> WardMap:
    units = OrgUnit.objects.in_bulk([f.unit_id for f in figures])
    codes = geometry_codes(HCM_WARDS)
    # Ward codes were reused by the reform: a polygon is a 2025 ward, never the old ward of its code.
    drawn_ids = {
        f.unit_id
        for f in figures
        if f.unit_code in codes
        and f.unit_id in units
        and (units[f.unit_id].valid_to is None or units[f.unit_id].valid_to >= REFORM)
    }
    breaks = class_breaks(
        [f.value for f in figures if f.unit_id in drawn_ids and f.value is not None]
    )
    rows = []
    for figure in figures:
        chosen = class_of(figure.value, breaks) if figure.unit_id in drawn_ids else None
        rows.append(
            {
                "figure": figure,
                "name": figure.unit_name(language),
                "value": figure.value_text(language),
                "drawn": figure.unit_id in drawn_ids,
                "colour": chosen.colour if chosen else "",
                "link": reverse("dashboards:unit_scorecard", args=[programme_code, figure.unit_id]),
            }
        )
    data = {
        "geo": static(f"explore/geo/{HCM_WARDS}"),
        "units": [
            {
                "code": r["figure"].unit_code,
                "name": r["name"],
                "text": r["value"],
                "colour": r["colour"],
                "link": r["link"],
            }
            for r in rows
            if r["drawn"]
        ],
        "legend": legend_items(breaks, unit, language),
        "noData": _("no figure"),
        "language": language,
    }
    return WardMap(rows=rows, data=data)
