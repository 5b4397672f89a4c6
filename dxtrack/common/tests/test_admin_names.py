"""The admin's section names are Vietnamese on a Vietnamese page (they stayed English)."""

import re

import pytest


@pytest.fixture
def admin_client_vi(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="not-used-here"))
    return client


def _sections(client) -> list[str]:
    html = client.get("/admin/").content.decode()
    return re.findall(r"<caption>\s*<a[^>]*>([^<]*)</a>", html)


def test_every_admin_section_is_named_in_vietnamese(admin_client_vi):
    sections = _sections(admin_client_vi)
    assert {"Tài khoản và vai trò", "Đơn vị hành chính", "Chương trình", "Báo cáo", "Lượt đăng nhập", "Tác vụ nền"} <= set(sections)
    assert not {"Accounts", "Axes", "Orgunits", "Programmes", "Reporting", "Tasks Database Backend"} & set(sections)


def test_and_in_english_when_chosen(admin_client_vi):
    admin_client_vi.cookies["django_language"] = "en"
    assert {"Accounts and roles", "Administrative units", "Login attempts", "Background tasks"} <= set(_sections(admin_client_vi))
