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
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.figures.services import cells_refresh
from dxtrack.programmes.models import Programme
from dxtrack.reporting.imports.bulk import BatchWriter
from dxtrack.reporting.imports.check import CheckedRow, RowChecker
from dxtrack.reporting.imports.files import file_inspect
from dxtrack.reporting.imports.readers import CsvReader, Dhis2CsvReader, Dhis2JsonReader
from dxtrack.reporting.imports.rows import ImportFileError, ImportReport, RowError, ValueRow
from dxtrack.reporting.imports.xlsx import XlsxReader
from dxtrack.reporting.locks import locked_value_keys
from dxtrack.reporting.models import (
    DataValue,
    FormIndicator,
    ReportingForm,
    Submission,
    SubmissionStatus,
)
from dxtrack.reporting.services import VERSIONED_FIELDS

logger = logging.getLogger(__name__)

BATCH_SIZE = 5_000
DEFAULT_COLUMNS = {name: name for name in ("indicator", "org_unit", "period", "value", "numerator", "denominator", "comment")}
READERS = {"csv": CsvReader, "dhis2-csv": Dhis2CsvReader, "dhis2-json": Dhis2JsonReader, "xlsx": XlsxReader}
# Postgres advisory lock class for imports: two imports of one programme run one after the other.
_LOCK_CLASS = 0x0D47


