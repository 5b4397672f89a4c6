"""Composite indices over the units of a programme's area, defined as data (explore.models,
loaded from data/indices/*.yaml and edited in the admin).

A definition names its programme, the level of the units it ranks (commune, district…), its
groups (with weights and a parent) and its indicators (group, weight, normalisation and its
bounds, direction: ``higher_is_better``). `index_definitions` reads them from the database into
`analytics.composite.Methodology`; `index_ranking` takes each indicator's figure of every unit
at that level for a period from the figures layer (`figure_breakdown`), scores each unit with
`compute_index` and ranks the scores 1, 2, 2, 4 (`competition_rank`, at 6 decimals).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Prefetch

from dxtrack.analytics.composite import (
    GroupSpec,
    IndexResult,
    IndicatorSpec,
    Methodology,
    Normalisation,
    competition_rank,
    compute_index,
)
from dxtrack.explore import index_rules
from dxtrack.explore.models import CompositeIndex, IndexGroup, IndexIndicator
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


def _definition(index: CompositeIndex) -> IndexDefinition:
    groups = list(index.groups.all())  # prefetched by index_definitions, as are the members
    members = list(index.indicators.all())
    methodology = Methodology(
        indicators=tuple(
            IndicatorSpec(
                code=m.indicator_code, group=m.group.code, weight=float(m.weight), normalisation=Normalisation(m.normalisation),
                minimum=m.minimum, maximum=m.maximum, target=m.target, worst=m.worst, higher_is_better=m.higher_is_better,
            )
            for m in members
        ),
        groups=tuple(GroupSpec(g.code, float(g.weight), g.parent.code if g.parent else None) for g in groups),
        scale=float(index.scale),
    )
    return IndexDefinition(
        code=index.code, programme=index.programme.code, level=index.level, name_vi=index.name_vi, name_en=index.name_en,
        methodology=methodology, group_names={g.code: (g.name_vi or g.code, g.name_en) for g in groups},
    )


def index_definitions(programme: Programme) -> list[IndexDefinition]:
    """Read from the database on every request (three small queries), so a definition saved in
    the admin is what the next rankings page of every worker shows: nothing caches it."""
    indices = CompositeIndex.objects.filter(programme=programme).select_related("programme").prefetch_related(
        Prefetch("groups", queryset=IndexGroup.objects.select_related("parent")),
        Prefetch("indicators", queryset=IndexIndicator.objects.select_related("group")),
    )
    return [_definition(index) for index in indices]


@transaction.atomic
def index_file_load(path: Path) -> CompositeIndex:
    """Create or replace the index a YAML file of data/indices defines, under the rules of
    index_rules (the admin's rules): a file that breaks one is refused whole."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    programme = Programme.objects.get(code=data["programme"])
    unknown = index_rules.unknown_indicator_problems(programme, [i["code"] for i in data["indicators"]])
    problems = [
        *(index_rules.weight_problem(g["code"], g.get("weight", 1)) for g in data["groups"] if g.get("parent")),
        *(index_rules.weight_problem(i["code"], i.get("weight", 1)) for i in data["indicators"]),
        *(unknown.get(i["code"], "") for i in data["indicators"]),
        *(index_rules.bounds_problem(i["code"], i.get("normalisation", "min_max"), i.get("minimum"), i.get("maximum"), i.get("target"), i.get("worst"))
          for i in data["indicators"]),
        index_rules.top_groups_problem([g["code"] for g in data["groups"] if not g.get("parent")]),
        index_rules.cycle_problem({g["code"]: g.get("parent") for g in data["groups"]}),
    ]
    if any(problems):
        raise ValueError(f"{path.name}: " + " ".join(p for p in problems if p))
    index, _created = CompositeIndex.objects.update_or_create(
        programme=programme, code=data["code"],
        defaults={"level": data["level"], "name_vi": data["name_vi"], "name_en": data.get("name_en", ""), "scale": data.get("scale", 100)},
    )
    index.indicators.all().delete()
    index.groups.update(parent=None)  # parents are protected from deletion while members point at them
    index.groups.all().delete()
    groups: dict[str, IndexGroup] = {}
    for order, g in enumerate(data["groups"]):  # a parent comes before its members in the file
        groups[g["code"]] = IndexGroup.objects.create(
            index=index, code=g["code"], parent=groups[g["parent"]] if g.get("parent") else None, weight=g.get("weight", 1),
            name_vi=g.get("name_vi", ""), name_en=g.get("name_en", ""), order=order,
        )
    for order, i in enumerate(data["indicators"]):
        IndexIndicator.objects.create(
            index=index, indicator_code=i["code"], group=groups[i["group"]], weight=i.get("weight", 1),
            normalisation=i.get("normalisation", "min_max"), minimum=i.get("minimum"), maximum=i.get("maximum"),
            target=i.get("target"), worst=i.get("worst"), higher_is_better=bool(i.get("higher_is_better", True)), order=order,
        )
    return index


def index_files_load(programme: Programme, directory: Path = INDEX_DIR) -> list[CompositeIndex]:
    """The indices of data/indices defined for this programme that it does not have yet. The
    demo loads them on every start: an index already there keeps what the admin made of it."""
    loaded = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["programme"] == programme.code and not CompositeIndex.objects.filter(programme=programme, code=data["code"]).exists():
            loaded.append(index_file_load(path))
    return loaded


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
