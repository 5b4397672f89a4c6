"""The admin of the composite indices: a weight that is not positive and an indicator the
programme does not have are refused with a message in the user's language, nothing saved; a
valid change is what the rankings page shows on its next request (definitions are read from
the database each time). Figures: conftest.py (ward A 45%, ward B 55% in 2024)."""

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse

from dxtrack.accounts.models import User
from dxtrack.explore.models import CompositeIndex, IndexGroup, IndexIndicator
from dxtrack.explore.tests.conftest import by_testid, text_of


@pytest.fixture
def index(programme, share) -> CompositeIndex:
    index = CompositeIndex.objects.create(
        programme=programme, code="skills", level="commune", name_vi="Chỉ số kỹ năng"
    )
    top = IndexGroup.objects.create(index=index, code="index")
    IndexIndicator.objects.create(
        index=index, indicator_code=share.code, group=top, minimum=0, maximum=100
    )
    return index


@pytest.fixture
def admin_client(client, db):
    client.force_login(
        User.objects.create_superuser(
            username="quantri", password="x-Very-long-pass-2026", email="qt@example.org"
        )
    )
    return client


def change_form(client, index: CompositeIndex, language: str = "vi") -> tuple[str, dict]:
    """The change page's form as a browser would post it back unchanged."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("admin:explore_compositeindex_change", args=[index.pk])
    response = client.get(url)
    assert response.status_code == 200
    form = lxml.html.fromstring(response.content).get_element_by_id("compositeindex_form")
    return url, {name: value for name, value in form.form_values() if name}


def ranked(client, programme) -> list[tuple[str, str]]:
    response = client.get(
        reverse("dashboards:programme_ranking", args=[programme.code]), {"as_of": "2024-12-31"}
    )
    rows = by_testid(response.content, "index-table")[0].xpath(".//tbody/tr")
    return [
        (row.get("data-unit"), text_of(row.xpath('.//*[@data-testid="score"]')[0])) for row in rows
    ]


def test_a_saved_definition_is_what_the_rankings_page_shows_next(admin_client, programme, index):
    assert ranked(admin_client, programme) == [("25741", "55"), ("25747", "45")]
    url, data = change_form(admin_client, index)
    data.pop("indicators-0-higher_is_better")  # unticked: lower is better
    data["indicators-0-maximum"] = "50"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # Lower is better, min–max on 0–50: ward A 45 → 0.1, ward B 55 → clipped to 0.
    assert ranked(admin_client, programme) == [("25747", "10"), ("25741", "0")]
    assert index.indicators.get().history.count() == 2


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("vi", "Trọng số của “XHS-05” phải là số lớn hơn 0"),
        ("en", "The weight of “XHS-05” must be a number greater than 0"),
    ],
)
def test_a_weight_that_is_not_positive_is_refused(
    admin_client, programme, index, language, message
):
    url, data = change_form(admin_client, index, language)
    data["indicators-0-weight"] = "0"
    response = admin_client.post(url, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert index.indicators.get().weight == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("vi", "Chương trình 05-NQ/TU không có chỉ tiêu “XHS-99”"),
        ("en", "The programme 05-NQ/TU has no indicator “XHS-99”"),
    ],
)
def test_an_unknown_indicator_is_refused(admin_client, programme, index, language, message):
    url, data = change_form(admin_client, index, language)
    data["indicators-0-indicator_code"] = "XHS-99"
    response = admin_client.post(url, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert index.indicators.get().indicator_code == "XHS-05"


def test_min_max_without_its_bounds_and_a_second_top_group_are_refused(
    admin_client, programme, index
):
    url, data = change_form(admin_client, index, "en")
    data["indicators-0-maximum"] = ""
    data.update(
        {
            "groups-TOTAL_FORMS": "2",
            "groups-1-code": "other",
            "groups-1-weight": "1",
            "groups-1-order": "1",
        }
    )
    page = admin_client.post(url, data).content.decode()
    assert "“XHS-05” is normalised min–max: give a minimum and a maximum that differ." in page
    assert "exactly one group without a parent" in page
    assert index.groups.count() == 1


def test_an_index_file_naming_an_unknown_indicator_is_refused_whole(
    programme, share, tmp_path
):
    from dxtrack.explore.composite_index import index_file_load

    (tmp_path / "bad.yaml").write_text(
        "code: bad\nprogramme: 05-NQ/TU\nlevel: commune\nname_vi: X\ngroups: [{code: index}]\n"
        "indicators: [{code: NOPE, group: index, minimum: 0, maximum: 1, weight: -1}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="NOPE"):
        index_file_load(tmp_path / "bad.yaml")
    assert not CompositeIndex.objects.exists()


def test_loading_the_index_files_again_keeps_what_the_admin_changed(programme, share, tmp_path):
    from dxtrack.explore.composite_index import index_files_load

    (tmp_path / "skills.yaml").write_text(
        "code: skills\nprogramme: 05-NQ/TU\nlevel: commune\nname_vi: X\ngroups: [{code: index}]\n"
        "indicators: [{code: XHS-05, group: index, minimum: 0, maximum: 100}]\n",
        encoding="utf-8",
    )
    [index] = index_files_load(programme, tmp_path)
    index.indicators.update(maximum=50)
    assert index_files_load(programme, tmp_path) == [] and index.indicators.get().maximum == 50


def test_only_staff_with_the_permission_open_the_index_admin(client, index, leader):
    url = reverse("admin:explore_compositeindex_change", args=[index.pk])
    client.force_login(leader)
    assert client.get(url)["Location"].startswith(reverse("admin:login"))
    leader.is_staff = True
    leader.save()
    assert client.get(url).status_code == 403  # staff, but not given the index's permissions
