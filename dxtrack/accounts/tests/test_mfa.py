"""The second login step (TOTP and recovery codes), on a frozen clock: codes are made with
pyotp from the secret, at the time the test sets."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pyotp
import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dxtrack.accounts.mfa import MfaAction, enrolment_secret, mfa_required
from dxtrack.accounts.mfa_views import PENDING
from dxtrack.accounts.models import RecoveryCode, Role, RoleAssignment, TotpDevice
from dxtrack.audit.models import AuditEvent, Outcome

PASSWORD = "correct-horse-battery-staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
OFFICE = "203.0.113.7"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2025, 3, 10, 8, 30, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False) as traveller:
        yield traveller


@pytest.fixture
def client():
    return Client(REMOTE_ADDR=OFFICE)


@pytest.fixture
def enrolled(approver):
    TotpDevice.objects.create(user=approver, secret=SECRET, confirmed=True, created_at=timezone.now())
    return approver


def password(client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD} | ({"next": next_url} if next_url else {})
    return client.post(reverse("accounts:login"), data)


def code(client, value: str):
    return client.post(reverse("accounts:mfa_verify"), {"code": value})


def now_code() -> str:
    return pyotp.TOTP(SECRET).now()


def logged_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_required_for_approvers_staff_and_listed_roles_not_for_reporters(approver, reporter_a, leader, settings):
    assert mfa_required(approver) and not mfa_required(reporter_a) and not mfa_required(leader)
    reporter_a.is_staff = True
    assert mfa_required(reporter_a)
    settings.DXTRACK_MFA_REQUIRED_ROLES = [Role.LEADER]
    assert mfa_required(leader) and not mfa_required(approver)


def test_a_person_without_mfa_logs_in_with_the_password_alone(client, reporter_a):
    response = password(client, "reporter_a")
    assert response.status_code == 302 and logged_in(client, reporter_a)


def test_a_required_role_without_a_device_is_sent_to_enrolment_and_enrols(client, approver):
    response = password(client, "approver", next_url="/reporting/")
    assert response.status_code == 302 and response.url == reverse("accounts:mfa_enrol")
    assert not logged_in(client, approver)
    page = client.get(reverse("accounts:mfa_enrol"))
    secret = enrolment_secret(approver, page.context["enrolment"])
    assert page.status_code == 200 and secret and "secret" not in client.session[PENDING], "the key is not kept in the session"
    assert page.context["qr"].startswith("data:image/svg+xml")
    assert f"otpauth://totp/dxtrack:approver?secret={secret}" in page.content.decode()
    assert secret[:4] + " " + secret[4:8] in page.content.decode()  # the key in groups of four
    assert not TotpDevice.objects.exists(), "nothing is stored before the first code"

    signed = page.context["enrolment"]
    wrong = client.post(reverse("accounts:mfa_enrol"), {"code": "000000", "enrolment": signed})
    assert wrong.status_code == 200 and not logged_in(client, approver) and not TotpDevice.objects.exists()

    assert wrong.context["enrolment"] and enrolment_secret(approver, wrong.context["enrolment"]) == secret, "the same key again"
    done = client.post(reverse("accounts:mfa_enrol"), {"code": pyotp.TOTP(secret).now(), "enrolment": signed})
    assert done.status_code == 200 and logged_in(client, approver)
    codes = done.context["codes"]
    assert len(codes) == 10 == len(set(codes)) == RecoveryCode.objects.filter(user=approver).count()
    assert all(code not in RecoveryCode.objects.values_list("code_hash", flat=True) for code in codes)  # hashed
    assert done.context["next"] == "/reporting/"
    device = TotpDevice.objects.get(user=approver)
    assert device.confirmed and device.secret == secret
    assert AuditEvent.objects.filter(action=MfaAction.ENROLLED, actor=approver).count() == 1
    assert AuditEvent.objects.filter(action=MfaAction.FAILED, object_id=str(approver.pk)).count() == 1


def test_login_with_a_code(client, enrolled):
    response = password(client, "approver", next_url="/reporting/")
    assert response.url == reverse("accounts:mfa_verify") and not logged_in(client, enrolled)
    response = code(client, now_code())
    assert response.status_code == 302 and response.url == "/reporting/" and logged_in(client, enrolled)
    assert PENDING not in client.session
    assert AuditEvent.objects.filter(action=MfaAction.VERIFIED, actor=enrolled).count() == 1


def test_no_page_is_reachable_between_the_password_and_the_code(client, enrolled, settings):
    password(client, "approver")
    for url in ("/reporting/", "/accounts/tokens/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url, url
    assert not logged_in(client, enrolled)


def test_a_wrong_code_is_refused_in_both_languages_and_counted_toward_the_lockout(client, enrolled, settings):
    password(client, "approver")
    wrong = code(client, "000000" if now_code() != "000000" else "111111")
    assert wrong.status_code == 200 and not logged_in(client, enrolled)
    assert "Mã này sai hoặc đã được dùng" in wrong.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "This code is wrong or was already used" in code(client, "12345x").content.decode()
    assert AccessAttempt.objects.get(username="approver").failures_since_start == 2
    assert AuditEvent.objects.filter(action=MfaAction.FAILED, outcome=Outcome.FAILED).count() == 2
    for _ in range(3):
        last = code(client, "000001")
    assert last.status_code == 429, "the fifth failure locks (username, address), as for passwords"
    assert code(client, now_code()).status_code == 429, "the right code does not lift the lock"
    assert not logged_in(client, enrolled)


def test_a_reused_code_is_refused(client, enrolled, frozen):
    used = now_code()
    password(client, "approver")
    assert logged_in(client, enrolled) is False and code(client, used).status_code == 302
    client.post(reverse("accounts:logout"))
    password(client, "approver")
    again = code(client, used)
    assert again.status_code == 200 and not logged_in(client, enrolled)
    assert AuditEvent.objects.filter(action=MfaAction.FAILED, details__reason="reused").count() == 1
    assert AccessAttempt.objects.get(username="approver").failures_since_start == 1
    frozen.shift(timedelta(seconds=30))  # the next time step: a new code
    assert code(client, now_code()).status_code == 302 and logged_in(client, enrolled)


def test_a_recovery_code_works_once(client, approver):
    password(client, "approver")
    signed = client.get(reverse("accounts:mfa_enrol")).context["enrolment"]
    secret = enrolment_secret(approver, signed)
    codes = client.post(reverse("accounts:mfa_enrol"), {"code": pyotp.TOTP(secret).now(), "enrolment": signed}).context["codes"]
    client.post(reverse("accounts:logout"))

    password(client, "approver")
    assert code(client, codes[3].upper()).status_code == 302 and logged_in(client, approver)
    event = AuditEvent.objects.get(action=MfaAction.RECOVERY_USED)
    assert event.details == {"left": 9}
    client.post(reverse("accounts:logout"))
    password(client, "approver")
    assert code(client, codes[3]).status_code == 200 and not logged_in(client, approver)
    assert code(client, codes[4]).status_code == 302 and logged_in(client, approver)


def test_the_pending_step_expires_after_ten_minutes(client, enrolled, frozen):
    password(client, "approver")
    frozen.shift(timedelta(minutes=11))
    response = code(client, now_code())
    assert response.status_code == 302 and response.url == reverse("accounts:login") and not logged_in(client, enrolled)


def test_an_administrator_resets_mfa_in_the_admin_and_the_person_enrols_again(enrolled, units):
    admin = Client()
    superuser = type(enrolled).objects.create_superuser("root", password=PASSWORD)
    admin.force_login(superuser)
    RecoveryCode.objects.create(user=enrolled, code_hash="x")
    response = admin.post(reverse("admin:accounts_user_changelist"),
                          {"action": "reset_mfa", "_selected_action": [enrolled.pk]})
    assert response.status_code == 302
    assert not TotpDevice.objects.filter(user=enrolled).exists() and not RecoveryCode.objects.filter(user=enrolled).exists()
    event = AuditEvent.objects.get(action=MfaAction.RESET)
    assert event.actor == superuser and event.object_id == str(enrolled.pk)
    person = Client(REMOTE_ADDR=OFFICE)
    assert password(person, "approver").url == reverse("accounts:mfa_enrol")


def test_a_voluntary_device_is_asked_for_even_without_a_required_role(client, reporter_a):
    TotpDevice.objects.create(user=reporter_a, secret=SECRET, confirmed=True, created_at=timezone.now())
    assert password(client, "reporter_a").url == reverse("accounts:mfa_verify")
    assert not RoleAssignment.objects.filter(user=reporter_a, role=Role.APPROVER).exists()


def test_a_misspelt_required_role_stops_the_server(settings):
    from dxtrack.accounts.checks import mfa_roles_check

    assert mfa_roles_check(None) == []
    settings.DXTRACK_MFA_REQUIRED_ROLES = ["approvers"]
    assert [error.id for error in mfa_roles_check(None)] == ["dxtrack.E002"]


def test_the_admin_login_is_ours_so_staff_cannot_skip_the_code(client, enrolled):
    enrolled.is_staff = True
    enrolled.save()
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    posted = client.post("/admin/login/?next=/admin/", {"username": "approver", "password": PASSWORD})
    assert posted.status_code == 302 and not logged_in(client, enrolled)
    assert password(client, "approver", next_url="/admin/").url == reverse("accounts:mfa_verify")
    assert code(client, now_code()).url == "/admin/" and logged_in(client, enrolled)
