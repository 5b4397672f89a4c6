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
from dxtrack.figures.models import StoredCell
from dxtrack.figures.reading import Reading, Variant, read_values
from dxtrack.figures.services import store_built
from dxtrack.figures.shapes import DEFAULT_THRESHOLD, CoverageUnits, Figure
from dxtrack.figures.store import members_of
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


def stored_cells(area_id: int, indicator_ids: Iterable[int], variant: Variant) -> dict[tuple[int, str], tuple[Cell, tuple[str, ...]]]:
    """{(indicator, period): (cell, sources)} of an area's stored roll-ups."""
    rows = StoredCell.objects.filter(
        unit_id=area_id, indicator_id__in=list(indicator_ids),
        variant=variant_name(approved_only=variant.approved_only, sample=variant.sample),
    ).values_list(*_COLUMNS)
    found = {}
    for indicator, period, *numbers, sources in rows:
        cell = Cell(**dict(zip(_COLUMNS[2:-1], numbers, strict=True)))
        found[(indicator, period)] = (cell, tuple(sources.split(SOURCE_SEPARATOR)) if sources else ())
    return found


class StoredAreaBook(AreaBook):
    """An area's figures with the roll-ups read from the store."""

    def __init__(
        self, *, area: OrgUnit, indicators: Iterable[Indicator], variant: Variant,
        threshold: Decimal = DEFAULT_THRESHOLD, territory: Territory | None = None,
    ) -> None:
        indicators = list(indicators)
        ids = {i.pk for i in indicators} | {i.weight_indicator_id for i in indicators if i.weight_indicator_id}
        own = ReadingIndex(read_values(indicator_ids=ids, unit_ids=[area.pk], variant=variant))
        super().__init__(area=area, indicators=indicators, variant=variant, threshold=threshold, readings=own, territory=territory)
        self.stored = stored_cells(area.pk, [i.pk for i in indicators], variant)
        # A period has data when any unit of the territory has a value for it: a stored cell.
        for indicator, period in self.stored:
            self.readings.periods[indicator].add(period)
        self._computed: AreaBook | None = None

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
        """A unit's book inside the area: from the store when its stored roll-up is of the
        same units as the area's view of it (`Territory.within`), else from the values."""
        territory = self.territory.within(unit)
        if (members_of(unit.pk) or {unit.pk}) == set(territory.units):
            return StoredAreaBook(
                area=unit, indicators=self.indicators.values(), variant=self.variant, threshold=self.threshold,
                territory=territory,
            )
        return AreaBook(
            area=unit, indicators=self.indicators.values(), variant=self.variant, threshold=self.threshold,
            territory=territory,
        )
