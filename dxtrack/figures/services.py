"""Writes of the aggregate store (decision 0017): the writers keep it in step, in their transaction.

=======================================  ===========================================================
Function                                 What it does
=======================================  ===========================================================
``cells_before(keys)``                   the written units' parts of their cells, read before a write
``cells_refresh(keys, before=)``         bring the cells a set of written values count in up to date
``cells_refresh_submission(submission)`` the same for every value of a form (its approval changed)
``cells_refresh_recorded_by(user_id)``   the same for a user's values outside forms (roles changed)
``cells_deferred()``                     a block whose refreshes wait for one rebuild (demo load)
``cells_rebuild(programme=)``            memberships and cells again from the values, in SQL
``store_orgunits_changed()``             the hook for org unit and lineage changes: a rebuild
``store_orgunits_deferred()``            a block whose org unit and lineage changes rebuild once
``store_built()``                        whether current figures are read from the store
``figure_rules_set(programme, ...)``     a programme's completeness threshold and year
=======================================  ===========================================================

Every one of them bumps the store version (`versions.figures_changed`, decision 0026) last in
its transaction, so figures cached under the old version are never served after the write —
also when the store is not built, since figures computed from the values changed too.

A refresh given the parts before the write adds the difference (deltas.py: one upsert, the
extremes, sources and vanished rows recomputed where a sum cannot carry them). Without them it
recomputes the cells of each written key — its indicator (and the indicators it
weights) × its period × every area its unit counts in — with the same SQL as the rebuild,
restricted to those keys: what a write leaves in the store is by construction what a rebuild
would give (the checks in `checking.py` and the hypothesis test hold it to that).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Exists
from django.utils import timezone

from dxtrack.figures.aggregation import cells_insert
from dxtrack.figures.deltas import Before, dependents, parts_after_apply, parts_before
from dxtrack.figures.models import FigureRules, StoredCell, StoreState
from dxtrack.figures.store import areas_of, memberships_rebuild
from dxtrack.figures.versions import figures_changed
from dxtrack.programmes.models import Indicator, Programme
from dxtrack.reporting.models import DataValue, Submission

Key = tuple[int, int, str]  # indicator, unit, period
# Past this many keys in one refresh (a large import), rebuilding the touched indicators is
# cheaper than refreshing period by period.
BULK_KEYS = 20_000
_CHUNK = 400

_state = threading.local()


def store_built() -> bool:
    return StoreState.objects.exists()


def cells_before(keys: Iterable[Key]) -> Before | None:
    """The written units' parts of their cells before a write (read under the writer's lock,
    before it writes); pass them to `cells_refresh(keys, before=…)` after it, which then adds
    the difference instead of recomputing. None when nothing is to be kept in step (store
    never built, or inside `cells_deferred()`). Whether the store is built is asked in the
    query of the indicators' rules: a write of one value sends two statements here."""
    if getattr(_state, "pending", None) is not None:
        return None
    return parts_before(keys, only_if=Exists(StoreState.objects.all()))


def _delete(*, indicator_ids: Iterable[int], period: str | None = None, area_ids: Iterable[int] | None = None) -> None:
    cells = StoredCell.objects.filter(indicator_id__in=list(indicator_ids))
    if period is not None:
        cells = cells.filter(period=period)
    if area_ids is None:
        cells.delete()
        return
    areas = sorted(area_ids)
    for start in range(0, len(areas), _CHUNK):
        cells.filter(unit_id__in=areas[start:start + _CHUNK]).delete()


def cells_refresh(keys: Iterable[Key], *, before: Before | None = None) -> None:
    """Bring the stored cells the values of these keys count in up to date (inside the
    caller's transaction). With `before` (`cells_before(keys)`, read before the write) the
    difference is added (deltas.py); without, the touched cells are recomputed. Inside
    `cells_deferred()` the keys are only collected; before the store is first built only the
    version is bumped (figures computed from the values changed)."""
    keys = set(keys)
    if not keys:
        return
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending.update(keys)
        return
    # No savepoint (two more round trips per write): a refresh that fails fails the write.
    with transaction.atomic(savepoint=False):
        if before is not None:  # `before` is only read from a built store
            whole, stale = parts_after_apply(keys, before)
            areas = areas_of(set().union(*whole.values())) if whole else {}
            for (indicator, period), units in sorted(whole.items()):
                _recompute({indicator}, period, set().union(*(areas.get(unit, set()) for unit in units)))
            for (indicator, period), touched in sorted(stale.items()):
                _recompute({indicator}, period, touched)
        elif store_built():
            _recompute_keys(keys)
        # Last, so the version row is locked only for the rest of the caller's transaction.
        figures_changed()


