"""The indicator page (`programmes/<code>/indicators/<indicator>/`) and its downloads.

Query parameters (params.py): `unit` (a unit of the programme's territory, default its area),
`period` (the point the breakdown and "why this number" are for, default the latest with a
figure), `as_of` (YYYY-MM-DD: the programme as it stood at the end of that day), `sort`
(breakdown order).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from dxtrack.explore.access import indicator_get_or_404, programme_view, unit_get_or_404
from dxtrack.explore.downloads import FORMATS, figure_row, table_response
from dxtrack.explore.indicator_page import (
    IndicatorPage,
    chart_data,
    coverage_text,
    indicator_page_build,
    language,
    target_label,
)
from dxtrack.explore.params import FigureQuery, figure_query
from dxtrack.explore.ward_map import ward_map_build
from dxtrack.figures.selectors import figure_rules_get
from dxtrack.figures.shapes import FigureOptions
from dxtrack.programmes.models import Programme

TABLES = ("series", "breakdown")


def _page(
    request: HttpRequest, programme: Programme, indicator_code: str, parts: tuple[str, ...] = ("targets", "breakdown", "details"),
) -> tuple[IndicatorPage, FigureQuery]:
    query = figure_query(request)
    indicator = indicator_get_or_404(programme, indicator_code)
    unit = unit_get_or_404(programme, query.unit_id)
    options = FigureOptions(as_of=query.as_of)
    page = indicator_page_build(
        programme=programme, indicator=indicator, unit=unit, period=query.period, options=options, sort=query.sort,
        parts=parts,
    )
    return page, query


def as_of_choices(programme: Programme) -> list[date]:
    """The end of each year of the programme up to the last one that has ended."""
    last = min(programme.horizon_end, timezone.localdate().year - 1)
    return [date(year, 12, 31) for year in range(programme.horizon_start, last + 1)]


def indicator_query(page: IndicatorPage, **changes: object) -> str:
    """The page's query string with some parameters changed (None drops one)."""
    params: dict[str, object] = {}
    if not page.is_area:
        params["unit"] = page.unit.pk
    if page.options.as_of:
        params["as_of"] = page.options.as_of.isoformat()
    params.update(changes)
    kept = {key: value for key, value in params.items() if value not in (None, "")}
    return f"?{urlencode(kept)}" if kept else ""


@programme_view
def indicator_detail(request: HttpRequest, programme: Programme, indicator: str) -> HttpResponse:
    page, query = _page(request, programme, indicator)
    lang = language()
    labels = {
        "value": _("Value"), "target": _("Target"), "required": _("Required path"),
        "projection": _("Projection"), "provisional": _("provisional"),
    }
    base = reverse("dashboards:indicator_detail", args=[programme.code, page.indicator.code])
    series_rows = [
        {"point": point, "value": point.figure.value_text(lang), "coverage": coverage_text(point.figure, lang),
         "link": base + indicator_query(page, period=point.figure.period)}
        for point in page.series
    ]
    breakdown_rows = [
        {"row": row, "value": row.figure.value_text(lang), "coverage": coverage_text(row.figure, lang),
         "name": row.figure.unit_name(lang),
         "link": base + indicator_query(page, unit=row.figure.unit_id, period=page.period)}
        for row in page.breakdown + page.agencies
    ]
    statuses = [
        {"status": status, "label": target_label(status, page.indicator.unit, lang),
         "sentence": status.progress.sentence(lang),
         "projection": (status.progress.projection.sentence_en if lang == "en" else status.progress.projection.sentence_vi)
         if status.progress.projection else "",
         "explanation": status.explanation(lang),
         "others": [other.explanation_en if lang == "en" else other.explanation_vi for other in status.progress.others.values()]}
        for status in page.statuses
    ]
    downloads = [
        {"table": table, "fmt": fmt, "url": reverse("dashboards:indicator_download", args=[programme.code, page.indicator.code, table, fmt])
         + indicator_query(page, period=page.period if table == "breakdown" else None)}
        for table in TABLES for fmt in FORMATS
    ]
    sorts = {
        name: base + indicator_query(page, period=page.period, sort=key)
        for name, key in (("unit", "unit"), ("highest", "-value"), ("lowest", "value"), ("coverage", "coverage"))
    }
    ward_map = ward_map_build(
        figures=[row.figure for row in page.breakdown], programme_code=programme.code, unit=page.indicator.unit, language=lang,
    )
    return render(request, "explore/indicator_detail.html", {
        "ward_map": ward_map if ward_map.drawn else None,
        "page": page, "programme": programme, "indicator": page.indicator, "query": query,
        "series_rows": series_rows, "breakdown_rows": breakdown_rows, "statuses": statuses,
        "chart": chart_data(page, labels), "downloads": downloads, "sorts": sorts,
        "as_of_choices": as_of_choices(programme), "threshold": figure_rules_get(programme).threshold,
        "base": base, "area_link": base + indicator_query(page, unit=None, period=page.period),
        "ancestor_links": [(unit, base + indicator_query(page, unit=unit.pk, period=page.period)) for unit in page.ancestors],
        "has_sample": any(point.figure.is_sample for point in page.series),
        "embed": reverse("dashboards:indicator_embed", args=[programme.code, page.indicator.code]) + indicator_query(page),
        "headline": {"value": page.selected.figure.value_text(lang), "coverage": coverage_text(page.selected.figure, lang)}
        if page.selected else None,
    })


@programme_view
@xframe_options_exempt
def indicator_embed(request: HttpRequest, programme: Programme, indicator: str) -> HttpResponse:
    """The chart alone, for other sites to frame (the sites of DXTRACK_EMBED_FRAME_ANCESTORS)."""
    page, _query = _page(request, programme, indicator, parts=("targets",))
    labels = {"value": _("Value"), "target": _("Target"), "required": _("Required path"), "projection": _("Projection"), "provisional": _("provisional")}
    response = render(request, "explore/indicator_embed.html", {
        "page": page, "programme": programme, "indicator": page.indicator, "chart": chart_data(page, labels),
        "full": reverse("dashboards:indicator_detail", args=[programme.code, page.indicator.code]) + indicator_query(page),
        "has_sample": any(point.figure.is_sample for point in page.series),
    })
    response._csp_replace = {"frame-ancestors": list(settings.DXTRACK_EMBED_FRAME_ANCESTORS)}  # type: ignore[attr-defined]
    return response


@programme_view
def indicator_download(request: HttpRequest, programme: Programme, indicator: str, table: str, fmt: str) -> HttpResponse:
    if table not in TABLES or fmt not in FORMATS:
        raise Http404
    page, _query = _page(request, programme, indicator, parts=("breakdown",) if table == "breakdown" else ())
    lang = language()
    if table == "series":
        rows = [figure_row(point.figure, provisional=point.provisional, language=lang) for point in page.series]
        title = f"{page.indicator.code} — {page.indicator.name} — {page.unit.name}"
        filename = f"{page.indicator.code}-{page.unit.code}-series"
    else:
        running = bool(page.selected and page.selected.running)
        rows = [
            figure_row(row.figure, provisional=row.figure.value is not None and (running or not row.figure.complete), language=lang)
            for row in page.breakdown + page.agencies
        ]
        title = f"{page.indicator.code} — {page.indicator.name} — {page.unit.name} — {page.period}"
        filename = f"{page.indicator.code}-{page.unit.code}-{page.period}-breakdown"
    return table_response(rows=rows, fmt=fmt, filename=filename, title=title)
