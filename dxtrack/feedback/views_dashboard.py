"""The staff dashboard: the programme office sees every agency, an agency's staff and head see
their own agencies only; everyone else is refused (the same scope as the work queue)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dxtrack.feedback.dashboard import OPEN_COLUMNS, staff_dashboard
from dxtrack.feedback.models import State
from dxtrack.feedback.selectors import item_list_for_staff


@login_required
def staff_dashboard_view(request: HttpRequest) -> HttpResponse:
    items = item_list_for_staff(request.user)
    if items is None:
        raise PermissionDenied
    dashboard = staff_dashboard(items, today=timezone.localdate(), include_sample=settings.DXTRACK_SHOW_SYNTHETIC)
    columns = [State(state).label for state in OPEN_COLUMNS]
    return render(request, "feedback/staff_dashboard.html", {"dashboard": dashboard, "columns": columns})
