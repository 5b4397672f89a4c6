"""Working pages: the approver's queue (`approvals/`), the submitted forms waiting for the
visitor's approval, oldest first; each opens the form, where it is approved or returned
(reporting's workflow decides who may, `submissions_user_may_approve`: the rule of
`user_may_approve` asked of the whole list in two queries); and its count for the menu."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dxtrack.accounts.models import Role
from dxtrack.accounts.request_roles import role_assignments_of
from dxtrack.accounts.selectors import user_has_unit_role
from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of
from dxtrack.figures.versions import figures_cached
from dxtrack.reporting.models import Submission, SubmissionStatus
from dxtrack.reporting.workflow import submissions_user_may_approve

PAGE_SIZE = 50


def approval_queue_for_user(user) -> list[Submission]:  # type: ignore[no-untyped-def]
    """Submitted forms of the units below the user's approver roles that the user may approve."""
    units = [assignment for assignment in role_assignments_of(user) if assignment.role == Role.APPROVER]
    if not units and not user.is_superuser:
        return []
    submitted = Submission.objects.filter(status=SubmissionStatus.SUBMITTED).select_related("form", "org_unit", "submitted_by")
    if not user.is_superuser:
        below = Q()
        for assignment in units:
            below |= Q(org_unit__path__startswith=f"{assignment.org_unit.path}{assignment.org_unit_id}/")
        submitted = submitted.filter(below)
    return submissions_user_may_approve(user, list(submitted.order_by("submitted_at", "pk")))


def approval_queue_count(user) -> int:  # type: ignore[no-untyped-def]
    """How many forms wait for the user's approval, as the menu shows it on every page: cached
    per user at the store version (decision 0026), which every change of a form's state bumps
    (`figures.services.cells_refresh_submission`), as do changes of units; the user's approver
    roles are part of the key, so a role given or taken counts at once."""
    roles = tuple(sorted((a.org_unit_id, a.org_unit.path) for a in role_assignments_of(user) if a.role == Role.APPROVER))
    return figures_cached(
        "approval_queue_count", (user.pk, user.is_superuser, roles), lambda: len(approval_queue_for_user(user))
    )


def approval_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_has_unit_role(request.user, roles=(Role.APPROVER,)):
        raise PermissionDenied(_("Only approvers have a queue of forms to approve."))
    try:
        page = page_of(request, approval_queue_for_user(request.user), PAGE_SIZE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    return render(request, "explore/approval_queue.html", {"page": page})
