"""The one import service: every format, the web upload, the command line and the API use it.

How a file is imported (one pass over the rows, one database transaction):

1. each row is checked in memory (codes, period, unit's existence and the user's rights on it,
   numbers, `value_clean`, repeats of an earlier row);
2. every `BATCH_SIZE` checked rows are compared with the stored values (one query), values in
   an approved submission that would change are refused, and — while no error has been seen
   and this is no dry run — the batch is written with bulk inserts and updates, each new or
   changed value with its `DataValueVersion` (reason "import <file name>");
3. at the end, any error (or a dry run) rolls the whole transaction back: the data is exactly as
   before. Otherwise it commits. The same file twice: the second run finds every value
   unchanged and writes nothing.

Memory stays flat: one batch, the code tables, and a small bitmap per unit × period for
repeats. Reading the file once (rather than a check pass and a write pass) halves the time
of a good file; a bad one writes some batches that are rolled back and seen by nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.programmes.models import Programme
from dxtrack.reporting.imports.check import CheckedRow, RowChecker
from dxtrack.reporting.imports.files import file_inspect
from dxtrack.reporting.imports.readers import CsvReader, Dhis2CsvReader, Dhis2JsonReader
from dxtrack.reporting.imports.rows import ImportFileError, ImportReport, RowError, ValueRow
from dxtrack.reporting.imports.xlsx import XlsxReader
from dxtrack.reporting.locks import locked_value_keys
from dxtrack.reporting.models import (
    DataValue,
    DataValueVersion,
    FormIndicator,
    ReportingForm,
    Submission,
    SubmissionStatus,
)
from dxtrack.reporting.services import VERSIONED_FIELDS

logger = logging.getLogger(__name__)

BATCH_SIZE = 5_000
UPDATE_BATCH_SIZE = 500  # bulk_update writes CASE expressions; smaller batches keep them cheap
DEFAULT_COLUMNS = {name: name for name in ("indicator", "org_unit", "period", "value", "numerator", "denominator", "comment")}
READERS = {"csv": CsvReader, "dhis2-csv": Dhis2CsvReader, "dhis2-json": Dhis2JsonReader, "xlsx": XlsxReader}
# Postgres advisory lock class for imports: two imports of one programme run one after the other.
_LOCK_CLASS = 0x0D47


class ImportAborted(Exception):
    """Raised inside the transaction to roll it back; never leaves this module."""


@dataclass(frozen=True, slots=True)
class _Stored:
    pk: int
    version: int
    fields: dict[str, Any]  # VERSIONED_FIELDS plus the period's dates


def values_import(
    *,
    rows: Iterable[ValueRow],
    user: Any,
    source: str,
    dry_run: bool = False,
    programme: Programme | None = None,
    form: ReportingForm | None = None,
    form_period: str | None = None,
    columns: Mapping[str, str] | None = None,
    decimal_comma: bool = False,
    format: str = "",  # noqa: A002 - the word the command line and the job use
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import figures all or nothing; returns what was (or, when rejected or dry, would be) done.

    `rows` is iterated once, or twice when it repeats a row and can be iterated again (a list,
    or one of the readers), to name the first of the two rows. `user` None is the command line
    (every unit); otherwise the user's reporter and programme-officer units bound the rows.
    `programme` is inferred from the first indicator code when not given (and from `form`).
    """
    report = ImportReport(source=source, format=format, dry_run=dry_run)
    checker = None
    try:
        with transaction.atomic():
            writer = _Writer(user=user, source=source, dry_run=dry_run, report=report)
            checker = RowChecker(
                programme=programme, form=form, form_period=form_period, user=user,
                columns={**DEFAULT_COLUMNS, **(columns or {})}, decimal_comma=decimal_comma,
            )
            _run(rows=rows, checker=checker, writer=writer, report=report, progress=progress)
            if report.rejected or dry_run:
                raise ImportAborted
    except ImportAborted:
        pass
    except ImportFileError as error:
        report.error(error.row, error.column, error.message)
    if checker is not None and checker.duplicates:
        _name_first_rows(rows, report, checker)
    if report.rejected:
        report.created = report.updated = report.unchanged = 0
    return report


def _run(*, rows: Iterable[ValueRow], checker: RowChecker, writer: _Writer, report: ImportReport,
         progress: Callable[[int], None] | None) -> None:
    batch: list[CheckedRow] = []
    locked_programme = None
    try:
        for row in rows:
            report.rows += 1
            checked = checker.check(row, report)
            if checker.programme is not None and checker.programme.pk != locked_programme:
                locked_programme = checker.programme.pk
                _serialise(locked_programme)
            if checked is not None:
                batch.append(checked)
                if len(batch) >= BATCH_SIZE:
                    writer.flush(batch)
                    batch = []
            if progress is not None and report.rows % BATCH_SIZE == 0:
                progress(report.rows)
        if batch:
            writer.flush(batch)
    except ImportFileError as error:
        report.error(error.row, error.column, error.message)
    report.skipped = int(getattr(rows, "skipped", 0) or 0)
    if progress is not None:
        progress(report.rows)


