"""Support programmes: a voucher past its cap, an approval past the budget, and two approvals
at the same moment that together would overspend (PostgreSQL, where they truly overlap)."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from dxtrack.enterprises.models import Enrolment, Enterprise, SupportActivity, SupportProgramme
from dxtrack.enterprises.support import enrolment_apply, enrolment_approve
from dxtrack.enterprises.tests.factories import registry_world

MILLION = 1_000_000


@pytest.fixture
def programme(db) -> SupportProgramme:
    return SupportProgramme.objects.create(
        code="SME-2024", name_vi="Hỗ trợ doanh nghiệp nhỏ và vừa 2024", funding_source="Ngân sách trung ương",
        budget_vnd=140_000 * MILLION, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31),
    )


def activity(programme, code="KH-01", *, budget=10 * MILLION, cost=4 * MILLION, kind="training_in_person", **more):
    return SupportActivity.objects.create(
        programme=programme, code=code, kind=kind, name_vi=f"Hoạt động {code}", budget_vnd=budget,
        cost_per_enterprise_vnd=cost, **more,
    )


def test_a_voucher_pays_its_share_and_is_refused_past_its_cap(units, programme):
    world = registry_world(units)
    voucher = activity(programme, "VOUCHER", kind="voucher", cost=0, fee_share="0.5", cap_per_enterprise_vnd=20 * MILLION)
    assert enrolment_apply(enterprise=world["software"], activity=voucher, fee_vnd=30 * MILLION).amount_vnd == 15 * MILLION
    with pytest.raises(ValidationError) as refused:
        enrolment_apply(enterprise=world["shop"], activity=voucher, fee_vnd=50 * MILLION)
    assert "25.000.000" in refused.value.messages[0] and "20.000.000" in refused.value.messages[0]
    assert Enrolment.objects.count() == 1


def test_an_approval_past_the_activitys_budget_is_refused_and_says_what_is_left(units, programme):
    world = registry_world(units)
    course = activity(programme)  # 10 M for courses of 4 M each: two fit, the third does not
    enrolments = [enrolment_apply(enterprise=e, activity=course) for e in world.values()]
    enrolment_approve(enrolment=enrolments[0])
    enrolment_approve(enrolment=enrolments[1])
    with pytest.raises(ValidationError) as refused:
        enrolment_approve(enrolment=enrolments[2])
    assert "2.000.000" in refused.value.messages[0]  # 10 M − 8 M left
    enrolments[2].refresh_from_db()
    assert enrolments[2].status == "applied"


def test_the_programme_budget_binds_across_its_activities(units, programme):
    world = registry_world(units)
    programme.budget_vnd = 6 * MILLION
    programme.save()
    first, second = activity(programme, "A"), activity(programme, "B")
    enrolment_approve(enrolment=enrolment_apply(enterprise=world["software"], activity=first))
    with pytest.raises(ValidationError):
        enrolment_approve(enrolment=enrolment_apply(enterprise=world["shop"], activity=second))


@pytest.mark.django_db(transaction=True)
def test_two_parallel_approvals_cannot_overspend(units):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time by design")
    world = registry_world(units)
    programme = SupportProgramme.objects.create(
        code="P", name_vi="P", funding_source="x", budget_vnd=100 * MILLION, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31),
    )
    course = activity(programme, budget=5 * MILLION, cost=4 * MILLION)  # room for one of the two
    enrolments = [enrolment_apply(enterprise=world[name], activity=course) for name in ("software", "shop")]
    outcomes, start = [], threading.Barrier(2)

    def approve(enrolment) -> None:
        try:
            start.wait()
            enrolment_approve(enrolment=enrolment)
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(e,)) for e in enrolments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert Enrolment.objects.filter(status="approved").count() == 1
    assert Enterprise.objects.count() == 3
