"""Programme definition files: read them keeping line numbers, check them, write them back.

The format is documented in ``docs/programme-format.md`` and its shape in
``schema/programme.schema.json``. Writes to the database are in :mod:`.services`.

=========================  ==================================================================
Function                   What it does
=========================  ==================================================================
``document_read``          read a YAML or JSON file into a :class:`ProgrammeDocument`
``document_parse``         the same from text; syntax errors raise
                           :class:`ProgrammeDefinitionInvalid`
``document_validate``      every schema and semantic error of a document, as a list
``document_dump``          a plain tree (dicts, lists, str, Decimal, date…) as YAML or JSON text
``decimal_text``           a number written canonically (``80``, not ``80.000000``)
``period_code``            a baseline period's canonical code (``202405`` → ``2024-05``)
``resolve_unit``           the org unit a code in a file names (on the issue date, or today)
=========================  ==================================================================

Every error is a :class:`ProgrammeFileError` naming the file, the line and the field, with
its message translated through Django's gettext (English msgids).

>>> document = document_parse(text="programme:\\n  code: X\\npillars: []\\n", filename="p.yaml")
>>> document.data
{'programme': {'code': 'X'}, 'pillars': []}
>>> document.line_of(("programme", "code"))
2
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.utils.translation import gettext as _

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.orgunits.models import ADMINISTRATIVE_LEVELS, OrgUnit, OrgUnitKind
from dxtrack.orgunits.selectors import orgunit_get_by_code
from dxtrack.programmes.models import TargetScope, UnitAggregation, ValueType

SCHEMA_PATH = Path(__file__).parent / "schema" / "programme.schema.json"
SCHEMA_VERSION = 1
# Decimal fields are DecimalField(max_digits=20, decimal_places=6).
MAX_DECIMAL_PLACES = 6
MAX_INTEGER_DIGITS = 14

Path_ = tuple[str | int, ...]

PERCENTAGE_TYPES = {ValueType.PERCENTAGE, ValueType.PERCENTAGE_WITH_PARTS}
NON_NEGATIVE_TYPES = PERCENTAGE_TYPES | {ValueType.COUNT, ValueType.AMOUNT_VND}
# The defaults a milestone indicator gets when the file leaves them out.
MILESTONE_DEFAULTS = {"unit_aggregation": "none", "period_aggregation": "last"}
_INTEGER = re.compile(r"[-+]?[0-9][0-9_]*")
_NUMBER = re.compile(r"[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?")
_BOOLEANS = {
    **dict.fromkeys(["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"], True),
    **dict.fromkeys(["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"], False),
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True, order=True)
class ProgrammeFileError:
    """One problem in a programme file: `file:line: field: message`."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ProgrammeDefinitionInvalid(Exception):
    """The file cannot be loaded; `errors` lists every problem found, in file order."""

    def __init__(self, errors: list[ProgrammeFileError]):
        self.errors = sorted(set(errors), key=lambda e: (e.file, e.line or 0, e.field, e.message))
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class ProgrammeDocument:
    """A parsed file: plain data (str, int, Decimal, bool, list, dict) and where each part was."""

    filename: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest enclosing part when it is missing."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def error(self, path: Path_, message: str) -> ProgrammeFileError:
        return ProgrammeFileError(self.filename, self.line_of(path), field_name(path), message)


