"""Abuse: spam is held for a person, never dropped; three reports hide a published answer
until the programme office releases it."""

from django.urls import reverse

from dxtrack.feedback.models import Channel, Item, State
from dxtrack.feedback.services import item_receive
from dxtrack.feedback.tests.factories import in_state, received, staff_of


def test_spam_is_held_not_dropped(client, enterprise, officer):
    links = " ".join(f"http://khuyen-mai{number}.example" for number in range(4))
    item = item_receive(channel=Channel.WEB, text=f"Mua ngay {links}", sender_user=enterprise)
    assert item.pk and item.held_reason == "4 links" and item.state == State.RECEIVED
    letter = item_receive(channel=Channel.LETTER, text=f"Thư có {links}")
    assert letter.held_reason == "", "staff entry is not checked"
    client.force_login(officer)
    assert item.code in client.get(reverse("feedback:work_queue"), {"state": "held"}).content.decode()
    client.post(reverse("feedback:item_act", args=[item.code]), {"action": "release"})
    assert Item.objects.get(pk=item.pk).held_reason == ""


def test_three_reports_from_three_addresses_hide_a_published_answer(client, units, enterprise, officer):
    staff, _head = staff_of(units)
    item = in_state(received(enterprise), State.PUBLISHED, agency=units["agency"], author=staff)
    item.answer.public_question, item.answer.public_answer = "Câu hỏi", "Trả lời"
    item.answer.save()
    detail = reverse("feedback:public_detail", args=[item.code])
    report = reverse("feedback:public_report", args=[item.code])
    for address in ("192.0.2.1", "192.0.2.1", "192.0.2.2"):
        assert client.post(report, {"reason": "spam"}, REMOTE_ADDR=address).status_code == 302
    assert client.get(detail).status_code == 200, "two addresses are not enough"
    client.post(report, {"reason": "offensive"}, REMOTE_ADDR="192.0.2.3")
    assert client.get(detail).status_code == 404
    assert Item.objects.get(pk=item.pk).held_reason == "3 reports"
    client.force_login(officer)
    client.post(reverse("feedback:item_act", args=[item.code]), {"action": "release"})
    assert client.get(detail).status_code == 200
