"""Intake: the web form, the e-mail route with a one-time link delivered through a real SMTP
server (aiosmtpd), staff entry, text and attachment limits, rate limits, HTML kept as text."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxtrack.feedback.models import Attachment, Channel, EmailVerification, Item
from dxtrack.feedback.services import (
    IP_ITEMS_PER_HOUR,
    SENDER_ITEMS_PER_HOUR,
    FeedbackError,
    item_receive,
)
from dxtrack.reporting.tests.test_reminders_smtp import smtp  # noqa: F401  (the aiosmtpd fixture)

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_logged_in_enterprise_sends_and_gets_a_tracking_code(client, enterprise):
    client.force_login(enterprise)
    upload = SimpleUploadedFile("de-nghi.docx", _docx())
    response = client.post(reverse("feedback:item_new"), {"text": f"Đề nghị {HOSTILE}", "attachment": upload}, follow=True)
    item = Item.objects.get()
    assert (item.channel, item.sender_user, item.state) == (Channel.WEB, enterprise, "received")
    assert item.code in response.content.decode()
    file = Attachment.objects.get()
    assert (file.filename, file.content_type) == ("de-nghi.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    client.force_login(enterprise)
    page = client.get(reverse("feedback:item_detail", args=[item.code])).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and HOSTILE not in page


@pytest.mark.parametrize(("text", "words"), [("   ", 'role="alert"'), ("x" * 100_000, "100.000")])
def test_empty_and_huge_texts_are_refused_clearly_and_nothing_is_saved(client, enterprise, text, words):
    client.force_login(enterprise)
    response = client.post(reverse("feedback:item_new"), {"text": text})
    assert response.status_code == 400 and words in response.content.decode()
    assert not Item.objects.exists()


def test_the_refusals_say_what_is_wrong_in_both_languages(db):
    from django.utils import translation

    with translation.override("en"), pytest.raises(FeedbackError, match="100.000 characters; at most 10.000"):
        item_receive(channel=Channel.LETTER, text="x" * 100_000)
    with translation.override("vi"), pytest.raises(FeedbackError, match="Nội dung"):
        item_receive(channel=Channel.LETTER, text="")
    assert not Item.objects.exists()


@pytest.mark.parametrize(("name", "content"), [("hoa-don.pdf", b"MZ\x90\x00 windows program"), ("anh.png", b"%PDF-1.4 a pdf"),
                                               ("macro.docx", b"PK\x03\x04 not really a zip")])
def test_disguised_attachments_are_refused_with_the_item(client, enterprise, name, content):
    client.force_login(enterprise)
    response = client.post(reverse("feedback:item_new"), {"text": "Kiến nghị", "attachment": SimpleUploadedFile(name, content)})
    assert response.status_code == 400 and name in response.content.decode()
    assert not Item.objects.exists() and not Attachment.objects.exists()


def test_an_email_sender_verifies_by_a_one_time_link(client, smtp, db):  # noqa: F811
    response = client.post(reverse("feedback:email_start"), {"email": "giamdoc@congty.example"})
    assert response.status_code == 200
    [mail] = smtp.to("giamdoc@congty.example")
    link = re.search(r"http://\S+/feedback/new/email/(\S+)/", mail.body)
    token = link.group(1)
    assert client.get(reverse("feedback:email_verified", args=[token])).status_code == 200  # GET changes nothing
    assert EmailVerification.objects.get().used_at is None
    sent = client.post(reverse("feedback:email_verified", args=[token]), {"text": "Kiến nghị về hóa đơn điện tử"})
    assert sent.status_code == 302
    item = Item.objects.get()
    assert (item.channel, item.sender_email) == (Channel.EMAIL, "giamdoc@congty.example")
    again = client.post(reverse("feedback:email_verified", args=[token]), {"text": "Lần hai"})
    assert again.status_code == 410 and Item.objects.count() == 1


def test_rate_limits_per_sender_and_per_address(client, enterprise, reporter_a):
    for number in range(SENDER_ITEMS_PER_HOUR):
        item_receive(channel=Channel.WEB, text=f"Kiến nghị {number}", sender_user=enterprise, ip="192.0.2.9")
    client.force_login(enterprise)
    refused = client.post(reverse("feedback:item_new"), {"text": "Một kiến nghị nữa"}, REMOTE_ADDR="192.0.2.9")
    assert refused.status_code == 429
    for number in range(IP_ITEMS_PER_HOUR - SENDER_ITEMS_PER_HOUR):
        item_receive(channel=Channel.EMAIL, text=f"Từ thư {number}", sender_email=f"a{number}@x.example", ip="192.0.2.9")
    client.force_login(reporter_a)
    assert client.post(reverse("feedback:item_new"), {"text": "Kiến nghị khác"}, REMOTE_ADDR="192.0.2.9").status_code == 429
    assert client.post(reverse("feedback:item_new"), {"text": "Kiến nghị khác"}, REMOTE_ADDR="192.0.2.10").status_code == 302
    # Staff entry of letters is not limited: a conference may bring a hundred at once.
    item_receive(channel=Channel.LETTER, text="Thư", sender_user=enterprise, ip="192.0.2.9")


def test_staff_record_a_conference_proposal(client, officer):
    from datetime import date

    from dxtrack.feedback.models import Event

    event = Event.objects.create(title="Hội nghị đối thoại doanh nghiệp", held_on=date(2026, 3, 12), venue="Thủ Dầu Một")
    client.force_login(officer)
    missing = client.post(reverse("feedback:staff_new"), {"channel": "conference", "text": "Ý kiến tại hội nghị"})
    assert missing.status_code == 400 and not Item.objects.exists()
    response = client.post(reverse("feedback:staff_new"), {"channel": "conference", "text": "Ý kiến tại hội nghị", "event": event.pk,
                                                          "sender_organisation": "Công ty A"})
    item = Item.objects.get()
    assert response.status_code == 302 and item.event == event and item.transitions.get().actor == officer
