"""Brute force: 5 wrong passwords lock one (username, IP address) pair for 15 minutes.

A login counts as done only when the session holds the user (a 302 alone is also what a
redirect back to the login page looks like), and every test runs on a frozen clock."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from dxtrack.audit.models import Action, AuditEvent, Outcome

PASSWORD = "correct-horse-battery-staple"
OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def attempt(client, username: str, password: str, ip: str = OFFICE):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username: str, times: int, ip: str = OFFICE) -> None:
    for _ in range(times):
        attempt(client, username, "wrong password", ip)


def logs_in(client, user, ip: str = OFFICE) -> bool:
    """Whether the right password now logs *user* in: redirected away from the login page, with
    the user in the session."""
    response = attempt(client, user.username, PASSWORD, ip)
    return (
        response.status_code == 302
        and not response.url.startswith(reverse("accounts:login"))
        and client.session.get("_auth_user_id") == str(user.pk)
    )


@pytest.fixture(autouse=True)
def frozen():
    # A Monday morning in Ho Chi Minh City; the clock moves only when a test shifts it.
    with time_machine.travel(datetime(2025, 3, 10, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False) as traveller:
        yield traveller


def test_correct_password_logs_in(client, reporter_a):
    assert logs_in(client, reporter_a)


def test_four_failures_do_not_lock(client, reporter_a):
    fail(client, "reporter_a", 4)
    assert logs_in(client, reporter_a)


def test_five_failures_lock_that_user_from_that_address(client, reporter_a):
    fail(client, "reporter_a", 4)
    fifth = attempt(client, "reporter_a", "wrong password")
    assert fifth.status_code == 429
    response = attempt(client, "reporter_a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Hãy thử lại sau 15 phút" in response.content.decode()


def test_lockout_page_says_when_to_retry_in_vietnamese(client, reporter_a, frozen):
    fail(client, "reporter_a", 5)
    frozen.shift(timedelta(minutes=4))
    response = attempt(client, "reporter_a", PASSWORD)
    text = response.content.decode()
    assert response.status_code == 429
    assert "11 phút" in text  # 15 minutes after the 5th failure, 4 have passed
    assert timezone.localtime(timezone.now() + timedelta(minutes=11)).strftime("%H:%M") == "08:45"
    assert "08:45" in text


def test_lockout_page_in_english_when_chosen(client, reporter_a):
    client.cookies["django_language"] = "en"
    fail(client, "reporter_a", 5)
    response = attempt(client, "reporter_a", PASSWORD)
    assert b"Too many failed logins" in response.content
    assert b"Try again in 15 minutes" in response.content


def test_another_user_from_the_same_address_still_logs_in(client, reporter_a, reporter_b):
    fail(client, "reporter_a", 5)
    assert logs_in(client, reporter_b)


def test_the_same_user_from_another_address_still_logs_in(client, reporter_a):
    fail(client, "reporter_a", 5)
    assert logs_in(client, reporter_a, ip=ELSEWHERE)


def test_lock_ends_after_15_minutes(client, reporter_a, frozen):
    fail(client, "reporter_a", 5)
    frozen.shift(timedelta(minutes=14, seconds=59))
    assert attempt(client, "reporter_a", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    frozen.shift(timedelta(seconds=2))
    assert logs_in(client, reporter_a)


def test_attempts_during_the_lock_do_not_prolong_it(client, reporter_a, frozen):
    fail(client, "reporter_a", 5)
    for _ in range(3):
        frozen.shift(timedelta(minutes=4))
        attempt(client, "reporter_a", "wrong password")
    frozen.shift(timedelta(minutes=3, seconds=1))
    assert logs_in(client, reporter_a)


def test_a_success_resets_the_count(client, reporter_a):
    fail(client, "reporter_a", 4)
    assert logs_in(client, reporter_a)
    client.post(reverse("accounts:logout"), REMOTE_ADDR=OFFICE)
    assert "_auth_user_id" not in client.session
    fail(client, "reporter_a", 4)
    assert logs_in(client, reporter_a)


def test_the_password_is_not_stored_with_the_attempt(client, reporter_a):
    from axes.models import AccessAttempt

    fail(client, "reporter_a", 1)
    assert "wrong password" not in AccessAttempt.objects.get().post_data


def test_failures_and_the_lockout_are_audited(client, reporter_a):
    fail(client, "reporter_a", 5)
    attempt(client, "reporter_a", PASSWORD)
    events = list(AuditEvent.objects.order_by("id").values_list("action", "outcome", "ip_address", "details"))
    assert events[:4] == [(Action.LOGIN_FAILED, Outcome.FAILED, OFFICE, {"username": "reporter_a"})] * 4
    assert (Action.LOCKED_OUT, Outcome.DENIED, OFFICE, {"username": "reporter_a"}) in events[4:]
    assert all(action != Action.LOGIN for action, *_ in events)
    # The correct password during the lock is refused and recorded as a lockout, not a login.
    assert events[-1][:2] == (Action.LOCKED_OUT, Outcome.DENIED)


@pytest.fixture
def eight_accounts(django_user_model):
    return [django_user_model.objects.create_user(username=f"officer{n}", password=PASSWORD) for n in range(8)]


def test_one_address_cannot_try_four_passwords_on_every_account(client, eight_accounts, frozen):
    """The attack of issue 13: 32 wrong passwords across 8 accounts were all answered."""
    answers = []
    for user in eight_accounts:
        for _ in range(4):
            answers.append(attempt(client, user.username, "wrong password").status_code)
    assert answers[:20] == [200] * 20  # 20 wrong passwords from one address are answered…
    assert set(answers[20:]) == {429}  # …then the address pauses, for every account
    paused = attempt(client, "officer7", PASSWORD)
    assert paused.status_code == 429 and "_auth_user_id" not in client.session
    assert "Đăng nhập từ địa chỉ này tạm dừng với mọi tài khoản sau 20 lần nhập sai mật khẩu trong 15 phút" in paused.content.decode()
    assert attempt(client, "officer7", PASSWORD, ip=ELSEWHERE).status_code == 302  # other addresses are not touched
    frozen.shift(timedelta(minutes=16))
    assert attempt(client, "officer6", PASSWORD).status_code == 302  # and the pause ends


def test_a_colleague_who_forgot_a_password_does_not_lock_the_office_out(client, eight_accounts):
    fail(client, "officer0", 12)  # locked after 5; the attempts during the lock are not counted
    assert attempt(client, "officer0", PASSWORD).status_code == 429
    assert attempt(client, "officer1", PASSWORD).status_code == 302


def test_behind_the_proxy_only_the_address_the_proxy_added_counts(client, eight_accounts, settings):
    settings.DXTRACK_BEHIND_PROXY = True
    for number, user in enumerate(eight_accounts[:5]):
        for _ in range(4):
            # A forged left-hand entry changes every time; the proxy's own entry does not.
            client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"},
                        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {OFFICE}")
    refused = client.post(reverse("accounts:login"), {"username": "officer6", "password": PASSWORD},
                          REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.99, {OFFICE}")
    assert refused.status_code == 429
