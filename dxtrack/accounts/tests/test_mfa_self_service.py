"""Two-step login set up, turned off and given new recovery codes by the person themself
(accounts/mfa_settings_views.py), on a frozen clock."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pyotp
import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dxtrack.accounts.mfa import ENROLMENT_MAX_AGE, MfaAction, enrolment_secret, enrolment_sign
from dxtrack.accounts.models import RecoveryCode, TotpDevice
from dxtrack.audit.models import AuditEvent, Outcome

PASSWORD = "correct-horse-battery-staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2025, 3, 10, 8, 30, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False) as traveller:
        yield traveller


def logged_in_client(user) -> Client:
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.force_login(user)
    return client


def with_device(user, codes: int = 0) -> TotpDevice:
    device = TotpDevice.objects.create(user=user, secret=SECRET, confirmed=True, created_at=timezone.now())
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=f"x{n}") for n in range(codes)])
    return device


def other_code() -> str:
    return "000000" if pyotp.TOTP(SECRET).now() != "000000" else "111111"


def test_setup_page_shows_a_qr_code_and_the_key_and_stores_nothing(reporter_a):
    client = logged_in_client(reporter_a)
    page = client.get(reverse("accounts:mfa_setup"))
    html = page.content.decode()
    secret = enrolment_secret(reporter_a, page.context["enrolment"])
    assert page.status_code == 200 and len(secret) == 32
    assert '<img src="data:image/svg+xml;charset=utf-8,' in html and 'id="mfa-qr"' in html
    assert secret[:4] + " " + secret[4:8] in html and f"otpauth://totp/dxtrack:reporter_a?secret={secret}" in html
    assert "<script>" not in html.split("<main")[1].split("</main>")[0], "no inline script draws the code"
    assert not TotpDevice.objects.exists() and "secret" not in str(dict(client.session))


def test_setup_with_the_first_code_enrols_and_shows_recovery_codes_once(reporter_a):
    client = logged_in_client(reporter_a)
    signed = client.get(reverse("accounts:mfa_setup")).context["enrolment"]
    secret = enrolment_secret(reporter_a, signed)
    wrong = client.post(reverse("accounts:mfa_setup"), {"code": other_code() if secret == SECRET else "000000", "enrolment": signed})
    assert wrong.status_code == 200 and not TotpDevice.objects.exists()
    assert AccessAttempt.objects.get(username="reporter_a").failures_since_start == 1
    done = client.post(reverse("accounts:mfa_setup"), {"code": pyotp.TOTP(secret).now(), "enrolment": signed})
    assert done.status_code == 200 and len(done.context["codes"]) == 10
    assert TotpDevice.objects.get(user=reporter_a).secret == secret
    assert AuditEvent.objects.filter(action=MfaAction.ENROLLED, actor=reporter_a).count() == 1
    again = client.get(reverse("accounts:mfa_setup"))
    assert again.status_code == 302 and again.url == reverse("accounts:mfa_settings"), "a second device is not offered"
    assert 'id="recovery-codes"' not in client.get(reverse("accounts:mfa_settings")).content.decode()


def test_a_key_signed_for_someone_else_or_too_long_ago_is_refused(reporter_a, reporter_b, frozen):
    client = logged_in_client(reporter_a)
    for signed in (enrolment_sign(reporter_b, SECRET), enrolment_sign(reporter_a, SECRET) + "x"):
        response = client.post(reverse("accounts:mfa_setup"), {"code": pyotp.TOTP(SECRET).now(), "enrolment": signed})
        assert response.status_code == 200 and not TotpDevice.objects.exists()
        assert enrolment_secret(reporter_a, response.context["enrolment"]) != SECRET, "a new key is shown"
    signed = enrolment_sign(reporter_a, SECRET)
    frozen.shift(timedelta(seconds=ENROLMENT_MAX_AGE + 1))
    late = client.post(reverse("accounts:mfa_setup"), {"code": pyotp.TOTP(SECRET).now(), "enrolment": signed})
    assert "Trang này đã mở quá lâu" in late.content.decode() and not TotpDevice.objects.exists()


def test_turning_off_needs_the_password_and_a_code(reporter_a, settings):
    with_device(reporter_a)
    client = logged_in_client(reporter_a)
    url = reverse("accounts:mfa_disable")
    assert client.get(url).status_code == 405, "never on GET"
    wrong_password = client.post(url, {"password": "nope", "code": pyotp.TOTP(SECRET).now()})
    assert wrong_password.status_code == 400 and TotpDevice.objects.exists()
    assert "Mật khẩu này sai" in wrong_password.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    wrong_code = client.post(url, {"password": PASSWORD, "code": other_code()})
    assert wrong_code.status_code == 400 and TotpDevice.objects.exists()
    assert "This code is wrong or was already used" in wrong_code.content.decode()
    assert AccessAttempt.objects.get(username="reporter_a").failures_since_start == 2
    assert set(AuditEvent.objects.filter(action=MfaAction.FAILED, outcome=Outcome.FAILED).values_list("details__reason", flat=True)) == {
        "wrong password", "wrong"}
    done = client.post(url, {"password": PASSWORD, "code": pyotp.TOTP(SECRET).now()})
    assert done.status_code == 302 and not TotpDevice.objects.exists() and not RecoveryCode.objects.exists()
    assert AuditEvent.objects.filter(action=MfaAction.DISABLED, actor=reporter_a).count() == 1


def test_a_role_that_requires_it_cannot_turn_it_off(approver):
    with_device(approver)
    client = logged_in_client(approver)
    page = client.get(reverse("accounts:mfa_settings")).content.decode()
    assert 'id="mfa-required"' in page and reverse("accounts:mfa_disable") not in page
    refused = client.post(reverse("accounts:mfa_disable"), {"password": PASSWORD, "code": pyotp.TOTP(SECRET).now()})
    assert refused.status_code == 403 and TotpDevice.objects.filter(user=approver).exists()
    assert not AuditEvent.objects.filter(action=MfaAction.DISABLED).exists()


def test_new_recovery_codes_replace_the_old_and_are_shown_once(approver):
    with_device(approver, codes=3)
    client = logged_in_client(approver)
    page = client.get(reverse("accounts:mfa_settings"))
    assert "Còn 3 mã khôi phục." in page.content.decode()
    url = reverse("accounts:mfa_recovery_regenerate")
    assert client.get(url).status_code == 405
    assert client.post(url, {"password": "nope"}).status_code == 400
    assert RecoveryCode.objects.filter(user=approver).count() == 3
    done = client.post(url, {"password": PASSWORD})
    codes = done.context["codes"]
    assert done.status_code == 200 and len(codes) == 10 and codes[0] in done.content.decode()
    assert RecoveryCode.objects.filter(user=approver).count() == 10 and not RecoveryCode.objects.filter(code_hash="x0").exists()
    assert AuditEvent.objects.get(action=MfaAction.RECOVERY_REGENERATED).details == {"count": 10}
    assert codes[0] not in client.get(reverse("accounts:mfa_settings")).content.decode()


def test_without_a_device_turning_off_and_new_codes_change_nothing(reporter_a):
    client = logged_in_client(reporter_a)
    for url in (reverse("accounts:mfa_disable"), reverse("accounts:mfa_recovery_regenerate")):
        response = client.post(url, {"password": PASSWORD, "code": "123456"})
        assert response.status_code == 302 and response.url == reverse("accounts:mfa_settings")
    assert not RecoveryCode.objects.exists() and not AuditEvent.objects.filter(action__startswith="mfa.").exists()


def test_a_voluntary_device_is_asked_for_at_the_next_login(reporter_a):
    with_device(reporter_a)
    client = Client(REMOTE_ADDR="203.0.113.9")
    response = client.post(reverse("accounts:login"), {"username": "reporter_a", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:mfa_verify")