def _recompute_keys(keys: set[Key]) -> None:
    if len(keys) > BULK_KEYS:
        indicators = dependents({key[0] for key in keys})
        _delete(indicator_ids=indicators)
        cells_insert(indicator_ids=indicators)
        return
    by_period: dict[str, tuple[set[int], set[int]]] = {}
    for indicator, unit, period in keys:
        indicators, units = by_period.setdefault(period, (set(), set()))
        indicators.add(indicator)
        units.add(unit)
    areas = areas_of({key[1] for key in keys})
    for period, (indicators, units) in sorted(by_period.items()):
        touched = set().union(*(areas.get(unit, set()) for unit in units))
        _recompute(dependents(indicators), period, touched)


def _recompute(indicators: set[int], period: str, areas: set[int]) -> None:
    """The cells of these indicators, period and areas again from the values."""
    if areas:
        _delete(indicator_ids=indicators, period=period, area_ids=areas)
        cells_insert(indicator_ids=indicators, period=period, area_ids=areas)


def cells_refresh_submission(submission: Submission) -> None:
    """A form's state changed (submitted, approved, returned, reopened): its values' approval
    did, so their cells are recomputed. The version is bumped even for a form without values:
    the approvers' queue counts are cached by it (`explore.views_work.approval_queue_count`)."""
    keys = list(DataValue.objects.filter(submission=submission).values_list("indicator_id", "org_unit_id", "period"))
    if keys:
        cells_refresh(keys)
    else:
        figures_changed()


def cells_refresh_recorded_by(user_id: int) -> None:
    """The user's roles changed: the values they entered outside forms may now count as
    approved (or no longer), `reading.Publishers`."""
    values = DataValue.objects.filter(recorded_by_id=user_id, submission__isnull=True)
    cells_refresh(values.values_list("indicator_id", "org_unit_id", "period"))


@contextmanager
def cells_deferred() -> Iterator[None]:
    """Collect the refreshes of the block and, once the store is built, rebuild the cells of
    the indicators they touched at its end (a load writes thousands of values: one rebuild is
    cheaper than a refresh per value)."""
    outer = getattr(_state, "pending", None) is None
    if outer:
        _state.pending = set()
    try:
        yield
    finally:
        if outer:
            pending, _state.pending = _state.pending, None
    if not (outer and pending):
        return
    with transaction.atomic():
        if store_built():
            indicators = dependents({key[0] for key in pending})
            memberships_rebuild()
            _delete(indicator_ids=indicators)
            cells_insert(indicator_ids=indicators)
        figures_changed()


def _indicator_ids(programme: Programme | None) -> set[int]:
    indicators = Indicator.objects.all() if programme is None else Indicator.objects.filter(programme=programme)
    return set(indicators.values_list("pk", flat=True))


@transaction.atomic
def cells_rebuild(*, programme: Programme | None = None) -> int:
    """Memberships from the org units and lineage, then every cell of the programme's (or
    every) indicator from the values, in one transaction. Marks the store built. Returns the
    number of stored cells of those indicators."""
    memberships_rebuild()
    indicators = _indicator_ids(programme)
    _delete(indicator_ids=indicators)
    cells_insert(indicator_ids=indicators)
    StoreState.objects.all().delete()
    StoreState.objects.create(built_at=timezone.now())
    figures_changed()
    return StoredCell.objects.filter(indicator_id__in=indicators).count()


def store_orgunits_changed() -> None:
    """Org units or lineage changed: the areas a unit counts in may have, so everything is
    rebuilt (rare: a reform, an import of the administrative units). Nothing to do before
    the store is built. Inside `store_orgunits_deferred()` the rebuild waits for its end."""
    if getattr(_state, "orgunits_deferred", False):
        _state.orgunits_changed = True
        return
    if store_built():
        cells_rebuild()
    else:
        figures_changed()  # figures computed from the values read the units and lineage too


@contextmanager
def store_orgunits_deferred() -> Iterator[None]:
    """Org unit and lineage changes of the block rebuild the store once, at its end, instead of
    once each: an admin save of a unit with its successor links is one change of the tree, and
    a rebuild reads every value. The caller holds the block in its transaction, so the rebuild
    commits with the changes."""
    outer = not getattr(_state, "orgunits_deferred", False)
    if outer:
        _state.orgunits_deferred, _state.orgunits_changed = True, False
    try:
        yield
    finally:
        if outer:
            changed, _state.orgunits_deferred = _state.orgunits_changed, False
    if outer and changed:
        store_orgunits_changed()


@transaction.atomic
def figure_rules_set(*, programme: Programme, threshold=None, calendar: str | None = None) -> FigureRules:  # type: ignore[no-untyped-def]
    """Set a programme's completeness threshold (a share, 0–1) and/or the year its targets are
    judged on; what is not given stays. Its figures change: saving the rules bumps the version
    (definition_changes.py)."""
    rules, _created = FigureRules.objects.get_or_create(programme=programme)
    if threshold is not None:
        rules.completeness_threshold = threshold
    if calendar is not None:
        rules.calendar = calendar
    rules.full_clean()
    rules.save()
    return rules
