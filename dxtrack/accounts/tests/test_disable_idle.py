"""`dxtrack accounts disable-idle`: accounts idle over 45 days are disabled (security level 3).

The clock is frozen at a fixed instant: "45 days ago" is then exact, and the boundary can be
tested to the second."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dxtrack.accounts.models import User
from dxtrack.audit.models import AuditEvent

NOW = datetime(2025, 9, 15, 2, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # the nightly run


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def test_the_clock_is_the_frozen_one():
    assert timezone.now() == NOW


def run(*args: str) -> str:
    out = StringIO()
    call_command("accounts", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def accounts(reporter_a, reporter_b, leader, officer, enterprise):
    """reporter_a used 46 days ago, reporter_b 44 days ago, leader never (created 50 days ago),
    officer never (created yesterday), enterprise 46 days ago but already disabled, and an
    administrator who last logged in 100 days ago."""
    User.objects.filter(pk=reporter_a.pk).update(last_login=days_ago(46))
    User.objects.filter(pk=reporter_b.pk).update(last_login=days_ago(44))
    User.objects.filter(pk=leader.pk).update(last_login=None, date_joined=days_ago(50))
    User.objects.filter(pk=officer.pk).update(last_login=None, date_joined=days_ago(1))
    User.objects.filter(pk=enterprise.pk).update(last_login=days_ago(46), is_active=False)
    User.objects.create_superuser(username="root", password="x", last_login=days_ago(100))


def active_usernames() -> set[str]:
    return set(User.objects.filter(is_active=True).values_list("username", flat=True))


def test_disables_accounts_idle_over_45_days_including_administrators(accounts):
    out = run("disable-idle")
    assert active_usernames() == {"reporter_b", "officer"}
    assert "3 " in out.splitlines()[-1]
    assert {line.split("\t")[0] for line in out.splitlines()[:-1]} == {"leader", "reporter_a", "root"}


def test_each_disabled_account_is_audited_as_done_by_the_system(accounts):
    run("disable-idle")
    events = AuditEvent.objects.filter(action="account.disable")
    assert sorted(events.values_list("object_repr", flat=True)) == ["leader", "reporter_a", "root"]
    assert all(event.actor is None and event.details["reason"] == "idle over 45 days" for event in events)


def test_an_idle_users_open_session_ends(accounts, reporter_a):
    browser = Client()
    browser.force_login(reporter_a)  # this sets last_login to now: make it old again
    User.objects.filter(pk=reporter_a.pk).update(last_login=days_ago(46))
    run("disable-idle")
    assert not browser.get(reverse("dashboards:home")).wsgi_request.user.is_authenticated


def test_dry_run_lists_and_changes_nothing(accounts):
    out = run("disable-idle", "--dry-run")
    assert active_usernames() == {"reporter_a", "reporter_b", "leader", "officer", "root"}
    assert "reporter_a" in out and "root" in out
    assert not AuditEvent.objects.filter(action="account.disable").exists()


def test_days_can_be_shorter(accounts):
    run("disable-idle", "--days", "30")
    assert active_usernames() == {"officer"}


def test_days_must_be_positive(accounts):
    with pytest.raises(CommandError):
        run("disable-idle", "--days", "0")


def test_enable_brings_an_account_back_for_45_more_days(accounts):
    run("disable-idle")
    run("enable", "root")
    assert "root" in active_usernames()
    run("disable-idle")
    assert "root" in active_usernames()


def test_enable_an_unknown_account_fails(db):
    with pytest.raises(CommandError):
        run("enable", "nobody")


def test_45_days_to_the_second_is_not_over_45_days(reporter_a, reporter_b, frozen):
    User.objects.filter(pk=reporter_a.pk).update(last_login=days_ago(45))
    User.objects.filter(pk=reporter_b.pk).update(last_login=days_ago(45) - timedelta(seconds=1))
    run("disable-idle")
    assert User.objects.get(pk=reporter_a.pk).is_active
    assert not User.objects.get(pk=reporter_b.pk).is_active
    frozen.shift(timedelta(seconds=1))  # a second later reporter_a is over 45 days too
    run("disable-idle")
    assert not User.objects.get(pk=reporter_a.pk).is_active
