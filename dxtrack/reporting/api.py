"""The reporting API: values, DHIS2 data value sets (import and export), forms, completeness.

Thin: reads go through `selectors` and `completeness`, writes through the one import service
(`imports.values_import`), rights through `accounts.selectors`. Imports and DHIS2 exports are
recorded in the audit log (`values.import`, `values.export`), as are refusals (403). Here only codes become
objects (with a precise message when they name nothing) and objects become schemas.

=======  ==================  ===============================================================
method   path                who
=======  ==================  ===============================================================
GET      /values             any user; rows of the units they may read (none for enterprise)
GET      /dataValueSets      the same, in DHIS2 JSON
POST     /dataValueSets      reporters (their units) and programme officers (their area)
GET      /forms              the forms of programmes whose area the user works in
GET      /forms/{code}       one of them (404 for others)
GET      /completeness       one of them × period, rows for the user's units
=======  ==================  ===============================================================
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Header, Query, Router
from ninja.errors import HttpError
from ninja.responses import Status

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import Period, parse_period
from dxtrack.api.idempotency import IdempotencyError, idempotent_run
from dxtrack.api.schemas import ErrorOut
from dxtrack.audit.models import Outcome
from dxtrack.audit.services import audit_record
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, Programme
from dxtrack.reporting.completeness import form_completeness
from dxtrack.reporting.imports import Dhis2JsonReader, ImportReport, values_import
from dxtrack.reporting.imports.check import IMPORT_ROLES
from dxtrack.reporting.locks import locked_value_keys
from dxtrack.reporting.models import DataValue, ReportingForm
from dxtrack.reporting.schemas import (
    Code,
    CompletenessFilterIn,
    CompletenessOut,
    DataValueSetFilterIn,
    DataValueSetIn,
    DataValueSetOut,
    FormDetailOut,
    FormOut,
    ImportSummaryOut,
    ValueFilterIn,
    ValuePageOut,
)
from dxtrack.reporting.selectors import (
    PeriodMismatch,
    form_current_period,
    form_deadline,
    form_get_for_user,
    form_list_for_user,
    value_list_for_user,
)

router = Router()

MAX_EXPORT_VALUES = 100_000
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- codes to objects ---------------------------------------------------------------------------


def _programme(code: str) -> Programme:
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        raise HttpError(422, _("Unknown programme code %(code)s.") % {"code": code})
    return programme


def _indicators(codes: Iterable[str], programme: Programme | None) -> list[Indicator]:
    codes = list(dict.fromkeys(codes))
    found = Indicator.objects.filter(code__in=codes)
    if programme is not None:
        found = found.filter(programme=programme)
    indicators = list(found)
    missing = sorted(set(codes) - {indicator.code for indicator in indicators})
    if missing:
        if programme is not None:
            raise HttpError(422, _("Unknown indicator code(s) in programme %(programme)s: %(codes)s.") % {
                "programme": programme.code, "codes": ", ".join(missing),
            })
        raise HttpError(422, _("Unknown indicator code(s): %(codes)s.") % {"codes": ", ".join(missing)})
    return indicators


def _units(request: HttpRequest, codes: Iterable[str], *, descendants: bool) -> list[OrgUnit]:
    """Every unit each code names (old and new units may share a code), refused when the user
    may read none of them, nor (with `descendants`) anything below them."""
    codes = list(dict.fromkeys(codes))
    units = list(OrgUnit.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {unit.code for unit in units})
    if missing:
        raise HttpError(422, _("Unknown org unit code(s): %(codes)s.") % {"codes": ", ".join(missing)})
    visible = orgunit_list_for_user(request.user)
    for code in codes:
        named = [unit for unit in units if unit.code == code]
        if not any(_may_read(visible, unit, descendants=descendants) for unit in named):
            raise HttpError(403, _("You may not read the values of %(unit)s.") % {"unit": named[0]})
    return units


def _may_read(visible: Any, unit: OrgUnit, *, descendants: bool) -> bool:
    if visible.filter(pk=unit.pk).exists():
        return True
    return descendants and visible.filter(path__startswith=f"{unit.path}{unit.pk}/").exists()


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except AnalyticsError:
        raise HttpError(422, _(
            "“%(period)s” is not a period: write 2024, 2024S1, 2024Q3, 2024-05 or 202405."
        ) % {"period": text}) from None


def _number(value: Decimal | None) -> str | None:
    """37.500000 → "37.5", 1200.000000 → "1200"."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- values --------------------------------------------------------------------------------------


