"""GET dataValueSets: DHIS2's export parameters → the values the user may read, streamed as
DHIS2 JSON, CSV or XML.

Parameters (DHIS2 2.40 "Reading data values"): `dataSet`, `dataElement`, `period`,
`startDate` / `endDate`, `orgUnit`, `children`, `orgUnitGroup`, `lastUpdated`,
`lastUpdatedDuration`, `includeDeleted` (deleted values too: `"deleted": true`, no figure),
`attributeOptionCombo` (the default only), the output id schemes and the input ones
(`inputIdScheme`, …). As DHIS2, a request
must name what (data sets or elements), when (periods, dates or lastUpdated) and where (units
or a group): otherwise 409 with DHIS2's error code (E2001, E2002, E2006 …). Any other
parameter is a 400: nothing is silently ignored.

Every row carries the default `categoryOptionCombo` and `attributeOptionCombo`, `storedBy`,
`created` (the first version), `lastUpdated`, `comment`, `followup` (our outlier flag). A
percentage's parts follow it as two rows of the `numerator` / `denominator` combos.
Rows are read from the database in chunks and written as they come: memory stays flat.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from xml.sax.saxutils import quoteattr

from django.db import connection
from django.db.models import CharField, F, Func, Q, QuerySet, Value
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.audit.services import audit_record
from dxtrack.dhis2.idschemes import PARAMETERS as SCHEME_PARAMETERS
from dxtrack.dhis2.idschemes import Identifiers, request_schemes
from dxtrack.dhis2.webmessage import Dhis2Error
from dxtrack.orgunits.models import OrgUnit, OrgUnitGroup
from dxtrack.programmes.models import Indicator
from dxtrack.reporting.exports import number
from dxtrack.reporting.imports.cells import neutralise
from dxtrack.reporting.models import DataValue, DataValueVersion, FormIndicator
from dxtrack.reporting.selectors import (
    deleted_value_list_for_user,
    form_get_for_user,
    value_list_for_user,
)

PARAMETERS = {
    "dataSet", "dataElement", "period", "startDate", "endDate", "orgUnit", "children", "orgUnitGroup",
    "lastUpdated", "lastUpdatedDuration", "includeDeleted", "attributeOptionCombo", *SCHEME_PARAMETERS,
}
CSV_COLUMNS = (
    "dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value", "storedby",
    "lastupdated", "comment", "followup", "deleted",
)
CHUNK = 5_000
_DURATION = re.compile(r"^(\d{1,9})([smhdw])$")
_DURATION_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_ZERO = timedelta(0)
# dhis2_timestamp in PostgreSQL (Django's connections are in UTC).
PG_TIMESTAMP = 'YYYY-MM-DD"T"HH24:MI:SS.MS"+0000"'


def dhis2_timestamp(moment: datetime) -> str:
    """DHIS2's timestamp: 2024-05-01T08:30:00.000+0000 (milliseconds, numeric UTC offset)."""
    if moment.utcoffset() != _ZERO:
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="milliseconds")[:-6] + "+0000"


def _conflict(code: str, message: str) -> Dhis2Error:
    return Dhis2Error(409, message, error_code=code)


def _flag(request: HttpRequest, name: str) -> bool:
    text = request.GET.get(name, "false").strip().lower()
    if text not in ("true", "false"):
        raise Dhis2Error(400, _("%(name)s must be true or false, not “%(value)s”.") % {"name": name, "value": text[:40]})
    return text == "true"


def _date(request: HttpRequest, name: str) -> date | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    found = parse_date(text)
    if found is None:
        raise Dhis2Error(400, _("%(name)s must be a date such as 2024-12-31, not “%(value)s”.") % {"name": name, "value": text[:40]})
    return found


def _moment(request: HttpRequest, name: str) -> datetime | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    found = parse_datetime(text.replace(" ", "T")) if "T" in text or " " in text else None
    if found is None:
        day = parse_date(text)
        found = datetime(day.year, day.month, day.day) if day else None
    if found is None:
        raise Dhis2Error(400, _("%(name)s must be a date or a time such as 2024-12-31T08:00:00, not “%(value)s”.") % {
            "name": name, "value": text[:40],
        })
    return timezone.make_aware(found) if timezone.is_naive(found) else found


@dataclass
class Export:
    values: QuerySet[DataValue]
    deleted: QuerySet[DataValueVersion] | None  # with includeDeleted=true
    identifiers: Identifiers
    elements: dict[int, str]
    units: dict[int, str]


