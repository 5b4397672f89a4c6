"""The page at /accounts/tokens/: make a token (shown once), list, revoke; only one's own."""

import pytest
from django.test import Client
from django.urls import reverse

from dxtrack.accounts.models import AccessToken
from dxtrack.accounts.tokens import token_create
from dxtrack.common.tests.pages import attr, every, one, page, text

LIST = reverse("tokens:token_list")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_needs_a_login(db):
    response = Client().get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_new_token_is_shown_once_and_works(reporter_a):
    client = logged_in(reporter_a)
    response = client.post(LIST, {"name": "district script", "lifetime": "30"})
    assert response.status_code == 200
    plain = response.context["plain"]
    assert plain and attr(one(page(response), id="new-token-value"), "value") == plain
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    token = AccessToken.objects.get(user=reporter_a)
    assert token.name == "district script" and token.expires_at is not None
    again = client.get(LIST)
    assert plain not in again.content.decode() and every(page(again), id="new-token") == []
    row = one(page(again), data_token=str(token.pk))
    assert text(one(row, testid="token-prefix")) == f"{token.prefix}…"
    assert attr(one(row, testid="token-state"), "data-state") == "active"
    assert Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/v1/me").json()["username"] == "reporter_a"


def test_a_nameless_token_is_refused_with_the_reason(reporter_a):
    response = logged_in(reporter_a).post(LIST, {"name": "", "lifetime": "30"})
    assert response.status_code == 200 and response.context["plain"] is None
    assert response.context["form"].errors["name"]
    assert not AccessToken.objects.exists()


def test_a_lifetime_not_offered_is_refused(reporter_a):
    response = logged_in(reporter_a).post(LIST, {"name": "x", "lifetime": "100000"})
    assert response.context["form"].errors["lifetime"]
    assert not AccessToken.objects.exists()


def test_the_list_shows_only_ones_own_tokens(reporter_a, reporter_b):
    token_create(user=reporter_a, name="mine")
    token_create(user=reporter_b, name="theirs")
    root = page(logged_in(reporter_a).get(LIST))
    assert [text(cell) for cell in every(root, testid="token-name")] == ["mine"]


def test_revoking_a_token_stops_it(reporter_a):
    token, plain = token_create(user=reporter_a, name="x")
    client = logged_in(reporter_a)
    response = client.post(reverse("tokens:token_revoke", args=[token.pk]))
    assert response.status_code == 302 and response["Location"] == LIST
    assert AccessToken.objects.get(pk=token.pk).revoked_at is not None
    row = one(page(client.get(LIST)), data_token=str(token.pk))
    assert attr(one(row, testid="token-state"), "data-state") == "revoked"
    assert every(row, tag="button") == []  # nothing left to revoke
    assert Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/v1/me").status_code == 401


def test_nobody_revokes_somebody_elses_token(reporter_a, reporter_b, leader):
    token, _plain = token_create(user=reporter_b, name="theirs")
    for user in (reporter_a, leader):
        assert logged_in(user).post(reverse("tokens:token_revoke", args=[token.pk])).status_code == 404
    assert AccessToken.objects.get(pk=token.pk).revoked_at is None


def test_revoking_is_a_post(reporter_a):
    token, _plain = token_create(user=reporter_a, name="x")
    assert logged_in(reporter_a).get(reverse("tokens:token_revoke", args=[token.pk])).status_code == 405
    assert logged_in(reporter_a).post(reverse("tokens:token_revoke", args=[987654])).status_code == 404


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_page_is_in_the_chosen_language(reporter_a, settings, language):
    client = logged_in(reporter_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    heading = text(one(page(client.get(LIST)), tag="h1"))
    assert heading == {"en": "API access tokens", "vi": "Mã truy cập API"}[language]


def test_a_token_name_is_escaped(reporter_a):
    token_create(user=reporter_a, name='<script>alert("x")</script>')
    response = logged_in(reporter_a).get(LIST)
    assert "<script>alert" not in response.content.decode()
    # The name is shown as text in its cell; the parser reads the escaped text back as typed.
    assert text(one(page(response), testid="token-name")) == '<script>alert("x")</script>'
