from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dxtrack.dashboards.progress import programme_progress, show_synthetic
from dxtrack.dashboards.selectors import programme_get_for_user, programme_list_for_user


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/home.html", {"programmes": programme_list_for_user(request.user)})


def programme_overview(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_get_for_user(request.user, code)
    if programme is None:
        # Anonymous visitors are asked to log in; a logged-in user without rights learns
        # nothing about whether the programme exists.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    rows = programme_progress(programme)
    pillars: dict = {}
    for row in rows:
        pillars.setdefault(row.pillar, []).append(row)
    counts = {status: sum(1 for row in rows if row.status == status) for status in ("met", "not_met", "no_data")}
    return render(
        request,
        "dashboards/programme_overview.html",
        {
            "programme": programme,
            "pillars": pillars,
            "counts": counts,
            "total": len(rows),
            "show_synthetic": show_synthetic(),
            "has_synthetic": any(row.latest and row.latest.is_synthetic for row in rows),
        },
    )
