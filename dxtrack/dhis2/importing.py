"""POST dataValueSets: a DHIS2 data value set → our one import service, all or nothing.

1. every entry's identifiers are resolved by the request's id schemes (and the body's): an
   unknown or ambiguous data element, org unit or combo is a conflict (E7610, E7612, E7613,
   E7615) naming the entry (`indexes`, first = 0);
2. `importStrategy` chooses the entries: CREATE_AND_UPDATE (default) all; CREATE only values
   not stored yet, UPDATE only stored ones (the others are counted `ignored`); DELETE (or an
   entry's `"deleted": true`) deletes through `reporting.services.value_delete`, keeping the
   history;
3. the values go, as rows with our codes (a value and its parts merged), through
   `reporting.imports.values_import`, which checks periods, units' existence, rights, types, approvals and repeats, and writes
   nothing unless everything passes. Its errors become conflicts with DHIS2's codes.

Unlike DHIS2, which imports the good entries of a set with conflicts, nothing is written when
there is any conflict (status ERROR, HTTP 409): dxtrack's rule for every import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.audit.models import Outcome as AuditOutcome
from dxtrack.audit.services import audit_record
from dxtrack.dhis2.bodies import Body
from dxtrack.dhis2.idschemes import Identifiers
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator
from dxtrack.reporting.imports import ValueRow, values_import
from dxtrack.reporting.imports.check import IMPORT_ROLES
from dxtrack.reporting.models import DataValue
from dxtrack.reporting.services import ValueLocked, value_delete

STRATEGIES = ("CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE", "NEW_AND_UPDATES", "NEW", "UPDATES", "DELETES")
_ALIASES = {"NEW_AND_UPDATES": "CREATE_AND_UPDATE", "NEW": "CREATE", "UPDATES": "UPDATE", "DELETES": "DELETE"}
# The import service's names of our columns (DHIS2's), and its column of an error → DHIS2's code and property.
COLUMNS = {
    "indicator": "dataElement", "org_unit": "orgUnit", "period": "period", "value": "value",
    "numerator": "value (numerator)", "denominator": "value (denominator)", "comment": "comment",
}
_CODES = {
    "dataElement": ("E7610", "dataElement"), "orgUnit": ("E7612", "orgUnit"), "period": ("E7611", "period"),
    "value": ("E7619", "value"), "value (numerator)": ("E7619", "value"), "value (denominator)": ("E7619", "value"),
    "comment": ("E7620", "comment"), "categoryOptionCombo": ("E7613", "categoryOptionCombo"),
    "attributeOptionCombo": ("E7615", "attributeOptionCombo"), "deleted": ("E7619", "deleted"),
}


def strategy_of(text: str) -> str | None:
    text = (text or "CREATE_AND_UPDATE").strip().upper()
    return _ALIASES.get(text, text) if text in STRATEGIES else None


@dataclass
class Outcome:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def conflict(self, code: str, prop: str, identifier: str, message: str, index: int | None) -> None:
        self.conflicts.append({
            "object": identifier, "objects": {prop: identifier}, "property": prop, "value": message,
            "errorCode": code, "indexes": [index] if index is not None else [],
        })


@dataclass(slots=True)
class _Resolved:
    index: int
    indicator: Indicator
    unit: OrgUnit
    period: str  # as given (the import service checks it)
    key_period: str | None  # our period code, None when it is no period
    combo: str  # "" the value, "numerator" / "denominator" a part
    value: Any
    comment: str
    delete: bool


def import_set(*, body: Body, identifiers: Identifiers, user: Any, strategy: str, dry_run: bool) -> Outcome:
    outcome = Outcome()
    resolved = _resolve(body, identifiers, outcome)
    if outcome.conflicts:
        outcome.ignored = len(body.entries)
        return outcome
    deletes = [item for item in resolved if item.delete or strategy == "DELETE"]
    writes = [item for item in resolved if not (item.delete or strategy == "DELETE")]
    if strategy in ("CREATE", "UPDATE") and writes:
        stored = _stored_keys(writes)
        keep = [item for item in writes if (_key(item) in stored) == (strategy == "UPDATE")]
        outcome.ignored += len({_key(item) for item in writes}) - len({_key(item) for item in keep})
        writes = keep
    with transaction.atomic():
        if writes:
            _write(writes, user=user, dry_run=dry_run, outcome=outcome)
        if deletes and not outcome.conflicts:
            _delete(deletes, user=user, dry_run=dry_run, outcome=outcome)
        if outcome.conflicts:
            transaction.set_rollback(True)
    if outcome.conflicts:
        outcome.ignored = len(body.entries)
        outcome.imported = outcome.updated = outcome.deleted = 0
    return outcome


def _key(item: _Resolved) -> tuple[int, int, str]:
    return (item.indicator.pk, item.unit.pk, item.key_period or item.period)


def _resolve(body: Body, identifiers: Identifiers, outcome: Outcome) -> list[_Resolved]:
    defaults = body.defaults

    def field(raw: dict[str, Any], name: str) -> str:
        found = raw.get(name)
        return (found if found not in (None, "") else defaults.get(name, "")).strip()

    identifiers.prefetch(
        elements={field(raw, "dataElement") for raw in body.entries}, units={field(raw, "orgUnit") for raw in body.entries},
    )
    periods: dict[str, str | None] = {}
    resolved = []
    for index, raw in enumerate(body.entries):
        period, element_text, unit_text = field(raw, "period"), field(raw, "dataElement"), field(raw, "orgUnit")
        elements = identifiers.element_in(element_text)
        units = identifiers.unit_in(unit_text, period)
        combo = identifiers.combo_in(field(raw, "categoryOptionCombo"))
        attribute = identifiers.combo_in(field(raw, "attributeOptionCombo"))
        if len(elements) != 1 or len(units) != 1 or combo is None or attribute != "":
            _conflicts(outcome, index, raw, element_text, elements, unit_text, units, combo, attribute)
            continue
        if period not in periods:
            try:
                periods[period] = parse_period(period).code
            except AnalyticsError:
                periods[period] = None
        value = raw.get("value")
        if isinstance(value, str) and value.lower() in ("true", "false"):  # a BOOLEAN data element's values
            value = "1" if value.lower() == "true" else "0"
        resolved.append(_Resolved(
            index=index, indicator=elements[0], unit=units[0], period=period, key_period=periods[period], combo=combo,
            value=value, comment=str(raw.get("comment") or ""), delete=str(raw.get("deleted", "")).lower() in ("true", "1"),
        ))
    return resolved


def _conflicts(outcome: Outcome, index: int, raw: dict[str, Any], element_text: str, elements: list[Any], unit_text: str,
               units: list[Any], combo: str | None, attribute: str | None) -> None:
    if len(elements) != 1:
        message = _("Data element not found or not accessible: “%(id)s”.") if not elements else _(
            "Data element “%(id)s” names more than one indicator: use its UID."
        )
        outcome.conflict("E7610", "dataElement", element_text, message % {"id": element_text}, index)
    if len(units) != 1:
        message = _("Organisation unit not found or not accessible: “%(id)s”.") if not units else _(
            "Organisation unit “%(id)s” names more than one unit: use its UID."
        )
        outcome.conflict("E7612", "orgUnit", unit_text, message % {"id": unit_text}, index)
    if combo is None:
        outcome.conflict("E7613", "categoryOptionCombo", str(raw.get("categoryOptionCombo")), _(
            "Category option combo not found: “%(id)s”; dxtrack has the default and the numerator and "
            "denominator of a percentage."
        ) % {"id": raw.get("categoryOptionCombo")}, index)
    if attribute != "":
        outcome.conflict("E7615", "attributeOptionCombo", str(raw.get("attributeOptionCombo")), _(
            "Attribute option combo not found: “%(id)s”; dxtrack has only the default."
        ) % {"id": raw.get("attributeOptionCombo")}, index)


def _stored_keys(items: list[_Resolved]) -> set[tuple[int, int, str]]:
    wanted = {_key(item) for item in items}
    rows = DataValue.objects.filter(
        indicator_id__in={key[0] for key in wanted}, org_unit_id__in={key[1] for key in wanted}, period__in={key[2] for key in wanted},
    ).values_list("indicator_id", "org_unit_id", "period")
    return {row for row in rows if row in wanted}


def _value_rows(items: list[_Resolved]) -> list[ValueRow]:
    """The import service's rows: a value and its parts (adjacent entries of one key, as DHIS2
    clients and our export send them) become one row; `row` is the first entry's position."""
    rows: list[ValueRow] = []
    pending: dict[str, Any] | None = None

    def emit(group: dict[str, Any]) -> ValueRow:
        item = group["item"]
        return ValueRow(
            row=group["row"], indicator_code=item.indicator.code, unit_code=item.unit.code, period=item.period,
            value=group.get("value"), numerator=group.get("numerator"), denominator=group.get("denominator"),
            comment=group["comment"],
        )

    for position, item in enumerate(items, start=1):
        role = item.combo or "value"
        key = _key(item)
        if pending is not None and pending["key"] == key and role not in pending:
            pending[role] = item.value
            pending["comment"] = pending["comment"] or item.comment
            continue
        if pending is not None:
            rows.append(emit(pending))
        pending = {"key": key, "row": position, "item": item, role: item.value, "comment": item.comment}
    if pending is not None:
        rows.append(emit(pending))
    return rows


