"""Rankings: the national DTI of the provinces (`rankings/dti/`)."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from dxtrack.explore.dti import MERGED_YEAR, YEARS, dti_merged_ranking, dti_province, dti_ranking
from dxtrack.explore.params import BadQuery

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
        return render(request, "explore/bad_query.html", {"reasons": BadQuery(messages).messages}, status=400)
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
