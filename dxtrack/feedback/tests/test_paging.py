"""The feedback lists page through the one shared pager (common/paging.py, decision 0025): a
malformed `?page=` is a 400 naming the parameter, past the end is the last page, and the
pager's links keep the filters."""

from django.urls import reverse

from dxtrack.common.tests.pages import attr, one, page, text
from dxtrack.feedback.models import State
from dxtrack.feedback.tests.factories import in_state, received, staff_of

QUEUE = reverse("feedback:work_queue")
PUBLIC = reverse("feedback:public_list")


def test_the_work_queue_pages_by_fifty_and_keeps_its_state_filter(client, units, officer, enterprise):
    items = [in_state(received(enterprise, text=f"Kiến nghị số {n}"), State.IN_PROGRESS, agency=units["agency"]) for n in range(55)]
    client.force_login(officer)
    first = client.get(QUEUE, {"state": State.IN_PROGRESS})
    html = first.content.decode()
    assert sum(item.code in html for item in items) == 50
    assert text_of_position(first) == "trang 1/2"
    next_link = attr(one(page(first), tag="a", rel="next"), "href")
    assert f"state={State.IN_PROGRESS}" in next_link and "page=2" in next_link
    second = client.get(QUEUE, {"state": State.IN_PROGRESS, "page": "2"}).content.decode()
    assert sum(item.code in second for item in items) == 5
    past_the_end = client.get(QUEUE, {"state": State.IN_PROGRESS, "page": "9"}).content.decode()
    assert sum(item.code in past_the_end for item in items) == 5  # the last page


def text_of_position(response) -> str:
    return text(one(page(response), data_pager_position=...))


def test_a_malformed_page_is_a_400_naming_the_parameter_on_both_lists(client, units, officer):
    staff, _head = staff_of(units)
    for malformed in ("abc", "0", "-1", "2.5"):
        assert client.get(PUBLIC, {"page": malformed}).status_code == 400
        client.force_login(officer)
        refused = client.get(QUEUE, {"page": malformed})
        assert refused.status_code == 400
        assert "page" in refused.content.decode()
        client.logout()


def test_the_public_list_pages_by_twenty_and_keeps_the_area_filter(client, units, enterprise):
    staff, head = staff_of(units)
    items = [in_state(received(enterprise, text=f"Chữ ký số {n}"), State.PUBLISHED, agency=units["agency"], author=head) for n in range(21)]
    first = client.get(PUBLIC, {"area": "chuyen-doi-so"})
    assert first.status_code == 200
    html = first.content.decode()
    assert sum(item.code in html for item in items) == 20
    next_link = attr(one(page(first), tag="a", rel="next"), "href")
    assert "area=chuyen-doi-so" in next_link and "page=2" in next_link
    second = client.get(next_link if next_link.startswith("/") else PUBLIC + next_link).content.decode()
    assert sum(item.code in second for item in items) == 1
