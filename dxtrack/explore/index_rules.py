"""The rules a composite index definition must follow, one home for the admin and the file loader
(`composite_index.index_file_load`); each says what is wrong in the user's language.

Weights: every weight is a number greater than 0. They are relative inside their group — a
group's score is the weighted mean of its members' scores (`analytics.composite`), and a member
without a figure drops out with the remaining weights re-normalised — so they need not add up
to 1 or 100: weights 1 and 2 mean one third and two thirds. (A weight of 0 would be a member
that never counts: leave it out instead.)
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from dxtrack.analytics.composite import Normalisation
from dxtrack.programmes.models import Programme


def weight_problem(code: str, weight: Decimal | float | None) -> str:
    if weight is None or not Decimal(str(weight)).is_finite() or Decimal(str(weight)) <= 0:
        return _(
            "The weight of “%(code)s” must be a number greater than 0 (weights are relative inside their group), not %(weight)s."
        ) % {"code": code, "weight": weight}
    return ""


def unknown_indicators(programme: Programme, codes: Iterable[str]) -> list[str]:
    wanted = set(codes)
    known = set(programme.indicators.filter(code__in=wanted).values_list("code", flat=True))
    return sorted(wanted - known)


def unknown_indicator_problems(programme: Programme, codes: Iterable[str]) -> dict[str, str]:
    """Code → what is wrong, for each code that is not an indicator of the programme (one query)."""
    return {
        code: _(
            "The programme %(programme)s has no indicator “%(code)s”: use the code of one of its indicators."
        ) % {"programme": programme.code, "code": code}
        for code in unknown_indicators(programme, codes)
    }


def bounds_problem(
    code: str,
    normalisation: str,
    minimum: float | None,
    maximum: float | None,
    target: float | None,
    worst: float | None,
) -> str:
    if normalisation == Normalisation.MIN_MAX and (
        minimum is None or maximum is None or minimum == maximum
    ):
        return _("“%(code)s” is normalised min–max: give a minimum and a maximum that differ.") % {
            "code": code
        }
    if normalisation == Normalisation.DISTANCE_TO_TARGET and (
        target is None or worst is None or target == worst
    ):
        return _(
            "“%(code)s” is normalised as a distance to a target: give a target and a worst value that differ."
        ) % {"code": code}
    return ""


def top_groups_problem(top_groups: list[str]) -> str:
    if len(top_groups) != 1:
        return _(
            "An index has exactly one group without a parent (the index itself); found %(n)s: %(codes)s."
        ) % {"n": len(top_groups), "codes": ", ".join(top_groups) or "—"}
    return ""


def cycle_problem(parents: dict[str, str | None]) -> str:
    """`parents`: group code → its parent's code. A group may not be its own ancestor."""
    for start in parents:
        seen, current = {start}, parents.get(start)
        while current is not None:
            if current in seen:
                return _(
                    "The groups form a cycle through “%(code)s”: a group cannot sit inside itself."
                ) % {"code": current}
            seen.add(current)
            current = parents.get(current)
    return ""
