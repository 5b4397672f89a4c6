"""Self-assessment pages: answer a framework for one's own enterprise, and the result (radar,
level, recommendations for weak dimensions, peer benchmark from 5 peers, T0/T1/T2)."""

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dxtrack.audit.services import audit_denied
from dxtrack.common.i18n import localised
from dxtrack.enterprises.assessments import assessment_submit
from dxtrack.enterprises.charts import radar
from dxtrack.enterprises.models import Assessment
from dxtrack.enterprises.scoring import AnswersInvalid
from dxtrack.enterprises.selectors import (
    assessment_framework_latest,
    assessment_history,
    enterprise_get_own,
    peer_benchmark,
    result_current,
    ward_ids_for_user,
)


def _text(item: dict[str, Any], field: str) -> str:
    return localised(str(item.get(f"{field}_vi", "")), str(item.get(f"{field}_en", "")))


def _option(option: list[Any]) -> dict[str, str]:
    return {"code": str(option[0]), "label": localised(str(option[1]), str(option[2]))}


def _questions(definition: dict[str, Any], answers: dict[str, Any], errors: dict[str, str]) -> list[dict[str, Any]]:
    dimensions = []
    for dimension in definition["dimensions"]:
        questions = []
        for question in dimension["questions"]:
            code, given = question["code"], answers.get(question["code"])
            questions.append({
                "code": code, "kind": question["kind"], "text": _text(question, "text"),
                "options": [{**_option(o), "checked": question["kind"] == "multi" and o[0] in (given or [])} for o in question["options"]],
                "rows": [{**_option(r), "name": f"{code}.{r[0]}", "chosen": (given or {}).get(r[0]) if isinstance(given, dict) else None,
                          "error": errors.get(f"{code}.{r[0]}")} for r in question.get("rows", [])],
                "error": errors.get(code),
            })
        dimensions.append({"code": dimension["code"], "name": _text(dimension, "name"), "questions": questions})
    return dimensions


def _answers_from(request: HttpRequest, definition: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for dimension in definition["dimensions"]:
        for question in dimension["questions"]:
            code = question["code"]
            if question["kind"] == "multi":
                answers[code] = request.POST.getlist(code)
            else:
                answers[code] = {row[0]: request.POST.get(f"{code}.{row[0]}", "") for row in question["rows"]}
    return answers


@login_required
def assessment_start(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    enterprise = enterprise_get_own(request.user, pk)
    framework = assessment_framework_latest(code)
    if enterprise is None or framework is None:
        audit_denied(request, "enterprises.assessment_start", details={"enterprise": pk, "framework": code})
        raise Http404
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        answers = _answers_from(request, framework.definition)
        try:
            assessment = assessment_submit(enterprise=enterprise, framework=framework, answers=answers, by=request.user)
        except AnswersInvalid as invalid:
            errors, status = dict(invalid.errors), 400
        else:
            return redirect("enterprises:assessment_result", pk=assessment.pk)
    return render(request, "enterprises/assessment_form.html", {
        "enterprise": enterprise, "framework": framework, "errors": errors,
        "provisional": _text(framework.definition, "provisional") if framework.provisional else "",
        "dimensions": _questions(framework.definition, answers, errors),
    }, status=status)


def _may_read(request: HttpRequest, assessment: Assessment) -> bool:
    if enterprise_get_own(request.user, assessment.enterprise_id) is not None:
        return True
    wards = ward_ids_for_user(request.user)
    return wards is None or assessment.enterprise.ward_id in wards


@login_required
def assessment_result(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = Assessment.objects.select_related("enterprise__ward", "framework").filter(pk=pk).first()
    if assessment is None or not _may_read(request, assessment):
        audit_denied(request, "enterprises.assessment_result", details={"assessment": pk})
        raise Http404
    result = result_current(assessment)
    definition = result.framework.definition
    maximum = float(definition["score_max"])
    names = {d["code"]: _text(d, "name") for d in definition["dimensions"]}
    benchmark = peer_benchmark(result)
    rows = []
    for dimension in definition["dimensions"]:
        value = Decimal(result.dimension_scores[dimension["code"]])
        rows.append({
            "code": dimension["code"], "name": names[dimension["code"]], "score": value,
            "peer": benchmark.dimensions.get(dimension["code"]) if benchmark.shown else None,
            "recommendation": _text(dimension, "recommendation") if value < Decimal(str(definition["recommend_below"])) else "",
        })
    band = next(b for b in definition["bands"] if b["code"] == result.band)
    chart = radar([(row["code"], float(row["score"])) for row in rows], maximum=maximum,
                  peers=[benchmark.dimensions[row["code"]] for row in rows] if benchmark.shown else None)
    return render(request, "enterprises/assessment_result.html", {
        "assessment": assessment, "result": result, "rows": rows, "band": _text(band, "name"), "chart": chart,
        "benchmark": benchmark, "maximum": definition["score_max"],
        "provisional": _text(definition, "provisional") if result.framework.provisional else "",
        "stages": _stages(assessment, [row["code"] for row in rows]),
        "own": enterprise_get_own(request.user, assessment.enterprise_id) is not None,
    })


def _stages(assessment: Assessment, codes: list[str]) -> list[dict[str, Any]]:
    """T0, T1, T2…: each assessment of this framework by the enterprise, with its current scores."""
    stages = []
    for label, earlier, result in assessment_history(assessment.enterprise, assessment.framework.code):
        stages.append({
            "label": label, "pk": earlier.pk, "day": earlier.submitted_at, "current": earlier.pk == assessment.pk,
            "overall": result.overall, "scores": [Decimal(result.dimension_scores.get(code, "0")) for code in codes],
        })
    return stages
