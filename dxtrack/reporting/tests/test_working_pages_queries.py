"""The working pages' queries: a constant number whatever the number of forms, and the user's
roles read once per request (the permission check, the lists and the menu share that read)."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxtrack.accounts.models import Role, RoleAssignment
from dxtrack.accounts.request_roles import RequestRolesMiddleware, role_assignments_of
from dxtrack.reporting.models import ReportingForm, SubmissionStatus
from dxtrack.reporting.tests.forms_factories import (
    local,
    programme_with_indicators,
    submission_at,
    ward_form,
)
from dxtrack.reporting.tests.test_completeness_pages import overdue_rows

OVERDUE = reverse("reporting:overdue_list")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(local(2025, 2, 3, 9), tick=False):
        yield


@pytest.fixture
def programme(units):
    return programme_with_indicators(area=units["province"])


def _get(client, path: str, **params) -> tuple[list[str], object]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries], response


def test_the_overdue_list_runs_as_many_queries_for_five_forms_as_for_one(
    client, officer, programme, units
):
    ward_form(programme, deadline_working_days=10)
    client.force_login(officer)
    one_form, response = _get(client, OVERDUE)
    assert {form for _level, _unit, form, _period in overdue_rows(response)} == {"BM-PHUONG"}
    for number in range(3):
        ward_form(programme, code=f"BM-{number}", deadline_working_days=10)
    # A form naming its unit (not a level) is asked in the same query as the others.
    named = ward_form(programme, code="BM-NAMED", deadline_working_days=10)
    named.units.add(units["ward_b"])
    ReportingForm.objects.filter(pk=named.pk).update(unit_level="")
    five_forms, response = _get(client, OVERDUE)
    rows = overdue_rows(response)
    assert {form for _level, _unit, form, _period in rows} == {
        "BM-PHUONG",
        "BM-0",
        "BM-1",
        "BM-2",
        "BM-NAMED",
    }
    assert ("commune", units["ward_b"].code, "BM-NAMED", "2024") in rows
    assert len(five_forms) == len(one_form), "\n".join(five_forms)


def test_the_overdue_list_of_many_forms_is_the_list_of_each_form(officer, programme, units):
    """The union of every form's candidates gives the rows one form at a time gave."""
    from dxtrack.reporting.completeness import overdue_list

    forms = [
        ward_form(programme, code=f"BM-{number}", deadline_working_days=10) for number in range(3)
    ]
    submission_at(forms[1], units["ward_a"], "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 10))
    together = overdue_list(forms=forms, since=date(2023, 1, 1))
    one_by_one = sorted(
        (item for form in forms for item in overdue_list(forms=[form], since=date(2023, 1, 1))),
        key=lambda item: (
            -item.row.working_days_late,
            item.form.code,
            item.period.code,
            item.unit.code,
        ),
    )
    assert [(i.form.code, i.period.code, i.unit.code) for i in together] == [
        (i.form.code, i.period.code, i.unit.code) for i in one_by_one
    ]
    assert ("BM-1", "2024", units["ward_a"].code) not in [
        (i.form.code, i.period.code, i.unit.code) for i in together
    ]


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("officer", "reporting:overdue_list"),
        ("officer", "reporting:completeness_index"),
        ("approver", "dashboards:approval_queue"),
        ("reporter_a", "reporting:submission_list"),
        ("reporter_a", "reporting:import_upload"),
    ],
)
def test_a_working_page_reads_the_users_roles_once(client, request, persona, page, programme):
    """The page's permission check, its lists and the menu's items ask the same list."""
    ward_form(programme, deadline_working_days=10)
    client.force_login(request.getfixturevalue(persona))
    queries, _response = _get(client, reverse(page))
    role_reads = [
        sql for sql in queries if 'FROM "accounts_roleassignment"' in sql.split("(SELECT")[0]
    ]  # not as a subquery
    assert len(role_reads) == 1, "\n".join(role_reads)


def test_a_role_given_during_a_request_is_read_at_once(leader, units):
    seen = []

    def view(request):
        seen.append(len(role_assignments_of(leader)))
        RoleAssignment.objects.create(user=leader, role=Role.APPROVER, org_unit=units["province"])
        seen.append(len(role_assignments_of(leader)))
        RoleAssignment.objects.filter(user=leader, role=Role.APPROVER).delete()
        seen.append(len(role_assignments_of(leader)))

    RequestRolesMiddleware(view)(RequestFactory().get("/"))
    assert seen == [1, 2, 1]


def test_outside_a_request_the_roles_are_read_every_time(leader, units):
    assert len(role_assignments_of(leader)) == 1
    RoleAssignment.objects.filter(user=leader).update(
        role=Role.APPROVER
    )  # no signal: nothing to forget
    assert [assignment.role for assignment in role_assignments_of(leader)] == [Role.APPROVER]
