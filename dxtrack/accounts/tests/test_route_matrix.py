"""Every route of the project, and what each persona gets from it.

`test_every_route_has_an_entry` walks the URL configuration and fails for any route that is
neither in MATRIX nor EXEMPT. To add a route, add one line (or a few cases) to MATRIX:

    "reporting:submission_list": [Case(expect=LOGGED_IN_ONLY)],
    "reporting:entry": [Case(args=lambda w: [w.submission_a.pk], expect={...})],

`expect` maps each persona to a status code, or to TO_LOGIN (302 to the login page). Every
persona in PERSONAS must be listed: deciding what reporter_b gets from ward A's object is the
point. `args` is a list, or a function of the World (below) returning one; `method` and
`data` are for POST routes. Objects a case needs are created in `World`, or by the `args`
function itself from `world.units` and `world.people`. An app may keep its cases in its own
`tests/route_cases.py` (ROUTE_CASES, same shape; see `_app_cases`).

The personas are those of personas.py: anonymous (no login), enterprise, reporter_a (ward A),
reporter_b (ward B), leader (province). Objects of ward A are what reporter_b must not get.
"""

from collections.abc import Iterator, Sequence
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dxtrack.accounts.tests.route_matrix import (
    LOGGED_IN_ONLY,
    PERSONAS,
    PUBLIC,
    TO_ADMIN_LOGIN,
    TO_LOGIN,
    UNIT_ROLES_ONLY,
    WARD_A_OBJECT,
    Case,
    Expected,
    everyone,
)


class World:
    """The objects the cases point at: built once per case, inside the test's transaction."""

    def __init__(self, units: dict, people: dict) -> None:
        from dxtrack.programmes.models import Indicator, Pillar, Programme
        from dxtrack.reporting.forms_services import submission_ensure
        from dxtrack.reporting.models import FormIndicator, ReportingForm
        from dxtrack.reporting.services import value_record

        self.units, self.people = units, people
        self.public_programme = Programme.objects.create(
            code="KH-CONG-KHAI", title_vi="Kế hoạch công khai", horizon_start=2022, horizon_end=2030,
            area=units["province"], is_public=True,
        )
        self.private_programme = Programme.objects.create(
            code="KH-NOI-BO", title_vi="Kế hoạch nội bộ", horizon_start=2022, horizon_end=2030,
            area=units["province"], is_public=False,
        )
        pillar = Pillar.objects.create(programme=self.private_programme, code="CQS", name_vi="Chính quyền số")
        indicator = Indicator.objects.create(
            programme=self.private_programme, pillar=pillar, code="CB", name_vi="Số cán bộ", unit="người",
            value_type="count", unit_aggregation="sum", period_aggregation="last", order=1,
        )
        self.form = ReportingForm.objects.create(
            programme=self.private_programme, code="BM-XA", name_vi="Biểu mẫu cấp xã", unit_level="commune",
            deadline_working_days=10,
        )
        FormIndicator.objects.create(form=self.form, indicator=indicator, order=1)
        self.submission_a = submission_ensure(form=self.form, org_unit=units["ward_a"], period="2024")
        self.value_a = value_record(indicator=indicator, org_unit=units["ward_a"], period="2023", value=Decimal(40))
        from dxtrack.accounts.tokens import token_create

        self.token_a, _plain = token_create(user=people["reporter_a"], name="script")


