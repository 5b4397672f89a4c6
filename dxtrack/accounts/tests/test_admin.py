"""The admin goes through the services: unticking "active" or changing a role ends sessions."""

from django.test import Client
from django.urls import reverse

from dxtrack.accounts.models import Role, RoleAssignment
from dxtrack.audit.models import AuditEvent


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_logged_in(client: Client) -> bool:
    return client.get(reverse("dashboards:home")).wsgi_request.user.is_authenticated


def user_form(user, **changes) -> dict:
    data = {
        "username": user.username, "first_name": "", "last_name": "", "email": "",
        "is_active": "on", "last_login_0": "", "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"), "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_unticking_active_disables_through_the_service(admin_client, admin_user, reporter_a):
    browser = logged_in_client(reporter_a)
    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[reporter_a.pk]), user_form(reporter_a, is_active=None, first_name="An"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reporter_a.refresh_from_db()
    assert (reporter_a.is_active, reporter_a.first_name) == (False, "An")
    assert not is_logged_in(browser)
    assert AuditEvent.objects.filter(action="account.disable", actor=admin_user, details__reason="admin").exists()
    assert AuditEvent.objects.filter(action="admin.change", actor=admin_user, object_id=str(reporter_a.pk)).exists()


def test_ticking_active_again_enables(admin_client, reporter_a):
    reporter_a.is_active = False
    reporter_a.save()
    response = admin_client.post(reverse("admin:accounts_user_change", args=[reporter_a.pk]), user_form(reporter_a))
    assert response.status_code == 302
    reporter_a.refresh_from_db()
    assert reporter_a.is_active
    assert AuditEvent.objects.filter(action="account.enable").exists()


def test_other_user_changes_keep_sessions(admin_client, reporter_a):
    browser = logged_in_client(reporter_a)
    admin_client.post(reverse("admin:accounts_user_change", args=[reporter_a.pk]), user_form(reporter_a, last_name="Nguyễn"))
    assert is_logged_in(browser)


def test_adding_a_role_assignment_ends_sessions(admin_client, reporter_a, units):
    browser = logged_in_client(reporter_a)
    response = admin_client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": reporter_a.pk, "role": Role.APPROVER, "org_unit": units["ward_a"].pk},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=reporter_a, role=Role.APPROVER).exists()
    assert not is_logged_in(browser)
    assert AuditEvent.objects.filter(action="role.assign").exists()
    assert AuditEvent.objects.filter(action="admin.addition", object_type="accounts.roleassignment").exists()


def test_moving_a_role_assignment_to_another_unit_ends_sessions(admin_client, reporter_a, units):
    browser = logged_in_client(reporter_a)
    assignment = RoleAssignment.objects.get(user=reporter_a)
    response = admin_client.post(
        reverse("admin:accounts_roleassignment_change", args=[assignment.pk]),
        {"user": reporter_a.pk, "role": Role.REPORTER, "org_unit": units["ward_b"].pk},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.org_unit == units["ward_b"]
    assert not is_logged_in(browser)
    assert AuditEvent.objects.filter(action="role.change").exists()


def test_deleting_a_role_assignment_ends_sessions(admin_client, reporter_a):
    browser = logged_in_client(reporter_a)
    assignment = RoleAssignment.objects.get(user=reporter_a)
    response = admin_client.post(reverse("admin:accounts_roleassignment_delete", args=[assignment.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not is_logged_in(browser)
    assert AuditEvent.objects.filter(action="role.revoke").exists()


def test_bulk_deleting_role_assignments_ends_each_users_sessions(admin_client, reporter_a, reporter_b):
    browsers = [logged_in_client(reporter_a), logged_in_client(reporter_b)]
    ids = list(RoleAssignment.objects.values_list("pk", flat=True))
    response = admin_client.post(
        reverse("admin:accounts_roleassignment_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.exists()
    assert not any(is_logged_in(browser) for browser in browsers)
    assert AuditEvent.objects.filter(action="role.revoke").count() == 2