@router.get("/values", response={200: ValuePageOut, **ERRORS}, operation_id="values_list", tags=["values"])
def values_list(request: HttpRequest, filters: Query[ValueFilterIn]) -> Any:
    """The current values of the units you may read, oldest first (by id).

    `unit` selects the unit and, unless `descendants=false`, every unit below it; the part of
    that tree you may not read is left out, and a unit you may read nothing of is 403.
    Values not yet approved are included with `approved: false`.
    """
    programme = _programme(filters.programme) if filters.programme else None
    indicators = _indicators([filters.indicator], programme) if filters.indicator else None
    units = _units(request, [filters.unit], descendants=filters.descendants) if filters.unit else None
    periods = [_period(filters.period).code] if filters.period else None
    values = value_list_for_user(
        request.user, programme=programme, indicators=indicators, units=units, descendants=filters.descendants,
        periods=periods,
    )
    count = values.count()
    page = list(
        values.select_related("indicator__programme", "org_unit", "recorded_by")[filters.offset:filters.offset + filters.limit]
    )
    approved = locked_value_keys((value.indicator_id, value.org_unit_id, value.period) for value in page)
    next_url = None
    if filters.offset + filters.limit < count:
        query = {key: value for key, value in request.GET.items() if key != "offset"}
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode({**query, 'offset': filters.offset + filters.limit})}")
    return {
        "count": count, "limit": filters.limit, "offset": filters.offset, "next": next_url,
        "items": [_value_out(value, approved) for value in page],
    }


def _value_out(value: DataValue, approved: set[tuple[int, int, str]]) -> dict[str, Any]:
    return {
        "programme": value.indicator.programme.code, "indicator": value.indicator.code,
        "org_unit": value.org_unit.code, "org_unit_name": value.org_unit.name, "period": value.period,
        "period_start": value.period_start, "period_end": value.period_end, "value": _number(value.value),
        "numerator": _number(value.numerator), "denominator": _number(value.denominator), "note": value.note,
        "source": value.source, "method": value.method,
        "approved": (value.indicator_id, value.org_unit_id, value.period) in approved,
        "synthetic": value.is_synthetic, "outlier": value.is_outlier, "version": value.version,
        "recorded_by": value.recorded_by.get_username() if value.recorded_by else None, "recorded_at": value.recorded_at,
    }


# --- DHIS2 data value sets ----------------------------------------------------------------------


@router.get("/dataValueSets", response={200: DataValueSetOut, **ERRORS}, operation_id="data_value_sets_export", tags=["dhis2"])
def data_value_sets_export(request: HttpRequest, filters: Query[DataValueSetFilterIn]) -> Any:
    """DHIS2 `dataValueSets` JSON of the values you may read.

    A percentage with parts becomes three adjacent entries (the figure, then
    `categoryOptionCombo` `numerator` and `denominator`), which this API imports back as they
    are. `orgUnit` is the unit alone unless `children=true` (as in DHIS2). At most
    100,000 values per request: narrow the filters for more, or use `dxtrack values export`.
    """
    programme = _programme(filters.programme) if filters.programme else None
    indicators = _indicators(filters.dataElement, programme) if filters.dataElement else None
    forms = None
    if filters.dataSet:
        forms = [_form(request, code) for code in dict.fromkeys(filters.dataSet)]
    units = _units(request, filters.orgUnit, descendants=filters.children) if filters.orgUnit else None
    periods = [_period(text).code for text in filters.period] if filters.period else None
    values = value_list_for_user(
        request.user, programme=programme, indicators=indicators, forms=forms, units=units,
        descendants=filters.children, periods=periods, start=filters.startDate, end=filters.endDate,
    ).select_related("indicator", "org_unit", "recorded_by")
    rows = list(values[:MAX_EXPORT_VALUES + 1])
    if len(rows) > MAX_EXPORT_VALUES:
        raise HttpError(422, _(
            "More than %(limit)s values match: narrow the filters (dataSet, dataElement, orgUnit, period) or use "
            "the command “dxtrack values export”."
        ) % {"limit": MAX_EXPORT_VALUES})
    entries: list[dict[str, Any]] = []
    for value in rows:
        common = {
            "dataElement": value.indicator.code, "period": parse_period(value.period).dhis2, "orgUnit": value.org_unit.code,
            "storedBy": value.recorded_by.get_username() if value.recorded_by else "", "lastUpdated": value.recorded_at,
        }
        entries.append({**common, "value": _number(value.value) or "", "comment": value.note or None})
        if value.numerator is not None and value.denominator is not None:
            entries.append({**common, "categoryOptionCombo": "numerator", "value": _number(value.numerator)})
            entries.append({**common, "categoryOptionCombo": "denominator", "value": _number(value.denominator)})
    audit_record(
        actor=request.user, action="values.export", request=request,
        details={"format": "dhis2-json", "values": len(rows), "filters": {key: request.GET.getlist(key) for key in request.GET}},
    )
    return {"dataValues": entries}