def export_prepare(request: HttpRequest) -> Export:
    """Check every parameter and build the query; Dhis2Error says what is wrong."""
    unknown = sorted(set(request.GET) - PARAMETERS)
    if unknown:
        raise Dhis2Error(400, _("Parameter %(names)s is not supported by dataValueSets; docs/dhis2.md lists those that are.") % {
            "names": ", ".join(unknown),
        })
    user = request.user
    inputs = Identifiers(request_schemes(request.GET, prefix="input"))
    outputs = Identifiers(request_schemes(request.GET))
    include_deleted = _flag(request, "includeDeleted")
    combo = request.GET.get("attributeOptionCombo", "").strip()
    if combo and outputs.combo_in(combo) != "":
        raise _conflict("E2016", _("Attribute option combo %(combo)s does not exist: dxtrack has only the default.") % {"combo": combo[:40]})

    # Rights first: a unit the user may not read is a 403 whatever else is wrong (as on /api/v1/).
    children = _flag(request, "children")
    units: list[OrgUnit] = []
    readable = orgunit_list_for_user(user)
    for text in request.GET.getlist("orgUnit"):
        found = inputs.unit_in(text, "")
        if not found:
            raise _conflict("E2006", _("Organisation unit %(id)s does not exist.") % {"id": text[:40]})
        may = [unit for unit in found if readable.filter(pk=unit.pk).exists() or (
            children and readable.filter(path__startswith=f"{unit.path}{unit.pk}/").exists()
        )]
        if not may:
            raise Dhis2Error(403, _("You may not read the values of %(unit)s.") % {"unit": found[0]}, error_code="E2010")
        units.extend(may)
    groups = request.GET.getlist("orgUnitGroup")
    if groups and children:
        raise _conflict("E2007", _("children=true cannot be used with orgUnitGroup."))
    for text in groups:
        group = OrgUnitGroup.objects.filter(code=text).first() or _group_by_uid(text)
        if group is None:
            raise _conflict("E2006", _("Organisation unit group %(id)s does not exist.") % {"id": text[:40]})
        units.extend(group.units.all())
    if not request.GET.getlist("orgUnit") and not groups:
        raise _conflict("E2006", _("At least one organisation unit or organisation unit group must be given (orgUnit=…)."))

    forms = []
    for text in request.GET.getlist("dataSet"):
        found = [form for form in inputs.data_set_in(text) if form_get_for_user(user, form.code) is not None]
        if not found:
            raise _conflict("E2001", _("Data set %(id)s does not exist or you may not read it.") % {"id": text[:40]})
        forms.extend(found)
    indicators = []
    for text in request.GET.getlist("dataElement"):
        found = inputs.element_in(text)
        if not found:
            raise _conflict("E2001", _("Data element %(id)s does not exist.") % {"id": text[:40]})
        indicators.extend(found)
    if not forms and not indicators:
        raise _conflict("E2001", _("At least one data set or data element must be given (dataSet=…, dataElement=…)."))

    periods = []
    for text in request.GET.getlist("period"):
        try:
            periods.append(parse_period(text).code)
        except AnalyticsError:
            raise _conflict("E2002", _("“%(period)s” is not a period: write 2024, 2024S1, 2024Q3 or 202405.") % {"period": text[:40]}) from None
    start, end = _date(request, "startDate"), _date(request, "endDate")
    if (start is None) != (end is None):
        raise _conflict("E2002", _("Give both startDate and endDate, or neither."))
    if periods and start is not None:
        raise _conflict("E2003", _("Give periods or start and end dates, not both."))
    if start is not None and end is not None and start > end:
        raise _conflict("E2004", _("The start date %(start)s is after the end date %(end)s.") % {"start": start, "end": end})
    updated = _moment(request, "lastUpdated")
    duration = request.GET.get("lastUpdatedDuration", "").strip()
    if duration:
        match = _DURATION.match(duration)
        if match is None:
            raise _conflict("E2005", _("lastUpdatedDuration “%(value)s” is not a duration such as 30m, 12h or 7d.") % {"value": duration[:40]})
        since = timezone.now() - timedelta(**{_DURATION_UNITS[match[2]]: int(match[1])})
        updated = max(updated, since) if updated else since
    if not periods and start is None and updated is None:
        raise _conflict("E2002", _("At least one period, a start and end date, lastUpdated or lastUpdatedDuration must be given."))

    filters = {
        "indicators": indicators or None, "forms": forms or None, "units": units, "descendants": children,
        "periods": periods or None, "start": start, "end": end,
    }
    values = value_list_for_user(user, **filters)
    deleted = deleted_value_list_for_user(user, **filters) if include_deleted else None
    if updated is not None:
        values = values.filter(recorded_at__gte=updated)
        deleted = deleted.filter(recorded_at__gte=updated) if deleted is not None else None
    # Every indicator and unit a row may name, known without reading the values: the asked
    # ones, the forms' indicators, the units below the asked ones.
    element_ids = {indicator.pk for indicator in indicators}
    element_ids.update(FormIndicator.objects.filter(form__in=forms).values_list("indicator_id", flat=True))
    unit_pool = Q(pk__in=[unit.pk for unit in units])
    if children:
        for unit in units:
            unit_pool |= Q(path__startswith=f"{unit.path}{unit.pk}/")
    return Export(
        values=values, deleted=deleted, identifiers=outputs,
        elements=outputs.elements_out(Indicator.objects.filter(pk__in=element_ids)),
        units=outputs.units_out(OrgUnit.objects.filter(unit_pool)),
    )


