"""Pages of imports: upload, the job's progress and errors, the XLSX template download.

Who: programme officers and reporters (a role on some unit); the rows of a file are limited to
the units of the uploader's roles by the import service itself. A job is seen only by the
person who uploaded it (or a superuser); others get 404, learning nothing.
"""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from dxtrack.accounts.selectors import orgunit_list_for_user, user_has_unit_role
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of
from dxtrack.orgunits.models import OrgUnit
from dxtrack.orgunits.selectors import orgunit_get_for_period
from dxtrack.programmes.selectors import programme_get_for_user, programme_list_for_user
from dxtrack.reporting.imports.check import IMPORT_ROLES
from dxtrack.reporting.imports.files import max_upload_bytes, too_large_message
from dxtrack.reporting.imports.jobs import (
    import_job_create,
    import_job_progress,
    import_job_reap,
)
from dxtrack.reporting.imports.progress import errors_csv, run_page_state
from dxtrack.reporting.imports.rows import ImportFileError
from dxtrack.reporting.imports.tasks import values_import_task
from dxtrack.reporting.imports.xlsx import template_build
from dxtrack.reporting.models import ImportJob, ReportingForm
from dxtrack.reporting.unit_picker import (
    SEARCH_MAX_LENGTH,
    importable_units,
    unit_search,
    unit_search_json,
)

_FORM_OVERHEAD = 64 * 1024  # the multipart envelope and the other fields around the file
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _may_import(request: HttpRequest) -> None:
    if not user_has_unit_role(request.user, roles=IMPORT_ROLES):
        raise PermissionDenied(_("Only reporters and programme officers import values."))


def _job_for(request: HttpRequest, job_id: int) -> ImportJob:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or not (request.user.is_superuser or job.created_by_id == request.user.pk):
        raise Http404
    return import_job_reap(job)


def _declared_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt  # only to look at the declared size before the CSRF check reads the body
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    _may_import(request)
    if request.method == "POST" and _declared_size(request) > max_upload_bytes() + _FORM_OVERHEAD:
        # Refused before a byte of the body is read; nothing changes, so no token is needed.
        return _upload_page(request, error=too_large_message(_declared_size(request)), status=413)
    return _import_upload(request)


