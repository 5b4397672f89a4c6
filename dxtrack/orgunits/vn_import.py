"""Import Viet Nam's administrative units from the PyPI package `vietnamadminunits`.

The package (MIT) ships, inside its wheel:

* `data/dataset.db`, a SQLite file with two tables: `admin_units` (the 34 provinces and
  3,321 communes/wards in force since 1 July 2025, two tiers) and `admin_units_legacy`
  (the 63 provinces, 696 districts and 10,035 communes/wards before; 10,040 rows because
  five island districts have no commune: Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo).
  Codes are the official GSO codes (province 2 digits, district 3, commune 5).
* `data/converter_2025.json`, the old → new conversion keyed by the package's slug keys:
  `DICT_PROVINCE` (new province → old provinces), `DICT_PROVINCE_WARD_NO_DIVIDED`
  (new ward → the old wards that went into it whole) and `DICT_PROVINCE_WARD_DIVIDED`
  (old ward that was split → the new wards it went to, one marked as the default).

What is written (one transaction, bulk inserts and updates, paths computed here):

* the country row `VN` (no dates), root of both trees;
* current provinces and wards: `valid_from` 2025-07-01, `valid_to` empty;
* with `legacy`: old provinces, districts and wards, `valid_from` empty, `valid_to` 2025-06-30;
* with `legacy`: lineage links effective 2025-07-01 — old province → new province, old ward →
  new ward(s), and the five ward-less island districts → the special zone (đặc khu) each became.
  Link kind: `split` when the old unit went to several new ones (the package publishes no
  shares, so `share` stays empty; the package's default successor is noted), `merge` when the
  new unit has several predecessors, `rename` for a one-to-one succession.

`provinces` (GSO codes, old or new) limits the run: the legacy part to the old provinces with
those codes, the current part to the new provinces with those codes plus the new provinces
the selected old ones became part of (`74` → old Binh Duong and new Ho Chi Minh City, whole).

Units the package does not name (agencies, hand-made rows) are never touched or deleted;
lineage links on 2025-07-01 from an imported old unit to an imported new unit that the package
no longer lists are removed, so a package upgrade is followed exactly.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from dxtrack.orgunits.models import LineageKind, OrgUnit, OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.services import orgunit_rebuild_paths

REFORM_DAY = date(2025, 7, 1)
LAST_LEGACY_DAY = date(2025, 6, 30)
COUNTRY_CODE = "VN"
DEFAULT_SUCCESSOR_NOTE = "default successor in vietnamadminunits"
BATCH_SIZE = 500

Key = tuple[str, date | None]  # (code, valid_from): the natural key of a unit

# Division prefixes as officially written → (English pattern for a named unit, for a numbered
# one); "{}" is the unaccented proper name ("Phường Phú Cường" → "Phu Cuong Ward", "Phường 1" →
# "Ward 1"). Two-word prefixes come first.
_DIVISIONS: dict[str, tuple[str, str]] = {
    "Thành phố": ("{} City", "City {}"),
    "Thị trấn": ("{} Township", "Township {}"),
    "Đặc khu": ("{} Special Zone", "Special Zone {}"),
    "Phường": ("{} Ward", "Ward {}"),
    "Thị xã": ("{} Town", "Town {}"),
    "Huyện": ("{} District", "District {}"),
    "Quận": ("{} District", "District {}"),
    "Tỉnh": ("{} Province", "Province {}"),
    "Xã": ("{} Commune", "Commune {}"),
}
_NUMBERED = re.compile(r"^(\d+[A-Z]?|[IVX]+)$")


class UnknownProvinceCode(ValueError):
    """One or more --province codes name no province, old or new."""

    def __init__(self, codes: list[str]):
        self.codes = codes
        super().__init__(", ".join(codes))


# --- Names ---------------------------------------------------------------------------------


def unaccent(text: str) -> str:
    """'Bình Dương' → 'Binh Duong'; đ/Đ become d/D."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def split_division(name_vi: str, fallback_type: str | None = None) -> tuple[str, str]:
    """'Phường Phú Cường' → ('Phường', 'Phú Cường'); 'Thị Xã Buôn Hồ' → ('Thị xã', 'Buôn Hồ').

    The prefix written in the name wins over the package's type column (four current wards
    have the two swapped); its capitalisation is made the official one."""
    folded = name_vi.strip().casefold()
    for prefix in _DIVISIONS:
        if folded.startswith(prefix.casefold() + " "):
            return prefix, name_vi.strip()[len(prefix) + 1 :].strip()
    return (fallback_type or "").strip(), name_vi.strip()


