"""The aggregate store's memberships: the areas a unit's values count in.

An area's roll-up counts the units of its `Territory` (dxtrack/figures/territory.py: its
subtree and, across the 1 July 2025 reform, the units those became through the lineage). The
store keeps that relation as rows (unit, area) so that one SQL statement can add every value
to every area it counts in, and a write can find the areas to refresh. The rule itself stays
in `Territory`: this module only asks it, area by area.

Only areas whose territory holds a unit besides the area itself get rows: the others (a ward
nobody became) have no roll-up, and their figure is their own value.

A rebuild writes the memberships of the areas the lineage does not reach (no commune of their
subtree has a link: the territory is the subtree) with one INSERT … SELECT over the units'
paths; only the areas the lineage reaches ask `Territory` (the rule with its home there), so a
country of today's units needs no Python per area.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

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


def _lineage_areas(candidates: set[int]) -> set[int]:
    """Candidate areas with a commune that has a lineage link (between communes) in their
    subtree, or that are such a commune: their territory is more than their subtree."""
    links = OrgUnitLineage.objects.filter(from_unit__kind=LEAF, to_unit__kind=LEAF)
    linked = set(links.values_list("from_unit_id", flat=True)) | set(links.values_list("to_unit_id", flat=True))
    reached: set[int] = set()
    for pk, path in OrgUnit.objects.filter(pk__in=linked).values_list("pk", "path"):
        reached.add(pk)
        reached.update(int(part) for part in path.split("/") if part)
    return reached & candidates


def _subtree_memberships_insert(skip: set[int]) -> None:
    """Every unit of each area's subtree (itself included) for areas with children, but `skip`."""
    units, members = connection.ops.quote_name(OrgUnit._meta.db_table), connection.ops.quote_name(Membership._meta.db_table)
    params: list[object] = [LEAF]
    skipped = ""
    if skip:
        skipped = f"AND a.id NOT IN ({', '.join(['%s'] * len(skip))})"
        params.extend(sorted(skip))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {members} (unit_id, area_id, leaf, share) "  # noqa: S608 - names from the models, values as parameters
            f"SELECT u.id, a.id, u.kind = %s, 1 FROM {units} a JOIN {units} u "
            "ON u.id = a.id OR u.path LIKE a.path || CAST(a.id AS TEXT) || '/%%' "
            f"WHERE a.id IN (SELECT parent_id FROM {units} WHERE parent_id IS NOT NULL) {skipped}",
            params,
        )


@transaction.atomic
def memberships_rebuild() -> int:
    """Every area's members again, from the org units and lineage as they are now."""
    Membership.objects.all().delete()
    areas = candidate_areas()
    reached = _lineage_areas({area.pk for area in areas})
    _subtree_memberships_insert(reached)
    rows = [row for area in areas if area.pk in reached for row in membership_rows(area)]
    Membership.objects.bulk_create(rows, batch_size=2000)
    return Membership.objects.count()


def areas_of(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """{unit: areas whose roll-up its values count in}."""
    found: dict[int, set[int]] = {}
    for unit, area in Membership.objects.filter(unit_id__in=list(unit_ids)).values_list("unit_id", "area_id"):
        found.setdefault(unit, set()).add(area)
    return found


def members_of(area_id: int) -> set[int]:
    """The units counted in an area's roll-up (empty: the area has none)."""
    return set(Membership.objects.filter(area_id=area_id).values_list("unit_id", flat=True))