@csrf_protect
def _import_upload(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        programme_code = request.POST.get("programme", "")
        if upload is None:
            error = _("Choose a file to upload.")
        elif upload.size > max_upload_bytes():
            error = too_large_message(upload.size)
        elif programme_code and programme_get_for_user(request.user, programme_code) is None:
            error = _("Unknown programme code %(code)s.") % {"code": programme_code[:40]}
        else:
            try:
                job = import_job_create(user=request.user, upload=upload, dry_run=bool(request.POST.get("dry_run")))
            except ImportFileError as refused:
                error = refused.message
            else:
                values_import_task.enqueue(job.pk, get_language() or "vi", programme_code or None)
                return redirect("reporting:import_job", job_id=job.pk)
    return _upload_page(request, error=error, status=400 if error else 200)


JOBS_PER_PAGE = 20


def _upload_page(request: HttpRequest, *, error: str, status: int) -> HttpResponse:
    try:
        jobs = page_of(request, ImportJob.objects.filter(created_by=request.user).order_by("-created_at", "-pk"), JOBS_PER_PAGE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    return render(
        request, "reporting/import_upload.html",
        {
            "programmes": programme_list_for_user(request.user),
            "error": error,
            "jobs": jobs,
            "limit_mb": max_upload_bytes() // (1024 * 1024),
        },
        status=status,
    )


def _job_context(job: ImportJob) -> dict:
    return {"job": job, "done": import_job_progress(job), **run_page_state(job.status, job.errors)}


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(request, "reporting/import_job.html", _job_context(_job_for(request, job_id)))


@login_required
@require_GET
def import_job_progress_view(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress partial htmx polls; it stops polling once the job ended."""
    return render(request, "reporting/_import_progress.html", _job_context(_job_for(request, job_id)))


@login_required
@require_GET
def import_job_errors(request: HttpRequest, job_id: int) -> HttpResponse:
    """The row-by-row error report as CSV (cells neutralised: messages quote the file)."""
    job = _job_for(request, job_id)
    response = HttpResponse(errors_csv(job.errors), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    return response


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """Choose a form, a unit among those the user may report for, and a period; with all
    three, the XLSX template downloads. `unit` is the unit's code (the picker's values).

    The picker lists the units matching `unit_q` (all the user's, first PICKER_RESULTS, when
    empty); "Find" (`find`) refills it without downloading: the page works without
    JavaScript, and unit-picker.js turns the search box into a type-ahead."""
    _may_import(request)
    forms = ReportingForm.objects.filter(is_active=True).select_related("programme").order_by("code")
    chosen = {key: request.GET.get(key, "").strip() for key in ("form", "unit", "period")}
    search = request.GET.get("unit_q", "").strip()
    if len(search) > SEARCH_MAX_LENGTH:
        return bad_parameter_response(request, _("unit_q: at most %(count)d characters.") % {"count": SEARCH_MAX_LENGTH})
    error = ""
    if all(chosen.values()) and "find" not in request.GET:
        form = forms.filter(code=chosen["form"]).first()
        try:
            period = parse_period(chosen["period"])
        except AnalyticsError:
            period = None
        unit = orgunit_get_for_period(chosen["unit"], start=period.start, end=period.end) if period else None
        if form is None:
            error = _("Unknown form %(form)s.") % {"form": chosen["form"][:40]}
        elif period is None or period.type.value != form.period_type:
            error = _("Period %(period)s is outside form %(form)s, which is reported by %(expected)s.") % {
                "period": chosen["period"][:20], "form": form.code, "expected": form.get_period_type_display(),
            }
        elif unit is None:
            error = _("Unknown unit code %(code)s.") % {"code": chosen["unit"][:40]}
        elif not orgunit_list_for_user(request.user, roles=IMPORT_ROLES).filter(pk=unit.pk).exists():
            error = _("You may not import values for unit %(code)s.") % {"code": unit.code}
        else:
            out = io.BytesIO()
            template_build(out=out, form=form, unit=unit, period=period)
            response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
            name = f"{form.code}-{unit.code}-{period.code}.xlsx".replace("/", "-").replace('"', "")
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    found = unit_search(request.user, search)
    units = found.units
    if chosen["unit"] and chosen["unit"] not in {unit.code for unit in units}:
        # Keep the unit already chosen in the list, when the user may import for it.
        kept = importable_units(request.user).filter(code=chosen["unit"]).first()
        units = [kept, *units] if kept is not None else units
    return render(
        request, "reporting/import_template.html",
        {"forms": forms, "chosen": chosen, "error": error, "unit_groups": _grouped(units), "unit_q": search,
         "found": found},
        status=400 if error else 200,
    )


@login_required
@require_GET
def import_unit_search(request: HttpRequest) -> HttpResponse:
    """The type-ahead of the template page: JSON of the units the user may import for that
    match `q` (code prefix, or part of a name), the first PICKER_RESULTS, and the total."""
    _may_import(request)
    text = request.GET.get("q", "").strip()
    if len(text) > SEARCH_MAX_LENGTH:
        return JsonResponse({"error": _("q: at most %(count)d characters.") % {"count": SEARCH_MAX_LENGTH}}, status=400)
    return JsonResponse(unit_search_json(unit_search(request.user, text)))


def _grouped(units: list[OrgUnit]) -> list[tuple[str, list[OrgUnit]]]:
    """The picker's <optgroup>s: the units by kind, in the order they come (unit_picker's)."""
    groups: dict[str, list[OrgUnit]] = {}
    for unit in units:
        groups.setdefault(unit.get_kind_display(), []).append(unit)
    return list(groups.items())