def _write(items: list[_Resolved], *, user: Any, dry_run: bool, outcome: Outcome) -> None:
    """Through the one import service (which checks each row and writes in batches)."""
    report = values_import(
        rows=_value_rows(items), user=user, source="DHIS2 API dataValueSets", dry_run=dry_run,
        format="dhis2-json", columns=COLUMNS,
    )
    for error in report.errors:
        item = items[error.row - 1] if 0 < error.row <= len(items) else None
        code, prop = _CODES.get(error.column, ("E7633" if item is not None else "E7600", error.column or "dataValue"))
        identifier = {"dataElement": item.indicator.code, "orgUnit": item.unit.code, "period": item.period}.get(prop, "") if item else ""
        outcome.conflict(code, prop, identifier, error.message, item.index if item else None)
    outcome.imported += report.created
    outcome.updated += report.updated
    outcome.ignored += report.unchanged


def _delete(items: list[_Resolved], *, user: Any, dry_run: bool, outcome: Outcome) -> None:
    allowed = set(orgunit_list_for_user(user, roles=IMPORT_ROLES).values_list("pk", flat=True)) if not user.is_superuser else None
    seen = set()
    for item in items:
        key = _key(item)
        if key in seen:  # a part's row names the same value again
            continue
        seen.add(key)
        if allowed is not None and item.unit.pk not in allowed:
            outcome.conflict("E7617", "orgUnit", item.unit.code, _(
                "You may not delete values of %(unit)s: only its reporters and programme officers may."
            ) % {"unit": item.unit}, item.index)
            continue
        if item.key_period is None:
            outcome.conflict("E7611", "period", item.period, _("Period not valid: “%(period)s”.") % {"period": item.period}, item.index)
            continue
        try:
            with transaction.atomic():
                deleted = value_delete(
                    indicator=item.indicator, org_unit=item.unit, period=item.key_period, deleted_by=user,
                    reason="deleted through the DHIS2 API (dataValueSets)",
                )
                if dry_run:
                    transaction.set_rollback(True)
        except ValueLocked as locked:
            outcome.conflict("E7633", "dataValue", item.indicator.code, str(locked), item.index)
            continue
        if deleted is None:
            outcome.ignored += 1
        else:
            outcome.deleted += 1


