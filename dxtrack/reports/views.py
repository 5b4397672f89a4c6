"""Pages of reports: a programme's report list with the generate form, one generation's
progress, and the download.

Who: leaders and programme officers of the programme's area. Anyone who may not see the
programme gets 404 (learning nothing); those who see it without either role get 403.
Generating is a POST; nothing changes on GET. Reports a leader published for a public
programme are listed and downloadable by anyone on the portal (they hold approved figures only,
as every report does).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxtrack.programmes.models import Programme
from dxtrack.programmes.selectors import programme_get_for_user
from dxtrack.reports.builder import default_as_of
from dxtrack.reports.errors import ReportError
from dxtrack.reports.forms import ReportRequestForm
from dxtrack.reports.jobs import (
    TERMINAL,
    download_name,
    report_job_create,
    report_job_reap,
    report_path,
)
from dxtrack.reports.models import ReportFile, ReportStatus
from dxtrack.reports.selectors import report_file_list, user_may_report
from dxtrack.reports.services import CONTENT_TYPES
from dxtrack.reports.tasks import report_generate_task


def _programme_for(request: HttpRequest, code: str) -> Programme:
    programme = programme_get_for_user(request.user, code)
    if programme is None:
        raise Http404
    if not user_may_report(request.user, programme):
        raise PermissionDenied(_("Only the programme's leaders and officers make its reports."))
    return programme


def _entry_for(request: HttpRequest, entry_id: int) -> ReportFile:
    entry = ReportFile.objects.select_related("programme__area", "created_by").filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    _programme_for(request, entry.programme.code)
    return report_job_reap(entry)


def _language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _list_page(request: HttpRequest, programme: Programme, *, form: ReportRequestForm | None = None, error: str = "",
               status: int = 200) -> HttpResponse:
    if form is None:
        form = ReportRequestForm(initial={"as_of": default_as_of(timezone.localdate()), "language": _language(), "format": "docx"},
                                 public_programme=programme.is_public)
    entries = [report_job_reap(entry) for entry in report_file_list(programme)]
    return render(request, "reports/report_list.html", {
        "programme": programme, "entries": entries, "form": form, "error": error,
    }, status=status)


@login_required
@require_GET
def report_list(request: HttpRequest, code: str) -> HttpResponse:
    return _list_page(request, _programme_for(request, code))


@login_required
@require_POST
def report_generate(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme_for(request, code)
    form = ReportRequestForm(request.POST, public_programme=programme.is_public)
    if not form.is_valid():
        return _list_page(request, programme, form=form, status=400)
    try:
        entry = report_job_create(user=request.user, programme=programme, as_of=form.cleaned_data["as_of"],
                                  language=form.cleaned_data["language"], fmt=form.cleaned_data["format"],
                                  public=bool(form.cleaned_data.get("publish")))
    except ReportError as refused:
        return _list_page(request, programme, form=form, error=refused.message, status=400)
    report_generate_task.enqueue(entry.pk)
    return redirect("reports:report_detail", entry_id=entry.pk)


def _entry_context(entry: ReportFile) -> dict:
    return {"entry": entry, "finished": entry.status in TERMINAL}


@login_required
@require_GET
def report_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    return render(request, "reports/report_detail.html", _entry_context(_entry_for(request, entry_id)))


@login_required
@require_GET
def report_progress(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The progress partial htmx polls; it stops polling once the generation ended."""
    return render(request, "reports/_report_progress.html", _entry_context(_entry_for(request, entry_id)))


@login_required
@require_GET
def report_download(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_for(request, entry_id)
    if entry.status != ReportStatus.DONE:
        raise Http404
    return _file_response(entry)


def _file_response(entry: ReportFile) -> HttpResponse:
    try:
        stream = report_path(entry).open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(stream, as_attachment=True, filename=download_name(entry), content_type=CONTENT_TYPES[entry.format])


def _public_programme(code: str) -> Programme:
    programme = Programme.objects.filter(code=code, is_public=True).first()
    if programme is None:
        raise Http404
    return programme


@require_GET
def public_report_list(request: HttpRequest, code: str) -> HttpResponse:
    programme = _public_programme(code)
    entries = ReportFile.objects.filter(programme=programme, is_public=True, status=ReportStatus.DONE)[:50]
    return render(request, "reports/public_report_list.html", {"programme": programme, "entries": entries})


@require_GET
def public_report_download(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = ReportFile.objects.select_related("programme").filter(
        pk=entry_id, is_public=True, status=ReportStatus.DONE, programme__is_public=True).first()
    if entry is None:
        raise Http404
    return _file_response(entry)
