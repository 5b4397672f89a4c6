"""A tree of administrative units, as the roll-ups need it.

A :class:`Hierarchy` is built from ``{unit: parent or None}`` (a forest is allowed) and is
checked when built: every parent must be a unit and there must be no cycle.

========================  ===============================================================
Member                    Answer
========================  ===============================================================
``units`` / ``roots``     every unit / the units without a parent, in the order given
``parent(u)``             the parent, or ``None``
``children(u)``           the children, in the order given
``ancestors(u)``          parent, grandparent, … up to the root
``descendants(u)``        every unit below, depth first
``leaves_under(u)``       the units without children at or below (the reporting units)
``depth(u)``              0 for a root
``units_at_depth(d)``     every unit at a depth, optionally under a unit
========================  ===============================================================

>>> h = Hierarchy({"VN": None, "79": "VN", "26734": "79"})
>>> h.ancestors("26734"), h.leaves_under("VN")
(('79', 'VN'), ('26734',))
"""

from __future__ import annotations

from collections.abc import Mapping

from dxtrack.analytics.errors import AnalyticsError

__all__ = ["Hierarchy"]


class Hierarchy:
    """A forest of units given as ``{unit: parent or None}``.

    >>> h = Hierarchy({"VN": None, "79": "VN", "74": "VN", "26734": "79", "25747": "74"})
    >>> h.children("VN"), h.leaves_under("VN"), h.depth("26734")
    (('79', '74'), ('26734', '25747'), 2)
    >>> Hierarchy({"A": "B", "B": "A"})
    Traceback (most recent call last):
      ...
    dxtrack.analytics.errors.AnalyticsError: the unit tree has a cycle through 'A'
    """

    def __init__(self, parents: Mapping[str, str | None]) -> None:
        self._parent: dict[str, str | None] = dict(parents)
        self._children: dict[str, list[str]] = {unit: [] for unit in self._parent}
        for unit, parent in self._parent.items():
            if parent is None:
                continue
            if parent not in self._children:
                raise AnalyticsError(f"unit {unit!r} has an unknown parent {parent!r}")
            self._children[parent].append(unit)
        self._depth: dict[str, int] = {}
        for unit in self._parent:
            self._depth[unit] = self._measure_depth(unit)
        self._leaves: dict[str, tuple[str, ...]] = {}

    def _measure_depth(self, unit: str) -> int:
        path: list[str] = []
        current: str | None = unit
        while current is not None and current not in self._depth:
            if current in path:
                raise AnalyticsError(f"the unit tree has a cycle through {current!r}")
            path.append(current)
            current = self._parent[current]
        depth = -1 if current is None else self._depth[current]
        for node in reversed(path):
            depth += 1
            self._depth[node] = depth
        return self._depth[unit]

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit, in the order given."""
        return tuple(self._parent)

    def __contains__(self, unit: object) -> bool:
        return unit in self._parent

    def __len__(self) -> int:
        return len(self._parent)

    def _known(self, unit: str) -> str:
        if unit not in self._parent:
            raise AnalyticsError(f"unknown unit {unit!r}")
        return unit

    @property
    def roots(self) -> tuple[str, ...]:
        return tuple(unit for unit, parent in self._parent.items() if parent is None)

    def parent(self, unit: str) -> str | None:
        return self._parent[self._known(unit)]

    def children(self, unit: str) -> tuple[str, ...]:
        return tuple(self._children[self._known(unit)])

    def depth(self, unit: str) -> int:
        """0 for a root, 1 for its children, …"""
        return self._depth[self._known(unit)]

    def ancestors(self, unit: str) -> tuple[str, ...]:
        """Parent, grandparent, … up to the root."""
        chain: list[str] = []
        parent = self.parent(unit)
        while parent is not None:
            chain.append(parent)
            parent = self._parent[parent]
        return tuple(chain)

    def descendants(self, unit: str) -> tuple[str, ...]:
        """Every unit below *unit*, depth first, in the order the children were given."""
        found: list[str] = []
        stack = list(reversed(self.children(unit)))
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(self._children[node]))
        return tuple(found)

    def leaves_under(self, unit: str) -> tuple[str, ...]:
        """The units without children at or below *unit* (the reporting units)."""
        if unit not in self._leaves:
            if not self.children(unit):
                self._leaves[unit] = (unit,)
            else:
                self._leaves[unit] = tuple(
                    node for node in self.descendants(unit) if not self._children[node]
                )
        return self._leaves[unit]

    def units_at_depth(self, depth: int, under: str | None = None) -> tuple[str, ...]:
        pool = self.descendants(under) if under is not None else tuple(self._parent)
        return tuple(unit for unit in pool if self._depth[unit] == depth)
