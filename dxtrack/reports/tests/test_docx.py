"""The DOCX opened back with python-docx: the Decree 30 layout and the figures layer's lists."""

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from dxtrack.figures.selectors import FigureOptions, programme_status
from dxtrack.reports.fonts import text_width_mm
from dxtrack.reports.layout import MOTTO, NATIONAL_TITLE
from dxtrack.reports.services import report_file_write
from dxtrack.reports.tests.conftest import AS_OF, ISSUED


def _docx(programme, tmp_path, language="vi"):
    path = tmp_path / f"report-{language}.docx"
    report_file_write(programme=programme, as_of=AS_OF, fmt="docx", output=path, language=language, issued_on=ISSUED)
    return Document(str(path))


def _paragraphs(document):
    """Every paragraph, in the body and inside tables, in order."""
    yield from document.element.body.iter(qn("w:p"))


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _find(document, text):
    for element in _paragraphs(document):
        if _text(element) == text:
            return Paragraph(element, document.part)
    raise AssertionError(f"no paragraph {text!r}")


def test_the_page_is_a4_with_the_decree_margins_and_times_new_roman(programme, tmp_path):
    document = _docx(programme, tmp_path)
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin, section.left_margin,
             section.right_margin)
    assert [round(size.mm) for size in sizes] == [210, 297, 20, 20, 30, 15]  # Word stores twentieths of a point
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert all(run.font.name in (None, "Times New Roman") for p in document.paragraphs for run in p.runs)


def test_the_national_title_motto_rules_number_and_date(programme, tmp_path):
    document = _docx(programme, tmp_path)
    title = _find(document, NATIONAL_TITLE)
    assert title.runs[0].bold and title.runs[0].font.size == Pt(13)
    motto = _find(document, MOTTO)
    assert motto.runs[0].bold and motto.runs[0].font.size == Pt(14)
    rule = motto._p.getnext()
    assert rule.find(qn("w:pPr")).find(qn("w:pBdr")) is not None  # the rule under the motto
    agency = _find(document, "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ")
    assert agency.runs[0].bold
    assert agency._p.getnext().find(qn("w:pPr")).find(qn("w:pBdr")) is not None
    _find(document, "ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG")
    _find(document, "Số: ……/BC-BCĐ")
    date = _find(document, "Bình Dương, ngày 05 tháng 02 năm 2026")
    assert date.runs[0].italic


def test_the_body_is_justified_with_a_first_line_indent_and_pages_are_numbered_from_page_two(programme, tmp_path):
    document = _docx(programme, tmp_path)
    headline = next(p for p in document.paragraphs if p.text.startswith("Tính đến ngày 31/12/2024"))
    assert headline.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert headline.paragraph_format.first_line_indent == Cm(1.27)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert section.first_page_header.paragraphs[0].text == ""


def test_the_sections_and_the_off_track_list_are_the_figures_layers(programme, tmp_path):
    document = _docx(programme, tmp_path)
    texts = [p.text for p in document.paragraphs]
    for heading in ("Tóm tắt", "I. Chính quyền số", "II. Kinh tế số", "III. Các chỉ tiêu chậm tiến độ hoặc có nguy cơ",
                    "Phụ lục 1. Mức độ đầy đủ của báo cáo theo đơn vị và biểu mẫu", "Phụ lục 2. Phương pháp và nguồn số liệu"):
        assert heading in texts
    attention = next(t for t in document.tables if len(t.columns) == 6 and t.rows[0].cells[4].text == "Khoảng cách cần bù")
    listed = [row.cells[0].text.split(" ")[0] for row in attention.rows[1:]]
    status = programme_status(programme=programme, options=FigureOptions(as_of=AS_OF))
    assert listed == [row.indicator_code for row in status.rows if row.status in ("off_track", "at_risk")] == ["S"]
    assert attention.rows[1].cells[2].text == "45%" and attention.rows[1].cells[4].text == "50% mỗi năm"


def test_the_signature_block_and_recipients(programme, tmp_path):
    document = _docx(programme, tmp_path)
    recipients = _find(document, "Nơi nhận:")
    run = recipients.runs[0]
    assert run.bold and run.italic and run.font.size == Pt(12)
    last = _find(document, "- Lưu: VT, BCĐ.")
    assert last.runs[0].font.size == Pt(11)
    _find(document, "TM. BAN CHỈ ĐẠO")
    _find(document, "TRƯỞNG BAN")


def test_the_english_version_is_in_english(programme, tmp_path):
    document = _docx(programme, tmp_path, "en")
    texts = [p.text for p in document.paragraphs]
    assert "Targets off track or at risk" in " ".join(texts)
    _find(document, "Binh Duong, 05 February 2026")
    _find(document, NATIONAL_TITLE)  # the national title stays as the law writes it


def test_the_charts_are_embedded_as_pictures(programme, tmp_path):
    document = _docx(programme, tmp_path)
    pictures = [shape for shape in document.inline_shapes]
    assert len(pictures) == 2  # the status bars and the series
    images = [part for part in document.part.package.parts if part.partname.endswith(".png")]
    assert len(images) == 2 and all(image.blob[:4] == b"\x89PNG" for image in images)
    texts = [p.text for p in document.paragraphs]
    assert "Hình 1. Số chỉ tiêu theo tình trạng ở từng trụ cột" in texts


def test_the_same_report_twice_is_the_same_file(programme, tmp_path):
    first = tmp_path / "first.docx"
    second = tmp_path / "second.docx"
    for path in (first, second):
        report_file_write(programme=programme, as_of=AS_OF, fmt="docx", output=path, issued_on=ISSUED)
    assert first.read_bytes() == second.read_bytes()


def test_the_heading_columns_are_fixed_and_the_motto_rule_is_as_long_as_the_motto(programme, tmp_path):
    document = _docx(programme, tmp_path)
    heading = document.tables[0]
    assert [round(column.width.mm) for column in heading.columns] == [66, 99]  # 165 mm: the text width
    rule = Paragraph(_find(document, MOTTO)._p.getnext(), document.part)
    length = 99 - rule.paragraph_format.left_indent.mm - rule.paragraph_format.right_indent.mm
    assert abs(length - text_width_mm(MOTTO, size_pt=14, bold=True)) < 0.5
    assert 55 < length < 65  # "Độc lập - Tự do - Hạnh phúc" in 14 pt bold is about 6 cm