def _group_by_uid(text: str) -> OrgUnitGroup | None:
    from dxtrack.dhis2.uids import ids_for

    ids = ids_for(OrgUnitGroup, [text])
    return OrgUnitGroup.objects.filter(pk__in=ids.values()).first()


# One exported row: the DHIS2 fields in this order.
FIELDS = ("dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value", "storedBy",
          "created", "lastUpdated", "comment", "followup", "deleted")
Row = tuple[str, str, str, str, str, str, str, str, str, str, bool, bool]


def export_rows(export: Export) -> Iterator[Row]:
    """One tuple (FIELDS) per DHIS2 data value (a percentage with parts gives three), read in chunks.

    `created` is the first version's time: the current row's own for a value never changed
    (version 1, most of them), else one look-up per chunk of the changed ones.
    """
    values, stamp = export.values, "recorded_at"
    if connection.vendor == "postgresql":  # the server writes the timestamp: no datetime per row here
        values, stamp = values.annotate(stamp=Func(F("recorded_at"), Value(PG_TIMESTAMP), function="to_char", output_field=CharField())), "stamp"
    rows = values.values_list(
        "pk", "indicator_id", "period", "org_unit_id", "value", "numerator", "denominator", "recorded_by__username",
        "version", stamp, "note", "is_outlier",
    )
    default = export.identifiers.combo_out()
    parts = {part: export.identifiers.combo_out(part) for part in ("numerator", "denominator")}
    periods: dict[str, str] = {}
    chunk: list[tuple[Any, ...]] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _chunk_rows(export, chunk, periods, default, parts)
            chunk = []
    yield from _chunk_rows(export, chunk, periods, default, parts)
    if export.deleted is not None:
        yield from _deleted_rows(export, periods, default)


def _deleted_rows(export: Export, periods: dict[str, str], default: str) -> Iterator[Row]:
    """A deleted value: its key, who deleted it and when, `deleted` true; no figure. Deleted
    twice (recorded again in between), it is given once, as last deleted."""
    latest: dict[tuple[int, int, str], tuple[Any, ...]] = {}
    for row in export.deleted.order_by("pk").values_list(
        "indicator_id", "org_unit_id", "period", "recorded_by__username", "recorded_at", "note", "is_outlier",
    ):
        latest[row[:3]] = row
    for indicator_id, unit_id, period, stored_by, updated, note, outlier in latest.values():
        dhis2_period = periods.get(period) or periods.setdefault(period, parse_period(period).dhis2)
        moment = dhis2_timestamp(updated)
        yield (
            export.elements[indicator_id], dhis2_period, export.units[unit_id], default, default, "", stored_by or "",
            moment, moment, note, outlier, True,
        )


