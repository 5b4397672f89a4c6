"""Answers: redaction of each kind of personal data, the review before publication, one answer
for a group of duplicates with every sender notified (real SMTP), ratings only once answered."""

import pytest
from django.urls import reverse

from dxtrack.feedback.answers import answer_draft, item_rate
from dxtrack.feedback.models import Item, State
from dxtrack.feedback.redaction import redact
from dxtrack.feedback.services import FeedbackError, item_transition
from dxtrack.feedback.tests.factories import in_state, person, received, staff_of
from dxtrack.reporting.tests.test_reminders_smtp import smtp  # noqa: F401  (the aiosmtpd fixture)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gửi về hoang.minh@sao-viet.com.vn giúp tôi", "Gửi về [e-mail] giúp tôi"),
        ("Gọi 0912 345 678 hoặc +84 28 3822 1234", "Gọi [số điện thoại] hoặc [số điện thoại]"),
        ("SĐT 0274.3822.123 (văn phòng)", "SĐT [số điện thoại] (văn phòng)"),
        ("CCCD 074190001234, CMND 280123456, hộ chiếu C1234567", "CCCD [số định danh], CMND [số định danh], hộ chiếu [số định danh]"),
        ("Tôi là ông Lê Hoàng Minh, giám đốc", "Tôi là ông [họ tên], giám đốc"),
        ("Chị Phạm Thu Hà đã nộp hồ sơ ngày 05/02/2026", "Chị [họ tên] đã nộp hồ sơ ngày 05/02/2026"),
        ("Mã số thuế 3700123456 của công ty, 12.500.000 đồng", "Mã số thuế 3700123456 của công ty, 12.500.000 đồng"),
    ],
)
def test_redaction_of_each_kind(text, expected):
    assert redact(text) == expected


def test_the_senders_own_name_is_redacted_without_a_title():
    assert redact("Nguyễn Văn An kiến nghị", names=("Nguyễn Văn An",)) == "[họ tên] kiến nghị"


def _answered(units, sender, staff, head, *, text="Tôi là chị Trần Thị Bích, SĐT 0912345678: đề nghị cấp chữ ký số nhanh hơn."):
    item = in_state(received(sender, text=text, sender_name="Trần Thị Bích"), State.IN_PROGRESS, agency=units["agency"])
    answer_draft(item=item, actor=staff, text="Sở đã rút ngắn thời gian cấp chữ ký số <b>còn 2 ngày</b>.")
    return item_transition(item=item, action="approve", actor=head)


def test_the_publish_page_proposes_redacted_texts_and_publishes_what_the_person_reviewed(client, units, enterprise):
    staff, head = staff_of(units)
    item = _answered(units, enterprise, staff, head)
    client.force_login(head)
    page = client.get(reverse("feedback:item_publish", args=[item.code])).content.decode()
    assert "chị [họ tên], SĐT [số điện thoại]" in page and "0912345678" not in page
    assert Item.objects.get(pk=item.pk).state == State.ANSWERED  # the review page changes nothing
    client.post(reverse("feedback:item_publish", args=[item.code]),
                {"public_question": "Đề nghị cấp chữ ký số nhanh hơn.", "public_answer": "Sở đã rút ngắn <b>còn 2 ngày</b>."})
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.answer.reviewed_by == head
    public = client.get(reverse("feedback:public_detail", args=[item.code])).content.decode()
    assert "Đề nghị cấp chữ ký số nhanh hơn." in public and "&lt;b&gt;còn 2 ngày&lt;/b&gt;" in public and "Bích" not in public
    found = client.get(reverse("feedback:public_list"), {"q": "CHU KY SO"}).content.decode()
    assert item.code in found
    assert item.code not in client.get(reverse("feedback:public_list"), {"q": "hoan thue"}).content.decode()


def test_one_answer_serves_every_duplicate_and_each_sender_is_told(units, officer, smtp):  # noqa: F811
    staff, head = staff_of(units)
    first = person("dn1", email="dn1@congty.example")
    second = person("dn2", email="dn2@congty.example")
    original = in_state(received(first, text="Đề nghị <script>x</script> cấp chữ ký số nhanh hơn."), State.IN_PROGRESS, agency=units["agency"])
    copy = received(second, text="Chúng tôi cũng đề nghị cấp chữ ký số nhanh hơn.")
    item_transition(item=copy, action="mark_duplicate", actor=officer, duplicate_of=original)
    assert [m.rcpt_tos for m in smtp.messages] == [["dn2@congty.example"]]
    answer_draft(item=original, actor=staff, text="Đã rút ngắn còn 2 ngày <i>làm việc</i>.")
    item_transition(item=original, action="approve", actor=head)
    [mail] = smtp.messages[1:]
    assert sorted(mail.rcpt_tos) == ["dn1@congty.example", "dn2@congty.example"]  # one message, both senders (Bcc)
    assert "Đã rút ngắn còn 2 ngày <i>làm việc</i>." in mail.body and mail.message.get_content_type() == "text/plain"
    assert "dn1@congty.example" not in str(mail.message.get("To", ""))


def test_a_rating_only_on_an_answered_item_and_only_by_its_sender(units, enterprise, reporter_a, in_english):
    staff, head = staff_of(units)
    waiting = in_state(received(enterprise), State.IN_PROGRESS, agency=units["agency"])
    with pytest.raises(FeedbackError, match="once it has been answered"):
        item_rate(item=waiting, actor=enterprise, rating=5)
    item = _answered(units, enterprise, staff, head)
    with pytest.raises(FeedbackError, match="Only the sender"):
        item_rate(item=item, actor=reporter_a, rating=5)
    for bad in (0, 6, "năm"):
        with pytest.raises(FeedbackError, match="from 1 to 5"):
            item_rate(item=item, actor=enterprise, rating=bad)
    item_rate(item=item, actor=enterprise, rating="4", comment="Trả lời rõ ràng")
    assert Item.objects.get(pk=item.pk).rating == 4
    assert Item.objects.filter(rating__isnull=False).count() == 1
