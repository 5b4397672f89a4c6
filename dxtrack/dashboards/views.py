from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dxtrack.figures.labels import (
    MET_LABELS,
    STATUS_LABELS,
    as_of_parse,
    as_of_text,
    later_text,
    met_key,
    threshold_parse,
    undecided_text,
)
from dxtrack.figures.selectors import (
    FigureError,
    FigureOptions,
    programme_status,
    user_may_include_unapproved,
)
from dxtrack.figures.shapes import ProgrammeStatus, TargetStatus
from dxtrack.figures.versions import figures_cached, figures_version
from dxtrack.programmes.models import Programme
from dxtrack.programmes.selectors import programme_get_for_user, programme_list_for_user

# The order the pillar cards count their targets in, best first.
STATUS_ORDER = ("achieved", "on_track", "at_risk", "off_track", "no_data")


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
    language = get_language() or "vi"
    try:
        as_of = as_of_parse(request.GET.get("as_of"), name="as_of")
        # `threshold` (percent, 0–100) as in `dxtrack progress --threshold` and the API.
        threshold = threshold_parse(request.GET.get("threshold"), name="threshold")
        options = FigureOptions(as_of=as_of, include_unapproved=include_unapproved)
        # A warm request reads only this version and the cached summary and rows (decision
        # 0026): the programme's status itself is unpickled only when something is recomputed.
        version = figures_version()
        parts = (programme.pk, language, as_of, include_unapproved, threshold)
        summary = figures_cached("overview_summary", parts, lambda: _summary(programme, options, threshold, language), version=version)
    except FigureError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    try:
        pillar_filter = _choice(request, "pillar", [code for code, _name in summary.pillar_choices])
        status_filter = _choice(request, "status", list(STATUS_ORDER))
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    pillars_html = figures_cached(
        "overview_pillars", (*parts, pillar_filter, status_filter),
        lambda: _pillars_html(programme, programme_status(programme=programme, options=options, threshold=threshold), language, pillar_filter, status_filter),
        version=version,
    )
    return render(
        request,
        "dashboards/programme_overview.html",
        {
            "programme": programme,
            "pillars_html": pillars_html,
            "counts": summary.counts,
            "total": summary.total,
            "as_of": as_of,
            "as_of_text": as_of_text(as_of) if as_of else "",
            "include_unapproved": include_unapproved,
            "has_synthetic": summary.has_sample,
            "undecided_text": undecided_text(summary.counts["undecided"]),
            "pillar_choices": summary.pillar_choices,
            "status_choices": [(key, STATUS_LABELS[key]) for key in STATUS_ORDER],
            "as_of_choices": overview_as_of_choices(programme),
            "pillar_filter": pillar_filter,
            "status_filter": status_filter,
        },
    )


@dataclass(frozen=True)
class OverviewSummary:
    """What the page's header needs of the programme's status (small, so cheap to cache)."""

    counts: dict[str, int]
    total: int
    has_sample: bool
    pillar_choices: list[tuple[str, str]]


def _summary(programme: Programme, options: FigureOptions, threshold: Decimal | None, language: str) -> OverviewSummary:
    status = programme_status(programme=programme, options=options, threshold=threshold)
    # The summary speaks of the whole programme, whatever the filter lists.
    counts = {key: 0 for key in ("met", "not_met", "undecided", "no_data")}
    for row in status.rows:
        counts[met_key(row)] += 1
    pillar_codes = list(dict.fromkeys(row.pillar_code for row in status.rows))
    return OverviewSummary(
        counts=counts, total=len(status.rows), has_sample=status.has_sample,
        pillar_choices=[(code, _pillar_name(status, code, language)) for code in pillar_codes],
    )


def _pillars_html(programme: Programme, status: ProgrammeStatus, language: str, pillar_filter: str, status_filter: str) -> str:
    """The targets by pillar, as HTML. The same for every visitor who sees these figures, and
    most of the page's rendering time (a province's 100 targets: ~250 ms of template on a
    loaded machine), so the view caches it per store version like the figures themselves."""
    pillars: dict[str, dict] = {}
    for row in status.rows:
        if pillar_filter and row.pillar_code != pillar_filter:
            continue
        pillar = pillars.setdefault(row.pillar_code, {
            "code": row.pillar_code, "name": (row.pillar_name_en or row.pillar_name_vi) if language == "en" else row.pillar_name_vi,
            "rows": [], "context": [], "status_counts": {key: 0 for key in STATUS_ORDER},
        })
        # A pillar card counts all its targets; the status filter only chooses which are listed.
        pillar["status_counts"][row.status] += 1
        if status_filter and row.status != status_filter:
            continue
        pillar["rows"].append(_overview_row(row, language))
    # Indicators without a target (the context figures the article reports) sit in their pillar;
    # they have no progress status, so a status filter leaves them out.
    for item in () if status_filter else status.context:
        if item.pillar_code in pillars:
            pillars[item.pillar_code]["context"].append({
                "code": item.indicator_code, "figure": item.latest,
                "name": (item.indicator_name_en or item.indicator_name_vi) if language == "en" else item.indicator_name_vi,
                "text": item.latest.value_text(language) if item.latest else "",
            })
    for pillar in pillars.values():
        pillar["status_badges"] = [(key, STATUS_LABELS[key], pillar["status_counts"][key]) for key in STATUS_ORDER]
    return render_to_string("dashboards/_overview_pillars.html", {
        "programme": programme,
        "pillars": [pillar for pillar in pillars.values() if pillar["rows"] or pillar["context"]],
        "filtered": bool(pillar_filter or status_filter),
    })


def _choice(request: HttpRequest, name: str, allowed: list[str]) -> str:
    """A filter parameter: empty (no filter) or one of the allowed values; anything else is the
    visitor's mistake, answered with a 400 naming the parameter and what it may be."""
    value = request.GET.get(name, "")
    if value and value not in allowed:
        raise ValueError(
            _("The parameter “%(name)s” must be one of %(allowed)s, not “%(value)s”.")
            % {"name": name, "allowed": ", ".join(allowed), "value": value}
        )
    return value


def _pillar_name(status: ProgrammeStatus, code: str, language: str) -> str:
    row = next(row for row in status.rows if row.pillar_code == code)
    return (row.pillar_name_en or row.pillar_name_vi) if language == "en" else row.pillar_name_vi


def overview_as_of_choices(programme: Programme) -> list[date]:
    """The end of each quarter of the programme that has ended by today, latest first (the
    fourth quarter's end is the year's end)."""
    today = timezone.localdate()
    ends = [
        date(year, month, 30 if month in (6, 9) else 31)
        for year in range(programme.horizon_start, min(programme.horizon_end, today.year) + 1)
        for month in (3, 6, 9, 12)
    ]
    return [end for end in reversed(ends) if end < today]
