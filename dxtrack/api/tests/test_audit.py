"""What the API leaves in the audit log: tokens made and revoked, refused tokens, refusals,
imports (once per idempotent request) and DHIS2 exports."""

from dxtrack.accounts.tokens import token_create, token_revoke
from dxtrack.api.tests.conftest import BASE, ApiClient, data_value_set, entry
from dxtrack.audit.models import AuditEvent


def actions() -> list[tuple[str, str, str]]:
    return [(e.action, e.outcome, e.actor_username) for e in AuditEvent.objects.order_by("id")]


def test_making_and_revoking_a_token_are_recorded(reporter_a, leader):
    token, _plain = token_create(user=reporter_a, name="script")
    token_revoke(token=token, by=leader)
    token_revoke(token=token, by=leader)  # already revoked: nothing more
    assert actions() == [("token.create", "success", "reporter_a"), ("token.revoke", "success", "leader")]


def test_a_refused_token_is_recorded_with_its_reason(reporter_a):
    token, plain = token_create(user=reporter_a, name="script")
    token_revoke(token=token, by=reporter_a)
    ApiClient(HTTP_AUTHORIZATION=f"Bearer {plain}").get(f"{BASE}/me")
    ApiClient(HTTP_AUTHORIZATION="Bearer dxt_guess").get(f"{BASE}/me")
    events = AuditEvent.objects.filter(action="auth.token_rejected").order_by("id")
    assert [(e.outcome, e.actor_username, e.details["reason"], e.path) for e in events] == [
        ("denied", "reporter_a", "revoked", "/api/v1/me"), ("denied", "", "unknown", "/api/v1/me"),
    ]


def test_a_refusal_is_recorded(api, values):
    api("reporter_a").get(f"{BASE}/values", {"unit": "25741"})
    event = AuditEvent.objects.get(action="access.denied")
    assert (event.actor_username, event.outcome, event.path) == ("reporter_a", "denied", "/api/v1/values")


def test_an_import_is_recorded_once_and_a_replay_not_again(api, values):
    client = api("reporter_b")
    payload = data_value_set(entry("COUNT", "25741", 21))
    for _ in range(2):
        client.post_json(f"{BASE}/dataValueSets", payload, HTTP_IDEMPOTENCY_KEY="k-1")
    client.post_json(f"{BASE}/dataValueSets?dryRun=true", payload)
    imports = AuditEvent.objects.filter(action="values.import")
    assert [(e.outcome, e.details["updated"]) for e in imports] == [("success", 1)]


def test_a_dhis2_export_is_recorded(api, values):
    api("leader").get(f"{BASE}/dataValueSets", {"orgUnit": "718", "children": "true"})
    event = AuditEvent.objects.get(action="values.export")
    assert event.actor_username == "leader" and event.details["values"] == 3
    assert event.details["filters"] == {"orgUnit": ["718"], "children": ["true"]}
