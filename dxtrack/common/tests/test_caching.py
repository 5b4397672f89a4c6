"""Signed-in pages and token API answers are never stored by a browser or proxy; public ones may be."""

from django.urls import reverse


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_signed_in_page_says_no_store(client, reporter_a):
    client.force_login(reporter_a)
    response = client.get(reverse("reporting:submission_list"))
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)


def test_an_api_answer_to_a_token_says_no_store(leader):
    from django.test import Client

    from dxtrack.accounts.tokens import token_create

    _token, plain = token_create(user=leader, name="tests")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/v1/values")
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)


def test_the_public_home_page_for_an_anonymous_visitor_is_not_marked(client, db):
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 200
    assert "no-store" not in _directives(response)
