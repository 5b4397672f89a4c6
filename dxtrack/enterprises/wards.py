"""Where an enterprise is: today's ward (after the 1 July 2025 reform) and, where the input
named one, the ward before it.

The `ward` of an import row is either a GSO ward code or an address:

* a code names today's ward with that code when there is one (codes were reused by the
  reform: 25747 is both the old Phú Cường ward and today's Thủ Dầu Một ward, its successor);
  otherwise an old ward, followed to today's ward through the lineage of the 2025 reform (the
  package's default successor where the old ward was split);
* an address is read with `vietnamadminunits`: first as a pre-2025 address converted to
  today's units (which also gives the old ward), then as an address in today's units.

`WardResolver` loads the units once and caches each distinct input, so that 68,000 rows that
name 91 wards cost 91 look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from vietnamadminunits import convert_address, parse_address

from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.vn_import import DEFAULT_SUCCESSOR_NOTE

WARD_CODE_LENGTH = 5


@dataclass(frozen=True)
class WardMatch:
    ward_id: int  # today's ward
    before_id: int | None  # the pre-2025 ward the input named, if it named one


class WardResolver:
    def __init__(self) -> None:
        communes = OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE)
        self.current = dict(communes.filter(valid_to__isnull=True).values_list("code", "pk"))
        self.legacy = dict(communes.filter(valid_to__isnull=False).values_list("code", "pk"))
        self.successors: dict[int, list[tuple[int, str]]] = {}
        links = OrgUnitLineage.objects.filter(from_unit_id__in=self.legacy.values(), to_unit__valid_to__isnull=True)
        for from_id, to_id, note in links.values_list("from_unit_id", "to_unit_id", "note"):
            self.successors.setdefault(from_id, []).append((to_id, note))
        self.codes = {pk: code for code, pk in (*self.legacy.items(), *self.current.items())}
        self.cache: dict[str, WardMatch | ValidationError] = {}

    def resolve(self, text: str) -> WardMatch:
        key = str(text or "").strip()
        if key not in self.cache:
            try:
                self.cache[key] = self._resolve(key)
            except ValidationError as error:
                self.cache[key] = error
        found = self.cache[key]
        if isinstance(found, ValidationError):
            raise found
        return found

    def code_of(self, unit_id: int | None) -> str:
        return self.codes.get(unit_id, "") if unit_id else ""

    def _resolve(self, text: str) -> WardMatch:
        if not text:
            raise ValidationError(_("The ward is empty: give a ward code (e.g. 25747) or an address."), code="empty")
        if text.endswith(".0"):  # a spreadsheet's number cell
            text = text[:-2]
        if text.isdigit():
            return self._by_code(text.zfill(WARD_CODE_LENGTH))
        return self._by_address(text)

    def _by_code(self, code: str) -> WardMatch:
        if code in self.current:
            return WardMatch(self.current[code], None)
        if code in self.legacy:
            old = self.legacy[code]
            return WardMatch(self._successor(old, code), old)
        raise ValidationError(_("No ward has the code %(code)s.") % {"code": code}, code="unknown_ward")

    def _successor(self, old_id: int, code: str) -> int:
        links = self.successors.get(old_id, [])
        chosen = [to for to, note in links if note == DEFAULT_SUCCESSOR_NOTE] or [to for to, _note in links]
        if len(set(chosen)) != 1:
            raise ValidationError(
                _("Ward %(code)s no longer exists and its successor since 1 July 2025 is not known: give today's ward.")
                % {"code": code},
                code="no_successor",
            )
        return chosen[0]

    def _by_address(self, address: str) -> WardMatch:
        converted = convert_address(address)
        if converted.ward_code:
            old = getattr(converted, "OldAdminUnit", None)
            before = self.legacy.get(old.ward_code) if old is not None and old.ward_code else None
            return WardMatch(self._current_or_error(converted.ward_code, address), before)
        parsed = parse_address(address, mode="FROM_2025")
        if parsed.ward_code:
            return WardMatch(self._current_or_error(parsed.ward_code, address), None)
        raise ValidationError(
            _("The address “%(address)s” names no ward we know: write it as “ward, (district,) province”, or give the ward code.")
            % {"address": address[:120]},
            code="address_no_ward",
        )

    def _current_or_error(self, code: str, address: str) -> int:
        if code not in self.current:
            raise ValidationError(
                _("The address “%(address)s” is in ward %(code)s, which is not among this installation's units.")
                % {"address": address[:120], "code": code},
                code="ward_not_loaded",
            )
        return self.current[code]
