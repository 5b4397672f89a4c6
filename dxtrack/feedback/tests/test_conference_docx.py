"""A conference's published answers as one DOCX, opened back with python-docx."""

import io
from datetime import date

from django.urls import reverse
from docx import Document

from dxtrack.feedback.models import Answer, Channel, Event, Item, State
from dxtrack.feedback.tests.factories import received, staff_of


def test_the_document_holds_each_published_answer_as_text(client, units, enterprise):
    staff, head = staff_of(units)
    event = Event.objects.create(title="Hội nghị đối thoại doanh nghiệp 2026", held_on=date(2026, 3, 5), venue="Thủ Dầu Một")
    published = received(enterprise, channel=Channel.CONFERENCE, event=event, text="x")
    unpublished = received(enterprise, channel=Channel.CONFERENCE, event=event, text="Câu hỏi chưa công khai")
    for item, state in ((published, State.PUBLISHED), (unpublished, State.ANSWERED)):
        Item.objects.filter(pk=item.pk).update(state=state, agency=units["agency"])
        Answer.objects.create(item=item, text="t", drafted_by=staff, drafted_at=item.received_at,
                              public_question="Đề nghị <script>alert(1)</script> rút ngắn thủ tục" if state == State.PUBLISHED else "",
                              public_answer="Sở đã rút ngắn còn 3 ngày." if state == State.PUBLISHED else "")
    response = client.get(reverse("feedback:conference_answers", args=[event.pk]))
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "ngày 05 tháng 03 năm 2026" in text
    assert "Nội dung: Đề nghị <script>alert(1)</script> rút ngắn thủ tục" in text
    assert f"Trả lời của {units['agency'].name_vi}: Sở đã rút ngắn còn 3 ngày." in text
    assert "chưa công khai" not in text
    section = document.sections[0]
    assert [round(length.mm) for length in (section.page_width, section.left_margin, section.right_margin)] == [210, 30, 15]
    assert {run.font.name for paragraph in document.paragraphs for run in paragraph.runs} == {"Times New Roman"}
