"""The demo's 2024 support programme: the central SME support of the article (140 bn VND, to
train more than 8,000 enterprises and consult more than 800), its four activities with their
eligibility rules, and sample enrolments of the sample registry — all marked as sample.

The enrolments are placed, not applied through the services, so the demo loads in seconds;
they respect what the services enforce: each enterprise meets the activity's eligibility
rules, the amounts are the activity's (a voucher's is its share of a fee, under the cap), and
no activity's budget is exceeded (each count below fits its budget). Consulting goes to assessed
enterprises at DBI level 2 or below; their assessment is dated before the programme and a second,
one level higher, after it, so the dashboard's "before and after" has figures.

| function | use |
| --- | --- |
| ``demo_support_load()`` | once: the programme, its activities and the sample enrolments |
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.db import transaction

from dxtrack.enterprises.assessments import assessment_submit
from dxtrack.enterprises.eligibility import band_level
from dxtrack.enterprises.models import (
    Assessment,
    AssessmentResult,
    Enrolment,
    EnrolmentStatus,
    Enterprise,
    EnterpriseStatus,
    SupportActivity,
    SupportProgramme,
)

CODE = "SME-2024"
MILLION = 1_000_000
SMES = ["micro", "small", "medium"]
SEED = "dxtrack-binh-duong-support-2024"
# code, kind, name_vi, name_en, budget, cost per enterprise, eligibility, (completed, approved, applied, rejected)
ACTIVITIES = [
    ("KH-TT", "training_in_person", "Khóa đào tạo chuyển đổi số cho doanh nghiệp nhỏ và vừa (trực tiếp)",
     "Digital transformation course for SMEs (in person)", 40_000 * MILLION, 4 * MILLION,
     {"size_classes": SMES}, (2_300, 150, 120, 80)),
    ("KH-TTT", "training_online", "Khóa đào tạo chuyển đổi số trực tuyến", "Online digital transformation course",
     8_000 * MILLION, 1 * MILLION, {"size_classes": SMES}, (1_400, 100, 60, 20)),
    ("TV", "consulting", "Tư vấn chuyển đổi số chuyên sâu", "In-depth digital transformation consulting",
     60_000 * MILLION, 60 * MILLION,
     {"size_classes": SMES, "maturity": {"framework": "dbi-2021", "max_level": 2}}, (120, 30, 20, 10)),
    ("PH", "voucher", "Phiếu hỗ trợ sử dụng nền tảng số", "Digital platform voucher",
     30_000 * MILLION, 0, {"size_classes": SMES}, (380, 40, 30, 10)),
]
VOUCHER_SHARE, VOUCHER_CAP = "0.500", 20 * MILLION
APPLIED_FROM, COMPLETED_FROM = datetime(2024, 3, 1, 2, tzinfo=UTC), datetime(2024, 6, 1, 2, tzinfo=UTC)
BEFORE, AFTER = datetime(2024, 2, 15, 2, tzinfo=UTC), datetime(2024, 12, 10, 2, tzinfo=UTC)


def _programme() -> SupportProgramme:
    programme, _created = SupportProgramme.objects.get_or_create(code=CODE, defaults={
        "name_vi": "Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số năm 2024",
        "name_en": "2024 support for SMEs' digital transformation",
        "funding_source": "Ngân sách trung ương 2024 (Central budget 2024)", "budget_vnd": 140_000 * MILLION,
        "starts_on": datetime(2024, 1, 1).date(), "ends_on": datetime(2024, 12, 31).date(),
        "target_trained": 8_000, "target_consulted": 800, "is_sample": True,
    })
    return programme


def _activity(programme: SupportProgramme, spec: tuple) -> SupportActivity:
    code, kind, name_vi, name_en, budget, cost, rules, _counts = spec
    extra = {"fee_share": VOUCHER_SHARE, "cap_per_enterprise_vnd": VOUCHER_CAP} if kind == "voucher" else {}
    activity, _created = SupportActivity.objects.get_or_create(programme=programme, code=code, defaults={
        "kind": kind, "name_vi": name_vi, "name_en": name_en, "budget_vnd": budget, "cost_per_enterprise_vnd": cost,
        "eligibility": rules, **extra,
    })
    return activity


def _consulting_candidates() -> list[int]:
    """Sample SMEs whose latest DBI result is at level 2 or below (the consulting rule)."""
    chosen = []
    results = AssessmentResult.objects.filter(
        assessment__is_sample=True, assessment__framework__code="dbi-2021",
        assessment__enterprise__size_class__in=SMES, assessment__enterprise__status=EnterpriseStatus.ACTIVE,
    ).select_related("framework", "assessment").order_by("assessment__enterprise_id")
    for result in results:
        if band_level(result.framework.definition, result.band) <= 2:
            chosen.append(result.assessment.enterprise_id)
    return sorted(set(chosen))


def _enrolments(activity: SupportActivity, enterprise_ids: list[int], counts: tuple, rng: random.Random) -> list[Enrolment]:
    statuses = [EnrolmentStatus.COMPLETED] * counts[0] + [EnrolmentStatus.APPROVED] * counts[1] + \
        [EnrolmentStatus.APPLIED] * counts[2] + [EnrolmentStatus.REJECTED] * counts[3]
    made = []
    for enterprise_id, status in zip(enterprise_ids, statuses, strict=False):
        amount = activity.cost_per_enterprise_vnd
        if activity.kind == "voucher":
            amount = min(VOUCHER_CAP, rng.randrange(6, 40) * MILLION // 2)  # half of a 6–40 M fee, capped
        applied = APPLIED_FROM + timedelta(days=rng.randrange(0, 90))
        made.append(Enrolment(
            activity=activity, enterprise_id=enterprise_id, status=status, amount_vnd=amount, is_sample=True,
            decided_at=applied + timedelta(days=7) if status != EnrolmentStatus.APPLIED else None,
            completed_at=COMPLETED_FROM + timedelta(days=rng.randrange(0, 150)) if status == EnrolmentStatus.COMPLETED else None,
            reason="Hồ sơ chưa đủ giấy tờ (dữ liệu mẫu)" if status == EnrolmentStatus.REJECTED else "",
            outcome="Hoàn thành chương trình (dữ liệu mẫu)" if status == EnrolmentStatus.COMPLETED else "",
        ))
        made[-1]._applied = applied  # noqa: SLF001  (auto_now_add: set after the insert)
    return made


def _after_assessments(consulted: list[int]) -> None:
    """Date each consulted enterprise's sample assessment before the programme; add one after, a level up."""
    for assessment in Assessment.objects.filter(enterprise_id__in=consulted, is_sample=True).select_related("framework"):
        Assessment.objects.filter(pk=assessment.pk).update(submitted_at=BEFORE)
        raised = {code: {"level": f"l{min(5, int(answer['level'][1:]) + 1)}"} for code, answer in assessment.answers.items()}
        after = assessment_submit(enterprise=assessment.enterprise, framework=assessment.framework, answers=raised, sample=True)
        Assessment.objects.filter(pk=after.pk).update(submitted_at=AFTER)


