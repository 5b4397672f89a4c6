"""Checking one row against the database's codes, held in memory for the length of an import.

Codes are resolved through dictionaries filled once (indicators of the programme, every org
unit) or on first use (periods, unit × period, the form's reporting units), so that a million
rows cost a million dictionary look-ups and no query. The figure itself is checked by
`services.value_clean`, the same rules data entry and the API apply.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.models import Role
from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, PeriodType, Programme
from dxtrack.reporting.imports.cells import NotANumber, parse_number
from dxtrack.reporting.imports.rows import ImportFileError, ImportReport, ValueRow
from dxtrack.reporting.models import ReportingForm
from dxtrack.reporting.selectors import form_reporting_units, value_period_spans
from dxtrack.reporting.services import value_clean

IMPORT_ROLES = (Role.PROGRAMME_OFFICER, Role.REPORTER)
_PERIOD_TYPES = {choice.value: choice.label for choice in PeriodType}
SAMPLE_TRUE = {"true", "1", "yes", "có"}
SAMPLE_FALSE = {"", "false", "0", "no", "không"}


class CheckedRow(NamedTuple):
    """A row that passed every check that needs no stored value: ready to compare and write."""

    row: int
    indicator_id: int
    unit_id: int
    period: str
    period_start: date
    period_end: date
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    comment: str
    sample: bool | None = None  # None: the file does not say

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.indicator_id, self.unit_id, self.period)


class _Period(NamedTuple):
    """A parsed period with its properties computed once (a million rows share a few)."""

    code: str
    start: date
    end: date
    type: str


@dataclass(slots=True)
class _Indicator:
    model: Indicator
    local: int  # dense index, for the duplicate bitmaps


class RowChecker:
    """Holds the look-up tables of one import and checks rows against them."""

    def __init__(
        self, *, programme: Programme | None, form: ReportingForm | None, form_period: str | None,
        user: Any, columns: dict[str, str], decimal_comma: bool,
    ) -> None:
        self.form = form
        self.form_period = form_period
        self.columns = columns
        self.decimal_comma = decimal_comma
        self.today = timezone.localdate()
        self.programme: Programme | None = None
        self.indicators: dict[str, _Indicator] = {}
        self.form_indicator_ids: set[int] | None = None
        self.unknown_codes: set[str] = set()
        self.units: dict[str, list[tuple[int, date | None, date | None]]] = defaultdict(list)
        for pk, code, valid_from, valid_to in OrgUnit.objects.values_list("pk", "code", "valid_from", "valid_to").iterator(chunk_size=5000):
            self.units[code].append((pk, valid_from, valid_to))
        self.unit_for: dict[tuple[str, str], int | str] = {}
        self.spans: dict[tuple[str, str], list[tuple[date, date]]] = {}
        self.periods: dict[str, _Period | str] = {}
        self.period_local: dict[str, int] = {}
        self.form_units: dict[str, set[int]] = {}
        self.allowed_units = self._allowed_units(user)
        # Duplicates: per (unit, period) a bitmap of the indicators seen, a few bytes per pair.
        self.seen: dict[int, int] = {}
        # (index in report.errors, row, key, codes) of each duplicate, to name its first row later.
        self.duplicates: list[tuple[int, int, tuple[int, int, str], dict[str, str]]] = []
        if form is not None:
            programme = form.programme
            self.form_indicator_ids = set(form.form_indicators.values_list("indicator_id", flat=True))
        if programme is not None:
            self._use_programme(programme)

    # -- set-up -----------------------------------------------------------------------------

    @staticmethod
    def _allowed_units(user: Any) -> set[int] | None:
        """The units the user may import for; None: all (the command line, a superuser)."""
        if user is None or (user.is_authenticated and user.is_superuser):
            return None
        allowed = set(orgunit_list_for_user(user, roles=IMPORT_ROLES).values_list("pk", flat=True))
        if not allowed:
            raise ImportFileError(_("You may not import values: you are not a reporter or programme officer of any unit."))
        return allowed

    def _use_programme(self, programme: Programme) -> None:
        self.programme = programme
        for local, indicator in enumerate(Indicator.objects.filter(programme=programme).order_by("pk")):
            self.indicators[indicator.code] = _Indicator(indicator, local)

    def _infer_programme(self, code: str) -> None:
        if code in self.unknown_codes:
            return
        programmes = list(Programme.objects.filter(indicators__code=code).distinct().order_by("code")[:10])
        if len(programmes) > 1:
            raise ImportFileError(
                _("Indicator code %(code)s exists in several programmes (%(programmes)s): choose the programme of the file.")
                % {"code": code, "programmes": ", ".join(p.code for p in programmes)}
            )
        if programmes:
            self._use_programme(programmes[0])
        else:
            self.unknown_codes.add(code)

    # -- one row ----------------------------------------------------------------------------

    def check(self, row: ValueRow, report: ImportReport) -> CheckedRow | None:
        """The row made ready to write, or None after recording every fault found in it."""
        before = report.error_count
        column = self.columns
        for where, message in row.problems:
            report.error(row.row, where, message)
        indicator = self._indicator(row, report)
        period = self._period(row, report, indicator)
        unit_id = self._unit(row, report, period) if period is not None else None
        numbers = {}
        for name in ("value", "numerator", "denominator"):
            try:
                numbers[name] = parse_number(getattr(row, name), decimal_comma=self.decimal_comma)
            except NotANumber as error:
                report.error(row.row, column[name], str(error))
        if indicator is not None and len(numbers) == 3:
            model = indicator.model
            if not model.has_parts and (numbers["numerator"] is not None or numbers["denominator"] is not None):
                report.error(row.row, column["numerator"], _(
                    "Indicator %(code)s has no numerator and denominator: give the value only."
                ) % {"code": model.code})
            else:
                try:
                    clean = value_clean(indicator=model, **numbers)
                except ValidationError as invalid:
                    for name, messages in invalid.message_dict.items():
                        for message in messages:
                            report.error(row.row, column.get(name, name), message)
        sample = self._sample(row, report)
        if report.error_count > before or indicator is None or period is None or unit_id is None:
            return None
        if not self._remember(row, indicator, unit_id, period, report):
            return None
        return CheckedRow(
            row=row.row, indicator_id=indicator.model.pk, unit_id=unit_id, period=period.code,
            period_start=period.start, period_end=period.end, value=clean.value,
            numerator=clean.numerator, denominator=clean.denominator, comment=row.comment[:5000], sample=sample,
        )

    def _sample(self, row: ValueRow, report: ImportReport) -> bool | None:
        """The file's sample mark: true / false (or empty), as exports write it."""
        if row.sample is None:
            return None
        if isinstance(row.sample, bool):
            return row.sample
        text = str(row.sample).strip().lower()
        if text in SAMPLE_TRUE:
            return True
        if text in SAMPLE_FALSE:
            return False
        report.error(row.row, self.columns.get("sample", "sample"), _(
            "The sample column takes “true” for sample data or stays empty; “%(text)s” is neither."
        ) % {"text": str(row.sample)[:40]})
        return None

    def _indicator(self, row: ValueRow, report: ImportReport) -> _Indicator | None:
        code = row.indicator_code
        if not code:
            report.error(row.row, self.columns["indicator"], _("The indicator code is missing."))
            return None
        if self.programme is None:
            self._infer_programme(code)
        found = self.indicators.get(code)
        if found is None:
            if self.programme is None:
                report.error(row.row, self.columns["indicator"], _("Unknown indicator code %(code)s.") % {"code": code[:40]})
            else:
                report.error(row.row, self.columns["indicator"], _(
                    "Unknown indicator code %(code)s: programme %(programme)s has no such indicator."
                ) % {"code": code[:40], "programme": self.programme.code})
            return None
        if self.form_indicator_ids is not None and found.model.pk not in self.form_indicator_ids:
            report.error(row.row, self.columns["indicator"], _(
                "Indicator %(code)s is not on form %(form)s."
            ) % {"code": code, "form": self.form.code})
            return None
        return found

    def _period(self, row: ValueRow, report: ImportReport, indicator: _Indicator | None) -> _Period | None:
        text = row.period
        column = self.columns["period"]
        if not text:
            report.error(row.row, column, _("The period is missing."))
            return None
        period = self.periods.get(text)
        if period is None:
            try:
                parsed = parse_period(text)
            except AnalyticsError:
                period = _("“%(period)s” is not a period: use 2024, 2024S1, 2024Q3, 2024-05 or 202405.") % {"period": text[:20]}
            else:
                if parsed.start > self.today:
                    period = _("Period %(period)s has not begun yet.") % {"period": parsed.code}
                else:
                    period = _Period(parsed.code, parsed.start, parsed.end, parsed.type.value)
            self.periods[text] = period
        if isinstance(period, str):
            report.error(row.row, column, period)
            return None
        if self.form is not None:
            if period.type != self.form.period_type:
                report.error(row.row, column, _(
                    "Period %(period)s is outside form %(form)s, which is reported by %(expected)s."
                ) % {"period": period.code, "form": self.form.code, "expected": _PERIOD_TYPES[self.form.period_type]})
                return None
            if self.form_period and period.code != self.form_period:
                report.error(row.row, column, _(
                    "Period %(period)s is outside this template, which is for %(expected)s."
                ) % {"period": period.code, "expected": self.form_period})
                return None
        if indicator is not None and period.type != indicator.model.period_type:
            model = indicator.model
            report.error(row.row, column, _(
                "Indicator %(code)s is reported by %(expected)s; %(period)s is not such a period."
            ) % {"code": model.code, "expected": model.get_period_type_display(), "period": period.code})
            return None
        return period

    def _unit(self, row: ValueRow, report: ImportReport, period: _Period) -> int | None:
        code = row.unit_code
        column = self.columns["org_unit"]
        if not code:
            report.error(row.row, column, _("The unit code is missing."))
            return None
        found = self.unit_for.get((code, period.code))
        if found is None:
            found = self._resolve_unit(code, period)
            self.unit_for[(code, period.code)] = found
        if isinstance(found, str):
            report.error(row.row, column, found)
            return None
        if self.allowed_units is not None and found not in self.allowed_units:
            report.error(row.row, column, _("You may not import values for unit %(code)s.") % {"code": code})
            return None
        if self.form is not None:
            units = self.form_units.get(period.code)
            if units is None:
                units = self.form_units[period.code] = set(form_reporting_units(self.form, period.code).values_list("pk", flat=True))
            if found not in units:
                report.error(row.row, column, _(
                    "Unit %(code)s does not report form %(form)s for %(period)s."
                ) % {"code": code, "form": self.form.code, "period": period.code})
                return None
        return found

    def _spans(self, period: _Period) -> list[tuple[date, date]]:
        """The days the period may stand for: calendar dates, and the programme's (or the
        form's) statutory ones (`value_period_spans`, the rule `value_record` applies)."""
        if self.programme is None:
            return [(period.start, period.end)]
        key = ("spans", period.code)
        if key not in self.spans:
            self.spans[key] = value_period_spans(parse_period(period.code), programme=self.programme, form=self.form)
        return self.spans[key]

    def _resolve_unit(self, code: str, period: _Period) -> int | str:
        """The unit with this code that existed at the end of the period, else during it (in
        any calendar the programme reads the period in)."""
        candidates = self.units.get(code)
        if not candidates:
            return _("Unknown unit code %(code)s.") % {"code": code[:40]}
        spans = self._spans(period)

        def exists_on(unit: tuple[int, date | None, date | None], day: date) -> bool:
            return (unit[1] is None or unit[1] <= day) and (unit[2] is None or day <= unit[2])

        def latest(units: list[tuple[int, date | None, date | None]]) -> int:
            return max(units, key=lambda unit: unit[1] or date.min)[0]

        at_end = [unit for unit in candidates if any(exists_on(unit, end) for _start, end in spans)]
        if at_end:
            return latest(at_end)
        during = [
            unit for unit in candidates
            if any((unit[1] is None or unit[1] <= end) and (unit[2] is None or start <= unit[2]) for start, end in spans)
        ]
        if during:
            return latest(during)
        spans_text = "; ".join(f"{unit[1] or '…'} – {unit[2] or '…'}" for unit in candidates)
        return _("Unit %(code)s did not exist in %(period)s (it existed %(spans)s).") % {
            "code": code, "period": period.code, "spans": spans_text,
        }

    def _remember(self, row: ValueRow, indicator: _Indicator, unit_id: int, period: _Period, report: ImportReport) -> bool:
        """False (and an error) when an earlier row gave the same indicator, unit and period."""
        local = self.period_local.setdefault(period.code, len(self.period_local))
        group = (unit_id << 24) | local
        bit = 1 << indicator.local
        seen = self.seen.get(group, 0)
        if seen & bit:
            index = len(report.errors)
            codes = {"indicator": row.indicator_code, "unit": row.unit_code, "period": period.code}
            report.error(row.row, self.columns["indicator"], _(
                "Row %(row)d repeats an earlier row: indicator %(indicator)s, unit %(unit)s, period %(period)s."
            ) % {"row": row.row, **codes})
            if index < len(report.errors) and len(self.duplicates) < 1000:
                self.duplicates.append((index, row.row, (indicator.model.pk, unit_id, period.code), codes))
            return False
        self.seen[group] = seen | bit
        return True

    def key_of(self, row: ValueRow) -> tuple[int, int, str] | None:
        """The natural key of a row seen before (to find the first of two duplicated rows)."""
        indicator = self.indicators.get(row.indicator_code)
        period = self.periods.get(row.period)
        if indicator is None or not isinstance(period, _Period):
            return None
        unit = self.unit_for.get((row.unit_code, period.code))
        return None if unit is None or isinstance(unit, str) else (indicator.model.pk, unit, period.code)
