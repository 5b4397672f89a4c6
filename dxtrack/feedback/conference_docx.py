"""A conference's published answers compiled into one Word document for publication, laid out
after Decree 30/2020/NĐ-CP Appendix I (A4, margins 20/20/30/15 mm, Times New Roman, national
title and motto, body 13 pt justified with a first-line indent). Texts are written as runs of
plain text: HTML a sender typed stays text."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from dxtrack.feedback.models import Event, Item, State

FONT = "Times New Roman"


def _paragraph(document, text: str = "", *, size: int = 13, bold: bool = False, italic: bool = False,
               align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
    return paragraph


def conference_answers_docx(event: Event) -> bytes:
    items = Item.objects.filter(event=event, state=State.PUBLISHED).select_related("answer", "agency", "area").order_by("code")
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, align=center)
    _paragraph(document, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, align=center)
    _paragraph(document, f"ngày {event.held_on:%d} tháng {event.held_on:%m} năm {event.held_on:%Y}", size=14, italic=True,
               align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "TỔNG HỢP TRẢ LỜI Ý KIẾN, KIẾN NGHỊ CỦA DOANH NGHIỆP", size=14, bold=True, align=center)
    _paragraph(document, f"{event.title} — {event.venue}", size=13, bold=True, align=center)
    if event.is_sample:
        _paragraph(document, "(Dữ liệu mẫu, không phải số liệu thật)", size=13, italic=True, align=center)
    for number, item in enumerate(items, start=1):
        _paragraph(document, f"{number}. {item.code} — {item.area.name_vi if item.area else ''}", bold=True)
        _paragraph(document, f"Nội dung: {item.answer.public_question}", indent=True)
        agency = item.agency.name_vi if item.agency else ""
        _paragraph(document, f"Trả lời của {agency}: {item.answer.public_answer}", indent=True)
    if not items:
        _paragraph(document, "Chưa có câu trả lời nào được công khai.", italic=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