def _serialise(programme_id: int) -> None:
    """On PostgreSQL, wait for any other import of the programme to finish first, so that two
    uploads of one file give one effect; SQLite's write lock already serialises."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, programme_id])


def _name_first_rows(rows: Iterable[ValueRow], report: ImportReport, checker: RowChecker) -> None:
    """Rewrite each "repeats an earlier row" error to name that earlier row (after the
    transaction: this may read the whole file again)."""
    if iter(rows) is rows:  # a one-shot iterator: the earlier row cannot be looked up again
        return
    wanted = {key: None for _index, _row, key, _codes in checker.duplicates}
    try:
        for row in rows:
            key = checker.key_of(row)
            if key in wanted and wanted[key] is None:
                wanted[key] = row.row
                if all(found is not None for found in wanted.values()):
                    break
    except ImportFileError:
        return
    for index, row, key, codes in checker.duplicates:
        first = wanted.get(key)
        if first is not None and first != row:
            old = report.errors[index]
            report.errors[index] = RowError(row=old.row, column=old.column, message=_(
                "Rows %(first)d and %(row)d both give indicator %(indicator)s, unit %(unit)s, period %(period)s: keep one."
            ) % {"first": first, "row": row, **codes})


class _Writer:
    """Compares batches with the stored values and writes them while the file is still clean."""

    def __init__(self, *, user: Any, source: str, dry_run: bool, report: ImportReport) -> None:
        self.user = user if user is not None and getattr(user, "is_authenticated", False) else None
        self.reason = f"import {source}"[:500]
        self.dry_run = dry_run
        self.report = report
        self.now: datetime = timezone.now()

    def flush(self, batch: list[CheckedRow]) -> None:
        stored = self._stored(batch)
        creates: list[CheckedRow] = []
        updates: list[tuple[CheckedRow, _Stored, dict[str, Any]]] = []
        for item in batch:
            current = stored.get(item.key)
            if current is None:
                creates.append(item)
                continue
            new = self._fields(item, current.fields)
            if all(_same(current.fields[name], new[name]) for name in VERSIONED_FIELDS):
                self.report.unchanged += 1
            else:
                updates.append((item, current, new))
        self._refuse_locked([item for item in creates] + [item for item, _current, _new in updates])
        self.report.created += len(creates)
        self.report.updated += len(updates)
        if self.dry_run or self.report.rejected:
            return
        self._create(creates)
        self._update(updates)

    def _stored(self, batch: list[CheckedRow]) -> dict[tuple[int, int, str], _Stored]:
        keys = {item.key for item in batch}
        names = ("pk", "indicator_id", "org_unit_id", "period", "version", *VERSIONED_FIELDS)
        found: dict[tuple[int, int, str], _Stored] = {}
        query = DataValue.objects.filter(
            indicator_id__in={key[0] for key in keys},
            org_unit_id__in={key[1] for key in keys},
            period__in={key[2] for key in keys},
        ).values_list(*names)
        for values in query.iterator(chunk_size=BATCH_SIZE):
            record = dict(zip(names, values, strict=True))
            key = (record["indicator_id"], record["org_unit_id"], record["period"])
            if key in keys:
                found[key] = _Stored(pk=record["pk"], version=record["version"], fields={name: record[name] for name in VERSIONED_FIELDS})
        return found

    @staticmethod
    def _fields(item: CheckedRow, old: Mapping[str, Any] | None) -> dict[str, Any]:
        """The versioned fields after the import: the file's figure; a blank comment keeps the
        stored note; source and method are data entry's and stay."""
        fields = dict(old) if old is not None else {name: "" for name in VERSIONED_FIELDS}
        fields.update(value=item.value, numerator=item.numerator, denominator=item.denominator, is_synthetic=False)
        if "is_outlier" in fields and old is None:
            fields["is_outlier"] = False
        if item.comment or old is None:
            fields["note"] = item.comment
        return fields

    def _refuse_locked(self, items: list[CheckedRow]) -> None:
        if not items:
            return
        locked = locked_value_keys(item.key for item in items)
        if not locked:
            return
        forms = _approved_forms(locked)
        for item in items:
            if item.key in locked:
                self.report.error(item.row, "", _(
                    "This value is in the approved submission of form %(form)s for this unit and period: ask the approver "
                    "to reopen the submission, then import again."
                ) % {"form": forms.get(item.key, "?")})

    def _create(self, items: list[CheckedRow]) -> None:
        if not items:
            return
        rows = []
        for item in items:
            fields = self._fields(item, None)
            rows.append(DataValue(
                indicator_id=item.indicator_id, org_unit_id=item.unit_id, period=item.period,
                period_start=item.period_start, period_end=item.period_end, version=1,
                recorded_by=self.user, recorded_at=self.now, **fields,
            ))
        DataValue.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        if any(row.pk is None for row in rows):  # databases that cannot return ids from a bulk insert
            ids = {
                (i, u, p): pk for pk, i, u, p in DataValue.objects.filter(
                    indicator_id__in={r.indicator_id for r in rows}, org_unit_id__in={r.org_unit_id for r in rows},
                    period__in={r.period for r in rows},
                ).values_list("pk", "indicator_id", "org_unit_id", "period")
            }
            for row in rows:
                row.pk = ids[(row.indicator_id, row.org_unit_id, row.period)]
        self._versions(rows)

    def _update(self, updates: list[tuple[CheckedRow, _Stored, dict[str, Any]]]) -> None:
        if not updates:
            return
        # Lock the rows and make sure nobody saved them since they were read.
        versions = dict(
            DataValue.objects.select_for_update().filter(pk__in=[current.pk for _i, current, _n in updates]).values_list("pk", "version")
        )
        rows = []
        for item, current, new in updates:
            if versions.get(current.pk) != current.version:
                self.report.error(item.row, "", _("Somebody changed this value while the file was being imported; import the file again."))
                continue
            rows.append(DataValue(
                pk=current.pk, indicator_id=item.indicator_id, org_unit_id=item.unit_id, period=item.period,
                period_start=item.period_start, period_end=item.period_end, version=current.version + 1,
                recorded_by=self.user, recorded_at=self.now, **new,
            ))
        if self.report.rejected:
            return
        DataValue.objects.bulk_update(
            rows, [*VERSIONED_FIELDS, "version", "recorded_by", "recorded_at"], batch_size=UPDATE_BATCH_SIZE,
        )
        self._versions(rows)

    def _versions(self, rows: list[DataValue]) -> None:
        DataValueVersion.objects.bulk_create(
            [
                DataValueVersion(
                    data_value_id=row.pk, reason=self.reason, indicator_id=row.indicator_id, org_unit_id=row.org_unit_id,
                    period=row.period, period_start=row.period_start, period_end=row.period_end, version=row.version,
                    recorded_by=self.user, recorded_at=self.now, **{name: getattr(row, name) for name in VERSIONED_FIELDS},
                )
                for row in rows
            ],
            batch_size=BATCH_SIZE,
        )


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new


