"""The template page's unit picker: a search over the units the user may import for (the
rows an import may write, `IMPORT_ROLES`), shared by the page without JavaScript (a search
box that refills the <select>) and the type-ahead's JSON endpoint. No cap on how many units
the user has: a search reaches every one, and a page shows at most `PICKER_RESULTS`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import formats
from django.utils.translation import gettext as _

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind
from dxtrack.reporting.imports.check import IMPORT_ROLES

PICKER_RESULTS = 50
SEARCH_MAX_LENGTH = 100
PICKER_KINDS = (OrgUnitKind.PROVINCE, OrgUnitKind.DISTRICT, OrgUnitKind.COMMUNE, OrgUnitKind.AGENCY)


@dataclass(frozen=True)
class PickerResult:
    units: list[OrgUnit]
    total: int  # how many units match, of which `units` are the first

    @property
    def more(self) -> bool:
        return self.total > len(self.units)


def importable_units(user) -> QuerySet[OrgUnit]:  # type: ignore[no-untyped-def]
    """The units the user may import for, in the picker's order: province, districts,
    communes, agencies; current units before those the 2025 reform ended; then by name."""
    kind_order = Case(*[When(kind=kind, then=Value(index)) for index, kind in enumerate(PICKER_KINDS)],
                      default=Value(len(PICKER_KINDS)), output_field=IntegerField())
    return (
        orgunit_list_for_user(user, roles=IMPORT_ROLES).exclude(kind=OrgUnitKind.COUNTRY)
        .order_by(kind_order, F("valid_to").desc(nulls_first=True), "name_vi", "code")
    )


def unit_search(user, text: str, *, limit: int = PICKER_RESULTS) -> PickerResult:  # type: ignore[no-untyped-def]
    """The user's importable units whose code starts with `text` or whose name (either
    language) contains it; all of them (first `limit`) for an empty text."""
    units = importable_units(user)
    text = text.strip()
    if text:
        units = units.filter(Q(code__istartswith=text) | Q(name_vi__icontains=text) | Q(name_en__icontains=text))
    found = list(units[: limit + 1])
    total = len(found) if len(found) <= limit else units.count()
    return PickerResult(units=found[:limit], total=total)


def unit_label(unit: OrgUnit) -> str:
    """"Phường Phú Cường (25747) · until 30/06/2025": the option's text, on the page and in the JSON."""
    label = f"{unit.name} ({unit.code})"
    if unit.valid_to:
        label += " · " + _("until %(day)s") % {"day": formats.date_format(unit.valid_to, "SHORT_DATE_FORMAT")}
    return label


def unit_search_json(result: PickerResult) -> dict:
    return {
        "results": [{"code": unit.code, "label": unit_label(unit), "kind": unit.get_kind_display()} for unit in result.units],
        "total": result.total,
        "more": result.more,
    }