IMPORTERS_ONLY = {"anonymous": TO_LOGIN, "enterprise": 403, "reporter_a": 200, "reporter_b": 200, "leader": 403}
OWN_IMPORT = {"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 200, "reporter_b": 404, "leader": 404}


def import_job_of_reporter_a(world: World) -> int:
    from django.utils import timezone

    from dxtrack.reporting.models import ImportJob

    return ImportJob.objects.create(
        created_by=world.people["reporter_a"], created_at=timezone.now(), format="csv", filename="a.csv",
        status="rejected", errors=[{"row": 2, "column": "value", "message": "“abc” is not a number."}],
    ).pk


MATRIX: dict[str, list[Case]] = {
    "dashboards:home": [Case(expect=PUBLIC)],
    "dashboards:programme_overview": [
        Case(args=lambda w: [w.public_programme.code], expect=PUBLIC),
        Case(
            args=lambda w: [w.private_programme.code],
            expect={"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 200, "reporter_b": 200, "leader": 200},
            note="a province programme: every unit inside the province reads it",
        ),
        Case(args=["NO-SUCH-PLAN"], expect={**everyone(404), "anonymous": TO_LOGIN}),
    ],
    "accounts:login": [
        Case(expect=PUBLIC),
        Case(method="post", data={"username": "nobody", "password": "wrong"}, expect=PUBLIC, note="form shown again"),
    ],
    # Only reachable with a password step pending in the session (test_mfa.py walks that): with
    # nothing pending every persona is sent back to the password, and a POST logs nobody in.
    "accounts:mfa_verify": [
        Case(expect=everyone(TO_LOGIN)),
        Case(method="post", data={"code": "123456"}, expect=everyone(TO_LOGIN)),
    ],
    "accounts:mfa_enrol": [
        Case(expect=everyone(TO_LOGIN)),
        Case(method="post", data={"code": "123456"}, expect=everyone(TO_LOGIN)),
    ],
    # Self-service two-step login: a logged-in person's own. No persona has a device, so turning
    # it off and new recovery codes lead back to the page (test_mfa_self_service.py has the rest).
    "accounts:mfa_settings": [Case(expect=LOGGED_IN_ONLY), Case(method="post", expect={**everyone(405), "anonymous": TO_LOGIN})],
    "accounts:mfa_setup": [
        Case(expect=LOGGED_IN_ONLY),
        Case(method="post", data={"code": "123456"}, expect=LOGGED_IN_ONLY, note="no signed key: the form again"),
    ],
    "accounts:mfa_disable": [
        Case(expect={**everyone(405), "anonymous": TO_LOGIN}),
        Case(method="post", data={"password": "x", "code": "123456"}, expect={**everyone(302), "anonymous": TO_LOGIN}),
    ],
    "accounts:mfa_recovery_regenerate": [
        Case(expect={**everyone(405), "anonymous": TO_LOGIN}),
        Case(method="post", data={"password": "x"}, expect={**everyone(302), "anonymous": TO_LOGIN}),
    ],
    "accounts:logout": [
        Case(expect=everyone(405), note="logging out is a POST"),
        Case(method="post", expect=everyone(302)),
    ],
    "set_language": [Case(method="post", data={"language": "en", "next": "/"}, expect=everyone(302))],
    "admin:index": [Case(expect=everyone(TO_ADMIN_LOGIN), note="no persona is staff")],
    "reporting:submission_list": [Case(expect=LOGGED_IN_ONLY)],
    "reporting:submission_start": [
        Case(
            args=lambda w: [w.form.code, w.units["ward_a"].pk, "2024"],
            expect={**WARD_A_OBJECT, "reporter_a": 302, "leader": 302},
            note="redirects to the existing submission",
        ),
        Case(
            args=lambda w: [w.form.code, w.units["ward_a"].pk, "2023"],
            expect=WARD_A_OBJECT, note="not started: offers to start it, creates nothing",
        ),
        Case(
            args=lambda w: [w.form.code, w.units["ward_a"].pk, "2023"], method="post",
            expect={**WARD_A_OBJECT, "reporter_a": 302, "leader": 302},
            note="starting is a reporter's POST; the leader, after reporter_a started it, is led to it "
            "(a leader refused before: test_entry_pages)",
        ),
        Case(
            args=lambda w: [w.form.code, w.units["ward_a"].pk, "1900"], method="post",
            expect={**WARD_A_OBJECT, "reporter_a": 404, "leader": 404}, note="a period the form does not have",
        ),
    ],
    "reporting:entry": [Case(args=lambda w: [w.submission_a.pk], expect=WARD_A_OBJECT)],
    "reporting:submission_history": [Case(args=lambda w: [w.submission_a.pk], expect=WARD_A_OBJECT)],
    "reporting:value_history": [Case(args=lambda w: [w.value_a.pk], expect=WARD_A_OBJECT)],
    # Imports: reporters and programme officers upload; a job is its uploader's alone.
    "reporting:import_upload": [
        Case(expect=IMPORTERS_ONLY),
        Case(method="post", expect={**IMPORTERS_ONLY, "reporter_a": 400, "reporter_b": 400}, note="no file: the form again"),
    ],
    "reporting:import_template": [Case(expect=IMPORTERS_ONLY)],
    "reporting:import_unit_search": [
        Case(expect=IMPORTERS_ONLY, note="JSON of the units the user may import for"),
        Case(method="post", expect={**everyone(405), "anonymous": TO_LOGIN}, note="GET only"),
    ],
    "reporting:import_job": [Case(args=lambda w: [import_job_of_reporter_a(w)], expect=OWN_IMPORT)],
    "reporting:import_job_progress": [Case(args=lambda w: [import_job_of_reporter_a(w)], expect=OWN_IMPORT)],
    "reporting:import_job_errors": [Case(args=lambda w: [import_job_of_reporter_a(w)], expect=OWN_IMPORT)],
    "reporting:completeness_index": [Case(expect=UNIT_ROLES_ONLY)],
    "reporting:overdue_list": [Case(expect=UNIT_ROLES_ONLY)],
    "reporting:form_completeness": [
        Case(args=lambda w: [w.form.code, "2024"], expect=UNIT_ROLES_ONLY),
    ],
    "reporting:notification_list": [Case(expect=LOGGED_IN_ONLY)],
    "tokens:token_list": [
        Case(expect=LOGGED_IN_ONLY),
        Case(method="post", data={"name": "script", "lifetime": "30"}, expect=LOGGED_IN_ONLY, note="the new token is shown"),
    ],
    "tokens:token_revoke": [
        Case(args=lambda w: [w.token_a.pk], expect={**everyone(405), "anonymous": TO_LOGIN}),
        Case(
            args=lambda w: [w.token_a.pk], method="post",
            expect={"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 302, "reporter_b": 404, "leader": 404},
            note="only its owner revokes a token",
        ),
    ],
    "reporting:notification_mark_read": [
        Case(expect={**everyone(405), "anonymous": TO_LOGIN}),
        Case(method="post", expect={**everyone(302), "anonymous": TO_LOGIN}),
    ],
}



def _app_cases() -> dict[str, list[Case]]:
    """Cases kept beside each app: `dxtrack/<app>/tests/route_cases.py` defines ROUTE_CASES, a
    dict like MATRIX (using Case and the expectations above), so that apps built side by side do
    not all edit this one dict. A route named both here and in an app is an error."""
    import importlib
    from pathlib import Path

    found: dict[str, list[Case]] = {}
    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/tests/route_cases.py")):
        module = importlib.import_module(f"dxtrack.{path.parent.parent.name}.tests.route_cases")
        for key, cases in module.ROUTE_CASES.items():
            assert key not in MATRIX and key not in found, f"{key} has cases in two places"
            found[key] = cases
    return found


MATRIX.update(_app_cases())

# Routes matched by name (or, for unnamed ones, by path) prefix, and why they are not above.
EXEMPT: dict[str, str] = {
    "admin:": "Django admin: staff only, per-model permissions; admin:index above shows no persona gets in; "
              "accounts and audit admins have their own tests",
    "path:admin/": "Django admin's unnamed object-URL redirects and catch-all",
    "api:": "the API under /api/v1/: dxtrack/api/tests/test_permission_matrix.py has a case for every "
            "operation of its OpenAPI document (and fails for one without); openapi.json, docs and the JSON 404 are public",
}


def routes(patterns: Sequence[URLPattern | URLResolver] | None = None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(key, path) of every route: key is "namespace:name", or "path:<pattern>" when unnamed."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif entry.name:
            yield ":".join(part for part in (namespace, entry.name) if part), prefix + str(entry.pattern)
        else:
            yield f"path:{prefix}{entry.pattern}", prefix + str(entry.pattern)


def exempt_reason(key: str) -> str | None:
    return next((reason for start, reason in EXEMPT.items() if key.startswith(start)), None)


def test_every_route_has_an_entry():
    missing = [(key, path) for key, path in routes() if key not in MATRIX and exempt_reason(key) is None]
    assert not missing, "Routes without an entry in MATRIX of dxtrack/accounts/tests/test_route_matrix.py:\n" + "\n".join(
        f'  "{key}"  (/{path}): add  "{key}": [Case(expect={{...}})],' for key, path in missing
    )


def test_every_entry_is_a_route():
    known = {key for key, _ in routes()}
    stale = sorted(set(MATRIX) - known)
    assert not stale, f"MATRIX entries for routes that no longer exist: {stale}"


def test_every_case_names_every_persona():
    incomplete = {
        f"{key}[{index}]": sorted(set(PERSONAS) - set(case.expect))
        for key, cases in MATRIX.items() for index, case in enumerate(cases) if set(case.expect) != set(PERSONAS)
    }
    assert not incomplete, f"cases that leave personas out: {incomplete}"


@pytest.fixture
def people(enterprise, reporter_a, reporter_b, leader) -> dict:
    return {"enterprise": enterprise, "reporter_a": reporter_a, "reporter_b": reporter_b, "leader": leader}


def outcome(response) -> Expected:
    if response.status_code == 302:
        for redirect in (TO_LOGIN, TO_ADMIN_LOGIN):
            if response["Location"].startswith(reverse(redirect.to)):
                return redirect
    return response.status_code


@pytest.mark.parametrize(
    ("key", "index"),
    [pytest.param(key, index, id=f"{key}[{index}]") for key, cases in MATRIX.items() for index in range(len(cases))],
)
def test_route_gives_each_persona_what_the_matrix_says(key, index, units, people):
    case = MATRIX[key][index]
    world = World(units, people)
    args = case.args(world) if callable(case.args) else case.args
    url = reverse(key, args=list(args))
    got: dict[str, Expected] = {}
    for number, persona in enumerate(PERSONAS, start=1):
        # One address each, or five failed logins from one address would lock the fifth out.
        client = Client(REMOTE_ADDR=f"192.0.2.{number}")
        if persona != "anonymous":
            client.force_login(people[persona])
        data = case.data(world) if callable(case.data) else case.data
        response = getattr(client, case.method)(url, data)
        got[persona] = outcome(response)
    wrong = {persona: f"expected {case.expect[persona]!r}, got {got[persona]!r}" for persona in PERSONAS if got[persona] != case.expect[persona]}
    assert not wrong, f"{case.method.upper()} {url} ({key}[{index}]{': ' + case.note if case.note else ''}): {wrong}"