def _approved_forms(keys: set[tuple[int, int, str]]) -> dict[tuple[int, int, str], str]:
    """The code of the approved form that locks each key (for the message)."""
    sample = list(keys)[:200]
    forms: dict[int, list[tuple[int, str]]] = {}
    for indicator_id, form_id, code in FormIndicator.objects.filter(
        indicator_id__in={key[0] for key in sample}
    ).values_list("indicator_id", "form_id", "form__code"):
        forms.setdefault(indicator_id, []).append((form_id, code))
    approved = set(Submission.objects.filter(
        status=SubmissionStatus.APPROVED, org_unit_id__in={key[1] for key in sample}, period__in={key[2] for key in sample},
    ).values_list("form_id", "org_unit_id", "period"))
    result = {}
    for key in sample:
        for form_id, code in forms.get(key[0], ()):
            if (form_id, key[1], key[2]) in approved:
                result[key] = code
                break
    return result


# --- a file --------------------------------------------------------------------------------


def values_import_file(
    *,
    path: Path,
    filename: str,
    user: Any,
    format: str | None = None,  # noqa: A002
    programme_code: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Inspect a stored file (size, real type, hostile content), read it with the right reader
    and import it. File faults come back as a rejected report with the error on row 0."""
    report = ImportReport(source=filename, format=format or "", dry_run=dry_run)
    try:
        inspected = file_inspect(Path(path), declared=format)
        report.format = inspected.format
        reader = READERS[inspected.format](Path(path))
        programme = None
        if programme_code:
            programme = Programme.objects.filter(code=programme_code).first()
            if programme is None:
                raise ImportFileError(_("Unknown programme code %(code)s.") % {"code": programme_code[:40]})
        form, form_period = _template_form(reader, programme)
    except ImportFileError as error:
        report.error(error.row, error.column, error.message)
        return report
    return values_import(
        rows=reader, user=user, source=filename, dry_run=dry_run, programme=programme, form=form,
        form_period=form_period, columns=reader.columns, decimal_comma=reader.decimal_comma,
        format=inspected.format, progress=progress,
    )


def _template_form(reader: Any, programme: Programme | None) -> tuple[ReportingForm | None, str | None]:
    """For an XLSX template: its form, refused when the form changed since it was made."""
    code = getattr(reader, "form_code", "")
    if not code:
        return None, None
    form = ReportingForm.objects.filter(code=code).select_related("programme").first()
    if form is None:
        raise ImportFileError(_("This template is for form %(form)s, which does not exist.") % {"form": code[:40]})
    revision = reader.form_revision
    if revision != form.revision:
        raise ImportFileError(_(
            "Wrong template version: this template is for revision %(old)s of form %(form)s, which is now at "
            "revision %(new)s. Download a new template and copy your figures into it."
        ) % {"old": revision if revision is not None else "?", "form": form.code, "new": form.revision})
    if programme is not None and form.programme_id != programme.pk:
        raise ImportFileError(_("This template is for form %(form)s of programme %(programme)s, not %(chosen)s.") % {
            "form": form.code, "programme": form.programme.code, "chosen": programme.code,
        })
    return form, reader.meta.get("period") or None
