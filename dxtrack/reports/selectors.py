"""Who may generate and read a programme's reports, and the list of its report files."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from dxtrack.accounts.models import Role, User
from dxtrack.accounts.selectors import user_has_role_over
from dxtrack.programmes.models import Programme
from dxtrack.reports.models import ReportFile

REPORT_ROLES = (Role.LEADER, Role.PROGRAMME_OFFICER)


def user_may_report(user: User | AnonymousUser, programme: Programme) -> bool:
    """Leaders and programme officers of the programme's area (or above it)."""
    return user.is_authenticated and user_has_role_over(user, programme.area, roles=REPORT_ROLES)


def report_file_list(programme: Programme, *, limit: int = 50) -> QuerySet[ReportFile]:
    return ReportFile.objects.filter(programme=programme).select_related("created_by", "programme")[:limit]
