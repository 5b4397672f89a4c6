"""Reads of org units that other apps reuse: subtrees, lookups by code at a date."""

from datetime import date

from django.db.models import Q, QuerySet

from dxtrack.orgunits.models import OrgUnit


def orgunit_subtree(unit: OrgUnit, *, include_self: bool = True) -> QuerySet[OrgUnit]:
    below = Q(path__startswith=f"{unit.path}{unit.pk}/")
    return OrgUnit.objects.filter(below | Q(pk=unit.pk) if include_self else below)


def orgunit_get_by_code(code: str, *, on: date | None = None) -> OrgUnit | None:
    """The unit with this code that existed on `on` (today's unit when `on` is None)."""
    units = OrgUnit.objects.filter(code=code)
    if on is None:
        units = units.filter(valid_to__isnull=True)
    else:
        units = units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    return units.order_by("-valid_from").first()


def orgunit_get_for_period(code: str, *, start: date, end: date) -> OrgUnit | None:
    """The unit with this code that existed at the end of the period [start, end], else one
    that existed during it, else None.

    A code reused by the 2025 reform names the new unit for a period ending after 1 July 2025
    and the old one before; a value for 2025Q3 against a Binh Duong ward is refused (the ward
    ceased on 30 June 2025), one for the year 2025 goes to the old ward, which reported for
    the first half.
    """
    units = OrgUnit.objects.filter(code=code).filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
    at_end = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=end)).order_by("-valid_from").first()
    if at_end is not None:
        return at_end
    return units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start)).order_by("-valid_from").first()
