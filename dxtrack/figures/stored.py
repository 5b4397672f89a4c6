"""Current figures read from the aggregate store (decision 0017).

`StoredAreaBook` is an `AreaBook` whose roll-ups come from the area's stored cells — one query,
O(indicators × periods) rows — instead of every value of its territory; the area's own values
are still read (a handful of rows), and every rule (`_choose`, `combine`, the coverage, the
judging) is the same code. Unit names and the values behind a figure (drill-down) are read
from the values when asked for. A figure as of a past date is computed from the version
history as before: history is not stored.

`area_book(...)` picks the book: the store's once `dxtrack figures rebuild` has filled it
(setting ``DXTRACK_FIGURES_STORE``: "auto", the default; "on" always; "off" never).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings

from dxtrack.analytics.periods import Period
from dxtrack.figures.aggregation import SOURCE_SEPARATOR, variant_name
from dxtrack.figures.cells import Cell
from dxtrack.figures.compute import AreaBook, ReadingIndex
from dxtrack.figures.models import Membership, StoredCell
from dxtrack.figures.reading import Reading, Variant, read_values
from dxtrack.figures.services import store_built
from dxtrack.figures.shapes import DEFAULT_THRESHOLD, CoverageUnits, Figure
from dxtrack.figures.territory import Territory
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator

_COLUMNS = (
    "indicator_id", "period", "reported", "without_parts", "values", "used", "sample", "unapproved", "lineage",
    "overlaps", "through_predecessors", "total", "numerator", "denominator", "weighted", "weights", "minimum",
    "maximum", "sources",
)


def store_in_use() -> bool:
    mode = getattr(settings, "DXTRACK_FIGURES_STORE", "auto")
    if mode == "off":
        return False
    return mode in ("on", "rebuild") or store_built()


def area_book(
    *, area: OrgUnit, indicators: Iterable[Indicator], variant: Variant, threshold: Decimal = DEFAULT_THRESHOLD,
) -> AreaBook:
    """The book of an area's figures: from the store for current figures, else computed."""
    if variant.as_of is None and getattr(settings, "DXTRACK_FIGURES_STORE", "auto") == "rebuild":
        from dxtrack.figures.services import cells_rebuild

        cells_rebuild()
    if variant.as_of is None and store_in_use():
        return StoredAreaBook(area=area, indicators=indicators, variant=variant, threshold=threshold)
    return AreaBook(area=area, indicators=indicators, variant=variant, threshold=threshold)


def stored_cells(area_ids: Iterable[int], indicator_ids: Iterable[int], variant: Variant) -> dict[int, dict[tuple[int, str], tuple[Cell, tuple[str, ...]]]]:
    """{area: {(indicator, period): (cell, sources)}} of some areas' stored roll-ups."""
    rows = StoredCell.objects.filter(
        unit_id__in=list(area_ids), indicator_id__in=list(indicator_ids),
        variant=variant_name(approved_only=variant.approved_only, sample=variant.sample),
    ).values_list("unit_id", *_COLUMNS)
    found: dict[int, dict[tuple[int, str], tuple[Cell, tuple[str, ...]]]] = {}
    for area, indicator, period, *numbers, sources in rows:
        cell = Cell(**dict(zip(_COLUMNS[2:-1], numbers, strict=True)))
        found.setdefault(area, {})[(indicator, period)] = (cell, tuple(sources.split(SOURCE_SEPARATOR)) if sources else ())
    return found