class ImportAborted(Exception):
    """Raised inside the transaction to roll it back; never leaves this module."""


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
            try:
                checker = RowChecker(
                    programme=programme, form=form, form_period=form_period, user=user,
                    columns={**DEFAULT_COLUMNS, **(columns or {})}, decimal_comma=decimal_comma,
                )
                _run(rows=rows, checker=checker, writer=writer, report=report, progress=progress)
            except BaseException:
                writer.close(quiet=True)
                raise
            writer.close()
            if report.rejected or dry_run:
                raise ImportAborted
            # The stored figures of every written key, once per import (all batches are in).
            cells_refresh(writer.written)
    except ImportAborted:
        pass
    except ImportFileError as error:
        report.error(error.row, error.column, error.message)
    except DatabaseError:
        logger.exception("import of %s failed in the database", source)
        report.error(0, "", _(
            "The database refused the import, perhaps because the same values were changed meanwhile; "
            "nothing was imported. Import the file again."
        ))
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
                    writer.flush(batch, programme=checker.programme)
                    batch = []
            if progress is not None and report.rows % BATCH_SIZE == 0:
                progress(report.rows)
        if batch:
            writer.flush(batch, programme=checker.programme)
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
        self.user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
        self.reason = f"import {source}"[:500]
        self.dry_run = dry_run
        self.report = report
        self.now: datetime = timezone.now()
        self.position = {name: index for index, name in enumerate(VERSIONED_FIELDS)}
        self.defaults = {
            field.attname: field.get_default() for field in DataValue._meta.concrete_fields if field.attname != "id"
        }
        self.stored_periods: set[str] | None = None
        self.locked_periods: set[str] = set()
        self.batches: BatchWriter | None = None
        self.written: set[tuple[int, int, str]] = set()  # keys created or changed
        if not dry_run:
            self.batches = BatchWriter(
                reason=self.reason, recorded_by_id=self.user_id, recorded_at=self.now,
                update_fields=[*VERSIONED_FIELDS, "version"],
            )

    def close(self, *, quiet: bool = False) -> None:
        if self.batches is not None:
            batches, self.batches = self.batches, None
            batches.close(quiet=quiet)

    def flush(self, batch: list[CheckedRow], *, programme: Programme | None) -> None:
        if self.stored_periods is None:
            self._survey(programme)
        stored = self._stored(batch)
        creates: list[CheckedRow] = []
        updates: list[tuple[CheckedRow, int, int, list[Any]]] = []  # (row, id, version read, new fields)
        at = self.position
        value, numerator, denominator, note, synthetic = (
            at["value"], at["numerator"], at["denominator"], at["note"], at["is_synthetic"],
        )
        for item in batch:
            current = stored.get(item.key)
            if current is None:
                creates.append(item)
                continue
            old = current[2:]
            new = list(old)
            new[value], new[numerator], new[denominator] = item.value, item.numerator, item.denominator
            # A blank comment keeps the stored note, and so does the same note with other line
            # ends (XLSX turns the CR LF of a browser's textarea into LF).
            if item.comment and _lines(item.comment) != _lines(old[note]):
                new[note] = item.comment
            # The file's sample mark when it has one; else a changed value is real data and an
            # unchanged one keeps its mark (so an export imports back as "unchanged").
            if item.sample is not None:
                new[synthetic] = item.sample
            elif new != old:
                new[synthetic] = False
            if new == old:  # Decimals compare by value: 12.000000 == 12
                self.report.unchanged += 1
            else:
                updates.append((item, current[0], current[1], new))
        self._refuse_locked([*creates, *(update[0] for update in updates)])
        self.report.created += len(creates)
        self.report.updated += len(updates)
        if self.batches is None or self.report.rejected:
            return
        self._create(creates)
        self._update(updates)
        self.written.update(item.key for item in creates)
        self.written.update(update[0].key for update in updates)

    def _survey(self, programme: Programme | None) -> None:
        """Which periods hold stored values or approved submissions of the programme now.

        A batch of other periods needs neither the query of stored values nor the lock check:
        a first import of a period (a million new values) then costs no read at all. Keys
        written earlier by this import are never met again (a repeat is an error).
        """
        values = DataValue.objects.all()
        if programme is not None:
            values = values.filter(indicator__programme=programme)
        self.stored_periods = set(values.values_list("period", flat=True).distinct())
        # Any form may hold the programme's indicators: approvals of every form count.
        approved = Submission.objects.filter(status=SubmissionStatus.APPROVED)
        self.locked_periods = set(approved.values_list("period", flat=True).distinct())

    def _stored(self, batch: list[CheckedRow]) -> dict[tuple[int, int, str], list[Any]]:
        """{key: [id, version, *VERSIONED_FIELDS]} of the batch's stored values, one query."""
        if not any(item.period in self.stored_periods for item in batch):
            return {}
        keys = {item.key for item in batch}
        names = ("indicator_id", "org_unit_id", "period", "id", "version", *VERSIONED_FIELDS)
        if connection.vendor == "postgresql":
            rows = _pg_stored(keys, names)
        else:
            rows = DataValue.objects.filter(
                indicator_id__in={key[0] for key in keys},
                org_unit_id__in={key[1] for key in keys},
                period__in={key[2] for key in keys},
            ).values_list(*names)
        found = {}
        for row in rows:
            key = (row[0], row[1], row[2])
            if key in keys:
                found[key] = list(row[3:])
        return found

    def _refuse_locked(self, items: list[CheckedRow]) -> None:
        if not items or not any(item.period in self.locked_periods for item in items):
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
            row = dict(self.defaults)
            row.update(
                indicator_id=item.indicator_id, org_unit_id=item.unit_id, period=item.period,
                period_start=item.period_start, period_end=item.period_end, value=item.value,
                numerator=item.numerator, denominator=item.denominator, note=item.comment, version=1,
                recorded_by_id=self.user_id, recorded_at=self.now, is_synthetic=bool(item.sample),
            )
            rows.append(row)
        self.batches.create(rows)

    def _update(self, updates: list[tuple[CheckedRow, int, int, list[Any]]]) -> None:
        if not updates:
            return
        # Lock the rows and make sure nobody saved them since they were read.
        versions = dict(
            DataValue.objects.select_for_update().filter(pk__in=[update[1] for update in updates]).values_list("pk", "version")
        )
        rows = []
        for item, pk, version, new in updates:
            if versions.get(pk) != version:
                self.report.error(item.row, "", _("Somebody changed this value while the file was being imported; import the file again."))
                continue
            rows.append({"id": pk, "version": version + 1, **dict(zip(VERSIONED_FIELDS, new, strict=True))})
        if self.report.rejected:
            return
        self.batches.update(rows)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _pg_stored(keys: set[tuple[int, int, str]], names: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The stored rows of exactly these keys: a join on the unique index, where three IN lists
    would make PostgreSQL scan every combination of their members."""
    table = connection.ops.quote_name(DataValue._meta.db_table)
    columns = ", ".join(f"v.{connection.ops.quote_name(DataValue._meta.get_field(name).column)}" for name in names)
    indicators, units, periods = zip(*keys, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table} AS v "  # noqa: S608 - names from the model
            "JOIN unnest(%s::bigint[], %s::bigint[], %s::text[]) AS k(i, u, p) "
            "ON v.indicator_id = k.i AND v.org_unit_id = k.u AND v.period = k.p",
            [list(indicators), list(units), list(periods)],
        )
        return cursor.fetchall()


FORM_LOOKUP_CHUNK = 500


def _approved_forms(keys: set[tuple[int, int, str]]) -> dict[tuple[int, int, str], str]:
    """The code of the approved form that locks each key (for the message), for every key:
    a chunk of keys per query, so that a large refused file names the form on every row."""
    forms: dict[int, list[tuple[int, str]]] = {}
    for indicator_id, form_id, code in FormIndicator.objects.filter(
        indicator_id__in={key[0] for key in keys}
    ).values_list("indicator_id", "form_id", "form__code"):
        forms.setdefault(indicator_id, []).append((form_id, code))
    ordered = sorted(keys)
    result = {}
    for start in range(0, len(ordered), FORM_LOOKUP_CHUNK):
        chunk = ordered[start:start + FORM_LOOKUP_CHUNK]
        approved = set(Submission.objects.filter(
            status=SubmissionStatus.APPROVED, org_unit_id__in={key[1] for key in chunk}, period__in={key[2] for key in chunk},
        ).values_list("form_id", "org_unit_id", "period"))
        for key in chunk:
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
