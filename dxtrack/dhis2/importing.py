"""POST dataValueSets: a DHIS2 data value set → our one import service, all or nothing.

1. every entry's identifiers are resolved by the request's id schemes (and the body's): an
   unknown or ambiguous data element, org unit or combo is a conflict (E7610, E7612, E7613,
   E7615) naming the entry (`indexes`, first = 0);
2. `importStrategy` chooses the entries: CREATE_AND_UPDATE (default) all; CREATE only values
   not stored yet, UPDATE only stored ones (the others are counted `ignored`); DELETE (or an
   entry's `"deleted": true`) deletes through `reporting.services.value_delete`, keeping the
   history;
3. the values go, in DHIS2 JSON with our codes, through `reporting.imports.values_import`,
   which checks periods, units' existence, rights, types, approvals and repeats, and writes
   nothing unless everything passes. Its errors become conflicts with DHIS2's codes.

Unlike DHIS2, which imports the good entries of a set with conflicts, nothing is written when
there is any conflict (status ERROR, HTTP 409): dxtrack's rule for every import.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.dhis2.bodies import Body
from dxtrack.dhis2.idschemes import Identifiers
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator
from dxtrack.reporting.imports import Dhis2JsonReader, values_import
from dxtrack.reporting.imports.check import IMPORT_ROLES
from dxtrack.reporting.models import DataValue
from dxtrack.reporting.services import ValueLocked, value_delete

STRATEGIES = ("CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE", "NEW_AND_UPDATES", "NEW", "UPDATES", "DELETES")
_ALIASES = {"NEW_AND_UPDATES": "CREATE_AND_UPDATE", "NEW": "CREATE", "UPDATES": "UPDATE", "DELETES": "DELETE"}
# The import service's column (as Dhis2JsonReader names it) → DHIS2's error code and property.
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


@dataclass
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
    identifiers.prefetch(
        elements={str(entry.get("dataElement", body.defaults.get("dataElement", ""))).strip() for entry in body.entries},
        units={str(entry.get("orgUnit") or body.defaults.get("orgUnit", "")).strip() for entry in body.entries},
    )
    resolved = []
    for index, raw in enumerate(body.entries):
        entry = {**body.defaults, **{key: value for key, value in raw.items() if value not in (None, "")}}
        period = str(entry.get("period", "")).strip()
        element_text = str(entry.get("dataElement", "")).strip()
        unit_text = str(entry.get("orgUnit", "")).strip()
        elements = identifiers.element_in(element_text)
        units = identifiers.unit_in(unit_text, period)
        combo = identifiers.combo_in(str(entry.get("categoryOptionCombo", "")))
        attribute = identifiers.combo_in(str(entry.get("attributeOptionCombo", "")))
        problems = len(outcome.conflicts)
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
            outcome.conflict("E7613", "categoryOptionCombo", str(entry.get("categoryOptionCombo")), _(
                "Category option combo not found: “%(id)s”; dxtrack has the default and the numerator and "
                "denominator of a percentage."
            ) % {"id": entry.get("categoryOptionCombo")}, index)
        if attribute != "":
            outcome.conflict("E7615", "attributeOptionCombo", str(entry.get("attributeOptionCombo")), _(
                "Attribute option combo not found: “%(id)s”; dxtrack has only the default."
            ) % {"id": entry.get("attributeOptionCombo")}, index)
        if len(outcome.conflicts) > problems:
            continue
        try:
            key_period = parse_period(period).code
        except AnalyticsError:
            key_period = None
        resolved.append(_Resolved(
            index=index, indicator=elements[0], unit=units[0], period=period, key_period=key_period, combo=combo or "",
            value=entry.get("value"), comment=str(entry.get("comment", "")), delete=str(raw.get("deleted", "")).lower() in ("true", "1"),
        ))
    return resolved


def _stored_keys(items: list[_Resolved]) -> set[tuple[int, int, str]]:
    wanted = {_key(item) for item in items}
    rows = DataValue.objects.filter(
        indicator_id__in={key[0] for key in wanted}, org_unit_id__in={key[1] for key in wanted}, period__in={key[2] for key in wanted},
    ).values_list("indicator_id", "org_unit_id", "period")
    return {row for row in rows if row in wanted}


def _write(items: list[_Resolved], *, user: Any, dry_run: bool, outcome: Outcome) -> None:
    """Through the one import service, in DHIS2 JSON with our codes (its reader merges a
    percentage's parts into the value's row)."""
    with tempfile.TemporaryDirectory(prefix="dxtrack-dhis2-") as directory:
        path = Path(directory) / "dataValueSets.json"
        with path.open("w", encoding="utf-8") as out:
            out.write('{"dataValues":[')
            for position, item in enumerate(items):
                entry = {
                    "dataElement": item.indicator.code, "orgUnit": item.unit.code, "period": item.period,
                    "categoryOptionCombo": item.combo, "value": item.value, "comment": item.comment,
                }
                out.write(("," if position else "") + json.dumps(entry, ensure_ascii=False))
            out.write("]}")
        report = values_import(
            rows=Dhis2JsonReader(path), user=user, source="DHIS2 API dataValueSets", dry_run=dry_run,
            format="dhis2-json", columns=Dhis2JsonReader.columns,
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