def field_name(path: Path_) -> str:
    """`("pillars", 0, "code")` → `pillars[1].code` (positions count from 1, as people do)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# --- reading -----------------------------------------------------------------------------


@cache
def programme_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _field_types() -> dict[str, str]:
    """The JSON type of every field name in the schema (a name has one type everywhere)."""
    schema = programme_schema()
    definitions = schema["$defs"]
    types: dict[str, str] = {}

    def resolve(spec: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in spec:
            spec = definitions[spec["$ref"].rsplit("/", 1)[1]]
        return spec

    for holder in [schema, *definitions.values()]:
        for name, spec in holder.get("properties", {}).items():
            spec = resolve(spec)
            types[name] = spec.get("type", "integer" if isinstance(spec.get("const"), int) else "")
    return types


class _Builder:
    """Turns composed YAML nodes into plain data, reading scalars by the type their field has.

    Reading by field type rather than by YAML's own guesses keeps codes as written (`area: 74`
    is the code "74", `007` keeps its zeros) and numbers exact (Decimal, never float).
    """

    MAX_DEPTH = 40

    def __init__(self, document: ProgrammeDocument):
        self.document = document
        self.errors: list[ProgrammeFileError] = []
        self.types = _field_types()

    def build(self, node: yaml.Node, path: Path_, kind: str) -> Any:
        if len(path) > self.MAX_DEPTH:
            self.errors.append(self.document.error(path, _("the file nests too deeply (recursive alias?)")))
            return None
        self.document.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index), "") for index, item in enumerate(node.value)]
        return self._scalar(node, kind)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                # In a merge, earlier mappings win over later ones, explicit keys over all.
                for source in reversed(sources):
                    if isinstance(source, yaml.MappingNode):
                        merged.update(self._mapping(source, path))
                    else:
                        self.errors.append(self.document.error(path, _("only mappings can be merged with <<")))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.errors.append(
                    ProgrammeFileError(
                        self.document.filename, key_node.start_mark.line + 1, field_name(path), _("a field name must be plain text")
                    )
                )
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                self.errors.append(
                    ProgrammeFileError(
                        self.document.filename, line, field_name((*path, key)),
                        _("this field appears twice in the same place (first on line %(line)d)") % {"line": seen[key]},
                    )
                )
                continue
            seen[key] = line
            self.document.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key), self.types.get(key, ""))
        combined = {**merged, **result}
        # An empty field counts as absent: `title_en:` with nothing after it.
        return {key: value for key, value in combined.items() if value is not None}

    def _scalar(self, node: yaml.ScalarNode, kind: str) -> Any:
        text = node.value
        plain = node.style is None
        if plain and text in _NULLS:
            return None
        if kind in ("string", ""):
            return text
        if kind == "integer" and plain and _INTEGER.fullmatch(text):
            return int(text.replace("_", ""))
        if kind == "number" and plain and _NUMBER.fullmatch(text) and any(c.isdigit() for c in text):
            try:
                return Decimal(text.replace("_", ""))
            except InvalidOperation:
                return text
        if kind == "boolean" and plain and text in _BOOLEANS:
            return _BOOLEANS[text]
        # Anything else stays text, which the schema then reports as the wrong type.
        return text


def _syntax_error(filename: str, error: yaml.MarkedYAMLError, text: str) -> ProgrammeFileError:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    detail = " ".join(part for part in (error.context, error.problem) if part)
    message = _("YAML syntax error: %(detail)s") % {"detail": detail}
    source_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    if re.search(r":\s*>", source_line):
        message += " " + _("(write comparators in quotes, e.g. comparator: '>=')")
    return ProgrammeFileError(filename, line, "", message)


def document_parse(*, text: str, filename: str = "<string>") -> ProgrammeDocument:
    """Parse YAML (or JSON, which is read the same way) keeping the line of every field.

    Raises :class:`ProgrammeDefinitionInvalid` when the text cannot be read at all; shape
    and meaning are checked by :func:`document_validate`.
    """
    if filename.lower().endswith(".json"):
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            message = _("JSON syntax error: %(detail)s") % {"detail": error.msg}
            raise ProgrammeDefinitionInvalid([ProgrammeFileError(filename, error.lineno, "", message)]) from None
        # Outside strings a tab is only whitespace in valid JSON; YAML would refuse it.
        text = text.replace("\t", " ")
    document = ProgrammeDocument(filename=filename, data=None)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        raise ProgrammeDefinitionInvalid([_syntax_error(filename, error, text)]) from None
    except yaml.YAMLError as error:
        raise ProgrammeDefinitionInvalid([ProgrammeFileError(filename, None, "", str(error))]) from None
    if root is None:
        raise ProgrammeDefinitionInvalid([ProgrammeFileError(filename, 1, "", _("the file is empty"))])
    builder = _Builder(document)
    document.data = builder.build(root, (), "object")
    if builder.errors:
        raise ProgrammeDefinitionInvalid(builder.errors)
    return document


def document_read(*, path: str | Path) -> ProgrammeDocument:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ProgrammeDefinitionInvalid([ProgrammeFileError(str(path), None, "", _("no such file"))]) from None
    except UnicodeDecodeError:
        raise ProgrammeDefinitionInvalid(
            [ProgrammeFileError(str(path), None, "", _("the file is not UTF-8 text"))]
        ) from None
    return document_parse(text=text, filename=str(path))


# --- checking ----------------------------------------------------------------------------


_TYPE_NAMES = {
    "string": lambda: _("text"),
    "integer": lambda: _("a whole number"),
    "number": lambda: _("a number"),
    "boolean": lambda: _("true or false"),
    "array": lambda: _("a list"),
    "object": lambda: _("a mapping of fields"),
}


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return _("a list") if isinstance(value, list) else _("a mapping of fields")
    return f'"{value}"'


def _schema_errors(document: ProgrammeDocument) -> Iterator[ProgrammeFileError]:
    validator = jsonschema.Draft202012Validator(programme_schema())
    errors = list(validator.iter_errors(document.data))
    # A value of the wrong type gets one message, not also "unknown value" or "too short".
    mistyped = {tuple(error.absolute_path) for error in errors if error.validator == "type"}
    for error in errors:
        path: Path_ = tuple(error.absolute_path)
        kind = error.validator
        if kind != "type" and path in mistyped:
            continue
        if kind == "required":
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    yield document.error((*path, name), _("required field is missing or empty"))
        elif kind == "additionalProperties":
            known = list(error.schema.get("properties", {}))
            for name in error.instance:
                if name in known:
                    continue
                close = difflib.get_close_matches(name, known, n=1)
                if close:
                    message = _('unknown field "%(name)s" (did you mean "%(suggestion)s"?)') % {"name": name, "suggestion": close[0]}
                else:
                    message = _('unknown field "%(name)s"; allowed here: %(allowed)s') % {"name": name, "allowed": ", ".join(known)}
                yield document.error((*path, name), message)
        elif kind == "type":
            expected = error.validator_value
            names = [_TYPE_NAMES[t]() for t in ([expected] if isinstance(expected, str) else expected)]
            yield document.error(path, _("must be %(expected)s, not %(found)s") % {"expected": _(" or ").join(names), "found": _shown(error.instance)})
        elif kind == "enum":
            allowed = ", ".join(f'"{value}"' for value in error.validator_value)
            name = path[-1] if path else ""
            if name == "comparator":
                message = _('unknown comparator %(value)s; use one of %(allowed)s, in quotes') % {"value": _shown(error.instance), "allowed": allowed}
            elif name == "value_type":
                message = _("unknown value type %(value)s; use one of %(allowed)s") % {"value": _shown(error.instance), "allowed": allowed}
            else:
                message = _("unknown value %(value)s; use one of %(allowed)s") % {"value": _shown(error.instance), "allowed": allowed}
            yield document.error(path, message)
        elif kind == "const":
            yield document.error(path, _("must be %(value)s") % {"value": error.validator_value})
        elif kind == "pattern" and path and path[-1] in _DATE_FIELDS:
            yield document.error(path, _("%(value)s is not a date written YYYY-MM-DD") % {"value": _shown(error.instance)})
        elif kind == "minLength":
            yield document.error(path, _("must not be empty"))
        elif kind == "maxLength":
            yield document.error(
                path, _("is too long: %(length)d characters, at most %(limit)d") % {"length": len(error.instance), "limit": error.validator_value}
            )
        elif kind == "minItems":
            yield document.error(path, _("must list at least %(count)d item(s)") % {"count": error.validator_value})
        elif kind == "minimum":
            yield document.error(path, _("must be at least %(limit)s") % {"limit": error.validator_value})
        elif kind == "maximum":
            yield document.error(path, _("must be at most %(limit)s") % {"limit": error.validator_value})
        else:  # pragma: no cover - a schema keyword without its own message yet
            yield document.error(path, _("is not valid: %(detail)s") % {"detail": error.message})


_DATE_FIELDS = {"issued_on", "deadline", "done_on"}


def parse_date(value: Any) -> date | None:
    """The date a `YYYY-MM-DD` field holds, or None when it is missing or not a real date."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def period_code(text: str) -> str | None:
    """The canonical code of a period (the number core decides what a period is); else None.

    >>> period_code("2024q3"), period_code("202405"), period_code("2024S2"), period_code("2024Q5")
    ('2024Q3', '2024-05', '2024S2', None)
    """
    try:
        return parse_period(text).code
    except AnalyticsError:
        return None


