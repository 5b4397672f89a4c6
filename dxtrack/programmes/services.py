"""Writes of programmes: load a definition file (all or nothing), and write one back out.

- :func:`programme_load` — check a :class:`~.definition.ProgrammeDocument` and apply it in one
  transaction. Rows are matched by natural keys and saved only when a field changed, so
  loading the same file twice adds no history; rows missing from the file are removed (the
  history keeps their last version).
- :func:`programme_export` — the programme as YAML or JSON in the same format; export → load
  → export is byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from dxtrack.programmes.definition import (
    MILESTONE_DEFAULTS,
    SCHEMA_VERSION,
    ProgrammeDefinitionInvalid,
    ProgrammeDocument,
    ProgrammeFileError,
    document_dump,
    document_validate,
    parse_date,
    period_code,
    period_sort_key,
    resolve_unit,
)
from dxtrack.programmes.models import (
    Baseline,
    Direction,
    Indicator,
    Milestone,
    PeriodType,
    Pillar,
    Programme,
    Target,
    TargetScope,
    UnitAggregation,
)

KINDS = ("programme", "pillars", "indicators", "targets", "baselines", "milestones")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class LoadResult:
    """What a load did (or, for a dry run, would do), per kind of row."""

    programme: Programme
    dry_run: bool = False
    counts: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in KINDS})

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.counts.values():
            for name in ("created", "updated", "unchanged", "removed"):
                setattr(total, name, getattr(total, name) + getattr(counts, name))
        return total

    @property
    def changed(self) -> bool:
        total = self.total
        return bool(total.created or total.updated or total.removed)


def _same(current: Any, wanted: Any) -> bool:
    if isinstance(current, Decimal) or isinstance(wanted, Decimal):
        return current is not None and wanted is not None and Decimal(current) == Decimal(wanted)
    return current == wanted


class _Loader:
    def __init__(self, document: ProgrammeDocument):
        self.document = document
        self.data: dict[str, Any] = document.data
        self.reason = f"programme load {document.filename}"[:100]
        self.result: LoadResult

    def upsert(self, kind: str, model: type[models.Model], existing: models.Model | None, values: dict[str, Any]) -> Any:
        counts = self.result.counts[kind]
        if existing is None:
            row = model(**values)
            row._change_reason = self.reason  # type: ignore[attr-defined]
            row.save()
            counts.created += 1
            return row
        changed = {name: value for name, value in values.items() if not _same(getattr(existing, name), value)}
        if not changed:
            counts.unchanged += 1
            return existing
        for name, value in changed.items():
            setattr(existing, name, value)
        existing._change_reason = self.reason  # type: ignore[attr-defined]
        existing.save()
        counts.updated += 1
        return existing

    def remove(self, kind: str, rows: list[models.Model]) -> None:
        for row in rows:
            row._change_reason = self.reason  # type: ignore[attr-defined]
            row.delete()
            self.result.counts[kind].removed += 1

    def apply(self) -> LoadResult:
        spec = self.data["programme"]
        area = resolve_unit(spec["area"], programme=spec)
        values = {
            "code": spec["code"],
            "title_vi": spec["title_vi"],
            "title_en": spec.get("title_en", ""),
            "issuer": spec.get("issuer", ""),
            "issued_on": parse_date(spec.get("issued_on")),
            "horizon_start": spec["horizon_start"],
            "horizon_end": spec["horizon_end"],
            "area_id": area.pk if area else None,
            "is_public": spec.get("is_public", False),
        }
        self.result = LoadResult(programme=Programme(code=spec["code"]))
        programme = self.upsert("programme", Programme, Programme.objects.filter(code=spec["code"]).first(), values)
        self.result.programme = programme

        pillars = {p.code: p for p in programme.pillars.all()}
        indicators = {i.code: i for i in programme.indicators.all()}
        kept_pillars: dict[str, Pillar] = {}
        # (pillar, position, spec) for every indicator; weighted means last so their weight exists.
        indicator_specs: list[tuple[Pillar, int, dict[str, Any]]] = []
        for position, pillar_spec in enumerate(self.data["pillars"], start=1):
            values = {
                "programme_id": programme.pk,
                "code": pillar_spec["code"],
                "name_vi": pillar_spec["name_vi"],
                "name_en": pillar_spec.get("name_en", ""),
                "order": position,
            }
            pillar = self.upsert("pillars", Pillar, pillars.get(pillar_spec["code"]), values)
            kept_pillars[pillar.code] = pillar
            for order, indicator_spec in enumerate(pillar_spec.get("indicators", []), start=1):
                indicator_specs.append((pillar, order, indicator_spec))
        indicator_specs.sort(key=lambda item: item[2].get("unit_aggregation") == UnitAggregation.WEIGHTED_MEAN)

        kept_indicators: dict[str, Indicator] = {}
        for pillar, order, indicator_spec in indicator_specs:
            indicator = self.upsert(
                "indicators", Indicator, indicators.get(indicator_spec["code"]),
                self.indicator_values(programme, pillar, order, indicator_spec, kept_indicators),
            )
            kept_indicators[indicator.code] = indicator
            self.apply_children(indicator, indicator_spec)

        gone = [i for code, i in indicators.items() if code not in kept_indicators]
        for indicator in gone:
            self.remove("targets", list(indicator.targets.all()))
            self.remove("baselines", list(indicator.baselines.all()))
            self.remove("milestones", list(indicator.milestones.all()))
        errors = []
        # Weighted indicators first: their weights are protected while they point at them.
        for indicator in sorted(gone, key=lambda i: i.weight_indicator_id is None):
            try:
                with transaction.atomic():
                    self.remove("indicators", [indicator])
            except ProtectedError:
                errors.append(
                    ProgrammeFileError(
                        self.document.filename, None, "",
                        _('indicator "%(code)s" is not in the file but has reported values, so it cannot be removed; keep it in the file')
                        % {"code": indicator.code},
                    )
                )
        if errors:
            raise ProgrammeDefinitionInvalid(errors)
        self.remove("pillars", [p for code, p in pillars.items() if code not in kept_pillars])
        return self.result

    def indicator_values(
        self, programme: Programme, pillar: Pillar, order: int, spec: dict[str, Any], known: dict[str, Indicator]
    ) -> dict[str, Any]:
        is_milestone = spec["value_type"] == "milestone"
        agency = resolve_unit(spec["responsible_agency"], programme=self.data["programme"]) if spec.get("responsible_agency") else None
        weight = known[spec["weight_indicator"]] if spec.get("weight_indicator") else None
        return {
            "programme_id": programme.pk,
            "pillar_id": pillar.pk,
            "code": spec["code"],
            "name_vi": spec["name_vi"],
            "name_en": spec.get("name_en", ""),
            "definition_vi": spec.get("definition_vi", ""),
            "definition_en": spec.get("definition_en", ""),
            "unit": spec.get("unit", ""),
            "value_type": spec["value_type"],
            "direction": spec.get("direction", Direction.HIGHER_IS_BETTER),
            "unit_aggregation": spec.get("unit_aggregation", MILESTONE_DEFAULTS["unit_aggregation"] if is_milestone else None),
            "weight_indicator_id": weight.pk if weight else None,
            "period_aggregation": spec.get("period_aggregation", MILESTONE_DEFAULTS["period_aggregation"] if is_milestone else None),
            "period_type": spec.get("period_type", PeriodType.YEAR),
            "natural_limit": spec.get("natural_limit"),
            "data_source": spec.get("data_source", ""),
            "responsible_agency_id": agency.pk if agency else None,
            "method_note": spec.get("method_note", ""),
            "order": order,
        }

    def apply_children(self, indicator: Indicator, spec: dict[str, Any]) -> None:
        targets = {(t.deadline, t.scope, t.scope_level): t for t in indicator.targets.all()}
        kept: set[Any] = set()
        for target in spec.get("targets", []):
            values = {
                "indicator_id": indicator.pk,
                "deadline": parse_date(target["deadline"]),
                "comparator": target["comparator"],
                "value": target["value"],
                "scope": target.get("scope", TargetScope.AREA),
                "scope_level": target.get("scope_level", ""),
                "wording_vi": target.get("wording_vi", ""),
            }
            key = (values["deadline"], values["scope"], values["scope_level"])
            kept.add(key)
            self.upsert("targets", Target, targets.get(key), values)
        self.remove("targets", [t for key, t in targets.items() if key not in kept])

        baselines = {b.period: b for b in indicator.baselines.all()}
        kept = set()
        for baseline in spec.get("baselines", []):
            period = period_code(baseline["period"])  # stored canonically: 202405 → 2024-05
            values = {
                "indicator_id": indicator.pk,
                "period": period,
                "value": baseline["value"],
                "source": baseline.get("source", ""),
            }
            kept.add(period)
            self.upsert("baselines", Baseline, baselines.get(period), values)
        self.remove("baselines", [b for key, b in baselines.items() if key not in kept])

        milestones = {m.deadline: m for m in indicator.milestones.all()}
        kept = set()
        for milestone in spec.get("milestones", []):
            deadline = parse_date(milestone["deadline"])
            values = {
                "indicator_id": indicator.pk,
                "deadline": deadline,
                "description_vi": milestone["description_vi"],
                "description_en": milestone.get("description_en", ""),
                "done": milestone.get("done"),
                "done_on": parse_date(milestone.get("done_on")),
                "evidence": milestone.get("evidence", ""),
            }
            kept.add(deadline)
            self.upsert("milestones", Milestone, milestones.get(deadline), values)
        self.remove("milestones", [m for key, m in milestones.items() if key not in kept])


def programme_load(*, document: ProgrammeDocument, dry_run: bool = False) -> LoadResult:
    """Check `document` and apply it, all or nothing.

    Raises :class:`~.definition.ProgrammeDefinitionInvalid` with every error found; the
    database is then exactly as before. With `dry_run` the changes are made and rolled back,
    so the counts are the real ones.
    """
    errors = document_validate(document=document)
    if errors:
        raise ProgrammeDefinitionInvalid(errors)
    # Cached figures follow the definitions through their models' signals (figures/definition_changes.py).
    with transaction.atomic():
        result = _Loader(document).apply()
        result.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return result


# --- export ------------------------------------------------------------------------------


def _put(tree: dict[str, Any], key: str, value: Any) -> None:
    """Empty fields are left out of exports; they read back as empty."""
    if value is None or value == "" or value == []:
        return
    tree[key] = value


def programme_tree(*, programme: Programme) -> dict[str, Any]:
    """The programme as the plain tree the file format describes, keys in documented order."""
    head: dict[str, Any] = {}
    for name in ("code", "title_vi", "title_en", "issuer", "issued_on", "horizon_start", "horizon_end"):
        _put(head, name, getattr(programme, name))
    head["area"] = programme.area.code
    head["is_public"] = programme.is_public

    indicators = (
        Indicator.objects.filter(programme=programme)
        .select_related("weight_indicator", "responsible_agency")
        .prefetch_related("targets", "baselines", "milestones")
        .order_by("order", "code")
    )
    by_pillar: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_pillar.setdefault(indicator.pillar_id, []).append(indicator)

    pillars = []
    for pillar in programme.pillars.order_by("order", "code"):
        item: dict[str, Any] = {}
        for name in ("code", "name_vi", "name_en"):
            _put(item, name, getattr(pillar, name))
        _put(item, "indicators", [_indicator_tree(i) for i in by_pillar.get(pillar.pk, [])])
        pillars.append(item)
    return {"schema_version": SCHEMA_VERSION, "programme": head, "pillars": pillars}


def _indicator_tree(indicator: Indicator) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for name in ("code", "name_vi", "name_en", "definition_vi", "definition_en", "unit", "value_type", "direction", "unit_aggregation"):
        _put(item, name, getattr(indicator, name))
    _put(item, "weight_indicator", indicator.weight_indicator.code if indicator.weight_indicator else None)
    for name in ("period_aggregation", "period_type", "natural_limit", "data_source"):
        _put(item, name, getattr(indicator, name))
    _put(item, "responsible_agency", indicator.responsible_agency.code if indicator.responsible_agency else None)
    _put(item, "method_note", indicator.method_note)

    targets = []
    for target in sorted(indicator.targets.all(), key=lambda t: (t.deadline, t.scope, t.scope_level)):
        entry: dict[str, Any] = {}
        for name in ("deadline", "comparator", "value", "scope", "scope_level", "wording_vi"):
            _put(entry, name, getattr(target, name))
        targets.append(entry)
    _put(item, "targets", targets)

    baselines = []
    for baseline in sorted(indicator.baselines.all(), key=lambda b: period_sort_key(b.period)):
        entry = {}
        for name in ("period", "value", "source"):
            _put(entry, name, getattr(baseline, name))
        baselines.append(entry)
    _put(item, "baselines", baselines)

    milestones = []
    for milestone in sorted(indicator.milestones.all(), key=lambda m: m.deadline):
        entry = {}
        for name in ("deadline", "description_vi", "description_en", "done", "done_on", "evidence"):
            _put(entry, name, getattr(milestone, name))
        milestones.append(entry)
    _put(item, "milestones", milestones)
    return item


def programme_export(*, programme: Programme, format: str) -> str:  # noqa: A002 - the CLI's own word
    """The programme as YAML or JSON text in the definition-file format."""
    return document_dump(programme_tree(programme=programme), format=format)
