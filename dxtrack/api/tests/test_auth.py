"""Who may call the API: personal access tokens (made, used, revoked, expired, a disabled
owner's) and the browser session with its CSRF check; messages in the caller's language."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from dxtrack.accounts.models import AccessToken
from dxtrack.accounts.tokens import (
    MAX_ACTIVE_TOKENS,
    TokenRejected,
    token_authenticate,
    token_create,
    token_revoke,
)
from dxtrack.api.tests.conftest import BASE, ApiClient, data_value_set, entry

ME = f"{BASE}/me"
pytestmark = pytest.mark.django_db


def bearer(plain: str, **extra) -> ApiClient:
    return ApiClient(HTTP_AUTHORIZATION=f"Bearer {plain}", **extra)


# --- the token service ----------------------------------------------------------------------------


def test_a_new_token_is_returned_once_and_only_its_hash_is_stored(reporter_a):
    token, plain = token_create(user=reporter_a, name="district script")
    assert plain.startswith("dxt_") and len(plain) > 40
    stored = AccessToken.objects.get(pk=token.pk)
    assert plain not in (stored.key_hash, stored.prefix, stored.name)
    assert stored.prefix == plain[:12]
    assert token_authenticate(plain).user == reporter_a


NOW = "2025-03-03 09:00:00 +07:00"


@time_machine.travel(NOW, tick=False)
def test_a_token_needs_a_name_and_a_future_expiry_within_a_year(reporter_a):
    now = timezone.now()
    with pytest.raises(ValidationError) as blank:
        token_create(user=reporter_a, name="  ")
    assert "name" in blank.value.message_dict
    for expiry in (now, now - timedelta(minutes=1)):  # now is not in the future
        with pytest.raises(ValidationError) as past:
            token_create(user=reporter_a, name="x", expires_at=expiry)
        assert "expires_at" in past.value.message_dict
    with pytest.raises(ValidationError) as too_late:
        token_create(user=reporter_a, name="x", expires_at=now + timedelta(days=366, seconds=1))
    assert "expires_at" in too_late.value.message_dict
    # The bounds themselves: one second from now, and 366 days (a leap year) to the second.
    assert token_create(user=reporter_a, name="soon", expires_at=now + timedelta(seconds=1))[0].expires_at == now + timedelta(seconds=1)
    assert token_create(user=reporter_a, name="late", expires_at=now + timedelta(days=366))[0].expires_at == now + timedelta(days=366)


def test_a_user_may_hold_a_limited_number_of_active_tokens(reporter_a):
    for number in range(MAX_ACTIVE_TOKENS):
        token_create(user=reporter_a, name=f"t{number}")
    with pytest.raises(ValidationError):
        token_create(user=reporter_a, name="one too many")
    token_revoke(token=AccessToken.objects.filter(user=reporter_a).first())
    token_create(user=reporter_a, name="after revoking one")


def test_revoking_twice_keeps_the_first_time(reporter_a):
    token, _plain = token_create(user=reporter_a, name="x")
    first = token_revoke(token=token).revoked_at
    token_revoke(token=AccessToken.objects.get(pk=token.pk))
    assert AccessToken.objects.get(pk=token.pk).revoked_at == first


def test_last_use_is_recorded_at_most_once_a_minute(reporter_a):
    token, plain = token_create(user=reporter_a, name="x")
    with time_machine.travel("2025-03-03 09:00:00 +07:00", tick=False):
        token_authenticate(plain)
        first = AccessToken.objects.get(pk=token.pk).last_used_at
        assert first is not None
    with time_machine.travel("2025-03-03 09:00:30 +07:00", tick=False):
        token_authenticate(plain)
        assert AccessToken.objects.get(pk=token.pk).last_used_at == first
    with time_machine.travel("2025-03-03 09:01:30 +07:00", tick=False):
        token_authenticate(plain)
        assert AccessToken.objects.get(pk=token.pk).last_used_at > first


# --- bearer tokens on the API ------------------------------------------------------------------------


def test_a_token_acts_as_its_owner(reporter_a):
    _token, plain = token_create(user=reporter_a, name="script")
    response = bearer(plain).get(ME)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "reporter_a"
    assert body["token"]["name"] == "script" and body["token"]["prefix"] == plain[:12]
    assert [(role["role"], role["unit"]) for role in body["roles"]] == [("reporter", "25747")]


def test_no_credentials_is_401_with_how_to_authenticate():
    response = Client().get(ME, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("Bearer dxt_not-a-real-token", "Unknown access token"),
        ("Bearer something-else", "not a dxtrack access token"),
        ("Basic cmVwb3J0ZXJfYTpwYXNz", "Authorization: Bearer"),
        ("Bearer", "Authorization: Bearer"),
        ("Bearer " + "dxt_" + "x" * 300, "not a dxtrack access token"),
    ],
)
def test_a_malformed_or_unknown_token_is_401_saying_why(header, words):
    response = Client(HTTP_AUTHORIZATION=header).get(ME, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert words in response.json()["detail"]


def test_a_revoked_token_is_401(reporter_a):
    token, plain = token_create(user=reporter_a, name="x")
    assert bearer(plain).get(ME).status_code == 200
    token_revoke(token=token)
    response = bearer(plain).get(ME, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_is_401_from_the_second_it_expires(reporter_a):
    with time_machine.travel(NOW, tick=False) as traveller:
        _token, plain = token_create(user=reporter_a, name="x", expires_at=timezone.now() + timedelta(days=1))
        traveller.shift(timedelta(days=1) - timedelta(seconds=1))
        assert bearer(plain).get(ME).status_code == 200  # one second left
        traveller.shift(timedelta(seconds=1))
        response = bearer(plain).get(ME, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["detail"] == "This access token expired on 4 Mar 2025 09:00."


def test_a_disabled_users_token_is_401_even_if_not_revoked(reporter_a):
    _token, plain = token_create(user=reporter_a, name="x")
    reporter_a.is_active = False
    reporter_a.save(update_fields=["is_active"])
    response = bearer(plain).get(ME, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "disabled" in response.json()["detail"]


def test_disabling_a_user_through_the_accounts_service_stops_their_token(reporter_a, leader):
    from dxtrack.accounts.services import user_disable

    _token, plain = token_create(user=reporter_a, name="x")
    user_disable(user=reporter_a, by=leader, reason="left")
    assert bearer(plain).get(ME).status_code == 401


def test_a_bad_token_is_refused_even_with_a_valid_session(reporter_a):
    client = Client(HTTP_AUTHORIZATION="Bearer dxt_revoked-or-unknown")
    client.force_login(reporter_a)
    assert client.get(ME).status_code == 401


def test_a_token_loses_a_role_as_soon_as_its_owner_does(reporter_a, units, api, values):
    from dxtrack.accounts.models import RoleAssignment

    client = api("reporter_a")
    assert client.get(f"{BASE}/values").json()["count"] == 2
    RoleAssignment.objects.filter(user=reporter_a).delete()  # through the model: the token is not revoked
    assert client.get(f"{BASE}/values").json()["count"] == 0


def test_messages_follow_accept_language(reporter_a):
    english = Client().get(ME, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    vietnamese = Client().get(ME, HTTP_ACCEPT_LANGUAGE="vi").json()["detail"]
    assert english != vietnamese
    assert "Bearer" in vietnamese


# --- the browser session ------------------------------------------------------------------------


def test_a_logged_in_browser_may_read(reporter_a):
    client = Client()
    client.force_login(reporter_a)
    response = client.get(ME)
    assert response.status_code == 200
    assert response.json()["token"] is None


def test_a_browser_write_needs_the_csrf_token(reporter_b, units, values):
    client = ApiClient(enforce_csrf_checks=True)
    client.force_login(reporter_b)
    payload = data_value_set(entry("COUNT", "25741", 22))
    refused = client.post_json(f"{BASE}/dataValueSets", payload, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/accounts/tokens/")  # any page sets the csrftoken cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post_json(f"{BASE}/dataValueSets", payload, HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 200, accepted.json()


def test_a_token_write_needs_no_csrf_token(reporter_b, units, values):
    _token, plain = token_create(user=reporter_b, name="x")
    client = ApiClient(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert client.post_json(f"{BASE}/dataValueSets", data_value_set(entry("COUNT", "25741", 22))).status_code == 200


def test_a_disabled_users_session_is_401(reporter_a):
    client = Client()
    client.force_login(reporter_a)
    reporter_a.is_active = False
    reporter_a.save(update_fields=["is_active"])
    assert client.get(ME).status_code == 401


def test_token_rejected_carries_its_message():
    with pytest.raises(TokenRejected) as rejected:
        token_authenticate("dxt_nothing")
    assert rejected.value.message
