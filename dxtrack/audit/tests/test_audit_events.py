"""What is recorded: logins, logouts, failures, denials, admin changes; who, where, outcome."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from dxtrack.audit.models import Action, AuditEvent, Outcome
from dxtrack.audit.request_info import client_ip
from dxtrack.audit.services import audit_denied, audit_record

PASSWORD = "correct-horse-battery-staple"


def test_a_login_and_a_logout_are_recorded_with_the_address(client, reporter_a):
    client.post(reverse("accounts:login"), {"username": "reporter_a", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    client.post(reverse("accounts:logout"), REMOTE_ADDR="203.0.113.8")
    login, logout = AuditEvent.objects.order_by("id")
    assert (login.action, login.actor, login.outcome, login.ip_address, login.path) == (
        Action.LOGIN, reporter_a, Outcome.SUCCESS, "203.0.113.7", "/accounts/login/",
    )
    assert (logout.action, logout.actor, logout.ip_address) == (Action.LOGOUT, reporter_a, "203.0.113.8")


def test_a_failed_login_records_the_name_tried_but_never_the_password(client, reporter_a):
    client.post(reverse("accounts:login"), {"username": "reporter_a", "password": "hunter2"})
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor) == (Action.LOGIN_FAILED, Outcome.FAILED, None)
    assert event.details == {"username": "reporter_a"}
    assert "hunter2" not in str(event.details)


def test_a_failed_login_for_an_unknown_name_is_recorded(client, db):
    client.post(reverse("accounts:login"), {"username": "ghost", "password": "x"})
    assert AuditEvent.objects.get().details == {"username": "ghost"}


def test_audit_denied_records_who_what_where(rf: RequestFactory, reporter_b, units):
    request = rf.post("/reporting/submissions/7/approve/", REMOTE_ADDR="198.51.100.4")
    request.user = reporter_b
    event = audit_denied(request, "submission.approve", org_unit=units["ward_a"], details={"submission": 7})
    assert (event.actor, event.action, event.outcome, event.org_unit) == (reporter_b, Action.ACCESS_DENIED, Outcome.DENIED, units["ward_a"])
    assert (event.ip_address, event.path) == ("198.51.100.4", "/reporting/submissions/7/approve/")
    assert event.details == {"what": "submission.approve", "method": "POST", "submission": 7}


def test_audit_denied_for_an_anonymous_visitor(rf: RequestFactory, db):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/programmes/secret/")
    request.user = AnonymousUser()
    event = audit_denied(request, "programme.view")
    assert (event.actor, event.actor_username) == (None, "")


def test_an_object_fills_type_id_and_name(leader, units):
    event = audit_record(actor=leader, action="orgunit.view", obj=units["ward_a"])
    assert (event.object_type, event.object_id, event.object_repr) == ("orgunits.orgunit", str(units["ward_a"].pk), str(units["ward_a"]))
    assert event.actor_username == "leader"


def test_every_admin_log_entry_is_mirrored(admin_user, units):
    LogEntry.objects.log_actions(admin_user.pk, [units["ward_a"]], CHANGE, change_message='[{"changed": {"fields": ["name_vi"]}}]')
    event = AuditEvent.objects.get(action=Action.ADMIN_CHANGE)
    entry = LogEntry.objects.get()
    assert (event.actor, event.object_type, event.object_id) == (admin_user, "orgunits.orgunit", str(units["ward_a"].pk))
    assert event.details == {"log_entry_id": entry.pk, "change_message": entry.change_message}
    assert ContentType.objects.get_for_id(entry.content_type_id).model == "orgunit"


def test_an_admin_change_through_the_site_records_the_address(admin_client, units):
    url = reverse("admin:orgunits_orgunit_delete", args=[units["agency"].pk])
    admin_client.post(url, {"post": "yes"}, REMOTE_ADDR="192.0.2.33")
    event = AuditEvent.objects.get(action=Action.ADMIN_DELETION)
    assert (event.object_id, event.ip_address) == (str(units["agency"].pk), "192.0.2.33")


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded", "expected"),
    [
        (False, "10.0.0.1", "192.0.2.1"),  # not behind a proxy: the header is the client's, ignored
        (True, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the proxy appended the right-most entry
        (True, "", "192.0.2.1"),
    ],
)
def test_client_ip_trusts_only_our_own_proxy(rf, settings, behind_proxy, forwarded, expected):
    settings.DXTRACK_BEHIND_PROXY = behind_proxy
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_every_403_a_view_raises_is_recorded(client, enterprise):
    client.force_login(enterprise)
    response = client.get(reverse("reporting:completeness_index"), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 403
    event = AuditEvent.objects.get(action=Action.ACCESS_DENIED)
    assert (event.actor, event.outcome, event.ip_address) == (enterprise, Outcome.DENIED, "198.51.100.9")
    assert event.details == {"what": "reporting:completeness_index", "method": "GET"}
