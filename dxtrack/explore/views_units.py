"""The unit scorecard (`programmes/<code>/units/<unit>/`): a ward, commune, district or agency
of the programme's territory, its figures against the targets, its rank among its peers, its
history across the 2025 reform and, for the people who work on it, its reports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from dxtrack.accounts.selectors import UNIT_DATA_ROLES, user_has_role_over
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.explore.access import programme_view, unit_get_or_404
from dxtrack.explore.indicator_page import language, target_label
from dxtrack.explore.params import figure_query
from dxtrack.explore.scorecard import scorecard_build
from dxtrack.figures.shapes import FigureOptions
from dxtrack.figures.territory import Territory
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Programme
from dxtrack.reporting.completeness import form_completeness
from dxtrack.reporting.models import ReportingForm
from dxtrack.reporting.selectors import form_recent_periods

RECENT_PERIODS = 4


def _reports(programme: Programme, unit: OrgUnit) -> list:
    """The unit's state for the recent periods of each form it reports (newest first)."""
    today = timezone.localdate()
    found = []
    for form in ReportingForm.objects.filter(programme=programme, unit_level=unit.kind).order_by("code"):
        for period in form_recent_periods(form, today, count=RECENT_PERIODS):
            try:
                completeness = form_completeness(form=form, period=period, today=today, units=OrgUnit.objects.filter(pk=unit.pk))
            except AnalyticsError:
                continue
            found.extend((form, period, row) for row in completeness.rows)
    return found


@programme_view
def unit_scorecard(request: HttpRequest, programme: Programme, unit: int) -> HttpResponse:
    query = figure_query(request)
    territory = Territory(programme.area)
    the_unit = unit_get_or_404(programme, unit)
    lang = language()
    options = FigureOptions(as_of=query.as_of)
    card = scorecard_build(programme=programme, unit=the_unit, territory_ids=set(territory.units), options=options, language=lang)
    as_of = {"as_of": query.as_of.isoformat()} if query.as_of else {}
    rows = []
    for row in card.rows:
        link = reverse("dashboards:indicator_detail", args=[programme.code, row.indicator.code])
        params = {**({} if the_unit.pk == programme.area_id else {"unit": the_unit.pk}), **as_of}
        if row.latest is not None:
            params["period"] = row.latest.period
        rows.append({
            "row": row, "link": f"{link}?{urlencode(params)}" if params else link,
            "value": row.latest.value_text(lang) if row.latest else "—",
            "history": [(f.period, f.value_text(lang)) for f in row.history],
            "checks": [{"check": check, "label": target_label(check.target, row.indicator.unit, lang)} for check in row.checks],
        })
    may_see_reports = request.user.is_authenticated and user_has_role_over(request.user, the_unit, roles=UNIT_DATA_ROLES)
    return render(request, "explore/unit_scorecard.html", {
        "programme": programme, "card": card, "unit": the_unit, "rows": rows, "query": query,
        "without": [item for item in rows if item["row"].latest is None],
        "reports": _reports(programme, the_unit) if may_see_reports else None,
        "parent": the_unit.parent if the_unit.parent_id in territory.units else None,
        # Drill-down: the units directly below it in the programme's territory.
        "children": sorted((u for u in territory.units.values() if u.parent_id == the_unit.pk), key=lambda u: u.code),
    })
