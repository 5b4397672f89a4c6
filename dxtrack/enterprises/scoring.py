"""Scoring of a maturity framework from raw answers, driven only by the framework's data.

A framework (frameworks/*.yaml) has dimensions, each with questions of two kinds:

* ``multi``: tick any options; the question's share is positive options ticked / positive
  options. An ``exclusive_negative`` option ("data is not collected digitally") counts as no
  positive option and, when ticked, makes the share 0 (it may not be ticked with others).
* ``rows``: one option per row; each option has a value (``values``, in option order); the
  share is the mean of the rows' values / the largest value.

A dimension's score is ``score_max`` × the mean of its questions' shares; the overall score
is the mean of the dimensions; the band is the first whose ``upto`` (≤) or ``below`` (<)
holds. Worked example (the research report's "typical micro", Rule R): dimensions
[40.0, 29.29, 33.04, 39.29, 12.0, 25.0], overall 29.77, band "average" (test_assessments.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

TWO_PLACES = Decimal("0.01")


class AnswersInvalid(ValueError):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{where}: {message}" for where, message in errors))
        self.errors = errors


@dataclass(frozen=True)
class Score:
    dimensions: dict[str, Decimal]
    overall: Decimal
    band: str


def _codes(options: list[list[str]]) -> list[str]:
    return [str(option[0]) for option in options]


def answers_check(definition: dict[str, Any], answers: dict[str, Any]) -> None:
    """AnswersInvalid naming each question (and row) whose answer is not one of its options."""
    errors: list[tuple[str, str]] = []
    questions = {q["code"]: q for d in definition["dimensions"] for q in d["questions"]}
    for code in answers:
        if code not in questions:
            errors.append((str(code)[:40], _("There is no such question in this framework.")))
    for code, question in questions.items():
        given = answers.get(code, [] if question["kind"] == "multi" else {})
        options = _codes(question["options"])
        if question["kind"] == "multi":
            if not isinstance(given, list) or any(option not in options for option in given):
                errors.append((code, _("An answer is not one of the question's options (%(options)s).")
                               % {"options": ", ".join(options)}))
            elif question.get("exclusive_negative") in given and len(given) > 1:
                errors.append((code, _("“%(option)s” cannot be ticked together with other options.")
                               % {"option": question["exclusive_negative"]}))
            continue
        if not isinstance(given, dict):
            errors.append((code, _("Each row needs one answer.")))
            continue
        rows = _codes(question["rows"])
        for row in rows:
            if given.get(row) not in options:
                errors.append((f"{code}.{row}", _("Choose one of the options (%(options)s).") % {"options": ", ".join(options)}))
        for row in given:
            if row not in rows:
                errors.append((f"{code}.{str(row)[:20]}", _("There is no such row in this question.")))
    if errors:
        raise AnswersInvalid(errors)


def _share(question: dict[str, Any], given: Any) -> Decimal:
    options = _codes(question["options"])
    if question["kind"] == "multi":
        negative = question.get("exclusive_negative")
        if negative in given:
            return Decimal(0)
        positive = [option for option in options if option != negative]
        return Decimal(len(set(given) & set(positive))) / Decimal(len(positive))
    values = [Decimal(str(value)) for value in question["values"]]
    rows = _codes(question["rows"])
    total = sum(values[options.index(given[row])] for row in rows)
    return total / Decimal(len(rows)) / max(values)


def score(definition: dict[str, Any], answers: dict[str, Any]) -> Score:
    answers_check(definition, answers)
    scale = Decimal(str(definition["score_max"]))
    dimensions: dict[str, Decimal] = {}
    for dimension in definition["dimensions"]:
        shares = [
            _share(q, answers.get(q["code"], [] if q["kind"] == "multi" else {})) for q in dimension["questions"]
        ]
        dimensions[dimension["code"]] = scale * sum(shares) / Decimal(len(shares))
    overall = sum(dimensions.values()) / Decimal(len(dimensions))
    return Score(
        dimensions={code: value.quantize(TWO_PLACES, ROUND_HALF_UP) for code, value in dimensions.items()},
        overall=overall.quantize(TWO_PLACES, ROUND_HALF_UP),
        band=band_of(definition, overall),
    )


def band_of(definition: dict[str, Any], value: Decimal) -> str:
    for band in definition["bands"]:
        if ("below" in band and value < Decimal(str(band["below"]))) or (
            "upto" in band and value <= Decimal(str(band["upto"]))
        ):
            return str(band["code"])
    return str(definition["bands"][-1]["code"])
