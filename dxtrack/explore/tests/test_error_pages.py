"""403 and 404 pages: with the menu, in one language, saying what to do; and a menu that
offers only the pages the visitor's roles open."""

import lxml.html
import pytest
from django.urls import reverse

from dxtrack.explore.tests.conftest import by_testid, text_of


def menu_links(html: bytes) -> list[str]:
    return lxml.html.fromstring(html).xpath('//nav//ul[contains(@class, "navbar-nav")]//a/@href')


def test_the_404_page_has_the_menu_and_speaks_one_language(client, db):
    response = client.get("/programmes/NO-SUCH-PLAN/indicators/X/")
    assert response.status_code == 404
    [page] = by_testid(response.content, "error-page")
    assert "Không tìm thấy trang" in text_of(page) and "Page not found" not in response.content.decode()
    assert reverse("dashboards:home") in menu_links(response.content)
    assert "Đăng nhập" in text_of(page)  # anonymous: what to do is to log in


def test_the_404_page_in_english_has_no_vietnamese_message(client, db):
    client.cookies["django_language"] = "en"
    response = client.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in text and "Không tìm thấy trang" not in text


def test_the_403_page_says_why_and_what_to_do(client, enterprise):
    client.force_login(enterprise)
    response = client.get(reverse("reporting:import_upload"))
    assert response.status_code == 403
    [page] = by_testid(response.content, "error-page")
    assert "Access denied" not in response.content.decode()
    assert by_testid(response.content, "error-reason")  # the message of the refusal
    assert "enterprise" in text_of(page)
    assert reverse("dashboards:home") in menu_links(response.content)


@pytest.mark.parametrize(("persona", "completeness", "imports"), [
    ("enterprise", False, False), ("reporter_a", True, True), ("leader", True, False), ("officer", True, True),
])
def test_the_menu_offers_only_what_the_role_opens(client, request, persona, completeness, imports):
    client.force_login(request.getfixturevalue(persona))
    links = menu_links(client.get(reverse("dashboards:home")).content)
    assert (reverse("reporting:completeness_index") in links) is completeness
    assert (reverse("reporting:import_upload") in links) is imports
    assert reverse("tokens:token_list") in links and reverse("api:openapi-view") in links
    for link in (reverse("reporting:completeness_index"), reverse("reporting:import_upload")):
        if link in links:
            assert client.get(link).status_code == 200
        else:
            assert client.get(link).status_code == 403
