"""Writes of org units and lineage links. The materialised `path` is kept here, never by a signal.

| service | also does |
| --- | --- |
| ``orgunit_upsert(code=, …)`` | paths below a moved unit (imports; the caller tells the store) |
| ``orgunit_save(unit)`` | refuses a unit becoming its own ancestor; paths below; the store follows |
| ``orgunit_delete(unit)`` | the store follows |
| ``lineage_save(link)`` | refuses a link to itself or a cycle; the store follows |
| ``lineage_delete(link)`` | the store follows |
| ``orgunit_changes()`` | a block of the above (a unit with its links): the store follows once |

"The store follows": the areas a unit's values count in (decision 0017, figures/store.py)
come from the tree and the lineage, so a change to either rebuilds the aggregate store's
memberships and cells in the same transaction (`figures.services.store_orgunits_changed`).
Such edits are rare (an administrator's correction, a reform), so a rebuild is the simple and
safe answer; an edit of a name or a division type alone changes no figure and rebuilds nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage

# The fields that decide which areas a unit's values count in (figures/territory.py).
TERRITORY_FIELDS = ("parent_id", "kind", "valid_from", "valid_to")


def _path_below(parent: OrgUnit | None) -> str:
    return "/" if parent is None else f"{parent.path}{parent.pk}/"


@transaction.atomic
def orgunit_upsert(
    *,
    code: str,
    kind: OrgUnitKind | str,
    name_vi: str,
    name_en: str = "",
    parent: OrgUnit | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    division_type: str = "",
) -> tuple[OrgUnit, bool]:
    """Create the unit (code, valid_from) or bring it up to date; returns (unit, changed)."""
    fields = {
        "kind": kind,
        "name_vi": name_vi,
        "name_en": name_en,
        "parent": parent,
        "valid_to": valid_to,
        "division_type": division_type,
        "path": _path_below(parent),
    }
    # Imported here: the figures app sits above orgunits. Figures count a unit by its place,
    # dates and kind, so any change of them bumps the store version (decision 0026).
    from dxtrack.figures.versions import figures_changed

    unit = OrgUnit.objects.filter(code=code, valid_from=valid_from).first()
    if unit is None:
        unit = OrgUnit.objects.create(code=code, valid_from=valid_from, **fields)
        figures_changed()
        return unit, True
    changed = [name for name, value in fields.items() if getattr(unit, name) != value]
    if changed:
        for name in changed:
            setattr(unit, name, fields[name])
        unit.save(update_fields=changed)
        if "path" in changed or "parent" in changed:
            orgunit_rebuild_paths(root=unit)
        figures_changed()
    return unit, bool(changed)


def orgunit_rebuild_paths(*, root: OrgUnit) -> None:
    """Recompute the paths of everything below `root` after it moved."""
    pending = [root]
    while pending:
        unit = pending.pop()
        children = list(unit.children.all())
        for child in children:
            child.path = _path_below(unit)
        OrgUnit.objects.bulk_update(children, ["path"])
        pending.extend(children)


def _store_follows() -> None:
    # Imported here: the figures app sits above orgunits (it reads the tree).
    from dxtrack.figures.services import store_orgunits_changed

    store_orgunits_changed()


@contextmanager
def orgunit_changes() -> Iterator[None]:
    """One transaction for several of these writes, after which the store follows once (an
    admin save of a unit and its inline successor links would rebuild it once per write)."""
    from dxtrack.figures.services import store_orgunits_deferred

    with transaction.atomic(), store_orgunits_deferred():
        yield


def orgunit_parent_error(unit: OrgUnit, parent: OrgUnit | None) -> str | None:
    """Why `parent` cannot hold `unit` (it is the unit or lies below it), else None."""
    if parent is None or unit.pk is None:
        return None
    seen: set[int] = set()
    current: int | None = parent.pk
    while current is not None and current not in seen:
        if current == unit.pk:
            return _(
                "%(unit)s cannot be placed under %(parent)s: %(parent)s lies inside it, so the unit "
                "would become its own ancestor."
            ) % {"unit": unit, "parent": parent}
        seen.add(current)
        current = OrgUnit.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return None


@transaction.atomic
def orgunit_save(unit: OrgUnit) -> OrgUnit:
    """Save a unit edited in place (the admin), keeping paths and the figures store in step."""
    error = orgunit_parent_error(unit, unit.parent)
    if error:
        raise ValidationError({"parent": [error]}, code="orgunit_own_ancestor")
    before = OrgUnit.objects.filter(pk=unit.pk).values(*TERRITORY_FIELDS).first() if unit.pk else None
    unit.path = _path_below(unit.parent)
    unit.save()
    if before is not None and before["parent_id"] != unit.parent_id:
        orgunit_rebuild_paths(root=unit)
    if before is None or any(before[name] != getattr(unit, name) for name in TERRITORY_FIELDS):
        _store_follows()
    return unit


@transaction.atomic
def orgunit_delete(unit: OrgUnit) -> None:
    """Delete a unit (the database refuses one still referenced: children, links, values)."""
    unit.delete()
    _store_follows()


def lineage_error(link: OrgUnitLineage) -> str | None:
    """Why the link cannot be: a unit succeeding itself, directly or through other links."""
    if link.from_unit_id is None or link.to_unit_id is None:
        return None
    if link.from_unit_id == link.to_unit_id:
        return _("A unit cannot be its own successor (%(unit)s).") % {"unit": link.from_unit}
    others = OrgUnitLineage.objects.exclude(pk=link.pk) if link.pk else OrgUnitLineage.objects.all()
    frontier, seen = {link.to_unit_id}, {link.to_unit_id}
    while frontier:
        following = set(others.filter(from_unit_id__in=frontier).values_list("to_unit_id", flat=True)) - seen
        if link.from_unit_id in following:
            return _(
                "%(to)s already became %(from)s through other links: this link would make a unit "
                "its own ancestor."
            ) % {"from": link.from_unit, "to": link.to_unit}
        seen |= following
        frontier = following
    return None


@transaction.atomic
def lineage_save(link: OrgUnitLineage) -> OrgUnitLineage:
    error = lineage_error(link)
    if error:
        raise ValidationError({"to_unit": [error]}, code="lineage_cycle")
    link.save()
    _store_follows()
    return link


@transaction.atomic
def lineage_delete(link: OrgUnitLineage) -> None:
    link.delete()
    _store_follows()