def _chunk_rows(export: Export, chunk: list[tuple[Any, ...]], periods: dict[str, str], default: str,
                parts: dict[str, str]) -> Iterator[Row]:
    changed = [row[0] for row in chunk if row[8] > 1]
    created = dict(
        DataValueVersion.objects.filter(data_value_id__in=changed, version=1).values_list("data_value_id", "recorded_at")
    ) if changed else {}
    elements, units = export.elements, export.units
    for pk, indicator_id, period, unit_id, value, numerator, denominator, stored_by, _version, updated, note, outlier in chunk:
        dhis2_period = periods.get(period)
        if dhis2_period is None:
            dhis2_period = periods[period] = parse_period(period).dhis2
        last = updated if updated.__class__ is str else dhis2_timestamp(updated)
        first = created.get(pk)
        element, unit, stored_by = elements[indicator_id], units[unit_id], stored_by or ""
        since = dhis2_timestamp(first) if first is not None else last
        yield (element, dhis2_period, unit, default, default, number(value), stored_by, since, last, note, outlier, False)
        if numerator is not None and denominator is not None:
            for part, figure in ((parts["numerator"], numerator), (parts["denominator"], denominator)):
                yield (element, dhis2_period, unit, part, default, number(figure), stored_by, since, last, "", outlier, False)


BATCH = 1_000  # rows per chunk of the response: one write per chunk, not one per row


def _quoted(cache: dict[str, str], text: str, quote: Any) -> str:
    found = cache.get(text)
    if found is None:
        found = cache[text] = quote(text)
    return found


def render_json(rows: Iterator[Row], counter: list[int]) -> Iterator[str]:
    """`{"dataValues": [...]}`; identifiers are escaped once each, numbers and times need none."""
    cache: dict[str, str] = {}

    def dumps(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    out = ['{"dataValues":[']
    separator = ""
    for element, period, unit, combo, attribute, value, stored_by, created, updated, comment, followup, deleted in rows:
        counter[0] += 1
        out.append(
            f'{separator}{{"dataElement":{_quoted(cache, element, dumps)},"period":"{period}",'
            f'"orgUnit":{_quoted(cache, unit, dumps)},"categoryOptionCombo":{_quoted(cache, combo, dumps)},'
            f'"attributeOptionCombo":{_quoted(cache, attribute, dumps)},"value":"{value}",'
            f'"storedBy":{_quoted(cache, stored_by, dumps)},"created":"{created}","lastUpdated":"{updated}",'
            + (f'"comment":{dumps(comment)},' if comment else "")
            + f'"followup":{"true" if followup else "false"}'
            + (',"deleted":true}' if deleted else "}")
        )
        separator = ","
        if len(out) >= BATCH:
            yield "".join(out)
            out = []
    out.append("]}")
    yield "".join(out)


def render_csv(rows: Iterator[Row], counter: list[int]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for element, period, unit, combo, attribute, value, stored_by, _created, updated, comment, followup, deleted in rows:
        counter[0] += 1
        writer.writerow([
            neutralise(element), period, neutralise(unit), combo, attribute, value, neutralise(stored_by), updated,
            neutralise(comment), "true" if followup else "false", "true" if deleted else "false",
        ])
        if counter[0] % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def render_xml(rows: Iterator[Row], counter: list[int]) -> Iterator[str]:
    cache: dict[str, str] = {}
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0">\n']
    for element, period, unit, combo, attribute, value, stored_by, created, updated, comment, followup, deleted in rows:
        counter[0] += 1
        out.append(
            f'  <dataValue dataElement={_quoted(cache, element, quoteattr)} period="{period}" '
            f'orgUnit={_quoted(cache, unit, quoteattr)} categoryOptionCombo={_quoted(cache, combo, quoteattr)} '
            f'attributeOptionCombo={_quoted(cache, attribute, quoteattr)} value="{value}" '
            f'storedBy={_quoted(cache, stored_by, quoteattr)} created="{created}" lastUpdated="{updated}"'
            + (f" comment={quoteattr(comment)}" if comment else "")
            + f' followup="{"true" if followup else "false"}"'
            + (' deleted="true"/>\n' if deleted else "/>\n")
        )
        if len(out) >= BATCH:
            yield "".join(out)
            out = []
    out.append("</dataValueSet>\n")
    yield "".join(out)


RENDERERS = {"json": render_json, "csv": render_csv, "xml": render_xml}


def export_audited(request: HttpRequest, export: Export, format: str) -> Iterator[str]:  # noqa: A002
    """The rendered rows, then (once everything was sent) the audit record of the export."""
    counter = [0]
    yield from RENDERERS[format](export_rows(export), counter)
    audit_record(
        actor=request.user, action="values.export", request=request,
        details={"format": f"dhis2-{format}", "api": "dhis2", "values": counter[0],
                 "filters": {key: request.GET.getlist(key) for key in request.GET}},
    )
