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


def _queries_for_queue(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("dashboards:approval_queue")).status_code == 200
    return len(captured.captured_queries)


def test_the_queue_runs_the_same_queries_for_two_forms_or_eight(client, approver, form, units):
    """Who may approve is asked of the whole list at once (it was two queries a form)."""
    from dxtrack.orgunits.models import OrgUnitKind
    from dxtrack.orgunits.services import orgunit_upsert

    submission_at(form, units["ward_a"], "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 20))
    submission_at(form, units["ward_b"], "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 21))
    client.force_login(approver)
    client.get(reverse("dashboards:approval_queue"))  # the session and the menu's first reads
    few = _queries_for_queue(client)
    for number in range(6):
        ward, _ = orgunit_upsert(code=f"2590{number}", kind=OrgUnitKind.COMMUNE, name_vi=f"Phường {number}",
                                 name_en=f"Ward {number}", parent=units["district"], valid_to=units["district"].valid_to)
        submission_at(form, ward, "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 22))
    many = _queries_for_queue(client)
    response = client.get(reverse("dashboards:approval_queue"))
    assert len(by_testid(response.content, "approval-queue")[0].xpath(".//li[@data-submission]")) == 8
    assert many == few