def summary(outcome: Outcome, *, strategy: str, dry_run: bool, schemes: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """(HTTP status, DHIS2 WebMessage with the ImportSummary)."""
    from dxtrack.dhis2.webmessage import web_message_body

    count = {"imported": outcome.imported, "updated": outcome.updated, "ignored": outcome.ignored, "deleted": outcome.deleted}
    options = {
        "idSchemes": {f"{name}IdScheme": scheme for name, scheme in schemes.items()},
        "dryRun": dry_run, "async": False, "importStrategy": strategy,
    }
    if outcome.conflicts:
        status, message = 409, _("One or more conflicts were found: nothing was imported. Correct them and send the whole set again.")
        description = _("Import rejected: %(count)d conflict(s).") % {"count": len(outcome.conflicts)}
        state = "ERROR"
    else:
        status, state = 200, "SUCCESS"
        message = _("Dry run: nothing was written; the counts say what an import would do.") if dry_run else _("Import was successful.")
        description = _("Import process completed successfully")
    response = {
        "responseType": "ImportSummary", "status": state, "importOptions": options, "description": description,
        "importCount": count, "conflicts": outcome.conflicts, "dataSetComplete": "false",
    }
    return status, web_message_body(status, message, status="OK" if status == 200 else "ERROR", response=response)


def import_recorded(
    *, body: Body, schemes: dict[str, str], user: Any, strategy: str, dry_run: bool, kind: str, request: Any = None,
) -> tuple[int, dict[str, Any]]:
    """Import the set, record it in the audit log (unless a dry run), and answer (status, WebMessage)."""
    outcome = import_set(body=body, identifiers=Identifiers(schemes), user=user, strategy=strategy, dry_run=dry_run)
    if not dry_run:
        audit_record(
            actor=user, action="values.import", outcome=AuditOutcome.FAILED if outcome.conflicts else AuditOutcome.SUCCESS,
            request=request, details={
                "source": "api", "api": "dhis2", "format": f"dhis2-{kind}", "rows": len(body.entries),
                "strategy": strategy, "created": outcome.imported, "updated": outcome.updated,
                "deleted": outcome.deleted, "ignored": outcome.ignored, "conflicts": len(outcome.conflicts),
            },
        )
    return summary(outcome, strategy=strategy, dry_run=dry_run, schemes=schemes)