def official_name(name_vi: str, fallback_type: str | None = None) -> str:
    """The name with its division prefix as officially written: 'Thành Phố Bắc Kạn' → 'Thành phố Bắc Kạn'."""
    prefix, proper = split_division(name_vi, fallback_type)
    return f"{prefix} {proper}" if prefix and name_vi.strip().casefold().startswith(prefix.casefold()) else name_vi.strip()


def english_name(name_vi: str, fallback_type: str | None = None) -> str:
    """'Phường Phú Cường' → 'Phu Cuong Ward'; 'Quận 1' → 'District 1';
    'Thành phố Hồ Chí Minh' → 'Ho Chi Minh City'; 'Tỉnh Bình Dương' → 'Binh Duong Province'."""
    prefix, proper = split_division(name_vi, fallback_type)
    proper = unaccent(proper)
    named, numbered = _DIVISIONS.get(prefix, ("{}", "{}"))
    return (numbered if _NUMBERED.match(proper) else named).format(proper)


# --- Reading the package -------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    code: str
    kind: str
    division_type: str
    name_vi: str
    name_en: str
    parent: Key | None
    valid_from: date | None
    valid_to: date | None

    @property
    def key(self) -> Key:
        return (self.code, self.valid_from)


@dataclass(frozen=True)
class LinkSpec:
    from_key: Key
    to_key: Key
    kind: str
    note: str = ""


@dataclass
class Level:
    """One batch written together: a level of the tree, or one family of lineage links."""

    name: str  # country, provinces, wards, legacy_provinces, legacy_districts, legacy_wards, lineage_*
    units: list[UnitSpec] = field(default_factory=list)
    links: list[LinkSpec] = field(default_factory=list)


@dataclass
class VnDataset:
    levels: list[Level]
    current_provinces: list[str]
    legacy_provinces: list[str]


