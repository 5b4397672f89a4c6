"""The approver's queue: the submitted forms of the units below, oldest first; nobody else's."""

import pytest
from django.urls import reverse

from dxtrack.explore.tests.conftest import by_testid
from dxtrack.reporting.models import SubmissionStatus
from dxtrack.reporting.tests.forms_factories import (
    local,
    programme_with_indicators,
    submission_at,
    ward_form,
)


@pytest.fixture
def form(units):
    return ward_form(programme_with_indicators(area=units["province"]))


def test_the_approver_sees_the_submitted_forms_oldest_first(client, approver, form, units):
    late = submission_at(form, units["ward_a"], "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 20))
    early = submission_at(form, units["ward_b"], "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 10))
    submission_at(form, units["ward_a"], "2023", SubmissionStatus.APPROVED, local(2024, 1, 10))
    submission_at(form, units["ward_b"], "2023", SubmissionStatus.DRAFT)
    client.force_login(approver)
    response = client.get(reverse("dashboards:approval_queue"))
    items = by_testid(response.content, "approval-queue")[0].xpath(".//li[@data-submission]")
    assert [int(li.get("data-submission")) for li in items] == [early.pk, late.pk]
    assert items[0].xpath(".//a/@href") == [reverse("reporting:entry", args=[early.pk])]
    menu = response.content.decode()
    assert reverse("dashboards:approval_queue") in menu


def test_people_who_do_not_approve_get_a_403_and_no_menu_item(client, reporter_a):
    client.force_login(reporter_a)
    assert client.get(reverse("dashboards:approval_queue")).status_code == 403
    assert reverse("dashboards:approval_queue") not in client.get(reverse("dashboards:home")).content.decode()
