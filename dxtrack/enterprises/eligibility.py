"""Who may apply to a support activity: rules kept as data on the activity (its
``eligibility`` JSON), evaluated when a member applies and shown beside each activity.

Every key is optional; an empty rule set admits every active enterprise.

| key | meaning | example |
| --- | --- | --- |
| ``size_classes`` | Decree 80 size classes admitted | ``["micro", "small", "medium"]`` (SMEs) |
| ``vsic_prefixes`` | VSIC codes (or their beginnings) admitted | ``["10", "13", "14"]`` |
| ``wards`` | today's ward codes admitted | ``["25747"]`` |
| ``maturity`` | the level of the latest assessment in a framework, bounds inclusive; level = the band's place in the framework's bands, from 0 | ``{"framework": "dbi-2021", "max_level": 2}`` |

An enterprise that is not active (suspended, dissolved) is never eligible. Each failed rule
gives its own reason, so the member reads everything that stands in the way at once.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dxtrack.common.i18n import localised
from dxtrack.enterprises.models import (
    AssessmentFramework,
    AssessmentResult,
    Enterprise,
    EnterpriseStatus,
    SupportActivity,
)
from dxtrack.enterprises.sizes import SizeClass

RULE_KEYS = frozenset({"size_classes", "vsic_prefixes", "wards", "maturity"})


def rules_check(rules: dict[str, Any]) -> None:
    """Refuse a rule set that would be misread (an unknown key, a size class that does not exist)."""
    unknown = set(rules) - RULE_KEYS
    if unknown:
        raise ValidationError(_("Unknown eligibility rule: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    wrong_sizes = set(rules.get("size_classes", [])) - set(SizeClass.values)
    if wrong_sizes:
        raise ValidationError(_("Unknown size class: %(sizes)s.") % {"sizes": ", ".join(sorted(wrong_sizes))})
    maturity = rules.get("maturity")
    if maturity is not None and not maturity.get("framework"):
        raise ValidationError(_("A maturity rule names its framework."))


def band_level(definition: dict[str, Any], band_code: str) -> int:
    """The band's place in its framework's bands, from 0 (DBI: level 0–5)."""
    codes = [str(band["code"]) for band in definition["bands"]]
    return codes.index(band_code) if band_code in codes else -1


def _band_name(definition: dict[str, Any], level: int) -> str:
    band = definition["bands"][level]
    return localised(band.get("name_vi", band["code"]), band.get("name_en", ""))


def latest_result(enterprise: Enterprise, framework_code: str) -> AssessmentResult | None:
    """The current result of the enterprise's latest assessment in the framework."""
    results = AssessmentResult.objects.filter(
        assessment__enterprise=enterprise, assessment__framework__code=framework_code,
    ).select_related("framework").order_by("-assessment__submitted_at", "-assessment__pk", "-framework__version")
    return results.first()


def _maturity_reasons(enterprise: Enterprise, rule: dict[str, Any]) -> list[str]:
    result = latest_result(enterprise, rule["framework"])
    if result is None:
        framework = AssessmentFramework.objects.filter(code=rule["framework"]).order_by("-version").first()
        return [_("The activity is for enterprises that have completed the “%(framework)s” self-assessment; "
                  "yours has not yet.") % {"framework": framework.title if framework else rule["framework"]}]
    definition = result.framework.definition
    level = band_level(definition, result.band)
    reasons = []
    if "min_level" in rule and level < rule["min_level"]:
        reasons.append(_("The activity needs at least “%(needed)s”; your latest assessment is at “%(level)s”.")
                       % {"needed": _band_name(definition, rule["min_level"]), "level": _band_name(definition, level)})
    if "max_level" in rule and level > rule["max_level"]:
        reasons.append(_("The activity is for enterprises at “%(needed)s” or below; your latest assessment is at “%(level)s”.")
                       % {"needed": _band_name(definition, rule["max_level"]), "level": _band_name(definition, level)})
    return reasons


def eligibility_reasons(enterprise: Enterprise, activity: SupportActivity) -> list[str]:
    """Why the enterprise may not apply; an empty list when it may."""
    rules = activity.eligibility or {}
    reasons = []
    if enterprise.status != EnterpriseStatus.ACTIVE:
        reasons.append(_("Only an active enterprise may apply; yours is %(status)s.")
                       % {"status": enterprise.get_status_display().lower()})
    sizes = rules.get("size_classes")
    if sizes and enterprise.size_class not in sizes:
        reasons.append(_("The activity is for %(sizes)s enterprises; yours is %(size)s.") % {
            "sizes": ", ".join(str(SizeClass(size).label).lower() for size in sizes),
            "size": enterprise.get_size_class_display().lower(),
        })
    prefixes = rules.get("vsic_prefixes")
    if prefixes and not any(enterprise.vsic.startswith(prefix) for prefix in prefixes):
        reasons.append(_("The activity is for the sectors VSIC %(codes)s; your main business line is %(code)s.")
                       % {"codes": ", ".join(prefixes), "code": enterprise.vsic})
    wards = rules.get("wards")
    if wards and enterprise.ward.code not in wards:
        reasons.append(_("The activity is for enterprises of other wards; yours is in %(ward)s.") % {"ward": enterprise.ward.name})
    if rules.get("maturity"):
        reasons.extend(_maturity_reasons(enterprise, rules["maturity"]))
    return reasons
