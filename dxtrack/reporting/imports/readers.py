"""Streaming readers of the text formats: dxtrack CSV, DHIS2 CSV and DHIS2 `dataValueSets` JSON.

Each reader is an iterable that reads its file anew on every iteration and holds at most one
entry (a 64 KiB buffer for JSON) in memory. The header is checked when the reader is made,
so a file with missing or unknown columns is refused before any row is read.

DHIS2 numerators and denominators: a percentage with parts travels as up to three entries
with the same data element, period and org unit — category option combo empty, `default` or
DHIS2's default `HllvX50cXC0` for the value, `numerator` and `denominator` for the parts.
Adjacent entries are merged into one figure; the same part given twice is a duplicate.
The formats are described in docs/values-formats.md.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from dxtrack.reporting.imports.cells import clean_comment, clean_text
from dxtrack.reporting.imports.rows import ImportFileError, ValueRow

# `sample`: "true" marks a synthetic sample value (exports write it, so that an export imports
# back unchanged); a file without the column leaves the stored mark of an unchanged value.
CSV_COLUMNS = ("indicator", "org_unit", "period", "value", "numerator", "denominator", "comment", "sample")
CSV_REQUIRED = ("indicator", "org_unit", "period", "value")
DHIS2_CSV_COLUMNS = (
    "dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo",
    "value", "storedby", "lastupdated", "comment", "followup",
)
# Columns DHIS2 versions add that carry nothing dxtrack keeps (read and ignored).
DHIS2_CSV_IGNORED = ("storedby", "lastupdated", "created", "followup", "deleted")
DHIS2_CSV_REQUIRED = ("dataelement", "period", "orgunit", "value")
DEFAULT_COMBOS = {"", "default", "hllvx50cxc0"}
PARTS = {"numerator", "denominator"}
MAX_JSON_ENTRY = 1 << 20  # one dataValue larger than 1 MiB is not a figure
_CHUNK = 1 << 16


def _open_text(path: Path) -> IO[str]:
    # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark.
    return path.open("r", encoding="utf-8-sig", newline="")


def _header_key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _check_header(found: list[str], *, allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for name in found:
        if name in seen:
            raise ImportFileError(_("Column “%(column)s” appears twice in the header.") % {"column": name}, row=1)
        seen.add(name)
    missing = [name for name in required if name not in seen]
    if missing:
        raise ImportFileError(
            _("Missing column(s): %(missing)s. The header must name: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(allowed)},
            row=1,
        )
    extra = [name for name in found if name not in allowed and name]
    if extra:
        raise ImportFileError(
            _("Unknown column(s): %(extra)s. The columns are: %(columns)s.")
            % {"extra": ", ".join(extra), "columns": ", ".join(allowed)},
            row=1,
        )


def _delimiter(header_line: str) -> str:
    # Excel in Vietnamese or European settings saves CSV with semicolons.
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


class _CsvBase:
    format = ""
    allowed: tuple[str, ...] = ()
    required: tuple[str, ...] = ()

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with _open_text(self.path) as handle:
            try:
                first = handle.readline(1 << 16)
            except UnicodeDecodeError:
                raise _not_utf8(1) from None
        if not first.strip():
            raise ImportFileError(_("The file is empty: the first line must be the header."), row=1)
        self.delimiter = _delimiter(first)
        self.header = [_header_key(name) for name in next(csv.reader([first], delimiter=self.delimiter))]
        _check_header(self.header, allowed=self.allowed, required=self.required)

    def _records(self) -> Iterator[tuple[int, list[str], list[tuple[str, str]]]]:
        """(line number, cells, problems) for every non-blank line after the header."""
        width = len(self.header)
        with self.path.open("rb") as handle:
            reader = csv.reader(_decoded_lines(handle), delimiter=self.delimiter)
            line = 1
            try:
                next(reader)
                for cells in reader:
                    line = reader.line_num
                    if not any(cell.strip() for cell in cells):
                        continue
                    problems = []
                    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                        problems.append((
                            "",
                            _("This row has %(found)d cells but the header names %(expected)d columns.")
                            % {"found": len(cells), "expected": width},
                        ))
                    if len(cells) < width:
                        cells += [""] * (width - len(cells))
                    yield line, cells, problems
            except csv.Error as error:
                raise ImportFileError(
                    _("The file is not valid CSV near line %(line)d: %(error)s") % {"line": line + 1, "error": error},
                    row=line + 1,
                ) from None


def _decoded_lines(handle: IO[bytes]) -> Iterator[str]:
    """The file's lines as text, decoded one by one so that a fault names its line."""
    for number, raw in enumerate(handle, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _not_utf8(number) from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def _not_utf8(line: int) -> ImportFileError:
    return ImportFileError(
        _("The file is not UTF-8 text (line %(line)d). In Excel choose “Save as… CSV UTF-8”.") % {"line": line},
        row=line,
    )


class CsvReader(_CsvBase):
    """dxtrack CSV: indicator, org_unit, period, value, numerator, denominator, comment, sample."""

    format = "csv"
    allowed = CSV_COLUMNS
    required = CSV_REQUIRED
    columns = {name: name for name in ("indicator", "org_unit", "period", "value", "numerator", "denominator", "comment")}

    def __iter__(self) -> Iterator[ValueRow]:
        at = {name: self.header.index(name) if name in self.header else None for name in CSV_COLUMNS}
        indicator, unit, period, value = at["indicator"], at["org_unit"], at["period"], at["value"]
        numerator, denominator, comment = at["numerator"], at["denominator"], at["comment"]
        sample = at["sample"]
        for line, cells, problems in self._records():
            yield ValueRow(
                line,
                clean_text(cells[indicator]),
                clean_text(cells[unit]),
                clean_text(cells[period]),
                cells[value],
                None if numerator is None else cells[numerator],
                None if denominator is None else cells[denominator],
                "" if comment is None else clean_comment(cells[comment]),
                tuple(problems),
                None if sample is None else cells[sample],
            )

    @property
    def decimal_comma(self) -> bool:
        return self.delimiter == ";"


class _Dhis2Entry:
    """One DHIS2 data value as read, before the parts of a percentage are merged."""

    __slots__ = ("row", "element", "period", "unit", "combo", "value", "comment", "problems")

    def __init__(self, row: int, element: str, period: str, unit: str, combo: str, value: Any, comment: str,
                 problems: list[tuple[str, str]]) -> None:
        self.row, self.element, self.period, self.unit = row, element, period, unit
        self.combo, self.value, self.comment, self.problems = combo, value, comment, problems


def _merge_parts(entries: Iterator[_Dhis2Entry], *, combo_column: str) -> Iterator[ValueRow]:
    """Fold adjacent value / numerator / denominator entries of one key into one ValueRow."""
    pending: dict[str, Any] | None = None

    def emit(group: dict[str, Any]) -> ValueRow:
        return ValueRow(
            row=group["row"], indicator_code=group["element"], unit_code=group["unit"], period=group["period"],
            value=group.get("value"), numerator=group.get("numerator"), denominator=group.get("denominator"),
            comment=group.get("comment", ""), problems=tuple(group["problems"]),
        )

    for entry in entries:
        role = entry.combo.lower()
        if role in DEFAULT_COMBOS:
            role = "value"
        elif role not in PARTS:
            entry.problems.append((
                combo_column,
                _("Category option combo “%(combo)s” is not supported: use none (or “default”) for the value, "
                  "“numerator” and “denominator” for the parts.") % {"combo": entry.combo[:40]},
            ))
            role = "value"
        key = (entry.element, entry.period, entry.unit)
        if pending is not None and pending["key"] == key and role not in pending:
            pending[role] = entry.value
            pending["problems"].extend(entry.problems)
            if entry.comment and not pending.get("comment"):
                pending["comment"] = entry.comment
            continue
        if pending is not None:
            yield emit(pending)
        pending = {
            "key": key, "row": entry.row, "element": entry.element, "period": entry.period, "unit": entry.unit,
            role: entry.value, "comment": entry.comment, "problems": list(entry.problems),
        }
    if pending is not None:
        yield emit(pending)


def _attribute_problem(combo: str, column: str) -> list[tuple[str, str]]:
    if combo.lower() in DEFAULT_COMBOS:
        return []
    return [(column, _("Attribute option combo “%(combo)s” is not supported: leave it empty.") % {"combo": combo[:40]})]


def _deleted_problem(flag: Any, column: str) -> list[tuple[str, str]]:
    if str(flag).strip().lower() in {"true", "1"}:
        return [(column, _("Deleting values by import is not supported: leave “deleted” empty or false."))]
    return []


class Dhis2CsvReader(_CsvBase):
    """DHIS2 data value set CSV, header row first (DHIS2's default `firstRowIsHeader`)."""

    format = "dhis2-csv"
    allowed = (*DHIS2_CSV_COLUMNS, "created", "deleted")
    required = DHIS2_CSV_REQUIRED
    columns = {
        "indicator": "dataelement", "org_unit": "orgunit", "period": "period", "value": "value",
        "numerator": "value (numerator)", "denominator": "value (denominator)", "comment": "comment",
    }

    def __iter__(self) -> Iterator[ValueRow]:
        return _merge_parts(self._entries(), combo_column="categoryoptioncombo")

    def _entries(self) -> Iterator[_Dhis2Entry]:
        at = {name: self.header.index(name) for name in self.header}
        for line, row, problems in self._records():
            cells = {name: row[index] for name, index in at.items()}
            problems += _attribute_problem(clean_text(cells.get("attributeoptioncombo")), "attributeoptioncombo")
            problems += _deleted_problem(cells.get("deleted", ""), "deleted")
            yield _Dhis2Entry(
                line, clean_text(cells.get("dataelement")), clean_text(cells.get("period")),
                clean_text(cells.get("orgunit")), clean_text(cells.get("categoryoptioncombo")),
                cells.get("value"), clean_comment(cells.get("comment")), problems,
            )

    decimal_comma = False


class _JsonStream:
    """Just enough of an incremental JSON reader for `{…, "dataValues": [{…}, …], …}`."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder(parse_float=Decimal)

    def _fill(self) -> None:
        chunk = self.handle.read(_CHUNK)
        if not chunk:
            self.eof = True
        self.buffer = self.buffer[self.pos:] + chunk
        self.pos = 0

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if self.eof:
                return ""
            self._fill()

    def take(self, expected: str, where: str) -> None:
        found = self.peek()
        if found != expected:
            raise _bad_json(where, expected, found)
        self.pos += 1

    def value(self, where: str) -> Any:
        self.peek()
        while True:
            try:
                result, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError:
                if self.eof:
                    raise _bad_json(where, "", "") from None
            except RecursionError:
                raise _bad_json(where, "", "") from None
            else:
                # A number at the end of the buffer may go on in the next chunk.
                if end < len(self.buffer) or self.eof:
                    self.pos = end
                    return result
            if len(self.buffer) - self.pos > MAX_JSON_ENTRY:
                raise ImportFileError(_("An entry of the JSON file (%(where)s) is larger than 1 MiB.") % {"where": where})
            self._fill()


def _bad_json(where: str, expected: str, found: str) -> ImportFileError:
    if expected:
        return ImportFileError(
            _("The file is not valid DHIS2 JSON at %(where)s: expected “%(expected)s”, found “%(found)s”.")
            % {"where": where, "expected": expected, "found": found or _("the end of the file")}
        )
    return ImportFileError(_("The file is not valid JSON at %(where)s.") % {"where": where})


class Dhis2JsonReader:
    """DHIS2 `dataValueSets` JSON: `{"dataValues": [{"dataElement", "period", "orgUnit", "value", …}]}`.

    Top-level `period`, `orgUnit` and `attributeOptionCombo` apply to every entry that lacks
    its own, as in DHIS2, when they come before `dataValues` (as DHIS2 writes them).
    """

    format = "dhis2-json"
    columns = {
        "indicator": "dataElement", "org_unit": "orgUnit", "period": "period", "value": "value",
        "numerator": "value (numerator)", "denominator": "value (denominator)", "comment": "comment",
    }
    decimal_comma = False

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with _open_text(self.path) as handle:
            try:
                stream = _JsonStream(handle)
                stream.take("{", _("the start"))
            except UnicodeDecodeError:
                raise ImportFileError(_("The file is not UTF-8 text.")) from None

    def __iter__(self) -> Iterator[ValueRow]:
        return _merge_parts(self._entries(), combo_column="categoryOptionCombo")

    def _entries(self) -> Iterator[_Dhis2Entry]:
        with _open_text(self.path) as handle:
            stream = _JsonStream(handle)
            defaults: dict[str, Any] = {}
            found = False
            try:
                stream.take("{", _("the start"))
                while stream.peek() not in ("}", ""):
                    key = stream.value(_("a key"))
                    stream.take(":", str(key)[:40])
                    if key == "dataValues":
                        found = True
                        yield from self._values(stream, defaults)
                    else:
                        defaults[str(key)] = stream.value(str(key)[:40])
                    if stream.peek() == ",":
                        stream.pos += 1
                stream.take("}", _("the end"))
            except UnicodeDecodeError:
                raise ImportFileError(_("The file is not UTF-8 text.")) from None
            if not found:
                raise ImportFileError(_("The JSON file has no “dataValues” list."))

    def _values(self, stream: _JsonStream, defaults: dict[str, Any]) -> Iterator[_Dhis2Entry]:
        stream.take("[", "dataValues")
        number = 0
        while stream.peek() != "]":
            number += 1
            where = _("dataValues entry %(number)d") % {"number": number}
            entry = stream.value(where)
            if not isinstance(entry, dict):
                raise ImportFileError(_("%(where)s is not an object.") % {"where": where}, row=number)
            yield self._entry(number, entry, defaults)
            if stream.peek() == ",":
                stream.pos += 1
            elif stream.peek() != "]":
                raise _bad_json(where, ",", stream.peek())
        stream.pos += 1

    @staticmethod
    def _entry(number: int, entry: dict[str, Any], defaults: dict[str, Any]) -> _Dhis2Entry:
        def text(name: str) -> str:
            found = entry.get(name, defaults.get(name))
            return "" if isinstance(found, dict | list) else clean_text(found)

        problems = _attribute_problem(text("attributeOptionCombo"), "attributeOptionCombo")
        problems += _deleted_problem(entry.get("deleted", ""), "deleted")
        value = entry.get("value")
        if isinstance(value, dict | list):
            value = json.dumps(value)[:50]
        return _Dhis2Entry(
            number, text("dataElement"), text("period"), text("orgUnit"), text("categoryOptionCombo"),
            # JSON is no spreadsheet: exports do not quote its text, so nothing is unquoted here.
            value, "" if entry.get("comment") is None else str(entry["comment"]), problems,
        )
