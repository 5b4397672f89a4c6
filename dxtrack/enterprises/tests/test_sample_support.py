"""The demo's 2024 support programme on a small sample registry: marked sample, every enrolment
eligible and within its activity's budget, and the dashboard has figures (trained, consulted,
before and after)."""

from django.db.models import Sum

from dxtrack.enterprises.assessments import frameworks_load_all
from dxtrack.enterprises.eligibility import band_level, eligibility_reasons
from dxtrack.enterprises.imports import RegistryReport, RowChecker
from dxtrack.enterprises.models import (
    COMMITTED,
    AssessmentResult,
    Enrolment,
    Enterprise,
    SupportProgramme,
)
from dxtrack.enterprises.sample import demo_assessments_load, sample_rows
from dxtrack.enterprises.sample_support import ACTIVITIES, demo_support_load
from dxtrack.enterprises.support_figures import programme_figures
from dxtrack.enterprises.tests.factories import todays_wards


def _small_sample_registry(units) -> None:
    todays_wards(units)
    checker, report = RowChecker(sample=True), RegistryReport(source="sample", dry_run=False)
    rows = sample_rows(count=3_000, it_count=1_500, ward_codes=["25747", "25750"])
    Enterprise.objects.bulk_create([Enterprise(**checker.check(n, row, report)) for n, row in enumerate(rows, start=2)])
    frameworks_load_all()
    demo_assessments_load()


def test_the_sample_programme_is_eligible_within_budget_and_shows_figures(units):
    _small_sample_registry(units)
    made = demo_support_load()
    programme = SupportProgramme.objects.get(code="SME-2024")
    assert programme.is_sample and (programme.budget_vnd, programme.target_trained, programme.target_consulted) == (
        140_000_000_000, 8_000, 800)
    enrolments = Enrolment.objects.filter(activity__programme=programme).select_related("activity", "enterprise__ward")
    assert made == enrolments.count() > 0 and not enrolments.filter(is_sample=False).exists()
    for enrolment in enrolments.filter(activity__code__in=["KH-TT", "PH"]).order_by("pk")[:300]:
        assert eligibility_reasons(enrolment.enterprise, enrolment.activity) == []
    # Consulting: eligible when it applied (its first DBI assessment at level <= 2); a completed
    # enterprise's later assessment, a level up, is the outcome and may pass the bound.
    consulted = enrolments.filter(activity__code="TV")
    assert consulted.exists()
    for enrolment in consulted:
        before = AssessmentResult.objects.select_related("framework").filter(
            assessment__enterprise=enrolment.enterprise).order_by("assessment__submitted_at").first()  # the first
        assert band_level(before.framework.definition, before.band) <= 2
    for code, *_rest in ACTIVITIES:
        committed = enrolments.filter(activity__code=code, status__in=COMMITTED).aggregate(total=Sum("amount_vnd"))["total"]
        assert committed <= enrolments.filter(activity__code=code).first().activity.budget_vnd
    figures = programme_figures(programme, ward_ids=None)
    assert len(figures.total.trained) > 1_000 and len(figures.total.consulted) > 10 and figures.sample
    assert figures.outcomes.pairs == len(figures.total.consulted)
    assert figures.outcomes.mean_after > figures.outcomes.mean_before
    assert demo_support_load() == 0  # once
