"""Maps: an indicator's figures on the wards of Ho Chi Minh City (the 2025 units of the
programme's territory) and the DTI of the 34 provinces. Each map has a legend with its class
breaks, a click opens the unit's page, and a table says the same for screen readers; units
without geometry (the wards before the reform) are listed, not dropped."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from dxtrack.explore.access import indicator_get_or_404, programme_view
from dxtrack.explore.dti import dti_merged_ranking
from dxtrack.explore.indicator_page import language
from dxtrack.explore.maps import (
    ATTRIBUTION,
    PROVINCES,
    class_breaks,
    class_of,
    geometry_codes,
    name_key,
)
from dxtrack.explore.params import figure_query
from dxtrack.explore.ward_map import ward_map_build
from dxtrack.figures.numbers import display
from dxtrack.figures.selectors import FigureError, figure_breakdown, figure_series
from dxtrack.figures.shapes import FigureOptions
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.programmes.models import Programme


@programme_view
def indicator_map(request: HttpRequest, programme: Programme, indicator: str) -> HttpResponse:
    query = figure_query(request)
    the_indicator = indicator_get_or_404(programme, indicator)
    options = FigureOptions(as_of=query.as_of)
    lang = language()
    period = query.period
    if not period:
        with_value = [f for f in figure_series(indicator=the_indicator, unit=programme.area, options=options) if f.value is not None]
        period = with_value[-1].period if with_value else ""
    try:
        figures = figure_breakdown(indicator=the_indicator, unit=programme.area, period=period, level=OrgUnitKind.COMMUNE, options=options) if period else []
    except FigureError:
        figures = []
    ward_map = ward_map_build(figures=figures, programme_code=programme.code, unit=the_indicator.unit, language=lang)
    return render(request, "explore/indicator_map.html", {
        "programme": programme, "indicator": the_indicator, "period": period, "ward_map": ward_map,
        "indicator_link": reverse("dashboards:indicator_detail", args=[programme.code, the_indicator.code]),
        "has_sample": any(f.is_sample for f in figures),
    })


def dti_map(request: HttpRequest) -> HttpResponse:
    """The 2024 DTI of the 34 provinces of 1 July 2025 (plain mean of their parts)."""
    lang = language()
    rows = dti_merged_ranking()
    by_name = {name_key(name): code for code, name in geometry_codes(PROVINCES).items()}
    scores = {row.name: None if row.score is None else Decimal(str(row.score)) for row in rows}
    breaks = class_breaks([score for score in scores.values() if score is not None])
    link = reverse("dashboards:dti_ranking")
    items = []
    for row in rows:
        chosen = class_of(scores[row.name], breaks)
        items.append({"row": row, "code": by_name.get(name_key(row.name), ""), "colour": chosen.colour if chosen else "",
                      "text": display(scores[row.name], "", lang, places=4),
                      "link": f"{link}?view=34&province={row.parts[0] if row.parts else row.name}"})
    data = {
        "geo": static(f"explore/geo/{PROVINCES}"),
        "units": [{"code": i["code"], "name": i["row"].name, "text": i["text"], "colour": i["colour"], "link": i["link"]} for i in items if i["code"]],
        "legend": [{"colour": b.colour, "label": f"{display(b.low, '', lang, places=4)} – {display(b.high, '', lang, places=4)}"} for b in breaks],
        "noData": _("no figure"), "language": lang,
    }
    return render(request, "explore/dti_map.html", {
        "items": items, "map": data, "legend": data["legend"], "attribution": ATTRIBUTION,
        "undrawn": [i for i in items if not i["code"]],
    })
