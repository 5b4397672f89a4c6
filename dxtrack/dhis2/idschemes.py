"""DHIS2 identifier schemes: how a request names data elements, org units, data sets and
category option combos (UID, the default; CODE; NAME), both ways.

`idScheme` sets all of them; `dataElementIdScheme`, `orgUnitIdScheme`, `dataSetIdScheme` and
`categoryOptionComboIdScheme` override it one by one. `ATTRIBUTE:<uid>` schemes are refused
(400): we keep no attribute values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.dhis2.uids import DEFAULT_CATEGORY_OPTION_COMBO, ids_for, named_uid, uids_for
from dxtrack.dhis2.webmessage import Dhis2Error
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator
from dxtrack.reporting.models import ReportingForm

SCHEMES = ("UID", "CODE", "NAME")
OBJECTS = ("dataElement", "orgUnit", "dataSet", "categoryOptionCombo")
PARAMETERS = {
    "idScheme", "inputIdScheme", *(f"{name}IdScheme" for name in OBJECTS),
    *(f"input{name[0].upper()}{name[1:]}IdScheme" for name in OBJECTS),
}
# The parts of a percentage travel as two extra category option combos (docs/dhis2.md).
PARTS = ("numerator", "denominator")


def part_uid(part: str) -> str:
    return named_uid(f"category_option_combo_{part}")


def request_schemes(given: Any, *, prefix: str = "") -> dict[str, str]:
    """{object: scheme} from the query string (or an XML body's attributes); `prefix` "input"
    reads the export's inputIdScheme, inputOrgUnitIdScheme, …"""
    general = _scheme(given, f"{prefix}IdScheme" if prefix else "idScheme", "UID")
    return {name: _scheme(given, _parameter(prefix, name), general) for name in OBJECTS}


def _parameter(prefix: str, name: str) -> str:
    return f"{prefix}{name[0].upper()}{name[1:]}IdScheme" if prefix else f"{name}IdScheme"


def _scheme(given: Any, name: str, default: str) -> str:
    text = (given.get(name) or "").strip()
    if not text:
        return default
    if text.upper() not in SCHEMES:
        raise Dhis2Error(400, _("%(name)s=%(value)s is not supported: use UID, CODE or NAME.") % {"name": name, "value": text[:40]})
    return text.upper()


def _name(obj: Any) -> str:
    return obj.name


class Identifiers:
    """Names our objects by the request's schemes, and finds them again from those names."""

    def __init__(self, schemes: dict[str, str]) -> None:
        self.schemes = schemes
        self._units: dict[str, list[OrgUnit]] = {}
        self._elements: dict[str, list[Indicator]] = {}
        self._combos: dict[str, str] | None = None  # UID → "" (default) or the part, read once

    # --- out --------------------------------------------------------------------------------

    def elements_out(self, indicators: Iterable[Indicator]) -> dict[int, str]:
        return self._out(Indicator, list(indicators), self.schemes["dataElement"])

    def units_out(self, units: Iterable[OrgUnit]) -> dict[int, str]:
        return self._out(OrgUnit, list(units), self.schemes["orgUnit"])

    def data_set_out(self, form: ReportingForm) -> str:
        return self._out(ReportingForm, [form], self.schemes["dataSet"])[form.pk]

    def combo_out(self, part: str | None = None) -> str:
        if self.schemes["categoryOptionCombo"] == "UID":
            return part_uid(part) if part else named_uid(DEFAULT_CATEGORY_OPTION_COMBO)
        return part or "default"

    @staticmethod
    def _out(model: Any, objects: list[Any], scheme: str) -> dict[int, str]:
        if scheme == "UID":
            return uids_for(model, [obj.pk for obj in objects])
        if scheme == "CODE":
            return {obj.pk: obj.code for obj in objects}
        return {obj.pk: _name(obj) for obj in objects}

    # --- in ---------------------------------------------------------------------------------

    def prefetch(self, *, elements: Iterable[str] = (), units: Iterable[str] = ()) -> None:
        """Look up many identifiers at once (two queries a kind, not two per identifier)."""
        self._elements.update(self._find_many(Indicator, set(elements) - set(self._elements), self.schemes["dataElement"]))
        self._units.update(self._find_many(OrgUnit, set(units) - set(self._units), self.schemes["orgUnit"]))

    @staticmethod
    def _find_many(model: Any, texts: set[str], scheme: str) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = {text: [] for text in texts if text}
        if not found:
            return found
        if scheme == "UID":
            ids = ids_for(model, found)
            objects = model.objects.in_bulk(list(ids.values()))
            for uid, pk in ids.items():
                if pk in objects:
                    found[uid].append(objects[pk])
        elif scheme == "CODE":
            for obj in model.objects.filter(code__in=list(found)):
                found[obj.code].append(obj)
        else:
            for obj in model.objects.filter(name_vi__in=list(found)):
                found[obj.name_vi].append(obj)
            for obj in model.objects.filter(name_en__in=[text for text, objects in found.items() if not objects]):
                found[obj.name_en].append(obj)
        return found

    def element_in(self, text: str) -> list[Indicator]:
        """Every indicator `text` names (more than one: ambiguous; none: unknown)."""
        if text not in self._elements:
            self._elements[text] = self._find(Indicator, text, self.schemes["dataElement"])
        return self._elements[text]

    def unit_in(self, text: str, period: str) -> list[OrgUnit]:
        """The units `text` names that existed in `period` (an old and a new unit may share a
        code or a name; the period tells them apart, as in our own import)."""
        if text not in self._units:
            self._units[text] = self._find(OrgUnit, text, self.schemes["orgUnit"])
        found = self._units[text]
        if len(found) > 1:
            try:
                parsed = parse_period(period)
            except AnalyticsError:
                return found
            found = [unit for unit in found if unit.overlaps(parsed.start, parsed.end)] or found
        return found

    def data_set_in(self, text: str) -> list[ReportingForm]:
        return self._find(ReportingForm, text, self.schemes["dataSet"])

    def combo_in(self, text: str) -> str | None:
        """"" for the default, "numerator" / "denominator" for a part, None when unknown."""
        if self._combos is None:
            self._combos = {named_uid(DEFAULT_CATEGORY_OPTION_COMBO): "", "": "", "default": "", "DEFAULT": ""}
            for part in PARTS:
                self._combos[part_uid(part)] = self._combos[part] = self._combos[part.upper()] = part
        text = (text or "").strip()
        return self._combos.get(text, self._combos.get(text.lower()))

    @staticmethod
    def _find(model: Any, text: str, scheme: str) -> list[Any]:
        if not text:
            return []
        if scheme == "UID":
            ids = ids_for(model, [text])
            return list(model.objects.filter(pk__in=ids.values()))
        if scheme == "CODE":
            return list(model.objects.filter(code=text))
        return list(model.objects.filter(name_vi=text)) or list(model.objects.filter(name_en=text))
