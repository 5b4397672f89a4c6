"""Who reaches a programme's pages, and what a bad address gets.

- an unknown programme: 404 for everyone (programme codes are the codes of published
  resolutions, so saying one does not exist reveals nothing);
- a programme the visitor may not see: anonymous visitors are asked to log in; a logged-in
  user gets 404 and learns nothing about it;
- a malformed query parameter: 400 with the reason (params.BadQuery).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dxtrack.explore.params import BadQuery
from dxtrack.figures.territory import Territory
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, Programme
from dxtrack.programmes.selectors import programme_get_for_user

ProgrammeView = Callable[..., HttpResponse]


def programme_view(view: ProgrammeView) -> Callable[..., HttpResponse]:
    """Resolve `code` to a programme the visitor may see and pass it on instead of the code."""

    @wraps(view)
    def wrapper(request: HttpRequest, code: str, *args: object, **kwargs: object) -> HttpResponse:
        programme = programme_get_for_user(request.user, code)
        if programme is None:
            if not Programme.objects.filter(code=code).exists():
                raise Http404
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        try:
            return view(request, programme, *args, **kwargs)
        except BadQuery as error:
            return render(request, "common/bad_parameter.html", {"reasons": error.messages}, status=400)

    return wrapper


def indicator_get_or_404(programme: Programme, code: str) -> Indicator:
    indicator = (
        Indicator.objects.select_related("pillar", "programme__area", "responsible_agency")
        .filter(programme=programme, code=code).first()
    )
    if indicator is None:
        raise Http404
    return indicator


def unit_get_or_404(programme: Programme, unit_id: int | None) -> OrgUnit:
    """The programme's area, or a unit of its territory (its subtree, and the units those
    became at the 2025 reform); any other unit is unknown here."""
    if unit_id is None or unit_id == programme.area_id:
        return programme.area
    unit = Territory(programme.area).units.get(unit_id)
    if unit is None:
        raise Http404
    return unit
