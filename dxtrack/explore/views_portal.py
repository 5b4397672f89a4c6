"""The open-data portal (`open-data/`), without login: the public programmes, their indicators
with metadata and downloads, and a search across programmes, indicators and units. Every
figure behind it is the public one: approved values only (the figures layer's default)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from dxtrack.explore.downloads import LICENCE, attribution
from dxtrack.figures.territory import Territory
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, Programme

RESULTS = 30


class SearchForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=100)


def portal_home(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        reasons = [f"{name} ({form.fields[name].label}): {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()]
        return render(request, "common/bad_parameter.html", {"reasons": reasons}, status=400)
    text = form.cleaned_data["q"].strip()
    programmes = list(Programme.objects.filter(is_public=True).select_related("area").prefetch_related("indicators__pillar").order_by("code"))
    found = _search(text, programmes) if text else None
    return render(request, "explore/portal_home.html", {
        "programmes": programmes, "form": form, "query": text, "found": found,
        "licence": LICENCE, "attribution": attribution(),
    })


def _search(text: str, programmes: list[Programme]) -> dict:
    matching = [p for p in programmes if text.casefold() in f"{p.code} {p.title_vi} {p.title_en}".casefold()]
    indicators = list(
        Indicator.objects.filter(programme__in=programmes).filter(
            Q(code__icontains=text) | Q(name_vi__icontains=text) | Q(name_en__icontains=text)
        ).select_related("programme")[:RESULTS]
    )
    units = []
    candidates = list(OrgUnit.objects.filter(Q(code=text) | Q(name_vi__icontains=text) | Q(name_en__icontains=text)).order_by("code")[:200])
    for programme in programmes:
        territory = Territory(programme.area).units
        units += [(programme, unit) for unit in candidates if unit.pk in territory]
    return {"programmes": matching, "indicators": indicators, "units": units[:RESULTS]}
