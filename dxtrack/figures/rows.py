"""A programme's standing as rows people and programs read: `dxtrack progress` and the API.

One home for the JSON rows, so that the command and ``GET /api/v1/programmes/{code}/progress``
answer the same thing. Every number goes through :func:`json_figure` (six decimals at most, no
binary-float artefacts); texts are in the active language.

Each row (one per target or milestone, in pillar and indicator order)::

    pillar, indicator {code, name}, target {comparator, value, deadline, scope},
    latest {value, period, source, calendar? period_start? period_end? (statutory years), synthetic?,
            notes? [{kind, period, unit, used [names], left_out [names]}] (lineage and sub-areas, at most 10),
            notes_more? (how many more notes), unapproved?, missing_periods?,
            coverage? {expected, reported, missing [names], reported_without_parts [names]}},
    met, met_reason, explanation,
    provisional {period, value, source, synthetic?, unapproved?, coverage {...}} | null,
    since {...same...} | null,
    progress {method, status, expected, actual, base {year, value} | null,
              projection {method, value_at_deadline, meets_target, year_reached, sentence} | null,
              required_path [{year, value}], sentence, others? {method: {status, value, score, sentence}}}

``latest`` is the figure the target is judged on; it names its coverage only when it is a
roll-up of units (the area's own value has none), as the command always did.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import get_language

from dxtrack.figures.naming import capped
from dxtrack.figures.numbers import json_figure
from dxtrack.figures.selectors import figure_units
from dxtrack.figures.shapes import Figure, ProgrammeStatus, Progress, TargetStatus


def _language() -> str:
    return get_language() or "vi"


def _coverage(figure: Figure, language: str) -> dict[str, Any]:
    names = figure_units(figure)
    return {
        "expected": figure.coverage.expected,
        "reported": figure.coverage.reported,
        "missing": [unit.name(language) for unit in names.missing],
        "reported_without_parts": [unit.name(language) for unit in names.reported_without_parts],
    }


def figure_json(figure: Figure | None, language: str, *, coverage: bool) -> dict[str, Any] | None:
    if figure is None:
        return None
    shown: dict[str, Any] = {"value": json_figure(figure.value), "period": figure.period, "source": "; ".join(figure.sources)}
    if figure.statutory:  # the statutory year says which days it stands for (15/12 → 14/12)
        shown["calendar"] = figure.calendar
        shown["period_start"] = figure.period_start.isoformat()
        shown["period_end"] = figure.period_end.isoformat()
    if figure.is_sample:
        shown["synthetic"] = True
    if figure.unapproved:
        shown["unapproved"] = figure.unapproved
    if figure.missing_subperiods:
        shown["missing_periods"] = list(figure.missing_subperiods)
    if figure.provenance:  # overlaps, stand-ins, sub-areas' values, straddling units: named
        notes, more = capped(figure.provenance)  # at most ten; `figure_explain` lists them all
        shown["notes"] = [
            {
                "kind": note.kind, "period": note.period, "unit": note.unit.name(language),
                "used": [unit.name(language) for unit in note.used],
                "left_out": [unit.name(language) for unit in note.left_out],
            }
            for note in notes
        ]
        if more:
            shown["notes_more"] = more
    if coverage:
        shown["coverage"] = _coverage(figure, language)
    return shown


def _progress(progress: Progress, language: str) -> dict[str, Any]:
    projection = progress.projection
    english = language.startswith("en")
    shown: dict[str, Any] = {
        "method": progress.method,
        "status": progress.status,
        "expected": json_figure(progress.expected),
        "actual": json_figure(progress.actual),
        "base": None if progress.base_year is None else {"year": progress.base_year, "value": json_figure(progress.base_value)},
        "projection": None if projection is None else {
            "method": projection.method,
            "value_at_deadline": json_figure(projection.value_at_deadline),
            "meets_target": projection.meets_target,
            "year_reached": projection.year_reached,
            "sentence": projection.sentence_en if english else projection.sentence_vi,
        },
        "required_path": [{"year": year, "value": json_figure(value)} for year, value in progress.required_path],
        "sentence": progress.sentence(language),
    }
    if progress.others:
        shown["others"] = {
            name: {
                "status": str(result.status),
                "value": _float(result.value),
                "score": _float(result.score),
                "sentence": result.explanation_en if english else result.explanation_vi,
            }
            for name, result in progress.others.items()
        }
    return shown


def _float(value: float | None) -> int | float | None:
    return None if value is None else json_figure(Decimal(repr(value)))


def _scope(row: TargetStatus) -> str:
    return row.scope if not row.scope_level else f"{row.scope}:{row.scope_level}"


def row_json(row: TargetStatus, language: str | None = None) -> dict[str, Any]:
    language = language or _language()
    english = language.startswith("en")
    judged = row.judged
    return {
        "pillar": (row.pillar_name_en or row.pillar_name_vi) if english else row.pillar_name_vi,
        "indicator": {"code": row.indicator_code, "name": row.indicator_name(language)},
        "target": {
            "comparator": row.comparator,
            "value": None if row.is_milestone else json_figure(row.target_value),
            "deadline": row.deadline.isoformat(),
            "scope": _scope(row),
        },
        "latest": _milestone_latest(row) if row.is_milestone else figure_json(
            judged, language, coverage=judged is not None and not judged.own,
        ),
        "met": row.met,
        "met_reason": row.met_reason,
        "explanation": row.explanation(language),
        "provisional": figure_json(row.provisional, language, coverage=True),
        "since": figure_json(row.since, language, coverage=True),
        "progress": _progress(row.progress, language),
    }


def _milestone_latest(row: TargetStatus) -> dict[str, Any] | None:
    """A milestone's state as the command always showed it: 1 done, 0 not done."""
    if row.met is None:
        return None
    return {"value": 1 if row.met else 0, "period": str(row.milestone_done_on or ""), "source": row.evidence}


def status_json(status: ProgrammeStatus, language: str | None = None) -> list[dict[str, Any]]:
    return [row_json(row, language) for row in status.rows]
