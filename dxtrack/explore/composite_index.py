"""Composite indices over the units of a programme's area, defined as data (data/indices/*.yaml).

A definition names its programme, the level of the units it ranks (commune, district…), its
groups (with weights and a parent) and its indicators (group, weight, normalisation and its
bounds, direction: ``higher_is_better``). `index_definitions` reads them into
`analytics.composite.Methodology`; `index_ranking` takes each indicator's figure of every unit
at that level for a period from the figures layer (`figure_breakdown`), scores each unit with
`compute_index` and ranks the scores 1, 2, 2, 4 (`competition_rank`, at 6 decimals).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from dxtrack.analytics.composite import (
    GroupSpec,
    IndexResult,
    IndicatorSpec,
    Methodology,
    Normalisation,
    competition_rank,
    compute_index,
)
from dxtrack.figures.selectors import FigureError, figure_breakdown
from dxtrack.figures.shapes import Figure, FigureOptions
from dxtrack.programmes.models import Indicator, Programme

INDEX_DIR = Path(__file__).resolve().parent / "data" / "indices"
RANK_PLACES = 6


@dataclass(frozen=True)
class IndexDefinition:
    code: str
    programme: str
    level: str
    name_vi: str
    name_en: str
    methodology: Methodology
    group_names: dict[str, tuple[str, str]]

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_vi


@dataclass(frozen=True)
class RankedUnit:
    unit_id: int
    unit_code: str
    unit_name_vi: str
    unit_name_en: str
    result: IndexResult
    rank: int | None
    sample: bool

    def unit_name(self, language: str) -> str:
        return self.unit_name_en if language == "en" and self.unit_name_en else self.unit_name_vi


def _definition(path: Path) -> IndexDefinition:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = tuple(GroupSpec(g["code"], float(g.get("weight", 1)), g.get("parent")) for g in data["groups"])
    indicators = tuple(
        IndicatorSpec(
            code=i["code"], group=i["group"], weight=float(i.get("weight", 1)),
            normalisation=Normalisation(i.get("normalisation", "min_max")),
            minimum=i.get("minimum"), maximum=i.get("maximum"), target=i.get("target"), worst=i.get("worst"),
            higher_is_better=bool(i.get("higher_is_better", True)),
        )
        for i in data["indicators"]
    )
    return IndexDefinition(
        code=data["code"], programme=data["programme"], level=data["level"], name_vi=data["name_vi"],
        name_en=data.get("name_en", ""), methodology=Methodology(indicators=indicators, groups=groups, scale=float(data.get("scale", 100))),
        group_names={g["code"]: (g.get("name_vi", g["code"]), g.get("name_en", "")) for g in data["groups"]},
    )


@cache
def _definitions(directory: Path) -> tuple[IndexDefinition, ...]:
    return tuple(_definition(path) for path in sorted(directory.glob("*.yaml")))


def index_definitions(programme: Programme) -> list[IndexDefinition]:
    return [d for d in _definitions(INDEX_DIR) if d.programme == programme.code]


def index_ranking(*, definition: IndexDefinition, programme: Programme, period: str, options: FigureOptions) -> list[RankedUnit]:
    """Every unit at the definition's level in the programme's territory, scored and ranked
    (units with no figure at all are listed last without a rank)."""
    indicators = {i.code: i for i in Indicator.objects.filter(programme=programme, code__in=[s.code for s in definition.methodology.indicators])}
    by_unit: dict[int, dict[str, Figure]] = {}
    units: dict[int, Figure] = {}
    for spec in definition.methodology.indicators:
        indicator = indicators.get(spec.code)
        if indicator is None:
            continue
        try:
            figures = figure_breakdown(indicator=indicator, unit=programme.area, period=period, level=definition.level, options=options)
        except FigureError:
            continue
        for figure in figures:
            units.setdefault(figure.unit_id, figure)
            by_unit.setdefault(figure.unit_id, {})[spec.code] = figure
    results = {
        unit_id: compute_index(definition.methodology, {code: f.value for code, f in figures.items()})
        for unit_id, figures in by_unit.items()
    }
    ranks = competition_rank({str(unit_id): result.score for unit_id, result in results.items()}, places=RANK_PLACES)
    ranked = [
        RankedUnit(
            unit_id=unit_id, unit_code=units[unit_id].unit_code, unit_name_vi=units[unit_id].unit_name_vi,
            unit_name_en=units[unit_id].unit_name_en, result=result, rank=ranks.get(str(unit_id)),
            sample=any(f.is_sample for f in by_unit[unit_id].values() if f.value is not None),
        )
        for unit_id, result in results.items()
    ]
    return sorted(ranked, key=lambda r: (r.rank is None, r.rank or 0, r.unit_code))
