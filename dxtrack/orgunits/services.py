"""Writes of org units. The materialised `path` is kept here, never by a signal."""

from datetime import date

from django.db import transaction

from dxtrack.orgunits.models import OrgUnit, OrgUnitKind


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