def package_data_dir() -> Path:
    """The `data/` folder of the installed `vietnamadminunits`, found without importing it
    (its `__init__` loads the address parser's large JSON files, which we do not need)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The package vietnamadminunits is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(db: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    return db.execute(sql).fetchall()


def _unit(code, kind, name_vi, type_column, parent, *, current: bool) -> UnitSpec:
    prefix, _proper = split_division(name_vi, type_column)
    return UnitSpec(
        code=code,
        kind=kind,
        division_type=prefix.lower(),
        name_vi=official_name(name_vi, type_column),
        name_en=english_name(name_vi, type_column),
        parent=parent,
        valid_from=REFORM_DAY if current else None,
        valid_to=None if current else LAST_LEGACY_DAY,
    )


def _normalise_code(code: str) -> str:
    code = str(code).strip()
    return code.zfill(2) if code.isdigit() and len(code) < 2 else code


def read_vn_dataset(
    *, legacy: bool = False, provinces: Iterable[str] | None = None, data_dir: Path | None = None
) -> VnDataset:
    """Read what the package says, as specs; no database access. Raises UnknownProvinceCode."""
    data_dir = data_dir or package_data_dir()
    db = sqlite3.connect((data_dir / "dataset.db").resolve().as_uri() + "?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    try:
        new_rows = _rows(
            db,
            "SELECT provinceCode, province, provinceKey, wardCode, ward, wardType, wardKey "
            "FROM admin_units ORDER BY provinceCode, wardCode",
        )
        old_rows = _rows(
            db,
            "SELECT provinceCode, province, provinceKey, districtCode, district, districtType, "
            "districtKey, wardCode, ward, wardType, wardKey "
            "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode",
        )
    finally:
        db.close()
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    new_code_of_key = {r["provinceKey"]: r["provinceCode"] for r in new_rows}
    old_code_of_key = {r["provinceKey"]: r["provinceCode"] for r in old_rows}
    successor_code: dict[str, str] = {}  # old province code → new province code
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            successor_code[old_code_of_key[old_key]] = new_code_of_key[new_key]

    all_new = sorted(set(new_code_of_key.values()))
    all_old = sorted(set(old_code_of_key.values()))
    if provinces is None:
        wanted_old = set(all_old) if legacy else set()
        wanted_new = set(all_new)
    else:
        codes = [_normalise_code(c) for c in provinces]
        unknown = [c for c in codes if c not in all_old and c not in all_new]
        if unknown:
            raise UnknownProvinceCode(unknown)
        selected_old = {c for c in codes if c in successor_code}
        wanted_old = selected_old if legacy else set()
        wanted_new = {c for c in codes if c in all_new} | {successor_code[c] for c in selected_old}

    country = UnitSpec(COUNTRY_CODE, OrgUnitKind.COUNTRY, "quốc gia", "Việt Nam", "Viet Nam", None, None, None)
    levels = [Level("country", units=[country])]

    # Current tree: country → 34 provinces → 3,321 wards.
    province_level, ward_level = Level("provinces"), Level("wards")
    new_ward_key: dict[tuple[str, str], Key] = {}  # (provinceKey, wardKey) → unit key, all of them
    seen: set[str] = set()
    for r in new_rows:
        code = r["provinceCode"]
        new_ward_key[(r["provinceKey"], r["wardKey"])] = (r["wardCode"], REFORM_DAY)
        if code not in wanted_new:
            continue
        if code not in seen:
            seen.add(code)
            province_level.units.append(
                _unit(code, OrgUnitKind.PROVINCE, r["province"], None, country.key, current=True)
            )
        ward_level.units.append(
            _unit(r["wardCode"], OrgUnitKind.COMMUNE, r["ward"], r["wardType"], (code, REFORM_DAY), current=True)
        )
    levels += [province_level, ward_level]

    if not legacy:
        return VnDataset(levels, sorted(wanted_new), [])

    # Legacy tree: country → 63 provinces → 696 districts → 10,035 wards.
    old_p, old_d, old_w = Level("legacy_provinces"), Level("legacy_districts"), Level("legacy_wards")
    old_unit_key: dict[str, Key] = {}  # the converter's "province_district_ward" slug → unit key, all
    seen_p: set[str] = set()
    seen_d: set[str] = set()
    for r in old_rows:
        pcode, dcode = r["provinceCode"], r["districtCode"]
        slug = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        # An island district without communes: the converter maps the district itself.
        old_unit_key[slug] = (r["wardCode"] or dcode, None)
        if pcode not in wanted_old:
            continue
        if pcode not in seen_p:
            seen_p.add(pcode)
            old_p.units.append(_unit(pcode, OrgUnitKind.PROVINCE, r["province"], None, country.key, current=False))
        if dcode not in seen_d:
            seen_d.add(dcode)
            old_d.units.append(
                _unit(dcode, OrgUnitKind.DISTRICT, r["district"], r["districtType"], (pcode, None), current=False)
            )
        if r["wardCode"]:
            old_w.units.append(
                _unit(r["wardCode"], OrgUnitKind.COMMUNE, r["ward"], r["wardType"], (dcode, None), current=False)
            )
    levels += [old_p, old_d, old_w]

    # Lineage, effective 1 July 2025, computed over the whole country (so that a link's kind
    # does not depend on --province), then kept for the selected old provinces only.
    province_pairs = [((old, None), (new, REFORM_DAY), False) for old, new in sorted(successor_code.items())]
    ward_pairs: set[tuple[Key, Key, bool]] = set()
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_slugs in wards.items():
            for slug in old_slugs:
                ward_pairs.add((old_unit_key[slug], new_ward_key[(new_pkey, new_wkey)], False))
    for new_pkey, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for slug, targets in divided.items():
            for t in targets:
                target = new_ward_key[(new_pkey, t["newWardKey"])]
                ward_pairs.add((old_unit_key[slug], target, bool(t["isDefaultNewWard"])))

    def selected(link: LinkSpec) -> bool:
        return link.from_key in selected_old_keys

    selected_old_keys = {u.key for level in (old_p, old_d, old_w) for u in level.units}
    ward_links = [link for link in _link_kinds(sorted(ward_pairs)) if selected(link)]
    levels.append(Level("lineage_provinces", links=[x for x in _link_kinds(province_pairs) if selected(x)]))
    levels.append(Level("lineage_districts", links=[x for x in ward_links if len(x.from_key[0]) == 3]))
    levels.append(Level("lineage_wards", links=[x for x in ward_links if len(x.from_key[0]) != 3]))
    return VnDataset(levels, sorted(wanted_new), sorted(wanted_old))


def _link_kinds(pairs: list[tuple[Key, Key, bool]]) -> list[LinkSpec]:
    """split: the old unit went to several new ones; merge: the new one has several
    predecessors; rename: one-to-one. `pairs` is (old, new, is the package's default)."""
    successors: dict[Key, int] = defaultdict(int)
    predecessors: dict[Key, int] = defaultdict(int)
    for source, target, _default in pairs:
        successors[source] += 1
        predecessors[target] += 1
    links = []
    for source, target, default in pairs:
        if successors[source] > 1:
            links.append(LinkSpec(source, target, LineageKind.SPLIT, DEFAULT_SUCCESSOR_NOTE if default else ""))
        elif predecessors[target] > 1:
            links.append(LinkSpec(source, target, LineageKind.MERGE))
        else:
            links.append(LinkSpec(source, target, LineageKind.RENAME))
    return links


# --- Writing -------------------------------------------------------------------------------

UNIT_FIELDS = ("kind", "division_type", "name_vi", "name_en", "parent_id", "path", "valid_to")
LINK_FIELDS = ("kind", "note")
LINEAGE_SCOPE = {
    "lineage_provinces": "legacy_provinces",
    "lineage_districts": "legacy_districts",
    "lineage_wards": "legacy_wards",
}
CURRENT_LEVELS = ("provinces", "wards")


@dataclass
class LevelResult:
    name: str
    total: int
    created: int = 0
    updated: int = 0
    removed: int = 0
    is_lineage: bool = False


@dataclass
class ImportResult:
    levels: list[LevelResult]
    seconds: float = 0.0

    @property
    def created(self) -> int:
        return sum(level.created for level in self.levels)

    @property
    def updated(self) -> int:
        return sum(level.updated for level in self.levels)

    @property
    def removed(self) -> int:
        return sum(level.removed for level in self.levels)

    @property
    def units(self) -> int:
        return sum(level.total for level in self.levels if not level.is_lineage)

    @property
    def links(self) -> int:
        return sum(level.total for level in self.levels if level.is_lineage)


def _chunks(items: list, size: int = BATCH_SIZE) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Writer:
    """Keeps every unit it knows by natural key, so parents and lineage ends are dict lookups."""

    def __init__(self, run_keys: set[Key]) -> None:
        self.run_keys = run_keys
        self.units: dict[Key, OrgUnit] = {
            (u.code, u.valid_from): u
            for u in OrgUnit.objects.only("id", "code", "valid_from", *UNIT_FIELDS).order_by()
        }
        self.links: dict[tuple[int, int], OrgUnitLineage] = {
            (link.from_unit_id, link.to_unit_id): link
            for link in OrgUnitLineage.objects.filter(effective_on=REFORM_DAY).order_by()
        }
        self.imported: dict[str, set[int]] = {}  # level name → pks written by this run

    def write_units(self, level: Level) -> LevelResult:
        result = LevelResult(level.name, total=len(level.units))
        to_create: list[OrgUnit] = []
        to_update: list[OrgUnit] = []
        changed_fields: set[str] = set()
        moved: list[OrgUnit] = []
        for spec in level.units:
            parent = self.units[spec.parent] if spec.parent else None
            wanted = {
                "kind": str(spec.kind),
                "division_type": spec.division_type,
                "name_vi": spec.name_vi,
                "name_en": spec.name_en,
                "parent_id": parent.pk if parent else None,
                "path": f"{parent.path}{parent.pk}/" if parent else "/",
                "valid_to": spec.valid_to,
            }
            unit = self.units.get(spec.key)
            if unit is None:
                unit = OrgUnit(code=spec.code, valid_from=spec.valid_from, **wanted)
                to_create.append(unit)
                self.units[spec.key] = unit
                continue
            changed = [name for name, value in wanted.items() if getattr(unit, name) != value]
            if changed:
                for name in changed:
                    setattr(unit, name, wanted[name])
                changed_fields.update(changed)
                to_update.append(unit)
                if "path" in changed:
                    moved.append(unit)
        if to_create:
            OrgUnit.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
            self._fill_missing_pks(to_create)
        if to_update:
            OrgUnit.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
        result.created, result.updated = len(to_create), len(to_update)
        self.imported[level.name] = {self.units[spec.key].pk for spec in level.units}
        if moved:
            self._repath_foreign_children(moved)
        return result

    def _fill_missing_pks(self, created: list[OrgUnit]) -> None:
        """Backends that cannot return ids from a bulk insert: read them back by natural key."""
        missing = [u for u in created if u.pk is None]
        for chunk in _chunks(missing):
            by_key = {(u.code, u.valid_from): u for u in chunk}
            for pk, code, valid_from in OrgUnit.objects.filter(
                code__in={u.code for u in chunk}
            ).values_list("pk", "code", "valid_from"):
                if (code, valid_from) in by_key:
                    by_key[(code, valid_from)].pk = pk

    def _repath_foreign_children(self, moved: list[OrgUnit]) -> None:
        """A unit we moved may have children we do not import (agencies): fix their paths."""
        for chunk in _chunks(moved):
            by_pk = {u.pk: u for u in chunk}
            for child in OrgUnit.objects.filter(parent_id__in=list(by_pk)).order_by():
                if (child.code, child.valid_from) in self.run_keys:
                    continue  # written later in this run, from its parent's new path
                parent = by_pk[child.parent_id]
                child.path = f"{parent.path}{parent.pk}/"
                child.save(update_fields=["path"])
                orgunit_rebuild_paths(root=child)

    def write_links(self, level: Level) -> LevelResult:
        result = LevelResult(level.name, total=len(level.links), is_lineage=True)
        to_create: list[OrgUnitLineage] = []
        to_update: list[OrgUnitLineage] = []
        wanted_pairs: set[tuple[int, int]] = set()
        for spec in level.links:
            pair = (self.units[spec.from_key].pk, self.units[spec.to_key].pk)
            wanted_pairs.add(pair)
            link = self.links.get(pair)
            if link is None:
                link = OrgUnitLineage(
                    from_unit_id=pair[0], to_unit_id=pair[1], effective_on=REFORM_DAY,
                    kind=str(spec.kind), note=spec.note,
                )
                to_create.append(link)
                self.links[pair] = link
            elif link.kind != spec.kind or link.note != spec.note:
                # The share is left alone: the package has none, a person may have set one.
                link.kind, link.note = str(spec.kind), spec.note
                to_update.append(link)
        # Links this importer owns (old unit of this run → new unit of this run) that the
        # package no longer lists.
        sources = self.imported.get(LINEAGE_SCOPE[level.name], set())
        targets = set().union(*(self.imported.get(name, set()) for name in CURRENT_LEVELS))
        stale = [
            link for pair, link in self.links.items()
            if pair[0] in sources and pair[1] in targets and pair not in wanted_pairs
        ]
        if to_create:
            OrgUnitLineage.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            OrgUnitLineage.objects.bulk_update(to_update, list(LINK_FIELDS), batch_size=BATCH_SIZE)
        for chunk in _chunks(stale):
            OrgUnitLineage.objects.filter(pk__in=[link.pk for link in chunk]).delete()
        for link in stale:
            del self.links[(link.from_unit_id, link.to_unit_id)]
        result.created, result.updated, result.removed = len(to_create), len(to_update), len(stale)
        return result


def orgunits_import_vn(
    *,
    legacy: bool = False,
    provinces: Iterable[str] | None = None,
    progress: Callable[[LevelResult], None] | None = None,
) -> ImportResult:
    """Load Viet Nam's units (and, with `legacy`, the pre-2025 ones and the 2025 lineage).

    All or nothing: one transaction. Idempotent: a second run creates and updates nothing.
    Raises UnknownProvinceCode before touching the database.
    """
    started = time.perf_counter()
    dataset = read_vn_dataset(legacy=legacy, provinces=provinces)
    result = ImportResult(levels=[])
    with transaction.atomic():
        writer = _Writer({unit.key for level in dataset.levels for unit in level.units})
        for level in dataset.levels:
            level_result = writer.write_links(level) if level.name in LINEAGE_SCOPE else writer.write_units(level)
            result.levels.append(level_result)
            if progress:
                progress(level_result)
    result.seconds = time.perf_counter() - started
    return result
