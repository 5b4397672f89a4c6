"""Maturity self-assessments: frameworks loaded from their data files, answers kept as given,
scores computed by the framework's own rules and recomputed when a new version comes.

| service | effect |
| --- | --- |
| ``framework_load(path=)`` | the framework version of the file (created once; a changed file with the same version is refused) |
| ``frameworks_load_all()`` | every file in frameworks/ |
| ``assessment_submit(enterprise=, framework=, answers=, by=)`` | the assessment and its result, or AnswersInvalid |
| ``assessment_rescore(framework=)`` | a result under `framework` for every assessment of its code that lacks one; old results stay |
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from dxtrack.audit.services import audit_record
from dxtrack.enterprises.models import Assessment, AssessmentFramework, AssessmentResult, Enterprise
from dxtrack.enterprises.scoring import answers_check, score

FRAMEWORKS_DIR = Path(__file__).with_name("frameworks")


class FrameworkChanged(ValueError):
    """A framework file changed but kept its version: old results would silently change meaning."""


def framework_load(*, path: Path) -> AssessmentFramework:
    definition = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    definition.pop("rows_scale", None)  # a YAML anchor holder, not part of the framework
    stored = AssessmentFramework.objects.filter(code=definition["code"], version=definition["version"]).first()
    if stored is not None:
        if stored.definition != definition:
            raise FrameworkChanged(
                f"{path.name}: {definition['code']} version {definition['version']} is already loaded with other "
                "content; give the changed file a new version"
            )
        return stored
    return AssessmentFramework.objects.create(
        code=definition["code"], version=definition["version"], title_vi=definition["title_vi"],
        title_en=definition.get("title_en", ""), provisional=bool(definition.get("provisional")), definition=definition,
    )


def frameworks_load_all() -> list[AssessmentFramework]:
    return [framework_load(path=path) for path in sorted(FRAMEWORKS_DIR.glob("*.yaml"))]


def _result(assessment: Assessment, framework: AssessmentFramework) -> AssessmentResult:
    computed = score(framework.definition, assessment.answers)
    return AssessmentResult.objects.create(
        assessment=assessment, framework=framework, overall=computed.overall, band=computed.band,
        dimension_scores={code: str(value) for code, value in computed.dimensions.items()},
    )


@transaction.atomic
def assessment_submit(*, enterprise: Enterprise, framework: AssessmentFramework, answers: dict[str, Any],
                      by: Any = None, sample: bool = False) -> Assessment:
    answers_check(framework.definition, answers)
    assessment = Assessment.objects.create(
        enterprise=enterprise, framework=framework, answers=answers, is_sample=sample,
        submitted_by=by if getattr(by, "is_authenticated", False) else None,
    )
    result = _result(assessment, framework)
    if not sample:
        audit_record(actor=by, action="enterprises.assessment_submit", obj=assessment, org_unit=enterprise.ward,
                     details={"framework": str(framework), "overall": str(result.overall), "band": result.band})
    return assessment


@transaction.atomic
def assessment_rescore(*, framework: AssessmentFramework) -> int:
    """Score, under `framework`, every assessment of the same framework code that has no result
    under it yet. Answers are re-read as given; each old result keeps its version."""
    assessments = Assessment.objects.filter(framework__code=framework.code).exclude(results__framework=framework)
    count = 0
    for assessment in assessments.iterator():
        _result(assessment, framework)
        count += 1
    audit_record(action="enterprises.assessment_rescore", obj=framework, details={"rescored": count})
    return count
