"""Rankings: the national DTI of the provinces (`rankings/dti/`) and the composite indices of
the units of a programme's area (`programmes/<code>/rankings/`)."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxtrack.explore.access import programme_view
from dxtrack.explore.composite_index import index_definitions, index_ranking
from dxtrack.explore.dti import MERGED_YEAR, YEARS, dti_merged_ranking, dti_province, dti_ranking
from dxtrack.explore.indicator_page import language
from dxtrack.explore.params import BadQuery, figure_query
from dxtrack.figures.shapes import FigureOptions
from dxtrack.programmes.models import Indicator, Programme

# The province the founding programme is about; any other can be asked for by name.
DEFAULT_PROVINCE = "Bình Dương"


class DtiQueryForm(forms.Form):
    year = forms.TypedChoiceField(label=_("year"), required=False, coerce=int, choices=[(y, y) for y in YEARS])
    view = forms.ChoiceField(label=_("view"), required=False, choices=[("63", "63"), ("34", "34")])
    province = forms.CharField(label=_("province"), required=False, max_length=80)


def dti_ranking_view(request: HttpRequest) -> HttpResponse:
    form = DtiQueryForm(request.GET)
    if not form.is_valid():
        messages = [f"{name} ({form.fields[name].label}): {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()]
        return render(request, "common/bad_parameter.html", {"reasons": BadQuery(messages).messages}, status=400)
    year = form.cleaned_data["year"] or YEARS[-1]
    merged = form.cleaned_data["view"] == "34"
    province = dti_province(form.cleaned_data["province"] or DEFAULT_PROVINCE)
    if province is None:
        raise Http404
    rows = dti_merged_ranking() if merged else dti_ranking(year)
    return render(request, "explore/dti_ranking.html", {
        "rows": rows, "year": MERGED_YEAR if merged else year, "merged": merged, "years": YEARS,
        "province": province, "history": [(y, province.scores.get(y), province.ranks.get(y)) for y in YEARS],
        "highlight": province.merged_into if merged else province.name,
    })


@programme_view
def programme_ranking(request: HttpRequest, programme: Programme) -> HttpResponse:
    """`programmes/<code>/rankings/`: a composite index of the units of the programme's area."""
    query = figure_query(request)
    definitions = index_definitions(programme)
    if not definitions:
        raise Http404
    code = request.GET.get("index", definitions[0].code)
    definition = next((d for d in definitions if d.code == code), None)
    if definition is None:
        raise Http404
    options = FigureOptions(as_of=query.as_of)
    last_year = (query.as_of or timezone.localdate()).year
    years = list(range(last_year, programme.horizon_start - 1, -1))
    if query.period:
        years = [int(query.period[:4])] if query.period.isdigit() else []
        if not years:
            raise BadQuery([str(_("period: a ranking is by year (2024)."))])
    rows: list = []
    for year in years:
        rows = index_ranking(definition=definition, programme=programme, period=str(year), options=options)
        if any(row.rank for row in rows):
            break
    lang = language()
    indicators = {i.code: i for i in Indicator.objects.filter(programme=programme)}
    return render(request, "explore/programme_ranking.html", {
        "programme": programme, "definition": definition, "definitions": definitions, "rows": rows,
        "year": year if rows else None, "name": definition.name(lang), "lang": lang,
        "groups": [
            {"spec": g, "name": definition.group_names[g.code][1 if lang == "en" and definition.group_names[g.code][1] else 0]}
            for g in definition.methodology.groups
        ],
        "indicators": [{"spec": s, "indicator": indicators.get(s.code)} for s in definition.methodology.indicators],
        "group_codes": [g.code for g in definition.methodology.groups if g.parent],
        "has_sample": any(row.sample for row in rows),
    })
