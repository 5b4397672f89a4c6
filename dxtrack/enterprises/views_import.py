"""Pages of the registry import on the web: upload, the run's progress and errors, the template.

Who: programme officers (`REGISTRY_MANAGER_ROLES`), each for the enterprises of their wards (the
import refuses a row elsewhere); everyone else gets 403. A run is seen only by the person who
uploaded it (or a superuser); others get 404, learning nothing. GET changes nothing; the upload
is a POST with its CSRF token.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from dxtrack.audit.services import audit_denied
from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of
from dxtrack.enterprises.files import COLUMNS, REQUIRED
from dxtrack.enterprises.import_jobs import (
    registry_job_create,
    registry_job_progress,
    registry_job_reap,
    registry_wards_managed,
)
from dxtrack.enterprises.import_tasks import registry_import_task
from dxtrack.enterprises.models import EnterpriseImport
from dxtrack.enterprises.template import registry_template_xlsx
from dxtrack.reporting.imports.files import max_upload_bytes, too_large_message
from dxtrack.reporting.imports.progress import errors_csv, run_page_state
from dxtrack.reporting.imports.rows import ImportFileError

_FORM_OVERHEAD = 64 * 1024  # the multipart envelope and the other fields around the file
RUNS_PER_PAGE = 20
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _may_manage(request: HttpRequest, action: str) -> None:
    if registry_wards_managed(request.user) == set():
        audit_denied(request, action)
        raise PermissionDenied(_("Only programme officers import the enterprise registry."))


def _run_for(request: HttpRequest, pk: int) -> EnterpriseImport:
    _may_manage(request, "enterprises.registry_import_job")
    run = EnterpriseImport.objects.filter(pk=pk).first()
    if run is None or not (request.user.is_superuser or run.created_by_id == request.user.pk):
        raise Http404
    return registry_job_reap(run)


def _declared_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt  # only to look at the declared size before the CSRF check reads the body
@login_required
@require_http_methods(["GET", "POST"])
def registry_import_upload(request: HttpRequest) -> HttpResponse:
    _may_manage(request, "enterprises.registry_import")
    if request.method == "POST" and _declared_size(request) > max_upload_bytes() + _FORM_OVERHEAD:
        # Refused before a byte of the body is read; nothing changes, so no token is needed.
        return _upload_page(request, error=too_large_message(_declared_size(request)), status=413)
    return _registry_import_upload(request)


@csrf_protect
def _registry_import_upload(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a file to upload.")
        elif upload.size > max_upload_bytes():
            error = too_large_message(upload.size)
        else:
            try:
                run = registry_job_create(user=request.user, upload=upload, dry_run=bool(request.POST.get("dry_run")))
            except ImportFileError as refused:
                error = refused.message
            else:
                registry_import_task.enqueue(run.pk, get_language() or "vi")
                return redirect("enterprises:registry_import_job", pk=run.pk)
    return _upload_page(request, error=error, status=400 if error else 200)


def _upload_page(request: HttpRequest, *, error: str, status: int) -> HttpResponse:
    try:
        runs = page_of(request, EnterpriseImport.objects.filter(created_by=request.user).exclude(format="")
                       .order_by("-created_at", "-pk"), RUNS_PER_PAGE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    return render(request, "enterprises/registry_import.html", {
        "error": error, "runs": runs, "limit_mb": max_upload_bytes() // (1024 * 1024),
        "columns": COLUMNS, "required": REQUIRED,
    }, status=status)


def _run_context(run: EnterpriseImport) -> dict:
    return {"run": run, "done": registry_job_progress(run), **run_page_state(run.status, run.errors)}


@login_required
@require_GET
def registry_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "enterprises/registry_import_job.html", _run_context(_run_for(request, pk)))


@login_required
@require_GET
def registry_import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress partial htmx polls every second; it stops polling once the run ended."""
    return render(request, "enterprises/_registry_import_progress.html", _run_context(_run_for(request, pk)))


@login_required
@require_GET
def registry_import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The row-by-row error report as CSV (cells neutralised: messages quote the file)."""
    run = _run_for(request, pk)
    response = HttpResponse(errors_csv(run.errors), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registry-import-{run.pk}-errors.csv"'
    return response


@login_required
@require_GET
def registry_import_template(request: HttpRequest, format: str) -> HttpResponse:  # noqa: A002
    """The template, CSV (the header row) or XLSX (template.py: an example row, drop-down lists
    and the instructions in the reader's language first)."""
    _may_manage(request, "enterprises.registry_import_template")
    if format == "csv":
        response = HttpResponse("\ufeff" + ",".join(COLUMNS) + "\r\n", content_type="text/csv; charset=utf-8")
    elif format == "xlsx":
        response = HttpResponse(registry_template_xlsx(language=get_language() or "vi"), content_type=XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="registry-template.{format}"'
    return response
