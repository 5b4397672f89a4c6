"""The menu's "Awaiting my approval" count: cached per user at the store version, and right at
once after a submission, a return, an approval or a role given (the cache on, as in production)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxtrack.accounts.models import Role, RoleAssignment
from dxtrack.common.tests.pages import every, page, text
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.tests.test_workflow import _full
from dxtrack.reporting.workflow import submission_approve, submission_return, submission_save

HOME = reverse("dashboards:home")


@pytest.fixture(autouse=True)
def figures_cache_on(settings):
    settings.DXTRACK_FIGURES_CACHE = True


def _count(client) -> int | None:
    """The number beside "Awaiting my approval", None when there is none (or no item)."""
    badges = every(page(client.get(HOME)), data_awaiting_count=...)
    assert len(badges) <= 1
    return int(text(badges[0])) if badges else None


def test_a_submission_and_its_approval_show_in_the_count_at_once(
    client, approver, reporter_a, reporter_b, ward_form, units
):
    client.force_login(approver)
    assert _count(client) is None
    first = submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")
    submission_save(submission=first, entries=_full(ward_form), user=reporter_a, submit=True)
    assert _count(client) == 1
    second = submission_ensure(form=ward_form, org_unit=units["ward_b"], period="2024")
    submission_save(submission=second, entries=_full(ward_form), user=reporter_b, submit=True)
    assert _count(client) == 2
    submission_approve(submission=first, user=approver)
    assert _count(client) == 1
    submission_return(submission=second, user=approver, comment="Thiếu số liệu")
    assert _count(client) is None


def test_the_count_is_not_recounted_while_nothing_changed(
    client, approver, reporter_a, ward_form, units
):
    submission = submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")
    submission_save(submission=submission, entries=_full(ward_form), user=reporter_a, submit=True)
    client.force_login(approver)
    assert _count(client) == 1
    with CaptureQueriesContext(connection) as context:
        assert _count(client) == 1
    assert not [q for q in context.captured_queries if 'FROM "reporting_submission"' in q["sql"]]


def test_a_role_given_counts_at_once(client, leader, reporter_a, ward_form, units):
    submission = submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")
    submission_save(submission=submission, entries=_full(ward_form), user=reporter_a, submit=True)
    client.force_login(leader)
    assert _count(client) is None  # a leader has no queue (and no menu item)
    RoleAssignment.objects.create(user=leader, role=Role.APPROVER, org_unit=units["province"])
    assert _count(client) == 1


def test_a_form_without_values_changing_state_bumps_the_version(ward_form, units):
    from dxtrack.figures.services import cells_refresh_submission
    from dxtrack.figures.versions import figures_version_number

    before = figures_version_number()
    cells_refresh_submission(
        submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")
    )
    assert figures_version_number() == before + 1
