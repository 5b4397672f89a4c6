"""role_assign / role_change / role_revoke: a new role or unit takes effect at once."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dxtrack.accounts.models import AccessToken, Role, RoleAssignment
from dxtrack.accounts.services import role_assign, role_change, role_revoke
from dxtrack.audit.models import AuditEvent


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_logged_in(client: Client) -> bool:
    return client.get(reverse("dashboards:home")).wsgi_request.user.is_authenticated


def token_for(user) -> AccessToken:
    return AccessToken.objects.create(user=user, name="script", prefix="abc", key_hash="f" * 64, created_at=timezone.now())


def test_assigning_a_role_ends_the_users_sessions_but_keeps_tokens(reporter_a, reporter_b, leader, units):
    browser, other = logged_in_client(reporter_a), logged_in_client(reporter_b)
    token = token_for(reporter_a)
    assignment = role_assign(user=reporter_a, role=Role.APPROVER, org_unit=units["ward_a"], by=leader)
    assert (assignment.role, assignment.org_unit) == (Role.APPROVER, units["ward_a"])
    assert not is_logged_in(browser)
    assert is_logged_in(other)
    token.refresh_from_db()
    assert token.revoked_at is None
    event = AuditEvent.objects.get(action="role.assign")
    assert (event.actor, event.org_unit, event.details["role"]) == (leader, units["ward_a"], Role.APPROVER)


def test_assigning_a_role_held_already_changes_nothing(reporter_a, leader, units):
    browser = logged_in_client(reporter_a)
    role_assign(user=reporter_a, role=Role.REPORTER, org_unit=units["ward_a"], by=leader)
    assert is_logged_in(browser)
    assert RoleAssignment.objects.filter(user=reporter_a).count() == 1
    assert not AuditEvent.objects.filter(action="role.assign").exists()


def test_an_unknown_role_is_refused(reporter_a, leader, units):
    with pytest.raises(ValidationError):
        role_assign(user=reporter_a, role="mayor", org_unit=units["ward_a"], by=leader)


def test_revoking_a_role_ends_sessions_and_revokes_tokens(reporter_a, leader, units):
    browser = logged_in_client(reporter_a)
    token = token_for(reporter_a)
    assert role_revoke(user=reporter_a, role=Role.REPORTER, org_unit=units["ward_a"], by=leader) is True
    assert not RoleAssignment.objects.filter(user=reporter_a).exists()
    assert not is_logged_in(browser)
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="role.revoke")
    assert (event.actor, event.org_unit, event.object_type) == (leader, units["ward_a"], "accounts.roleassignment")


def test_revoking_a_role_not_held_does_nothing(reporter_a, leader, units):
    browser = logged_in_client(reporter_a)
    assert role_revoke(user=reporter_a, role=Role.LEADER, org_unit=units["ward_a"], by=leader) is False
    assert is_logged_in(browser)


def test_moving_a_reporter_to_another_ward_ends_sessions_and_revokes_tokens(reporter_a, leader, units):
    browser = logged_in_client(reporter_a)
    token = token_for(reporter_a)
    assignment = RoleAssignment.objects.get(user=reporter_a)
    role_change(assignment=assignment, role=Role.REPORTER, org_unit=units["ward_b"], by=leader)
    assignment.refresh_from_db()
    assert assignment.org_unit == units["ward_b"]
    assert not is_logged_in(browser)
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="role.change")
    assert event.details["before"] == {"role": Role.REPORTER, "org_unit": units["ward_a"].pk}
    assert event.details["after"] == {"role": Role.REPORTER, "org_unit": units["ward_b"].pk}
