"""Staff pages with the workflow's own people (the route matrix's personas hold none of these roles)."""

from django.urls import reverse

from dxtrack.accounts.models import Role
from dxtrack.feedback.models import State
from dxtrack.feedback.tests.factories import in_state, other_agency, person, received, staff_of


def test_the_queue_shows_each_agency_its_own_items_and_the_office_all(client, units, officer, enterprise):
    staff, _head = staff_of(units)
    stranger = person("stranger", Role.REPORTER, other_agency(units))
    ours = in_state(received(enterprise, text="Của sở chúng tôi"), State.IN_PROGRESS, agency=units["agency"])
    theirs = in_state(received(enterprise, text="Của sở khác"), State.ASSIGNED, agency=other_agency(units))
    done = in_state(received(enterprise, text="Đã đóng"), State.CLOSED, agency=units["agency"])
    url = reverse("feedback:work_queue")
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert ours.code in page and theirs.code not in page and done.code not in page
    assert done.code in client.get(url, {"state": "all"}).content.decode()
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert ours.code in page and theirs.code in page
    client.force_login(stranger)
    assert client.get(reverse("feedback:item_detail", args=[ours.code])).status_code == 404
    assert client.get(reverse("feedback:item_detail", args=[theirs.code])).status_code == 200


def test_actions_are_posts_and_a_refusal_is_a_message_not_a_change(client, units, enterprise):
    staff, _head = staff_of(units)
    item = in_state(received(enterprise), State.ASSIGNED, agency=units["agency"])
    client.force_login(staff)
    assert client.get(reverse("feedback:item_act", args=[item.code]), {"action": "start"}).status_code == 405
    response = client.post(reverse("feedback:item_act", args=[item.code]), {"action": "approve"}, follow=True)
    assert "alert-error" in response.content.decode() or "alert-danger" in response.content.decode()
    item.refresh_from_db()
    assert item.state == State.ASSIGNED
    client.post(reverse("feedback:item_act", args=[item.code]), {"action": "start"})
    item.refresh_from_db()
    assert item.state == State.IN_PROGRESS
