from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import get_language

from dxtrack.figures.labels import (
    MET_LABELS,
    STATUS_LABELS,
    as_of_parse,
    as_of_text,
    later_text,
    met_key,
    undecided_text,
)
from dxtrack.figures.selectors import (
    FigureError,
    FigureOptions,
    programme_status,
    user_may_include_unapproved,
)
from dxtrack.figures.shapes import TargetStatus
from dxtrack.programmes.selectors import programme_get_for_user, programme_list_for_user


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/home.html", {"programmes": programme_list_for_user(request.user)})


@dataclass(frozen=True)
class OverviewRow:
    """One target as the page shows it: the figures layer's TargetStatus with its texts in the
    page's language (templates cannot call methods with arguments)."""

    target: TargetStatus
    indicator_name: str
    met_key: str  # met / not_met / undecided / no_data
    met_label: str
    progress_label: str
    explanation: str
    judged_text: str  # "82,7%" (the value; coverage is shown beside it)
    later_text: str  # "tạm tính 2026: 12 · 1/36 đơn vị", or "" when there is none


def _overview_row(row: TargetStatus, language: str) -> OverviewRow:
    return OverviewRow(
        target=row, indicator_name=row.indicator_name(language), met_key=met_key(row), met_label=str(MET_LABELS[row.met]),
        progress_label=str(STATUS_LABELS[row.status]), explanation=row.explanation(language),
        judged_text=row.judged.value_text(language) if row.judged else "", later_text=later_text(row, language),
    )


def programme_overview(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_get_for_user(request.user, code)
    if programme is None:
        # Anonymous visitors are asked to log in; a logged-in user without rights learns
        # nothing about whether the programme exists.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    # Officers may opt in to values not approved yet (marked); everyone else sees approved ones.
    include_unapproved = request.GET.get("unapproved") == "1" and user_may_include_unapproved(request.user, programme)
    try:
        as_of = as_of_parse(request.GET.get("as_of"), name="as_of")
        status = programme_status(programme=programme, options=FigureOptions(as_of=as_of, include_unapproved=include_unapproved))
    except FigureError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    language = get_language() or "vi"
    pillars: dict[str, dict] = {}
    for row in status.rows:
        pillar = pillars.setdefault(row.pillar_code, {
            "code": row.pillar_code, "name": (row.pillar_name_en or row.pillar_name_vi) if language == "en" else row.pillar_name_vi,
            "rows": [],
        })
        pillar["rows"].append(_overview_row(row, language))
    counts = {key: 0 for key in ("met", "not_met", "undecided", "no_data")}
    for pillar in pillars.values():
        for item in pillar["rows"]:
            counts[item.met_key] += 1
    return render(
        request,
        "dashboards/programme_overview.html",
        {
            "programme": programme,
            "status": status,
            "pillars": list(pillars.values()),
            "counts": counts,
            "total": len(status.rows),
            "as_of": as_of,
            "as_of_text": as_of_text(as_of) if as_of else "",
            "include_unapproved": include_unapproved,
            "has_synthetic": status.has_sample,
            "undecided_text": undecided_text(counts["undecided"]),
        },
    )
