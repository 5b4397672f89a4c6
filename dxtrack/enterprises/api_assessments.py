"""`GET /api/v1/assessments`: a member reads its own enterprises' assessments, with their
current scores; a person with a unit role reads aggregates of the enterprises of the wards they
may read (latest assessment per enterprise, by framework, optionally by ward, size class or
VSIC section), each group of fewer than 5 enterprises suppressed. Nobody reads another
enterprise's single result here."""

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from dxtrack.api.schemas import ErrorOut
from dxtrack.enterprises.models import Assessment, AssessmentResult, ClaimStatus
from dxtrack.enterprises.schemas import AssessmentFilterIn, AssessmentsOut
from dxtrack.enterprises.selectors import ward_ids_for_user
from dxtrack.enterprises.vsic import vsic_divisions
from dxtrack.orgunits.models import OrgUnit

router = Router()
SUPPRESS_BELOW = 5


def _own(request: HttpRequest, framework: str | None) -> list[dict[str, Any]]:
    assessments = Assessment.objects.filter(
        enterprise__memberships__user=request.user, enterprise__memberships__status=ClaimStatus.VERIFIED,
    ).select_related("enterprise", "framework").order_by("-submitted_at", "-pk")
    if framework:
        assessments = assessments.filter(framework__code=framework)
    current: dict[int, AssessmentResult] = {}
    for result in AssessmentResult.objects.filter(assessment__in=assessments).select_related("framework").order_by("framework__version"):
        current[result.assessment_id] = result  # the newest version wins
    out = []
    for assessment in assessments:
        result = current.get(assessment.pk)
        out.append({
            "id": assessment.pk, "tax_code": assessment.enterprise.identifier_masked, "enterprise": assessment.enterprise.name_vi,
            "framework": assessment.framework.code, "framework_version": assessment.framework.version,
            "submitted_at": assessment.submitted_at.isoformat(),
            "scored_with_version": result.framework.version if result else None,
            "overall": float(result.overall) if result else None, "level": result.band if result else None,
            "dimensions": {code: float(score) for code, score in (result.dimension_scores if result else {}).items()},
            "sample": assessment.is_sample,
        })
    return out


def _aggregates(wards: set[int] | None, framework: str | None, group_by: str | None) -> list[dict[str, Any]]:
    results = AssessmentResult.objects.order_by("assessment__submitted_at", "assessment__pk", "framework__version")
    if wards is not None:
        results = results.filter(assessment__enterprise__ward_id__in=wards)
    if framework:
        results = results.filter(framework__code=framework)
    latest: dict[tuple[str, int], tuple[Decimal, str, Any]] = {}
    for code, enterprise_id, overall, band, ward_id, size, vsic in results.values_list(
        "framework__code", "assessment__enterprise_id", "overall", "band", "assessment__enterprise__ward_id",
        "assessment__enterprise__size_class", "assessment__enterprise__vsic",
    ).iterator(chunk_size=5_000):
        group = {"ward": ward_id, "size_class": size, "section": vsic[:2]}.get(group_by or "")
        latest[(code, enterprise_id)] = (overall, band, group)
    groups: dict[tuple[str, Any], list[tuple[Decimal, str]]] = defaultdict(list)
    for (code, _enterprise), (overall, band, group) in latest.items():
        groups[(code, group)].append((overall, band))
    ward_codes = dict(OrgUnit.objects.filter(pk__in=[g for _c, g in groups if group_by == "ward"]).values_list("pk", "code"))
    sections = {code: division.section for code, division in vsic_divisions().items()}
    if group_by == "section":  # divisions → sections, summed
        merged: dict[tuple[str, Any], list] = defaultdict(list)
        for (code, division), rows in groups.items():
            merged[(code, sections.get(division, "?"))].extend(rows)
        groups = merged
    out = []
    for (code, group), rows in sorted(groups.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        name = ward_codes.get(group) if group_by == "ward" else group
        if len(rows) < SUPPRESS_BELOW:
            out.append({"framework": code, "group": name, "enterprises": None, "mean_overall": None, "levels": {}, "suppressed": True})
            continue
        mean = sum(overall for overall, _band in rows) / len(rows)
        out.append({"framework": code, "group": name, "enterprises": len(rows), "mean_overall": round(float(mean), 2),
                    "levels": dict(sorted(Counter(band for _o, band in rows).items())), "suppressed": False})
    return out


@router.get("/assessments", response={200: AssessmentsOut, 401: ErrorOut, 422: ErrorOut}, operation_id="assessments_list",
            tags=["enterprises"])
def assessments_list(request: HttpRequest, filters: Query[AssessmentFilterIn]) -> Any:
    """Your own enterprises' self-assessments, and — with a unit role — aggregates of the
    assessed enterprises of the wards you may read (groups of fewer than 5 suppressed)."""
    wards = ward_ids_for_user(request.user)
    aggregates = _aggregates(wards, filters.framework, filters.group_by) if wards is None or wards else []
    return {"assessments": _own(request, filters.framework), "aggregates": aggregates}