@router.post(
    "/dataValueSets",
    response={200: ImportSummaryOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ImportSummaryOut | ErrorOut},
    operation_id="data_value_sets_import",
    tags=["dhis2"],
)
def data_value_sets_import(
    request: HttpRequest,
    response: HttpResponse,
    payload: DataValueSetIn,
    dryRun: bool = False,  # noqa: N803 - DHIS2's parameter name
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description=(
        "Any unique text (a UUID): the same key with the same payload gives the first answer again without "
        "importing twice; with another payload it is 422; while the first request runs, 409."
    )),
) -> Any:
    """Import DHIS2 `dataValueSets` JSON, all or nothing.

    Every value is checked (codes, period, the unit's existence in the period, your right to
    report for the unit, type and range, duplicates, approved forms) before anything is
    written. With any conflict nothing is written: status ERROR, HTTP 422, each conflict
    naming the entry (`indexes`, first = 0) and what to change. `dryRun=true` checks only.
    Reporters import for their units, programme officers for their area.
    """
    user = request.user
    if not user.is_superuser and not orgunit_list_for_user(user, roles=IMPORT_ROLES).exists():
        raise HttpError(403, _("You may not import values: only reporters and programme officers may."))
    body = payload.model_dump(mode="json", exclude_none=True)

    def run() -> tuple[int, dict[str, Any]]:
        report = _import(body, user=user, dry_run=dryRun)
        if not dryRun:
            audit_record(
                actor=user, action="values.import", outcome=Outcome.FAILED if report.rejected else Outcome.SUCCESS,
                request=request, details={
                    "source": "api", "format": "dhis2-json", "rows": report.rows, "created": report.created,
                    "updated": report.updated, "unchanged": report.unchanged, "errors": report.error_count,
                },
            )
        return (422 if report.rejected else 200), _summary(report)

    try:
        outcome = idempotent_run(
            user=user, key=idempotency_key, operation="POST /dataValueSets",
            payload={"dryRun": dryRun, "body": body}, run=run,
        )
    except IdempotencyError as error:
        raise HttpError(error.status, error.message) from None
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(outcome.status, outcome.body)


def _import(body: dict[str, Any], *, user: Any, dry_run: bool) -> ImportReport:
    # The DHIS2 reader streams from a file; the body is at most DATA_UPLOAD_MAX_MEMORY_SIZE.
    with tempfile.TemporaryDirectory(prefix="dxtrack-api-") as directory:
        path = Path(directory) / "dataValueSets.json"
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        return values_import(
            rows=Dhis2JsonReader(path), user=user, source="API dataValueSets", dry_run=dry_run, format="dhis2-json",
            columns=Dhis2JsonReader.columns,
        )


