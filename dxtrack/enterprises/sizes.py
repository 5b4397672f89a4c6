"""Size classes of Decree 80/2021/NĐ-CP, Article 5 (micro, small, medium; otherwise large).

A firm is in a class when its employees (the yearly average of workers with social insurance)
are within the class's limit AND its revenue OR its capital is within the class's limit. The
classes are tried from the smallest up: a firm is small only if it is not micro, and so on.
Limits are inclusive ("không quá"). The sector group is that of the main business line
(Article 6): agriculture, forestry, fishery, industry and construction share one set of
limits; trade and services have their own.

| class | agriculture…, industry, construction | trade, services |
| --- | --- | --- |
| micro | ≤ 10 employees; revenue ≤ 3 bn or capital ≤ 3 bn VND | ≤ 10; revenue ≤ 10 bn or capital ≤ 3 bn |
| small | ≤ 100; revenue ≤ 50 bn or capital ≤ 20 bn | ≤ 50; revenue ≤ 100 bn or capital ≤ 50 bn |
| medium | ≤ 200; revenue ≤ 200 bn or capital ≤ 100 bn | ≤ 100; revenue ≤ 300 bn or capital ≤ 100 bn |

A figure that is not known (None) satisfies no limit; the other one may still.

>>> size_class(SectorGroup.INDUSTRY, employees=10, revenue_vnd=3 * BILLION, capital_vnd=None)
'micro'
>>> size_class(SectorGroup.TRADE_SERVICES, employees=51, revenue_vnd=None, capital_vnd=50 * BILLION)
'medium'
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

BILLION = 1_000_000_000


class SectorGroup(models.TextChoices):
    INDUSTRY = "industry", _("Agriculture, forestry, fishery; industry and construction")
    TRADE_SERVICES = "trade_services", _("Trade and services")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


@dataclass(frozen=True)
class Limits:
    size: str
    employees: int
    revenue_vnd: int
    capital_vnd: int


DECREE_80_LIMITS: dict[str, tuple[Limits, ...]] = {
    SectorGroup.INDUSTRY: (
        Limits(SizeClass.MICRO, 10, 3 * BILLION, 3 * BILLION),
        Limits(SizeClass.SMALL, 100, 50 * BILLION, 20 * BILLION),
        Limits(SizeClass.MEDIUM, 200, 200 * BILLION, 100 * BILLION),
    ),
    SectorGroup.TRADE_SERVICES: (
        Limits(SizeClass.MICRO, 10, 10 * BILLION, 3 * BILLION),
        Limits(SizeClass.SMALL, 50, 100 * BILLION, 50 * BILLION),
        Limits(SizeClass.MEDIUM, 100, 300 * BILLION, 100 * BILLION),
    ),
}


def _within(value: int | None, limit: int) -> bool:
    return value is not None and value <= limit


def size_class(sector_group: str, *, employees: int, revenue_vnd: int | None, capital_vnd: int | None) -> str:
    """The Decree 80 class of a firm: "micro", "small", "medium" or "large"."""
    for limits in DECREE_80_LIMITS[sector_group]:
        if employees <= limits.employees and (
            _within(revenue_vnd, limits.revenue_vnd) or _within(capital_vnd, limits.capital_vnd)
        ):
            return str(limits.size)
    return str(SizeClass.LARGE)
