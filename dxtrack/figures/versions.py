"""The store version, and figures cached per version (decision 0026).

==================================  ===============================================================
Function                            What it does
==================================  ===============================================================
``figures_changed()``               bump the version, in the caller's transaction: every write that
                                    can change a figure calls it (values, approvals, imports, roles,
                                    org units and lineage, figure rules, programme definitions)
``figures_version()``               the current version's stamp (one primary-key read)
``figures_version_number()``        how many changes so far (for people and tests)
``figures_cached(name, parts, f)``  ``f()``, cached for (name, parts, today) at the current version
``figures_cache_clear()``           empty this process's cache of figures (tests)
==================================  ===============================================================

Why a version and not invalidation: a figure of a province depends on every value, approval,
role, unit and lineage link below it, so no writer can name the cache entries it makes stale.
Instead each writer changes one row (`FiguresVersion`) in its own transaction, and readers key
what they cache with that row's stamp: once the write commits, every reader reads the new stamp
and recomputes; an entry of an old stamp is never served again (the next reader overwrites it). Since the bump
commits with the write, a reader that sees the new stamp also sees the new data (each
statement reads committed data at least as new as the stamp read before it).

The cache is Django's (alias ``figures``, LocMem by default: one per process, nothing to run
beside the site). Each request reads the stamp from the database — one cheap query — so the
workers of `dxtrack serve` need not share a cache to agree on what is current.

The key also holds today's date (a target is judged against today: expected-by-now, the
running period, the deadline passed or not) and every option the figure depends on. Figures as
of a past date are keyed by the version too: a correction entered today changes the version
history a past date reads (values recorded by then stay, but approvals and the publishing roles
read as they stand now), and the version is the simple rule that is right for both.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.db.models import F
from django.utils import timezone

from dxtrack.figures.compute import today
from dxtrack.figures.models import FiguresVersion

T = TypeVar("T")

CACHE_ALIAS = "figures"
VERSION_ROW = 1


def figures_changed() -> None:
    """Something a figure is computed from changed: bump the version (inside the caller's
    transaction, so the new version becomes visible exactly when the change does)."""
    stamp = uuid.uuid4().hex
    updated = FiguresVersion.objects.filter(pk=VERSION_ROW).update(
        number=F("number") + 1, stamp=stamp, changed_at=timezone.now(),
    )
    if not updated:  # a database emptied without its migration's row (a flushed test database)
        FiguresVersion.objects.update_or_create(pk=VERSION_ROW, defaults={"number": 1, "stamp": stamp, "changed_at": timezone.now()})


def figures_version() -> str:
    stamp = FiguresVersion.objects.filter(pk=VERSION_ROW).values_list("stamp", flat=True).first()
    return stamp or "none"


def figures_version_number() -> int:
    number = FiguresVersion.objects.filter(pk=VERSION_ROW).values_list("number", flat=True).first()
    return number or 0


def _cache():  # type: ignore[no-untyped-def]
    try:
        return caches[CACHE_ALIAS]
    except InvalidCacheBackendError:
        return caches["default"]


def cache_enabled() -> bool:
    return bool(getattr(settings, "DXTRACK_FIGURES_CACHE", True))


def figures_key(name: str, parts: tuple) -> str:
    """The cache key of one answer: a readable name and a digest of what it depends on."""
    digest = hashlib.sha256(repr((parts, today().isoformat())).encode()).hexdigest()[:40]
    return f"figures:{name}:{digest}"


def figures_cached(name: str, parts: tuple, compute: Callable[[], T], *, version: str | None = None) -> T:
    """`compute()`, or its answer cached for (name, parts, today) at the current store version.

    The entry holds the version it was computed at; an entry of another version is recomputed
    and overwritten, so there is one entry per key, not one per key and version. `parts` must
    hold everything the answer depends on besides the versioned data (primary keys, options,
    thresholds) as plain values with a stable repr. The answer must be language-independent
    (the figures layer's shapes are: their texts are chosen when shown). `version`: the stamp
    the caller already read for this request (one read serves several entries)."""
    if not cache_enabled():
        return compute()
    cache, key = _cache(), figures_key(name, parts)
    version = version or figures_version()
    found = cache.get(key)
    if found is not None and found[0] == version:
        return found[1]
    answer = compute()
    cache.set(key, (version, answer))
    return answer


def figures_cache_clear() -> None:
    _cache().clear()
