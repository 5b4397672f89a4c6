"""The report's charts as PNG images, drawn on the server with matplotlib (Agg, no display).

Two charts: a bar per pillar split by status, and the yearly series of each target's figure
with its target as a dashed line. Texts are in the active language; the PNG carries no
timestamp, so the same report gives the same images.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display on a server

import matplotlib.pyplot as plt  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from dxtrack.reports import texts  # noqa: E402
from dxtrack.reports.shapes import ChartSeries, Report  # noqa: E402

STATUS_COLOURS = {
    "achieved": "#1a7f37", "on_track": "#0969da", "at_risk": "#bf8700", "off_track": "#cf222e", "no_data": "#8c959f",
}
DPI = 150
FONT = {"font.family": "DejaVu Sans", "font.size": 8}
PNG_METADATA = {"Software": None}
PER_IMAGE = 12  # four rows of three: one image fits a page


def charts_draw(report: Report, folder: Path) -> list[tuple[str, Path]]:
    """Draw the charts of `report` into `folder`; (caption, path) pairs in reading order."""
    charts = [(_("Figure 1. Targets by status in each pillar"), _status_bars(report, folder / "status.png"))]
    series = [item for item in report.series if item.points]
    chunks = [series[start:start + PER_IMAGE] for start in range(0, len(series), PER_IMAGE)]
    for number, chunk in enumerate(chunks, start=1):
        caption = _("Figure 2. Yearly figures of each target and the target (dashed)")
        if len(chunks) > 1:
            caption += f" ({number}/{len(chunks)})"
        if report.sample_notice:
            caption += " " + _("(includes sample data)")
        charts.append((caption, _series(chunk, folder / f"series-{number}.png")))
    return charts


def _save(figure: Figure, path: Path, *, tight: bool = True) -> Path:
    figure.savefig(path, dpi=DPI, metadata=PNG_METADATA, bbox_inches="tight" if tight else None)
    plt.close(figure)
    return path


def _status_bars(report: Report, path: Path) -> Path:
    with plt.rc_context(FONT):
        figure, axes = plt.subplots(figsize=(6.3, 0.45 * len(report.pillars) + 1.1))
        names = [pillar.name for pillar in report.pillars][::-1]
        left = [0] * len(names)
        for status, label in report.statuses:
            counts = [pillar.counts.get(status, 0) for pillar in report.pillars][::-1]
            bars = axes.barh(names, counts, left=left, color=STATUS_COLOURS[status], label=label, height=0.6)
            for bar, count in zip(bars, counts, strict=True):
                if count:
                    axes.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(count),
                              ha="center", va="center", color="white", fontsize=8, fontweight="bold")
            left = [a + b for a, b in zip(left, counts, strict=True)]
        axes.set_xlabel(_("Number of targets"))
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(ncol=len(report.statuses), loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(names) < 3 else -0.2),
                    frameon=False, fontsize=7)
        return _save(figure, path)


def _series(series: list[ChartSeries], path: Path) -> Path:
    columns = 3
    rows = math.ceil(len(series) / columns)
    with plt.rc_context(FONT):
        # Fixed margins instead of tight_layout: each layout pass draws the whole figure again,
        # which made a 150-target programme's charts the slowest part of its report.
        figure, grid = plt.subplots(rows, columns, figsize=(6.3, 1.75 * rows), squeeze=False)
        figure.subplots_adjust(left=0.09, right=0.965, top=1 - 0.22 / rows, bottom=0.12 / rows, wspace=0.38, hspace=0.55)
        for axes, item in zip(grid.flat, series, strict=False):
            years = [int(point.period[:4]) for point in item.points]
            values = [float(point.value) for point in item.points]
            axes.plot(years, values, marker="o", markersize=3, color="#0969da", linewidth=1.4)
            if item.target_value is not None:
                target = float(item.target_value)
                axes.axhline(target, color="#cf222e", linestyle="--", linewidth=1)
                axes.plot([item.target_year], [target], marker="D", markersize=3, color="#cf222e")
            axes.set_title(item.indicator_code, fontsize=8, fontweight="bold")
            axes.xaxis.get_major_locator().set_params(integer=True)
            axes.tick_params(labelsize=6)
            axes.yaxis.set_major_formatter(lambda value, _pos, unit=item.unit_of_measure: texts.number(_decimal(value), unit))
            axes.spines[["top", "right"]].set_visible(False)
        for axes in list(grid.flat)[len(series):]:
            axes.axis("off")
        return _save(figure, path, tight=False)


def _decimal(value: float) -> Decimal:
    return Decimal(repr(round(float(value), 6)))