class StoredAreaBook(AreaBook):
    """An area's figures with the roll-ups read from the store."""

    def __init__(
        self, *, area: OrgUnit, indicators: Iterable[Indicator], variant: Variant,
        threshold: Decimal = DEFAULT_THRESHOLD, territory: Territory | None = None,
        readings: ReadingIndex | None = None, stored: dict | _AreaCells | None = None,
    ) -> None:
        indicators = list(indicators)
        shared = readings is not None  # a unit below: the area's values, read once for all of them
        if readings is None:
            ids = {i.pk for i in indicators} | {i.weight_indicator_id for i in indicators if i.weight_indicator_id}
            readings = ReadingIndex(read_values(indicator_ids=ids, unit_ids=[area.pk], variant=variant))
        super().__init__(area=area, indicators=indicators, variant=variant, threshold=threshold, readings=readings, territory=territory)
        self.stored = stored if stored is not None else stored_cells([area.pk], [i.pk for i in indicators], variant).get(area.pk, {})
        if not shared:
            # A period has data when any unit of the territory has a value for it: a stored cell.
            for indicator, period in self.stored:
                self.readings.periods[indicator].add(period)
        self._computed: AreaBook | None = None
        self._below: tuple[dict[int, set[int]], ReadingIndex, _CellsBelow] | None = None

    def _roll_cell(self, indicator: Indicator, sub: Period) -> Cell | None:
        found = self.stored.get((indicator.pk, sub.code))
        if found is None or found[0].is_empty:
            return None
        return found[0]

    def _sources(self, indicator: Indicator, own: bool, subs: list[Period]) -> tuple[str, ...]:
        if own:
            return super()._sources(indicator, own, subs)
        return tuple(sorted({
            source for sub in subs for source in self.stored.get((indicator.pk, sub.code), (None, ()))[1]
        }))

    # -- drill-down: from the values, when asked -------------------------------------------------

    def computed(self) -> AreaBook:
        if self._computed is None:
            self._computed = AreaBook(
                area=self.area, indicators=self.indicators.values(), variant=self.variant, threshold=self.threshold,
                territory=self.territory,
            )
        return self._computed

    def coverage_units(self, indicator: Indicator, figure: Figure) -> CoverageUnits:
        return self.computed().coverage_units(indicator, figure)

    def readings_behind(self, indicator: Indicator, figure: Figure) -> list[Reading]:
        return self.computed().readings_behind(indicator, figure)

    def below(self, unit: OrgUnit) -> AreaBook:
        """A unit's book inside the area (a breakdown, a target for each unit): from the store
        when its stored roll-up is of the same units as the area's view of it
        (`Territory.within`), else computed. The values of the units below and their
        memberships are read once for all of them, their stored cells once per indicator."""
        members, readings, cells = self._below_data()
        territory = self.territory.within(unit)
        common = {"area": unit, "indicators": self.indicators.values(), "variant": self.variant, "threshold": self.threshold}
        if members.get(unit.pk, {unit.pk}) == set(territory.units):
            return StoredAreaBook(**common, territory=territory, readings=readings, stored=cells.of(unit.pk))
        return AreaBook(**common, territory=territory, readings=readings)

    def _below_data(self) -> tuple[dict[int, set[int]], ReadingIndex, _CellsBelow]:
        if self._below is None:
            units = list(self.territory.units)
            members: dict[int, set[int]] = {}
            for member, area in Membership.objects.filter(area_id__in=units).values_list("unit_id", "area_id"):
                members.setdefault(area, set()).add(member)
            readings = _ReadingsBelow(units, self.indicators, self.variant)
            self._below = (members, readings, _CellsBelow(list(members), self.variant))
        return self._below


class _ReadingsBelow(ReadingIndex):
    """The values of the units below an area, read for one indicator (and its weight) when
    first asked: a breakdown or a target for each unit is of one indicator."""

    def __init__(self, unit_ids: list[int], indicators: dict[int, Indicator], variant: Variant) -> None:
        super().__init__(())
        self.unit_ids = unit_ids
        self.indicators = indicators
        self.variant = variant
        self.loaded: set[int] = set()
        self.periods = _PeriodsBelow(self)

    def load(self, indicator_id: int) -> None:
        if indicator_id in self.loaded:
            return
        indicator = self.indicators.get(indicator_id)
        ids = {indicator_id} | ({indicator.weight_indicator_id} if indicator and indicator.weight_indicator_id else set())
        ids -= self.loaded
        self.loaded |= ids
        for reading in read_values(indicator_ids=ids, unit_ids=self.unit_ids, variant=self.variant):
            self.by_key[(reading.indicator_id, reading.unit_id, reading.period)] = reading
            dict.setdefault(self.periods, reading.indicator_id, set()).add(reading.period)

    def get(self, key: tuple[int, int, str]) -> Reading | None:
        self.load(key[0])
        return self.by_key.get(key)


class _PeriodsBelow(dict):
    """`ReadingIndex.periods` that reads an indicator's values when its periods are asked for."""

    def __init__(self, readings: _ReadingsBelow) -> None:
        super().__init__()
        self.readings = readings

    def get(self, indicator_id, default=None):  # type: ignore[no-untyped-def, override]
        self.readings.load(indicator_id)
        return super().get(indicator_id, default)

    def __getitem__(self, indicator_id):  # type: ignore[no-untyped-def]
        self.readings.load(indicator_id)
        return super().setdefault(indicator_id, set())


class _CellsBelow:
    """The stored cells of the units below an area, read for one indicator when first asked
    (a breakdown is of one indicator: the others' cells are not read)."""

    def __init__(self, area_ids: list[int], variant: Variant) -> None:
        self.area_ids = area_ids
        self.variant = variant
        self.loaded: set[int] = set()
        self.cells: dict[int, dict[tuple[int, str], tuple[Cell, tuple[str, ...]]]] = {}

    def of(self, area_id: int) -> _AreaCells:
        return _AreaCells(self, area_id)

    def get(self, area_id: int, key: tuple[int, str]) -> tuple[Cell, tuple[str, ...]] | None:
        indicator = key[0]
        if indicator not in self.loaded:
            self.loaded.add(indicator)
            for area, found in stored_cells(self.area_ids, [indicator], self.variant).items():
                self.cells.setdefault(area, {}).update(found)
        return self.cells.get(area_id, {}).get(key)


class _AreaCells:
    """One unit's view of `_CellsBelow`, with the `dict.get` a book uses."""

    def __init__(self, below: _CellsBelow, area_id: int) -> None:
        self.below = below
        self.area_id = area_id

    def get(self, key: tuple[int, str], default=None):  # type: ignore[no-untyped-def]
        found = self.below.get(self.area_id, key)
        return default if found is None else found
