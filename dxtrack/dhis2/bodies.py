"""Request bodies of dataValueSets as DHIS2 clients send them: JSON, CSV or XML, read into one
shape (a list of entry dicts with DHIS2's keys, and the set's top-level defaults).

The body is copied to a temporary file in chunks first (up to DXTRACK_DHIS2_MAX_BODY bytes,
100 MB unless set: a set of 100,000 values is about 15 MB), since DHIS2 clients send sets
larger than Django's in-memory limit for forms. A malformed body is a Dhis2Error 400 saying
where; nothing is read further.

- JSON: `{"dataSet"?, "period"?, "orgUnit"?, "attributeOptionCombo"?, "dataValues": [{…}]}`;
  numbers are kept as written (text), true / false become 1 / 0.
- CSV: DHIS2's columns by position (dataelement, period, orgunit, categoryoptioncombo,
  attributeoptioncombo, value, storedby, lastupdated, comment, followup, deleted), the first
  row a header unless `firstRowIsHeader=false`.
- XML: `<dataValueSet …><dataValue dataElement="…" …/></dataValueSet>`, any namespace; the
  root's attributes are defaults (and may carry id schemes).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from dataclasses import dataclass, field
from typing import IO, Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from dxtrack.dhis2.webmessage import Dhis2Error
from dxtrack.reporting.imports.cells import unneutralise

DEFAULT_MAX_BODY = 100 * 1024 * 1024
CHUNK = 1024 * 1024
CSV_POSITIONS = (
    "dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value", "storedBy",
    "lastUpdated", "comment", "followup", "deleted",
)
TOP_LEVEL = ("dataSet", "period", "orgUnit", "attributeOptionCombo")
# A set's fields that ask for what dxtrack does elsewhere: refused rather than ignored.
REFUSED = ("completeDate",)


def _refuse(fields: Any) -> None:
    for name in REFUSED:
        if fields.get(name):
            raise Dhis2Error(400, _(
                "%(field)s is not supported: a form is submitted and approved in dxtrack's workflow (its pages or "
                "/api/v1/), not by the data value set. Leave %(field)s out."
            ) % {"field": name})


@dataclass
class Body:
    entries: list[dict[str, Any]]
    defaults: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)  # XML root attributes (id schemes)


def body_spool(request: HttpRequest) -> IO[bytes]:
    """The request body in a temporary file (rewound), refused past the size limit (413)."""
    limit = getattr(settings, "DXTRACK_DHIS2_MAX_BODY", DEFAULT_MAX_BODY)
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    too_big = Dhis2Error(413, _("The body is larger than %(limit)d MB: send the values in smaller sets.") % {"limit": limit // 1024 // 1024})
    if declared > limit:
        raise too_big
    spool = tempfile.TemporaryFile(prefix="dxtrack-dhis2-")  # noqa: SIM115 - the caller closes it
    size = 0
    while chunk := request.read(CHUNK):
        size += len(chunk)
        if size > limit:
            spool.close()
            raise too_big
        spool.write(chunk)
    spool.seek(0)
    return spool


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return value if isinstance(value, str) else json.dumps(value)[:50]


def body_read(spool: IO[bytes], format: str, *, header: bool = True) -> Body:  # noqa: A002
    reader = {"json": _json, "csv": _csv, "xml": _xml}[format]
    try:
        return reader(spool, header)
    except UnicodeDecodeError:
        raise Dhis2Error(400, _("The body is not UTF-8 text.")) from None


def _json(spool: IO[bytes], header: bool) -> Body:
    try:
        document = json.load(io.TextIOWrapper(spool, encoding="utf-8-sig"), parse_float=str, parse_int=str)
    except json.JSONDecodeError as error:
        raise Dhis2Error(400, _("The body is not valid JSON: %(problem)s at line %(line)d, column %(column)d.") % {
            "problem": error.msg, "line": error.lineno, "column": error.colno,
        }) from None
    if not isinstance(document, dict) or not isinstance(document.get("dataValues"), list):
        raise Dhis2Error(400, _("The JSON body must be an object with a “dataValues” list."))
    _refuse(document)
    entries = []
    for number, item in enumerate(document["dataValues"], start=1):
        if not isinstance(item, dict):
            raise Dhis2Error(400, _("dataValues entry %(number)d is not an object.") % {"number": number})
        entries.append({key: (item[key] if key == "deleted" else _text(item[key])) for key in item})
    defaults = {key: _text(document[key]) for key in TOP_LEVEL if document.get(key) not in (None, "")}
    return Body(entries=entries, defaults=defaults, attributes={key: _text(value) for key, value in document.items() if key.endswith("IdScheme")})


def _csv(spool: IO[bytes], header: bool) -> Body:
    text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
    entries = []
    try:
        for line, row in enumerate(csv.reader(text), start=1):
            if line == 1 and header:
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < 6:
                raise Dhis2Error(400, _(
                    "CSV line %(line)d has %(count)d columns; DHIS2's order is dataelement, period, orgunit, "
                    "categoryoptioncombo, attributeoptioncombo, value, storedby, lastupdated, comment, followup, deleted."
                ) % {"line": line, "count": len(row)})
            entry = {name: cell for name, cell in zip(CSV_POSITIONS, row, strict=False)}
            for name in ("dataElement", "orgUnit", "comment", "storedBy"):  # our exports quote formula-like text
                if name in entry:
                    entry[name] = unneutralise(entry[name])
            entries.append(entry)
    except csv.Error as error:
        raise Dhis2Error(400, _("The body is not valid CSV: %(problem)s.") % {"problem": error}) from None
    return Body(entries=entries)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml(spool: IO[bytes], header: bool) -> Body:
    try:
        root = ElementTree.parse(spool).getroot()
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise Dhis2Error(400, _("The body is not valid XML: %(problem)s.") % {"problem": error}) from None
    if _local(root.tag) != "dataValueSet":
        raise Dhis2Error(400, _("The XML body must be a <dataValueSet> with <dataValue> elements."))
    entries = []
    for element in root:
        if _local(element.tag) != "dataValue":
            continue
        entry = dict(element.attrib)
        for child in element:  # DHIS2 also accepts <value> and <comment> as child elements
            entry.setdefault(_local(child.tag), child.text or "")
        entries.append(entry)
    attributes = dict(root.attrib)
    _refuse(attributes)
    defaults = {key: attributes[key] for key in TOP_LEVEL if attributes.get(key)}
    return Body(entries=entries, defaults=defaults, attributes=attributes)
