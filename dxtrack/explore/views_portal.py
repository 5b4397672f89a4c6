"""The open-data portal (`open-data/`), without login: the public programmes, their indicators
with metadata and downloads, and a search across programmes, indicators and units. Every
figure behind it is the public one: approved values only (the figures layer's default)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of
from dxtrack.explore.downloads import LICENCE, attribution
from dxtrack.figures.territory import Territory
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, Programme

RESULTS = 30  # search hits a page
SEARCH_CAP = 300  # of each kind: a word as short as "a" matches most of the province
PROGRAMMES_PER_PAGE = 10


class SearchForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=100)


def portal_home(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        reasons = [f"{name} ({form.fields[name].label}): {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()]
        return render(request, "common/bad_parameter.html", {"reasons": reasons}, status=400)
    text = form.cleaned_data["q"].strip()
    public = Programme.objects.filter(is_public=True).select_related("area").order_by("code")
    try:
        if text:
            # A search shows its hits only, paged; the programme list is the page without `q`.
            found = page_of(request, _search(text, list(public)), RESULTS)
            programmes = None
        else:
            found = None
            programmes = page_of(request, public.prefetch_related("indicators__pillar"), PROGRAMMES_PER_PAGE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    return render(request, "explore/portal_home.html", {
        "programmes": programmes, "form": form, "query": text, "found": found,
        "licence": LICENCE, "attribution": attribution(),
    })


def _search(text: str, programmes: list[Programme]) -> list[tuple[str, object, object]]:
    """The hits as (kind, programme, thing): programmes, then indicators, then units; each
    kind capped at SEARCH_CAP, which the pager then splits by RESULTS."""
    hits: list[tuple[str, object, object]] = [
        ("programme", p, p) for p in programmes if text.casefold() in f"{p.code} {p.title_vi} {p.title_en}".casefold()
    ]
    indicators = (
        Indicator.objects.filter(programme__in=programmes).filter(
            Q(code__icontains=text) | Q(name_vi__icontains=text) | Q(name_en__icontains=text)
        ).select_related("programme").order_by("programme__code", "order", "code")[:SEARCH_CAP]
    )
    hits += [("indicator", indicator.programme, indicator) for indicator in indicators]
    candidates = list(OrgUnit.objects.filter(Q(code=text) | Q(name_vi__icontains=text) | Q(name_en__icontains=text)).order_by("code")[:SEARCH_CAP])
    units: list[tuple[str, object, object]] = []
    for programme in programmes:
        territory = Territory(programme.area).units
        units += [("unit", programme, unit) for unit in candidates if unit.pk in territory]
    return hits + units[:SEARCH_CAP]
