"""Which units report for an area in a period: its communes then, across boundary changes.

Rule 7 of docs/figures.md. An area's communes through time are its own subtree and, through
the lineage between communes:

- **forwards**, the communes its communes became, when such a commune lies wholly inside the
  area (every unit it was formed from is the area's): an old province continues on the new
  wards after 1 July 2025. A successor formed partly from outside the area is *straddling*:
  nothing says what part of it lies inside (a split's share is the part of the OLD unit that
  went to it), so it is left out and named (``straddling``), never counted whole;
- **backwards**, the communes its communes were formed from, each with the part of it inside
  the area (``share``: 1 for a merge, the link's share for a split, the parts added up when
  several of the area's units took parts of it): a new ward's history before the reform.

Per period the area expects the communes that existed on its last day, and those that ended
during it without a successor here. A commune that ended during the period and whose
successor is expected *stands in* for it (:class:`Slot`): its value counts for the successor
only when the successor did not report that period itself (the overlap rule, in compute).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.selectors import orgunit_subtree

LEAF = OrgUnitKind.COMMUNE
ONE = Decimal(1)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Link:
    from_id: int
    to_id: int
    share: Decimal  # the part of the old unit that went to the new one (1 for a merge)


class LineageGraph:
    """The lineage links between communes, loaded as a territory reaches out (one query per
    step) and shared by the territories of the units inside an area."""

    def __init__(self) -> None:
        self.units: dict[int, OrgUnit] = {}
        self.successors: dict[int, list[Link]] = defaultdict(list)
        self.predecessors: dict[int, list[Link]] = defaultdict(list)
        self._loaded: set[int] = set()
        self._seen: set[int] = set()

    def load(self, unit_ids: Iterable[int]) -> None:
        new = set(unit_ids) - self._loaded
        if not new:
            return
        self._loaded |= new
        links = OrgUnitLineage.objects.filter(
            Q(from_unit__in=new) | Q(to_unit__in=new), from_unit__kind=LEAF, to_unit__kind=LEAF,
        ).select_related("from_unit", "to_unit")
        for link in links:
            if link.pk in self._seen:
                continue
            self._seen.add(link.pk)
            self.units[link.from_unit_id] = link.from_unit
            self.units[link.to_unit_id] = link.to_unit
            edge = Link(link.from_unit_id, link.to_unit_id, ONE if link.share is None else link.share)
            self.successors[edge.from_id].append(edge)
            self.predecessors[edge.to_id].append(edge)


@dataclass(frozen=True)
class Slot:
    """One expected commune of a period and the communes that may stand in for it: those it
    was formed from that existed during the period (with the part of each that went to it)."""

    unit: OrgUnit
    share: Decimal
    stand_ins: tuple[tuple[OrgUnit, Decimal], ...] = ()


class Territory:
    """An area's units through time: its own subtree, and the communes those became or were
    formed from (see the module's docstring)."""

    def __init__(
        self, area: OrgUnit, units: dict[int, OrgUnit] | None = None, graph: LineageGraph | None = None,
    ) -> None:
        self.area = area
        self.graph = graph or LineageGraph()
        self._cache: dict[tuple[str, date, date], list] = {}
        subtree = units if units is not None else {unit.pk: unit for unit in orgunit_subtree(area)}
        self.units: dict[int, OrgUnit] = dict(subtree)
        self.shares: dict[int, Decimal] = {}
        self.straddling: dict[int, OrgUnit] = {}
        self._area_links: list[OrgUnit] | None = None
        leaves = {pk for pk, unit in subtree.items() if unit.kind == LEAF}
        self._successors_inside(leaves)
        self._predecessors_with_shares(leaves)

    def _successors_inside(self, leaves: set[int]) -> None:
        frontier = set(leaves)
        while frontier:
            self.graph.load(frontier)
            candidates = {
                link.to_id for pk in frontier for link in self.graph.successors.get(pk, ())
                if link.to_id not in self.units
            }
            self.graph.load(candidates)
            frontier = set()
            for pk in sorted(candidates):
                formed_from = [link.from_id for link in self.graph.predecessors.get(pk, ())]
                if all(source in self.units for source in formed_from):
                    self.units[pk] = self.graph.units[pk]
                    self.straddling.pop(pk, None)
                    frontier.add(pk)
                else:
                    self.straddling[pk] = self.graph.units[pk]

    def _predecessors_with_shares(self, leaves: set[int]) -> None:
        frontier = {pk: ONE for pk in leaves}
        seen = set(self.units)
        while frontier:
            self.graph.load(frontier)
            parts: dict[int, Decimal] = defaultdict(Decimal)
            for pk, part in frontier.items():
                for link in self.graph.predecessors.get(pk, ()):
                    if link.from_id not in seen:
                        parts[link.from_id] += link.share * part
            for pk, part in parts.items():
                self.units[pk] = self.graph.units[pk]
                self.shares[pk] = min(ONE, part)
            seen |= set(parts)
            frontier = dict(parts)

    @property
    def area_links(self) -> list[OrgUnit]:
        """The units the area itself is linked to by lineage links that are not between
        communes (province 74 → city 79, a district's): such links are not followed — they say
        nothing of which part went where, and the communes' own links carry the values across
        the reform — so a figure names them in an ``area_lineage`` note instead."""
        if self._area_links is None:
            links = OrgUnitLineage.objects.filter(Q(from_unit=self.area) | Q(to_unit=self.area)).exclude(
                from_unit__kind=LEAF, to_unit__kind=LEAF,
            ).select_related("from_unit", "to_unit")
            others = {link.to_unit if link.from_unit_id == self.area.pk else link.from_unit for link in links}
            self._area_links = sorted(others, key=lambda unit: (unit.code, unit.valid_from or date.min))
        return self._area_links

    def share(self, unit_id: int) -> Decimal:
        """The part of the unit's territory inside the area (1 unless it was split)."""
        return self.shares.get(unit_id, ONE)

    def within(self, unit: OrgUnit) -> Territory:
        """The territory of a unit inside this one, from the units and links already known."""
        prefix = f"{unit.path}{unit.pk}/"
        below = {pk: u for pk, u in self.units.items() if pk == unit.pk or u.path.startswith(prefix)}
        return Territory(unit, below, self.graph)

    def leaves(self, *, start: date, end: date) -> list[OrgUnit]:
        """Communes that existed on at least one day of [start, end] (kept per period: every
        indicator of a book asks for the same periods)."""
        key = ("leaves", start, end)
        if key not in self._cache:
            self._cache[key] = sorted(
                (u for u in self.units.values() if u.kind == LEAF and u.overlaps(start, end)), key=lambda u: u.code,
            )
        return self._cache[key]

    def expected(self, *, start: date, end: date) -> list[OrgUnit]:
        """The communes expected to report for [start, end]: those that existed on its last day,
        and those that ended during it without a successor here (a successor reports instead)."""
        key = ("expected", start, end)
        if key not in self._cache:
            self._cache[key] = [
                unit for unit in self.leaves(start=start, end=end) if unit.exists_on(end) or not self._succeeded(unit, end)
            ]
        return self._cache[key]

    def slots(self, *, start: date, end: date) -> list[Slot]:
        """The expected communes of [start, end], each with the communes that stand in for it."""
        key = ("slots", start, end)
        if key not in self._cache:
            expected = self.expected(start=start, end=end)
            wanted = {unit.pk for unit in expected}
            stand_ins: dict[int, list[tuple[OrgUnit, Decimal]]] = defaultdict(list)
            for unit in self.leaves(start=start, end=end):
                if unit.pk not in wanted:
                    for successor, part in self._expected_successors(unit.pk, wanted):
                        stand_ins[successor].append((unit, part))
            self._cache[key] = [Slot(unit, self.share(unit.pk), tuple(stand_ins.get(unit.pk, ()))) for unit in expected]
        return self._cache[key]

    def _expected_successors(self, unit_id: int, wanted: set[int]) -> list[tuple[int, Decimal]]:
        """The expected communes a commune became (through a chain of links), with its part in each."""
        found: dict[int, Decimal] = defaultdict(Decimal)
        frontier, visited = {unit_id: ONE}, {unit_id}
        while frontier:
            following: dict[int, Decimal] = defaultdict(Decimal)
            for pk, part in frontier.items():
                for link in self.graph.successors.get(pk, ()):
                    if link.to_id not in self.units or link.to_id in visited:
                        continue
                    if link.to_id in wanted:
                        found[link.to_id] += part * link.share
                    else:
                        following[link.to_id] += part * link.share
            visited |= set(following)
            frontier = following
        return sorted(found.items())

    def _succeeded(self, unit: OrgUnit, on: date) -> bool:
        self.graph.load([unit.pk])
        return any(
            (successor := self.units.get(link.to_id)) is not None and successor.exists_on(on)
            for link in self.graph.successors.get(unit.pk, ())
        )

    def sub_areas(self, *, start: date, end: date) -> list[OrgUnit]:
        """The units between the area and its communes (districts) that existed during
        [start, end], outermost first: their own values may stand for their communes (rule 1)."""
        prefix = f"{self.area.path}{self.area.pk}/"
        key = ("sub_areas", start, end)
        if key not in self._cache:
            self._cache[key] = sorted(
                (
                    u for u in self.units.values()
                    if u.kind not in REPORTING_KINDS and u.pk != self.area.pk and u.path.startswith(prefix) and u.overlaps(start, end)
                ),
                key=lambda u: (u.path.count("/"), u.code),
            )
        return self._cache[key]

    def at_level(self, kind: str, *, on: date) -> list[OrgUnit]:
        return sorted((u for u in self.units.values() if u.kind == kind and u.exists_on(on) and u.pk != self.area.pk), key=lambda u: u.code)


# Units that report for themselves: an area of one of these kinds is its own reporting unit.
REPORTING_KINDS = (OrgUnitKind.COMMUNE, OrgUnitKind.AGENCY)


def area_has_units(area: OrgUnit) -> bool:
    """Whether anything can report for the area: it is a commune or an agency itself, or some
    unit lies below it. Lineage links of the area itself do not count: only links between
    communes are followed (`Territory.area_links`), and a commune's links reach an area only
    through the communes below it."""
    if area.kind in REPORTING_KINDS:
        return True
    return orgunit_subtree(area, include_self=False).exists()
