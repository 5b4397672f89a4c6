"""Our objects as DHIS2 metadata: org units, data elements (indicators), data sets (forms),
the default category model. Each builder returns full items (plain dicts) of only what the
user may see; `query` filters, pages and cuts them to the requested `fields`.

Mappings (docs/dhis2.md): an org unit's `level` is its depth from the root (the country is
1); `openingDate` / `closedDate` are its validity. Value types and aggregation types are
mapped from ours; where DHIS2 has no equal (a ratio of sums, a weighted mean) the nearest
DHIS2 type is given and `dxtrack` on the item says what we compute.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.common.i18n import localised
from dxtrack.dhis2.idschemes import PARTS, part_uid
from dxtrack.dhis2.uids import (
    DEFAULT_CATEGORY,
    DEFAULT_CATEGORY_COMBO,
    DEFAULT_CATEGORY_OPTION,
    DEFAULT_CATEGORY_OPTION_COMBO,
    named_uid,
    uids_for,
)
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind
from dxtrack.programmes.models import Indicator, ValueType
from dxtrack.programmes.selectors import programme_list_for_user
from dxtrack.reporting.models import FormIndicator, ReportingForm
from dxtrack.reporting.selectors import (
    form_current_period,
    form_list_for_user,
    form_reporting_units,
)

VALUE_TYPES = {
    ValueType.COUNT: "INTEGER_ZERO_OR_POSITIVE",
    ValueType.AMOUNT_VND: "NUMBER",
    ValueType.PERCENTAGE: "PERCENTAGE",
    ValueType.PERCENTAGE_WITH_PARTS: "PERCENTAGE",
    ValueType.RATIO: "NUMBER",
    ValueType.INDEX: "UNIT_INTERVAL",
    ValueType.MILESTONE: "BOOLEAN",
}
# (across units, over periods) → DHIS2's aggregationType.
_AGGREGATION = {
    ("sum", "sum"): "SUM", ("sum", "last"): "LAST", ("sum", "mean"): "AVERAGE_SUM_ORG_UNIT",
    ("mean", "mean"): "AVERAGE", ("mean", "last"): "LAST_AVERAGE_ORG_UNIT", ("mean", "sum"): "AVERAGE",
}
_NEAREST = {"ratio_of_sums": "AVERAGE", "weighted_mean": "AVERAGE", "min": "MIN", "max": "MAX", "none": "NONE"}
PERIOD_TYPES = {"year": "Yearly", "half_year": "SixMonthly", "quarter": "Quarterly", "month": "Monthly"}


def aggregation_type(indicator: Indicator) -> str:
    key = (indicator.unit_aggregation, indicator.period_aggregation)
    return _AGGREGATION.get(key) or _NEAREST.get(indicator.unit_aggregation, "DEFAULT")


def _ref(uid: str, name: str = "", code: str = "") -> dict[str, Any]:
    ref: dict[str, Any] = {"id": uid}
    if name:
        ref.update(name=name, displayName=name)
    if code:
        ref["code"] = code
    return ref


def default_combo_ref() -> dict[str, Any]:
    return _ref(named_uid(DEFAULT_CATEGORY_COMBO), "default", "default")


# --- org units ----------------------------------------------------------------------------------


def _ancestor_ids(unit: OrgUnit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def org_units(user: Any, *, only: set[int] | None = None) -> list[dict[str, Any]]:
    """The units the user may read (those with ids `only`, if given), ordered by code. A
    parent the user may not read is a bare reference: its UID is in `path` anyway."""
    readable = list(orgunit_list_for_user(user).order_by("code", "valid_from"))
    by_id = {unit.pk: unit for unit in readable}
    units = readable if only is None else [unit for unit in readable if unit.pk in only]
    children: dict[int, list[OrgUnit]] = {}
    for unit in readable:
        if unit.parent_id in by_id:
            children.setdefault(unit.parent_id, []).append(unit)
    ancestors = {pk for unit in units for pk in _ancestor_ids(unit)}
    shown_children = {child.pk for unit in units for child in children.get(unit.pk, [])}
    uids = uids_for(OrgUnit, {unit.pk for unit in units} | ancestors | shown_children)
    items = []
    for unit in units:
        chain = _ancestor_ids(unit)
        parent = None
        if unit.parent_id is not None:
            shown = by_id.get(unit.parent_id)
            parent = _ref(uids[unit.parent_id], shown.name if shown else "", shown.code if shown else "")
        items.append({
            "id": uids[unit.pk], "code": unit.code, "name": unit.name, "displayName": unit.name,
            "shortName": unit.name[:50], "displayShortName": unit.name[:50],
            "level": len(chain) + 1, "path": "/" + "/".join(uids[pk] for pk in [*chain, unit.pk]),
            "parent": parent,
            "children": [_ref(uids[child.pk], child.name, child.code) for child in sorted(children.get(unit.pk, []), key=lambda c: c.code)],
            "openingDate": f"{unit.valid_from.isoformat()}T00:00:00.000" if unit.valid_from else None,
            "closedDate": f"{unit.valid_to.isoformat()}T00:00:00.000" if unit.valid_to else None,
            "leaf": unit.pk not in children,
            "dxtrack": {"kind": unit.kind, "divisionType": unit.division_type},
        })
    return items


def org_unit_levels() -> list[dict[str, Any]]:
    """One level per depth that holds units, named after the kinds found there."""
    kinds: dict[int, Counter[str]] = {}
    for path, kind in OrgUnit.objects.values_list("path", "kind"):
        level = len([part for part in path.strip("/").split("/") if part]) + 1
        kinds.setdefault(level, Counter())[kind] += 1
    labels = dict(OrgUnitKind.choices)
    items = []
    for level in sorted(kinds):
        name = " / ".join(str(labels.get(kind, kind)) for kind, _count in kinds[level].most_common())
        items.append({"id": named_uid(f"orgunit_level_{level}"), "level": level, "name": name, "displayName": name})
    return items


def filled_org_unit_levels() -> list[dict[str, Any]]:
    """Every level from 1 to the deepest, a missing one named "Level n" (as DHIS2)."""
    found = {item["level"]: item for item in org_unit_levels()}
    deepest = max(found, default=0)
    return [
        found.get(level) or {"id": named_uid(f"orgunit_level_{level}"), "level": level, "name": _("Level %(n)d") % {"n": level}}
        for level in range(1, deepest + 1)
    ]


# --- data elements and data sets ----------------------------------------------------------------


def data_elements(user: Any) -> list[dict[str, Any]]:
    programmes = [programme.pk for programme in programme_list_for_user(user)]
    indicators = list(Indicator.objects.filter(programme_id__in=programmes).select_related("programme").order_by("programme__code", "code"))
    uids = uids_for(Indicator, [indicator.pk for indicator in indicators])
    links = FormIndicator.objects.filter(indicator_id__in=list(uids)).values_list("indicator_id", "form_id")
    form_uids = uids_for(ReportingForm, {form_id for _indicator, form_id in links})
    sets: dict[int, list[str]] = {}
    for indicator_id, form_id in links:
        sets.setdefault(indicator_id, []).append(form_uids[form_id])
    combo = default_combo_ref()
    return [
        {
            "id": uids[indicator.pk], "code": indicator.code, "name": indicator.name, "displayName": indicator.name,
            "shortName": indicator.name[:50], "displayShortName": indicator.name[:50],
            "formName": indicator.name, "description": localised(indicator.definition_vi, indicator.definition_en),
            "valueType": VALUE_TYPES.get(indicator.value_type, "NUMBER"), "aggregationType": aggregation_type(indicator),
            "domainType": "AGGREGATE", "zeroIsSignificant": True, "categoryCombo": combo,
            "dataSetElements": [{"dataSet": {"id": uid}, "dataElement": {"id": uids[indicator.pk]}} for uid in sets.get(indicator.pk, [])],
            "dxtrack": {
                "programme": indicator.programme.code, "valueType": indicator.value_type, "unit": indicator.unit,
                "unitAggregation": indicator.unit_aggregation, "periodAggregation": indicator.period_aggregation,
                "periodType": PERIOD_TYPES.get(indicator.period_type, indicator.period_type),
            },
        }
        for indicator in indicators
    ]


REPORTING_YEARS = 6


def _reporting_unit_ids(form: ReportingForm, today: Any) -> set[int]:
    """Units expected to report the form in its current period or in the same period of one
    of the five years before (the wards merged on 1 July 2025 still hold 2024's figures)."""
    current = form_current_period(form, today)
    ids: set[int] = set()
    for years in range(REPORTING_YEARS):
        period = current.shift(-years * current.type.per_year)
        ids.update(form_reporting_units(form, period).values_list("pk", flat=True))
    return ids


def data_sets(user: Any) -> list[dict[str, Any]]:
    """Forms the user may follow; `organisationUnits` are the units expecting to report it
    (`_reporting_unit_ids`) that the user may read."""
    forms = list(form_list_for_user(user).order_by("code"))
    uids = uids_for(ReportingForm, [form.pk for form in forms])
    links = list(FormIndicator.objects.filter(form__in=forms).select_related("indicator").order_by("form_id", "order", "indicator__code"))
    element_uids = uids_for(Indicator, {link.indicator_id for link in links})
    visible = orgunit_list_for_user(user)
    today = timezone.localdate()
    combo = default_combo_ref()
    items = []
    for form in forms:
        units = list(visible.filter(pk__in=_reporting_unit_ids(form, today)).order_by("code", "valid_from"))
        unit_uids = uids_for(OrgUnit, [unit.pk for unit in units])
        items.append({
            "id": uids[form.pk], "code": form.code, "name": form.name, "displayName": form.name,
            "shortName": form.name[:50], "periodType": PERIOD_TYPES.get(form.period_type, form.period_type),
            "categoryCombo": combo, "openFuturePeriods": 0, "expiryDays": 0, "timelyDays": form.deadline_working_days,
            "approveData": True, "version": form.revision,
            "dataSetElements": [
                {"dataSet": {"id": uids[form.pk]}, "dataElement": _ref(element_uids[link.indicator_id], link.indicator.name, link.indicator.code)}
                for link in links if link.form_id == form.pk
            ],
            "organisationUnits": [_ref(unit_uids[unit.pk], unit.name, unit.code) for unit in units],
            "dxtrack": {"calendar": form.calendar, "approvalLevel": form.approval_level, "programme": form.programme.code},
        })
    return items


# --- the default category model ------------------------------------------------------------------


def category_combos() -> list[dict[str, Any]]:
    return [{
        **default_combo_ref(), "isDefault": True, "dataDimensionType": "DISAGGREGATION",
        "categories": [_ref(named_uid(DEFAULT_CATEGORY), "default", "default")],
        "categoryOptionCombos": [_ref(named_uid(DEFAULT_CATEGORY_OPTION_COMBO), "default", "default")],
    }]


def category_option_combos() -> list[dict[str, Any]]:
    """The default, and the two combos a percentage's parts travel in (docs/dhis2.md)."""
    default = {
        **_ref(named_uid(DEFAULT_CATEGORY_OPTION_COMBO), "default", "default"), "ignoreApproval": False,
        "categoryCombo": default_combo_ref(),
        "categoryOptions": [_ref(named_uid(DEFAULT_CATEGORY_OPTION), "default", "default")],
    }
    parts = [
        {**_ref(part_uid(part), part, part), "ignoreApproval": False, "categoryCombo": default_combo_ref(), "categoryOptions": []}
        for part in PARTS
    ]
    return [default, *parts]


def categories() -> list[dict[str, Any]]:
    return [{
        **_ref(named_uid(DEFAULT_CATEGORY), "default", "default"), "dataDimensionType": "DISAGGREGATION",
        "categoryOptions": [_ref(named_uid(DEFAULT_CATEGORY_OPTION), "default", "default")],
    }]


def category_options() -> list[dict[str, Any]]:
    return [{**_ref(named_uid(DEFAULT_CATEGORY_OPTION), "default", "default"), "isDefault": True}]
