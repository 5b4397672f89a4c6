"""The aggregate store's memberships: the areas a unit's values count in.

An area's roll-up counts the units of its `Territory` (dxtrack/figures/territory.py: its
subtree and, across the 1 July 2025 reform, the units those became through the lineage). The
store keeps that relation as rows (unit, area) so that one SQL statement can add every value
to every area it counts in, and a write can find the areas to refresh. The rule itself stays
in `Territory`: this module only asks it, area by area.

Only areas whose territory holds a unit besides the area itself get rows: the others (a ward
nobody became) have no roll-up, and their figure is their own value.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from dxtrack.figures.models import Membership
from dxtrack.figures.territory import LEAF, Territory
from dxtrack.orgunits.models import OrgUnit, OrgUnitLineage


def candidate_areas() -> list[OrgUnit]:
    """Units that may have a territory beyond themselves: those with children or successors."""
    parents = set(OrgUnit.objects.exclude(parent__isnull=True).values_list("parent_id", flat=True))
    predecessors = set(OrgUnitLineage.objects.values_list("from_unit_id", flat=True))
    return list(OrgUnit.objects.filter(pk__in=parents | predecessors))


def membership_rows(area: OrgUnit) -> list[Membership]:
    territory = Territory(area)
    if set(territory.units) == {area.pk}:
        return []
    return [Membership(unit_id=pk, area_id=area.pk, leaf=unit.kind == LEAF) for pk, unit in territory.units.items()]


@transaction.atomic
def memberships_rebuild() -> int:
    """Every area's members again, from the org units and lineage as they are now."""
    Membership.objects.all().delete()
    rows = [row for area in candidate_areas() for row in membership_rows(area)]
    Membership.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def areas_of(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """{unit: areas whose roll-up its values count in}."""
    found: dict[int, set[int]] = {}
    for unit, area in Membership.objects.filter(unit_id__in=list(unit_ids)).values_list("unit_id", "area_id"):
        found.setdefault(unit, set()).add(area)
    return found


def members_of(area_id: int) -> set[int]:
    """The units counted in an area's roll-up (empty: the area has none)."""
    return set(Membership.objects.filter(area_id=area_id).values_list("unit_id", flat=True))