@transaction.atomic
def demo_support_load() -> int:
    """Load the programme once (left as it is when it has enrolments); returns the enrolments made."""
    programme = _programme()
    if Enrolment.objects.filter(activity__programme=programme).exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311  (not for security)
    smes = list(Enterprise.objects.filter(is_sample=True, size_class__in=SMES, status=EnterpriseStatus.ACTIVE)
                .order_by("pk").values_list("pk", flat=True))
    consulting = _consulting_candidates()
    made: list[Enrolment] = []
    completed: list[int] = []
    for spec in ACTIVITIES:
        activity = _activity(programme, spec)
        pool = consulting if activity.kind == "consulting" else smes
        chosen = rng.sample(pool, min(len(pool), sum(spec[-1])))
        made.extend(_enrolments(activity, chosen, spec[-1], rng))
        if activity.kind == "consulting":
            completed = chosen[:spec[-1][0]]
    Enrolment.objects.bulk_create(made, batch_size=2_000)
    by_day: dict[datetime, list[int]] = defaultdict(list)
    for enrolment in made:
        by_day[enrolment._applied].append(enrolment.pk)  # noqa: SLF001
    for applied, pks in by_day.items():  # ~90 days: one update each
        Enrolment.objects.filter(pk__in=pks).update(applied_at=applied)
    _after_assessments(completed)
    return len(made)