def _summary(report: ImportReport) -> dict[str, Any]:
    if report.rejected:
        status = "ERROR"
        description = _(
            "Nothing was imported: %(count)d problem(s) found. Correct them and send the whole set again."
        ) % {"count": report.error_count}
        count = {"imported": 0, "updated": 0, "ignored": report.rows, "deleted": 0}
    else:
        status = "SUCCESS"
        description = _("Dry run: nothing was written; the counts say what an import would do.") if report.dry_run else _(
            "Import completed."
        )
        count = {"imported": report.created, "updated": report.updated, "ignored": report.unchanged, "deleted": 0}
    conflicts = [
        {"object": error.column, "property": error.column, "value": error.message, "indexes": [error.row - 1] if error.row > 0 else []}
        for error in report.errors
    ]
    return {
        "responseType": "ImportSummary", "status": status, "description": description, "dryRun": report.dry_run,
        "importCount": count, "conflicts": conflicts,
    }


# --- forms -------------------------------------------------------------------------------------


def _form(request: HttpRequest, code: str) -> ReportingForm:
    form = form_get_for_user(request.user, code)
    if form is None:
        raise HttpError(404, _("No form with code %(code)s that you may see.") % {"code": code})
    return form


def _form_out(form: ReportingForm) -> dict[str, Any]:
    current = form_current_period(form, timezone.localdate())
    return {
        "code": form.code, "name": form.name, "programme": form.programme.code, "period_type": form.period_type,
        "calendar": form.calendar, "revision": form.revision, "deadline_working_days": form.deadline_working_days,
        "approval_level": form.approval_level, "current_period": current.code, "current_deadline": form_deadline(form, current),
    }


@router.get("/forms", response={200: list[FormOut], **ERRORS}, operation_id="forms_list", tags=["forms"])
def forms_list(request: HttpRequest) -> Any:
    """The active reporting forms of programmes whose area you work in."""
    return [_form_out(form) for form in form_list_for_user(request.user)]


@router.get("/forms/{code}", response={200: FormDetailOut, **ERRORS}, operation_id="forms_get", tags=["forms"])
def forms_get(request: HttpRequest, code: Code) -> Any:
    """One form with its indicators; 404 for a form you may not see, as for one that does not exist."""
    form = _form(request, code)
    links = form.form_indicators.select_related("indicator").order_by("order", "indicator__code")
    return {
        **_form_out(form), "unit_level": form.unit_level,
        "indicators": [
            {
                "code": link.indicator.code, "name": link.indicator.name, "value_type": link.indicator.value_type,
                "unit": link.indicator.unit, "required": link.required,
            }
            for link in links
        ],
    }


# --- completeness -------------------------------------------------------------------------------


@router.get("/completeness", response={200: CompletenessOut, **ERRORS}, operation_id="completeness_get", tags=["forms"])
def completeness_get(request: HttpRequest, filters: Query[CompletenessFilterIn]) -> Any:
    """Who was expected to report the form for the period, who did, on time, approved, overdue —
    for the units you may read, with totals rolled up per parent unit."""
    form = _form(request, filters.form)
    period = _period(filters.period) if filters.period else form_current_period(form, timezone.localdate())
    try:
        report = form_completeness(form=form, period=period, units=orgunit_list_for_user(request.user))
    except PeriodMismatch as error:
        raise HttpError(422, str(error)) from None
    return {
        "form": form.code, "period": report.period.code, "period_start": report.period_start,
        "period_end": report.period_end, "opens_on": report.opens_on, "deadline": report.deadline,
        "totals": _totals(report.totals),
        "units": [
            {
                "unit": row.unit.code, "unit_name": row.unit.name, "status": row.status, "deadline": row.deadline,
                "submitted": row.submitted, "submitted_on": row.submitted_on, "on_time": row.on_time,
                "approved": row.approved, "overdue": row.overdue, "working_days_late": row.working_days_late,
            }
            for row in report.rows
        ],
        "groups": [
            {"unit": group.unit.code, "unit_name": group.unit.name, "depth": group.depth, "totals": _totals(group.totals)}
            for group in report.groups
        ],
    }


def _totals(totals: Any) -> dict[str, Any]:
    return {
        "expected": totals.expected, "submitted": totals.submitted, "on_time": totals.on_time,
        "approved": totals.approved, "overdue": totals.overdue, "submitted_share": totals.submitted_share,
        "on_time_share": totals.on_time_share, "approved_share": totals.approved_share,
    }
