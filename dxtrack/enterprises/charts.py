"""A radar chart drawn on the server as SVG coordinates (no chart library is vendored yet).

>>> chart = radar([("A", 100.0), ("B", 50.0), ("C", 0.0)], maximum=100)
>>> chart.axes[0].end, chart.points
('150.0,30.0', '150.00,30.00 201.96,180.00 150.00,150.00')
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CENTRE, RADIUS = 150.0, 120.0


@dataclass(frozen=True)
class Axis:
    label: str
    end: str
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class Radar:
    axes: list[Axis]
    points: str
    peer_points: str
    rings: list[str]


def _point(index: int, count: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count  # the first axis points up
    return CENTRE + RADIUS * fraction * math.cos(angle), CENTRE + RADIUS * fraction * math.sin(angle)


def _polygon(values: list[float], maximum: float) -> str:
    count = len(values)
    return " ".join(
        "{:.2f},{:.2f}".format(*_point(i, count, max(0.0, min(1.0, v / maximum))))
        for i, v in enumerate(values)
    )


def radar(scores: list[tuple[str, float]], *, maximum: float, peers: list[float] | None = None) -> Radar:
    count = len(scores)
    axes = []
    for index, (label, _value) in enumerate(scores):
        x, y = _point(index, count, 1.0)
        lx, ly = _point(index, count, 1.12)
        anchor = "middle" if abs(lx - CENTRE) < 1 else ("start" if lx > CENTRE else "end")
        axes.append(Axis(label, f"{x:.1f},{y:.1f}", round(lx, 1), round(ly, 1), anchor))
    rings = [_polygon([maximum * level / 4] * count, maximum) for level in (1, 2, 3, 4)]
    return Radar(
        axes=axes, points=_polygon([value for _label, value in scores], maximum),
        peer_points=_polygon(peers, maximum) if peers else "", rings=rings,
    )
