"""Which units report for an area in a period: its communes then, across boundary changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.selectors import orgunit_subtree

LEAF = OrgUnitKind.COMMUNE


@dataclass(frozen=True)
class Member:
    """A unit reporting into an area: ``share`` of its territory lies in the area."""

    unit: OrgUnit
    share: int = 1


class Territory:
    """An area's units through time: its own subtree, and the units those became."""

    def __init__(self, area: OrgUnit, units: dict[int, OrgUnit] | None = None) -> None:
        self.area = area
        self._successors: dict[int, list[int]] | None = None
        self._cache: dict[tuple[str, date, date], list[OrgUnit]] = {}
        if units is not None:
            self.units = units
            return
        known = {unit.pk: unit for unit in orgunit_subtree(area)}
        frontier = set(known)
        while frontier:
            successors = OrgUnit.objects.filter(predecessor_links__from_unit__in=frontier).exclude(pk__in=known).distinct()
            frontier = set()
            for unit in successors:
                known[unit.pk] = unit
                frontier.add(unit.pk)
        self.units = known

    def within(self, unit: OrgUnit) -> Territory:
        """The territory of a unit inside this one, from the units already known."""
        prefix = f"{unit.path}{unit.pk}/"
        below = {pk: u for pk, u in self.units.items() if pk == unit.pk or u.path.startswith(prefix)}
        return Territory(unit, below)

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
            self._cache[key] = self._expected(start, end)
        return self._cache[key]

    def _expected(self, start: date, end: date) -> list[OrgUnit]:
        found = []
        for unit in self.units.values():
            if unit.kind != LEAF or not unit.overlaps(start, end):
                continue
            if unit.exists_on(end) or not self._succeeded(unit, end):
                found.append(unit)
        return sorted(found, key=lambda u: u.code)

    def _succeeded(self, unit: OrgUnit, on: date) -> bool:
        if self._successors is None:
            self._successors = {}
            for link in OrgUnitLineage.objects.filter(from_unit__in=list(self.units)).values_list("from_unit", "to_unit"):
                self._successors.setdefault(link[0], []).append(link[1])
        return any(
            (successor := self.units.get(pk)) is not None and successor.exists_on(on)
            for pk in self._successors.get(unit.pk, ())
        )

    def at_level(self, kind: str, *, on: date) -> list[OrgUnit]:
        return sorted((u for u in self.units.values() if u.kind == kind and u.exists_on(on) and u.pk != self.area.pk), key=lambda u: u.code)


# Units that report for themselves: an area of one of these kinds is its own reporting unit.
REPORTING_KINDS = (OrgUnitKind.COMMUNE, OrgUnitKind.AGENCY)


def area_has_units(area: OrgUnit) -> bool:
    """Whether anything can report for the area: it is a commune or an agency itself, or some
    unit lies below it, or it was formed from or became other units (lineage)."""
    if area.kind in REPORTING_KINDS:
        return True
    if orgunit_subtree(area, include_self=False).exists():
        return True
    return OrgUnitLineage.objects.filter(Q(from_unit=area) | Q(to_unit=area)).exists()
