"""user_disable: the account stops at once, in every browser and every API script."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dxtrack.accounts.models import AccessToken
from dxtrack.accounts.services import user_disable, user_enable
from dxtrack.audit.models import AuditEvent


def token_for(user, name: str, **fields) -> AccessToken:
    return AccessToken.objects.create(
        user=user, name=name, prefix=name[:8], key_hash=f"{name:0<64}"[:64], created_at=timezone.now(), **fields
    )


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_logged_in(client: Client) -> bool:
    response = client.get(reverse("dashboards:home"))
    return response.wsgi_request.user.is_authenticated


def test_disabling_ends_every_session_of_that_user_at_once(reporter_a, leader):
    office, home = logged_in_client(reporter_a), logged_in_client(reporter_a)
    bystander = logged_in_client(leader)
    user_disable(user=reporter_a, by=leader)
    assert not is_logged_in(office)
    assert not is_logged_in(home)
    assert is_logged_in(bystander)
    assert list(Session.objects.values_list("session_key", flat=True)) == [bystander.session.session_key]


def test_disabling_revokes_the_users_tokens_and_no_one_elses(reporter_a, reporter_b, leader):
    earlier = timezone.now() - timedelta(days=3)
    active, already_revoked = token_for(reporter_a, "active"), token_for(reporter_a, "revoked", revoked_at=earlier)
    other = token_for(reporter_b, "other")
    user_disable(user=reporter_a, by=leader)
    active.refresh_from_db(), already_revoked.refresh_from_db(), other.refresh_from_db()
    assert active.revoked_at is not None
    assert already_revoked.revoked_at == earlier
    assert other.revoked_at is None


def test_a_disabled_user_cannot_log_in(client, reporter_a, leader):
    user_disable(user=reporter_a, by=leader)
    reporter_a.refresh_from_db()
    assert not reporter_a.is_active
    response = client.post(reverse("accounts:login"), {"username": "reporter_a", "password": "correct-horse-battery-staple"})
    assert response.status_code == 200  # the login page again, with the form's error
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_disabling_is_audited_with_who_did_it(reporter_a, leader):
    logged_in_client(reporter_a)
    token_for(reporter_a, "script")
    user_disable(user=reporter_a, by=leader, reason="left the ward office")
    event = AuditEvent.objects.get(action="account.disable")
    assert (event.actor, event.object_type, event.object_id) == (leader, "accounts.user", str(reporter_a.pk))
    assert event.details == {"reason": "left the ward office", "sessions_ended": 1, "tokens_revoked": 1}


def test_enabling_starts_the_idle_clock_again(reporter_a, leader):
    user_disable(user=reporter_a, by=leader)
    user_enable(user=reporter_a, by=leader)
    reporter_a.refresh_from_db()
    assert reporter_a.is_active
    assert timezone.now() - reporter_a.last_login < timedelta(minutes=1)
    assert AuditEvent.objects.filter(action="account.enable", actor=leader).exists()


def test_sessions_end_with_the_cached_db_engine_too(settings, reporter_a, leader):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    office = logged_in_client(reporter_a)
    assert is_logged_in(office)
    user_disable(user=reporter_a, by=leader)
    user_enable(user=reporter_a, by=leader)  # active again, but the old session stays ended
    assert not is_logged_in(office)
