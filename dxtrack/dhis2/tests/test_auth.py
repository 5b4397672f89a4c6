"""Authentication as DHIS2 clients send it: Basic (through django-axes), ApiToken, Bearer."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from dxtrack.accounts.tokens import token_create, token_revoke
from dxtrack.audit.models import AuditEvent
from dxtrack.dhis2.tests.conftest import ApiClient, basic


def test_basic_with_the_right_password_is_the_user_and_makes_no_session(leader):
    client = ApiClient(HTTP_AUTHORIZATION=basic("leader"))
    response = client.get("/api/me")
    assert response.status_code == 200
    assert response.json()["username"] == "leader"
    assert "sessionid" not in response.cookies


def test_basic_with_a_wrong_password_is_401_with_a_basic_challenge(leader):
    response = ApiClient(HTTP_AUTHORIZATION=basic("leader", "wrong")).get("/api/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert response.json()["httpStatusCode"] == 401


def test_a_wrong_password_counts_toward_the_lockout_like_the_login_form(leader):
    wrong = ApiClient(HTTP_AUTHORIZATION=basic("leader", "wrong"), REMOTE_ADDR="192.0.2.7")
    for attempt in range(1, 5):
        assert wrong.get("/api/me").status_code == 401
        assert AccessAttempt.objects.get(username="leader").failures_since_start == attempt
    locked = wrong.get("/api/me")  # the fifth failure locks the pair out
    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"  # not the login form's HTML lockout page
    assert "15" in locked.json()["message"] and locked["Retry-After"] == "900"
    right = ApiClient(HTTP_AUTHORIZATION=basic("leader"), REMOTE_ADDR="192.0.2.7").get("/api/me")
    assert right.status_code == 429, "the right password does not lift the lockout"
    elsewhere = ApiClient(HTTP_AUTHORIZATION=basic("leader"), REMOTE_ADDR="192.0.2.8").get("/api/me")
    assert elsewhere.status_code == 200, "another address is not locked out"


def test_login_form_failures_lock_basic_out_too(leader):
    client = Client(REMOTE_ADDR="192.0.2.9")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "leader", "password": "wrong"})
    response = ApiClient(HTTP_AUTHORIZATION=basic("leader"), REMOTE_ADDR="192.0.2.9").get("/api/me")
    assert response.status_code == 429


def test_a_disabled_account_is_refused_basic(leader):
    leader.is_active = False
    leader.save()
    assert ApiClient(HTTP_AUTHORIZATION=basic("leader")).get("/api/me").status_code == 401


@pytest.mark.parametrize("header", ["Basic !!!", "Basic " + "bGVhZGVy", "Digest abc", "ApiToken", "Bearer "])
def test_malformed_credentials_are_401_saying_how(leader, header):
    response = ApiClient(HTTP_AUTHORIZATION=header).get("/api/me")
    assert response.status_code == 401
    assert response.json()["message"]


@pytest.mark.parametrize("scheme", ["ApiToken", "Bearer", "apitoken"])
def test_a_personal_access_token_works_in_both_token_schemes(token_client, leader, scheme):
    response = token_client("leader", scheme).get("/api/40/me.json")
    assert response.status_code == 200
    assert response.json()["username"] == "leader"


def test_a_revoked_token_is_401_and_audited(leader):
    token, plain = token_create(user=leader, name="script")
    token_revoke(token=token, by=leader)
    response = ApiClient(HTTP_AUTHORIZATION=f"ApiToken {plain}").get("/api/me")
    assert response.status_code == 401
    assert "revoked" in response.json()["message"].lower() or response.json()["message"]
    assert AuditEvent.objects.filter(action="auth.token_rejected").exists()


def test_no_credentials_is_401(db):
    response = Client().get("/api/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_logged_in_browser_may_read(leader):
    client = Client()
    client.force_login(leader)
    assert client.get("/api/me").json()["username"] == "leader"


def test_a_logged_in_browser_must_send_the_csrf_token_to_write(reporter_b, values, indicators, units):
    from dxtrack.dhis2.uids import uid_for

    client = ApiClient(enforce_csrf_checks=True)
    client.force_login(reporter_b)
    body = {"dataValues": [{"dataElement": uid_for(indicators["COUNT"]), "period": "2024", "orgUnit": uid_for(units["ward_b"]), "value": "9"}]}
    refused = client.post_json("/api/dataValueSets", body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["message"]
    client.get("/")  # the page sets the csrftoken cookie
    accepted = client.post_json("/api/dataValueSets", body, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert accepted.status_code == 200, accepted.json()


def test_basic_is_refused_for_an_account_with_a_second_factor_which_uses_a_token(approver):
    from django.utils import timezone

    from dxtrack.accounts.models import TotpDevice

    refused = ApiClient(HTTP_AUTHORIZATION=basic("approver")).get("/api/me")  # approvers must use MFA
    assert refused.status_code == 401 and "ApiToken" in refused.json()["message"]
    TotpDevice.objects.create(user=approver, secret="JBSWY3DPEHPK3PXP", confirmed=True, created_at=timezone.now())
    assert ApiClient(HTTP_AUTHORIZATION=basic("approver")).get("/api/me").status_code == 401
    _token, plain = token_create(user=approver, name="script")
    assert ApiClient(HTTP_AUTHORIZATION=f"ApiToken {plain}").get("/api/me").status_code == 200
