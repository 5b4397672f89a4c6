"""One sub-period of a roll-up: which value counts for which expected commune.

Two rules of docs/figures.md decide it, each with one home here:

- **Real before sample, per sub-area** (§1): a unit between the area and its communes (a
  district) whose own value for the sub-period is real stands for all its communes — their
  values are left out (``via="sub_area"``), as the district's own figure would say; its own
  sample value stands for them only when none of their values is real. Outermost first.
- **Overlaps across the reform** (§7): a commune that ended during the sub-period stands in for
  the commune it became (``via="lineage"``) only when that successor did not report the same
  period itself. When both did — an old and a new unit reporting the same full period for the
  same territory — the successor's value is used and the old ones are left out
  (``via="overlap"``), counted in ``Cell.overlaps`` and named in a ``LineageNote``: never a
  silent drop, never a double count. A successor counts as reported *through its
  predecessors* only when every unit it was formed from reported; else it is missing (the
  values that came count, the figure is partial).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from dxtrack.figures.cells import EMPTY, Cell, Contribution, cell_add, cell_of, usable
from dxtrack.figures.shapes import LineageNote, UnitRef
from dxtrack.figures.territory import Slot
from dxtrack.orgunits.models import OrgUnit

# (unit id, share of it in the area, whether it comes through lineage) → its contribution, if it reported
ContributionOf = Callable[[int, Decimal, bool], Contribution | None]


@dataclass(frozen=True)
class Used:
    """A value met in the sub-period: counted, or left out and why."""

    unit: OrgUnit
    share: Decimal
    via: str = ""  # "" (the commune itself), "lineage", "overlap" (left out), "sub_area" (own value, or left out)
    counted: bool = True


@dataclass(frozen=True)
class SubRollUp:
    cell: Cell
    expected: tuple[OrgUnit, ...]
    reported: tuple[OrgUnit, ...]
    without_parts: tuple[OrgUnit, ...]
    missing: tuple[OrgUnit, ...]
    values: tuple[Used, ...]
    notes: tuple[LineageNote, ...]


def ref(unit: OrgUnit) -> UnitRef:
    return UnitRef(unit.pk, unit.code, unit.name_vi, unit.name_en)


def _refs(units: Sequence[OrgUnit]) -> tuple[UnitRef, ...]:
    return tuple(ref(u) for u in units)


class _Tally:
    """What the sub-period's slots add up to, in the order they are met."""

    def __init__(self, rule: str, period: str) -> None:
        self.rule, self.period = rule, period
        self.plain: list[Contribution] = []  # counted values of communes reporting for themselves
        self.extra = EMPTY
        self.reported: list[OrgUnit] = []
        self.without: list[OrgUnit] = []
        self.missing: list[OrgUnit] = []
        self.values: list[Used] = []
        self.notes: list[LineageNote] = []

    def count(self, unit: OrgUnit, usable_: bool) -> None:
        (self.reported if usable_ else self.without).append(unit)

    def note(self, kind: str, unit: OrgUnit, used: Sequence[OrgUnit], left_out: Sequence[OrgUnit]) -> None:
        self.notes.append(LineageNote(kind, self.period, ref(unit), _refs(used), _refs(left_out)))


def roll_up_sub(
    *, slots: Sequence[Slot], sub_areas: Sequence[OrgUnit], contribution: ContributionOf, rule: str, period: str,
    lineage: Callable[[OrgUnit], bool],
) -> SubRollUp:
    """The cell of one sub-period of an area's roll-up and who reported for whom."""
    tally = _Tally(rule, period)
    own = {slot.unit.pk: contribution(slot.unit.pk, slot.share, lineage(slot.unit)) for slot in slots}
    taken = _sub_area_values(tally, slots, sub_areas, own, contribution)
    for slot in slots:
        if slot.unit.pk in taken:
            continue
        mine = own[slot.unit.pk]
        stand = [(unit, part, contribution(unit.pk, part, True)) for unit, part in slot.stand_ins]
        present = [(unit, part, c) for unit, part, c in stand if c is not None]
        if mine is not None:
            tally.plain.append(mine)
            tally.count(slot.unit, usable(mine, rule))
            tally.values.append(Used(slot.unit, slot.share, "lineage" if mine.lineage else ""))
            if present:  # the overlap rule: the successor's own value for the full period is used
                tally.extra = tally.extra + Cell(overlaps=len(present))
                tally.values += [Used(unit, part, "overlap", counted=False) for unit, part, _ in present]
                tally.note("overlap", slot.unit, [slot.unit], [unit for unit, _, _ in present])
            continue
        if not present:
            tally.missing.append(slot.unit)
            continue
        for unit, part, c in present:
            tally.extra = cell_add(tally.extra, c, rule, counted=False)
            tally.values.append(Used(unit, part, "lineage"))
        if len(present) == len(stand):
            all_usable = all(usable(c, rule) for _, _, c in present)
            tally.extra = tally.extra + Cell(
                reported=int(all_usable), without_parts=int(not all_usable), through_predecessors=1,
            )
            tally.count(slot.unit, all_usable)
        else:
            tally.missing.append(slot.unit)
        tally.note("through_predecessors", slot.unit, [unit for unit, _, _ in present], [])
    return SubRollUp(
        cell=cell_of(tally.plain, rule) + tally.extra, expected=tuple(slot.unit for slot in slots),
        reported=tuple(tally.reported), without_parts=tuple(tally.without), missing=tuple(tally.missing),
        values=tuple(tally.values), notes=tuple(tally.notes),
    )


def _sub_area_values(
    tally: _Tally, slots: Sequence[Slot], sub_areas: Sequence[OrgUnit], own: dict[int, Contribution | None],
    contribution: ContributionOf,
) -> set[int]:
    """Real before sample per sub-area: the slots whose sub-area's own value stands for them."""
    taken: set[int] = set()
    for area in sub_areas:
        prefix = f"{area.path}{area.pk}/"
        under = [slot for slot in slots if slot.unit.pk not in taken and slot.unit.path.startswith(prefix)]
        if not under:
            continue
        value = contribution(area.pk, Decimal(1), False)
        if value is None:
            continue
        reported_under = [slot.unit for slot in under if own[slot.unit.pk] is not None]
        if value.sample and any(not own[unit.pk].sample for unit in reported_under):  # type: ignore[union-attr]
            continue  # rule 2 within the sub-area: its communes' real values before its own sample
        taken |= {slot.unit.pk for slot in under}
        fits = usable(value, tally.rule)
        tally.extra = cell_add(tally.extra, value, tally.rule, counted=False) + Cell(
            reported=len(under) if fits else 0, without_parts=0 if fits else len(under),
        )
        for slot in under:
            tally.count(slot.unit, fits)
        tally.values.append(Used(area, Decimal(1), "sub_area"))
        tally.values += [Used(unit, Decimal(1), "sub_area", counted=False) for unit in reported_under]
        tally.note("sub_area", area, [area], reported_under)
    return taken
