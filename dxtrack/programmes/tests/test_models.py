"""The database refuses programme rows that break the model's rules, whoever writes them."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from dxtrack.programmes.models import Baseline, Indicator, Milestone, Pillar, Programme, Target


@pytest.fixture
def programme(units) -> Programme:
    return Programme.objects.create(code="P", title_vi="Chương trình", horizon_start=2022, horizon_end=2030, area=units["province"])


@pytest.fixture
def indicator(programme) -> Indicator:
    pillar = Pillar.objects.create(programme=programme, code="A", name_vi="Trụ cột")
    return Indicator.objects.create(
        programme=programme, pillar=pillar, code="I1", name_vi="Chỉ số", value_type="count",
        unit_aggregation="sum", period_aggregation="last",
    )


def refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_programme_horizon_must_not_end_before_it_starts(units):
    refused(lambda: Programme.objects.create(code="X", title_vi="x", horizon_start=2030, horizon_end=2025, area=units["province"]))


def test_programme_code_is_unique(programme, units):
    refused(lambda: Programme.objects.create(code="P", title_vi="x", horizon_start=2022, horizon_end=2030, area=units["province"]))


def test_pillar_code_is_unique_within_a_programme(programme):
    Pillar.objects.create(programme=programme, code="B", name_vi="x")
    refused(lambda: Pillar.objects.create(programme=programme, code="B", name_vi="y"))


def test_indicator_code_is_unique_within_a_programme(indicator):
    refused(lambda: Indicator.objects.create(
        programme=indicator.programme, pillar=indicator.pillar, code="I1", name_vi="x", value_type="count",
        unit_aggregation="sum", period_aggregation="last",
    ))


@pytest.mark.parametrize(
    "field, value",
    [("value_type", "number"), ("unit_aggregation", "median")],
)
def test_indicator_refuses_unknown_choices(indicator, field, value):
    refused(lambda: Indicator.objects.filter(pk=indicator.pk).update(**{field: value}))


def test_weighted_mean_needs_a_weight_indicator(indicator):
    refused(lambda: Indicator.objects.filter(pk=indicator.pk).update(unit_aggregation="weighted_mean"))


def test_target_refuses_an_unknown_comparator(indicator):
    refused(lambda: Target.objects.create(indicator=indicator, deadline=date(2025, 12, 31), comparator="=>", value=1))


def test_target_scope_level_goes_with_each_unit_scope_only(indicator):
    refused(lambda: Target.objects.create(indicator=indicator, deadline=date(2025, 12, 31), comparator=">=", value=1, scope="each_unit"))
    refused(lambda: Target.objects.create(
        indicator=indicator, deadline=date(2025, 12, 31), comparator=">=", value=1, scope="area", scope_level="commune"
    ))


def test_one_target_per_deadline_and_scope(indicator):
    Target.objects.create(indicator=indicator, deadline=date(2025, 12, 31), comparator=">=", value=1)
    refused(lambda: Target.objects.create(indicator=indicator, deadline=date(2025, 12, 31), comparator=">", value=2))


def test_one_baseline_per_period(indicator):
    Baseline.objects.create(indicator=indicator, period="2021", value=Decimal(1))
    refused(lambda: Baseline.objects.create(indicator=indicator, period="2021", value=Decimal(2)))


def test_milestone_date_only_when_done(indicator):
    refused(lambda: Milestone.objects.create(
        indicator=indicator, deadline=date(2025, 12, 31), description_vi="x", done=False, done_on=date(2025, 1, 1)
    ))
    Milestone.objects.create(indicator=indicator, deadline=date(2025, 12, 31), description_vi="x", done=True, done_on=date(2025, 1, 1))


def test_one_milestone_per_deadline(indicator):
    Milestone.objects.create(indicator=indicator, deadline=date(2025, 12, 31), description_vi="x")
    refused(lambda: Milestone.objects.create(indicator=indicator, deadline=date(2025, 12, 31), description_vi="y"))