def period_sort_key(text: str) -> tuple[date, date, str]:
    """Baselines are exported in time order: by first day, then the shorter period first."""
    try:
        period = parse_period(text)
    except AnalyticsError:
        return (date.min, date.min, text)
    return (period.start, period.end, period.code)


def decimal_text(value: Decimal | int) -> str:
    """A number written canonically, as exports write it.

    >>> decimal_text(Decimal("80.000000")), decimal_text(Decimal("0.500000")), decimal_text(Decimal("-0"))
    ('80', '0.5', '0')
    >>> decimal_text(Decimal("1.4E+11"))
    '140000000000'
    """
    value = Decimal(value)
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def unit_resolution_date(programme: dict[str, Any]) -> date | None:
    """Org-unit codes in a file name the units that existed on the issue date (or today's)."""
    return parse_date(programme.get("issued_on"))


def resolve_unit(code: str, *, programme: dict[str, Any]) -> OrgUnit | None:
    return orgunit_get_by_code(code, on=unit_resolution_date(programme))


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class _SemanticChecks:
    """The rules a schema cannot say; each check tolerates parts the schema already refused."""

    def __init__(self, document: ProgrammeDocument):
        self.document = document
        self.errors: list[ProgrammeFileError] = []
        root = _as_dict(document.data)
        self.programme = _as_dict(root.get("programme"))
        self.pillars = _as_list(root.get("pillars"))
        start, end = self.programme.get("horizon_start"), self.programme.get("horizon_end")
        self.horizon = (start, end) if all(isinstance(y, int) and not isinstance(y, bool) for y in (start, end)) else None
        self.area: OrgUnit | None = None
        self._by_code: dict[str, tuple[Path_, dict[str, Any]]] = {}

    def add(self, path: Path_, message: str, *, at: Path_ | None = None) -> None:
        """An error on the field `path`, reported at the line of `at` when that says more."""
        error = self.document.error(path, message)
        if at is not None:
            error = ProgrammeFileError(error.file, self.document.line_of(at), error.field, error.message)
        self.errors.append(error)

    def run(self) -> list[ProgrammeFileError]:
        self.check_programme()
        indicators = self.check_codes()
        by_code = {code: indicator for code, (_path, indicator) in self._by_code.items()}
        for path, indicator in indicators:
            self.check_indicator(path, indicator, by_code)
        return self.errors

    # -- programme
    def check_programme(self) -> None:
        base: Path_ = ("programme",)
        if self.horizon and self.horizon[1] < self.horizon[0]:
            self.add((*base, "horizon_end"), _("the last year %(end)d is before the first year %(start)d") % {"end": self.horizon[1], "start": self.horizon[0]})
        issued = self.check_date((*base, "issued_on"), self.programme.get("issued_on"))
        if issued and self.horizon and issued.year > self.horizon[1]:
            self.add((*base, "issued_on"), _("the programme is issued after its last year %(end)d") % {"end": self.horizon[1]})
        code = self.programme.get("area")
        if isinstance(code, str) and code:
            self.area = self.check_unit((*base, "area"), code)
            if self.area and self.area.kind == OrgUnitKind.AGENCY:
                self.add((*base, "area"), _("the programme area must be an administrative unit, not an agency"))

    def check_unit(self, path: Path_, code: str) -> OrgUnit | None:
        if parse_date(self.programme.get("issued_on")) is None and self.programme.get("issued_on"):
            return None  # the date itself is wrong, and said so; resolving on it would mislead
        unit = resolve_unit(code, programme=self.programme)
        if unit is None:
            day = unit_resolution_date(self.programme)
            if day:
                message = _('no org unit with code "%(code)s" existed on %(date)s (the issue date)') % {"code": code, "date": day.isoformat()}
            else:
                message = _('no current org unit has code "%(code)s"') % {"code": code}
            self.add(path, message)
        return unit

    def check_date(self, path: Path_, value: Any) -> date | None:
        if not isinstance(value, str):
            return None
        day = parse_date(value)
        if day is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.add(path, _('"%(value)s" is not a real date') % {"value": value})
        return day

    def check_deadline(self, path: Path_, value: Any) -> date | None:
        day = self.check_date(path, value)
        if day and self.horizon and not self.horizon[0] <= day.year <= self.horizon[1]:
            self.add(
                path,
                _("deadline %(date)s is outside the programme's years %(start)d–%(end)d")
                % {"date": day.isoformat(), "start": self.horizon[0], "end": self.horizon[1]},
            )
        return day

    # -- codes
    def check_codes(self) -> list[tuple[Path_, dict[str, Any]]]:
        pillar_codes: dict[str, int | None] = {}
        indicators: list[tuple[Path_, dict[str, Any]]] = []
        for p, pillar in enumerate(self.pillars):
            pillar = _as_dict(pillar)
            code = pillar.get("code")
            if isinstance(code, str):
                if code in pillar_codes:
                    self.add(("pillars", p, "code"), _('pillar code "%(code)s" is used twice (first on line %(line)s)') % {"code": code, "line": pillar_codes[code]})
                else:
                    pillar_codes[code] = self.document.line_of(("pillars", p, "code"))
            for i, indicator in enumerate(_as_list(pillar.get("indicators"))):
                if not isinstance(indicator, dict):
                    continue
                path: Path_ = ("pillars", p, "indicators", i)
                indicators.append((path, indicator))
                code = indicator.get("code")
                if not isinstance(code, str):
                    continue
                if code in self._by_code:
                    first = self.document.line_of((*self._by_code[code][0], "code"))
                    self.add((*path, "code"), _('indicator code "%(code)s" is used twice (first on line %(line)s)') % {"code": code, "line": first})
                else:
                    self._by_code[code] = (path, indicator)
        return indicators

    # -- indicators
    def check_indicator(self, path: Path_, indicator: dict[str, Any], by_code: dict[str, dict[str, Any]]) -> None:
        value_type = indicator.get("value_type")
        value_type = value_type if value_type in ValueType.values else None
        is_milestone = value_type == ValueType.MILESTONE
        aggregation = indicator.get("unit_aggregation")

        if value_type and not is_milestone:
            for name in ("unit_aggregation", "period_aggregation"):
                if name not in indicator:
                    self.add((*path, name), _("required field is missing or empty"))
        if value_type in PERCENTAGE_TYPES and indicator.get("unit") not in (None, "", "%"):
            self.add((*path, "unit"), _('a percentage is measured in "%%", not "%(unit)s"') % {"unit": indicator.get("unit")})
        self.check_aggregation(path, value_type, aggregation)
        self.check_weight(path, indicator, aggregation, by_code)

        limit = indicator.get("natural_limit")
        if limit is not None and is_milestone:
            self.add((*path, "natural_limit"), _("a milestone indicator has no natural limit"))
        if isinstance(limit, Decimal):
            self.check_number((*path, "natural_limit"), limit, value_type=None, limit=None)
        else:
            limit = {ValueType.PERCENTAGE: Decimal(100), ValueType.PERCENTAGE_WITH_PARTS: Decimal(100), ValueType.INDEX: Decimal(1)}.get(value_type)

        agency = indicator.get("responsible_agency")
        if isinstance(agency, str) and agency:
            self.check_unit((*path, "responsible_agency"), agency)

        targets = _as_list(indicator.get("targets"))
        if is_milestone and targets:
            self.add((*path, "targets"), _("a milestone indicator takes milestones, not numeric targets"))
        seen: dict[tuple[Any, ...], int | None] = {}
        for t, target in enumerate(targets):
            if isinstance(target, dict):
                self.check_target((*path, "targets", t), target, value_type, limit, seen)

        baselines = _as_list(indicator.get("baselines"))
        if is_milestone and baselines:
            self.add((*path, "baselines"), _("a milestone indicator has no numeric baselines"))
        periods: dict[str, int | None] = {}
        for b, baseline in enumerate(baselines):
            if isinstance(baseline, dict):
                self.check_baseline((*path, "baselines", b), baseline, value_type, limit, periods)

        deadlines: dict[str, int | None] = {}
        for m, milestone in enumerate(_as_list(indicator.get("milestones"))):
            if isinstance(milestone, dict):
                self.check_milestone((*path, "milestones", m), milestone, deadlines)

    def check_aggregation(self, path: Path_, value_type: str | None, aggregation: Any) -> None:
        where = (*path, "unit_aggregation")
        if value_type is None or aggregation not in UnitAggregation.values:
            return
        if value_type == ValueType.MILESTONE and aggregation != UnitAggregation.NONE:
            self.add(where, _('a milestone indicator is not aggregated: use "none"'))
        elif aggregation == UnitAggregation.RATIO_OF_SUMS and value_type != ValueType.PERCENTAGE_WITH_PARTS:
            self.add(where, _("ratio_of_sums needs numerators and denominators: value_type must be percentage_with_parts"))
        elif value_type in PERCENTAGE_TYPES and aggregation in (UnitAggregation.SUM, UnitAggregation.MEAN):
            self.add(where, _("percentages never add up or average: use ratio_of_sums (with parts), weighted_mean, min, max or none"))

    def check_weight(self, path: Path_, indicator: dict[str, Any], aggregation: Any, by_code: dict[str, dict[str, Any]]) -> None:
        weight = indicator.get("weight_indicator")
        if aggregation == UnitAggregation.WEIGHTED_MEAN and not weight:
            self.add((*path, "unit_aggregation"), _("weighted_mean needs weight_indicator: the code of the indicator that weights it"))
        if not isinstance(weight, str) or not weight:
            return
        where = (*path, "weight_indicator")
        if aggregation != UnitAggregation.WEIGHTED_MEAN:
            self.add(where, _("weight_indicator applies only to unit_aggregation weighted_mean"))
        elif weight == indicator.get("code"):
            self.add(where, _("an indicator cannot weight itself"))
        elif weight not in by_code:
            self.add(where, _('no indicator with code "%(code)s" in this file') % {"code": weight})
        elif by_code[weight].get("value_type") == ValueType.MILESTONE:
            self.add(where, _('"%(code)s" is a milestone and cannot weight a mean') % {"code": weight})
        elif by_code[weight].get("unit_aggregation") == UnitAggregation.WEIGHTED_MEAN:
            self.add(where, _('"%(code)s" is itself a weighted mean; weights must be plain figures') % {"code": weight})

    def check_number(self, path: Path_, value: Any, *, value_type: str | None, limit: Decimal | None) -> None:
        if not isinstance(value, Decimal):
            return
        if not value.is_finite():
            self.add(path, _("must be a finite number"))
            return
        normal = value.normalize()
        if value != 0 and normal.adjusted() >= MAX_INTEGER_DIGITS:
            self.add(path, _("is too large (at most %(digits)d digits before the decimal point)") % {"digits": MAX_INTEGER_DIGITS})
            return
        if normal.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
            self.add(path, _("at most %(places)d decimal places") % {"places": MAX_DECIMAL_PLACES})
        if value_type in NON_NEGATIVE_TYPES and value < 0:
            self.add(path, _("must not be negative"))
        if limit is not None and value > limit:
            self.add(path, _("%(value)s is above the natural limit %(limit)s") % {"value": decimal_text(value), "limit": decimal_text(limit)})

    def check_target(self, path: Path_, target: dict[str, Any], value_type: str | None, limit: Decimal | None, seen: dict[tuple[Any, ...], int | None]) -> None:
        self.check_deadline((*path, "deadline"), target.get("deadline"))
        self.check_number((*path, "value"), target.get("value"), value_type=value_type, limit=limit)
        scope = target.get("scope", TargetScope.AREA)
        level = target.get("scope_level")
        if scope == TargetScope.EACH_UNIT and not level:
            self.add((*path, "scope_level"), _("scope each_unit needs scope_level: province, district, commune or agency"), at=(*path, "scope"))
        if scope == TargetScope.AREA and level:
            self.add((*path, "scope_level"), _("scope_level applies only to scope each_unit"))
        levels = [str(kind) for kind in ADMINISTRATIVE_LEVELS]
        if self.area is not None and level in levels and self.area.kind in levels + [OrgUnitKind.COUNTRY]:
            area_rank = levels.index(self.area.kind) if self.area.kind in levels else -1
            if levels.index(level) <= area_rank:
                self.add((*path, "scope_level"), _("%(level)s is not below the programme area (a %(kind)s)") % {"level": level, "kind": self.area.kind})
        key = (target.get("deadline"), scope, level or "")
        if not all(isinstance(part, str) for part in key):
            return  # the schema has already said what is wrong with them
        if key in seen:
            self.add(path, _("a second target for the same deadline and scope (first on line %(line)s)") % {"line": seen[key]})
        else:
            seen[key] = self.document.line_of(path)

    def check_baseline(self, path: Path_, baseline: dict[str, Any], value_type: str | None, limit: Decimal | None, seen: dict[str, int | None]) -> None:
        period = baseline.get("period")
        if isinstance(period, str) and period:
            code = period_code(period)
            if code is None:
                self.add((*path, "period"), _('"%(value)s" is not a period: write 2024, 2024S1, 2024Q3 or 2024-05') % {"value": period})
            elif self.horizon and int(code[:4]) > self.horizon[1]:
                self.add((*path, "period"), _("a baseline after the programme's last year %(end)d") % {"end": self.horizon[1]})
            elif code in seen:
                self.add((*path, "period"), _('a second baseline for period "%(period)s" (first on line %(line)s)') % {"period": code, "line": seen[code]})
            else:
                seen[code] = self.document.line_of(path)
        self.check_number((*path, "value"), baseline.get("value"), value_type=value_type, limit=limit)

    def check_milestone(self, path: Path_, milestone: dict[str, Any], seen: dict[str, int | None]) -> None:
        deadline = milestone.get("deadline")
        self.check_deadline((*path, "deadline"), deadline)
        self.check_date((*path, "done_on"), milestone.get("done_on"))
        if "done_on" in milestone and milestone.get("done") is not True:
            self.add((*path, "done_on"), _("done_on is given only when done is true"))
        if isinstance(deadline, str):
            if deadline in seen:
                self.add((*path, "deadline"), _("a second milestone with deadline %(date)s (first on line %(line)s)") % {"date": deadline, "line": seen[deadline]})
            else:
                seen[deadline] = self.document.line_of(path)


def document_validate(*, document: ProgrammeDocument) -> list[ProgrammeFileError]:
    """Every problem of the document — shape, meaning, org units — in file order; [] when fine."""
    errors = list(_schema_errors(document))
    errors += _SemanticChecks(document).run()
    return ProgrammeDefinitionInvalid(errors).errors


# --- writing -----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key; Decimal as canonical numbers; multi-line text as blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = decimal_text(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)

# Characters a YAML reader refuses raw (JSON export escapes them so the file reads back).
_NOT_YAML_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _json_text(value: Any, indent: int = 0) -> str:
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{_json_text(str(key))}: {_json_text(item, indent + 1)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(f"{inner}{_json_text(item, indent + 1)}" for item in value) + f"\n{pad}]"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (Decimal, int)):
        return decimal_text(value)
    if isinstance(value, date):
        return json.dumps(value.isoformat())
    text = json.dumps(str(value), ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def document_dump(data: Any, *, format: str) -> str:  # noqa: A002 - the CLI's own word
    """`data` as YAML or JSON text: keys in the given order, canonical numbers, ISO dates."""
    if format == "json":
        return _json_text(data) + "\n"
    if format == "yaml":
        return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)
    raise ValueError(f"unknown format {format!r}: use yaml or json")
