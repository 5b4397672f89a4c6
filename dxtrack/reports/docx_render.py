"""The report as a DOCX laid out as an official document (Decree 30/2020/NĐ-CP, Appendix I).

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman throughout; the
heading is a borderless two-column table: agency (parent regular, name bold, a short rule under
it) and number on the left, the national title (bold 13 pt), the motto (bold 14 pt, a rule as
long as the line) and place and date (italic 14 pt) on the right. The body is 14 pt, justified,
first-line indent 1.27 cm. Page numbers are centred at the top from page 2 (a different first
page). The signature block and "Nơi nhận" (bold italic 12 pt, list 11 pt ending "- Lưu: VT, …")
close it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from dxtrack.reports import layout
from dxtrack.reports.fonts import WORD_FONT, text_width_mm
from dxtrack.reports.layout import MOTTO, NATIONAL_TITLE, roman
from dxtrack.reports.shapes import Report, TargetLine

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
LEFT_COLUMN_MM, RIGHT_COLUMN_MM = 66.0, 99.0
BODY_PT, TITLE_PT, MOTTO_PT, HEADING_PT = 14, 13, 14, 12
FIRST_LINE_INDENT = Cm(1.27)


def docx_write(report: Report, path: Path, charts: Sequence[tuple[str, Path]] = ()) -> None:
    """Write the report to `path`; `charts` are (caption, PNG path) pairs placed after the summary."""
    document = Document()
    _page(document)
    _styles(document)
    _heading(document, report)
    _title(document, report)
    _summary(document, report)
    for caption, image in charts:
        _chart(document, caption, image)
    for number, pillar in enumerate(report.pillars, start=1):
        _section_heading(document, f"{roman(number)}. {pillar.name}")
        _body(document, layout.pillar_counts(report, pillar))
        _targets_table(document, pillar.lines)
    _section_heading(document, f"{roman(len(report.pillars) + 1)}. " + _("Targets off track or at risk"))
    _attention_table(document, report.attention)
    _annex_completeness(document, report)
    _annex_methodology(document, report)
    _signature(document, report)
    stamp = datetime(report.issued_on.year, report.issued_on.month, report.issued_on.day)
    document.core_properties.title = report.title
    document.core_properties.author = report.agency
    document.core_properties.language = report.language
    document.core_properties.created = stamp
    document.core_properties.modified = stamp
    document.core_properties.last_modified_by = report.agency
    document.core_properties.revision = 1
    document.save(str(path))


def _page(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(header, "PAGE")


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE) as begin / instruction / separate / cached result / end runs."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text.strip() == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
            run._r.append(element)
        else:
            run.text = text


def _styles(document: Document) -> None:
    for name in ("Normal", "Table Grid", "Caption"):
        style = document.styles[name]
        style.font.name = WORD_FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), WORD_FONT)
        style.font.color.rgb = None
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15


def _paragraph(container, text: str = "", *, size: float = BODY_PT, bold: bool = False, italic: bool = False,
               align=WD_ALIGN_PARAGRAPH.CENTER, after: float = 0) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if text:
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return paragraph


def _rule(paragraph: Paragraph, width_mm: float, column_mm: float) -> None:
    """A centred line `width_mm` long under `paragraph`: a bottom border on an empty paragraph
    indented so that the border is exactly that long."""
    indent = max((column_mm - width_mm) / 2, 0)
    rule = paragraph._parent.add_paragraph()  # right after `paragraph`, the cell's last one
    rule.paragraph_format.left_indent = Mm(indent)
    rule.paragraph_format.right_indent = Mm(indent)
    rule.paragraph_format.space_after = Pt(0)
    rule.paragraph_format.line_spacing = Pt(2)
    properties = rule._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    properties.append(borders)


def _heading(document: Document, report: Report) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, (LEFT_COLUMN_MM, RIGHT_COLUMN_MM))
    _no_cell_margins(table)  # the national title needs the column's whole width
    left, right = table.cell(0, 0), table.cell(0, 1)
    _first(left, report.agency_parent, size=HEADING_PT)
    agency = _paragraph(left, report.agency, size=HEADING_PT, bold=True, after=1)
    _rule(agency, min(text_width_mm(report.agency, size_pt=HEADING_PT, bold=True), LEFT_COLUMN_MM) / 3, LEFT_COLUMN_MM)
    _first(right, NATIONAL_TITLE, size=TITLE_PT, bold=True)
    motto = _paragraph(right, MOTTO, size=MOTTO_PT, bold=True, after=1)
    _rule(motto, text_width_mm(MOTTO, size_pt=MOTTO_PT, bold=True), RIGHT_COLUMN_MM)
    _first(table.cell(1, 0), report.number, size=BODY_PT)
    _first(table.cell(1, 1), layout.date_line(report), size=BODY_PT, italic=True)
    _no_borders(table)


def _first(cell, text: str, **style) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    run = paragraph.add_run(text)
    run.font.size = Pt(style.get("size", BODY_PT))
    run.bold, run.italic = style.get("bold", False), style.get("italic", False)


def _no_cell_margins(table: Table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _no_borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _title(document: Document, report: Report) -> None:
    _paragraph(document, "", after=6)
    _paragraph(document, _("REPORT"), size=BODY_PT, bold=True)
    _paragraph(document, report.title, size=BODY_PT, bold=True)
    _paragraph(document, report.programme_title, size=BODY_PT, bold=True, after=12)


def _body(document: Document, text: str, *, italic: bool = False) -> Paragraph:
    paragraph = document.add_paragraph(style="Normal")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    run = paragraph.add_run(text)
    run.italic = italic
    return paragraph


def _section_heading(document: Document, text: str) -> None:
    paragraph = _body(document, text)
    paragraph.runs[0].bold = True
    paragraph.paragraph_format.keep_with_next = True


def _summary(document: Document, report: Report) -> None:
    _section_heading(document, _("Summary"))
    _body(document, report.headline)
    if report.sample_notice:
        _body(document, report.sample_notice, italic=True)
    header = [_("Pillar"), *(label for _key, label in report.statuses)]
    rows = [[name, *(str(count) for count in counts)] for name, counts in layout.summary_rows(report)]
    _table(document, header, rows, widths_mm=(45, 24, 24, 24, 24, 24))


def _chart(document: Document, caption: str, image: Path) -> None:
    paragraph = _paragraph(document)
    paragraph.add_run().add_picture(str(image), width=Mm(150))
    _paragraph(document, caption, size=12, italic=True, after=6)


def _table(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float]) -> Table:
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell_text(cell, text, bold=True)
    _repeat_header(table.rows[0])
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            _cell_text(cell, text)
    _fixed_widths(table, widths_mm)
    _paragraph(document, "", after=6)
    return table


def _fixed_widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Column widths Word and LibreOffice both keep: the grid, every cell, a fixed layout."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _cell_text(cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.line_spacing = 1.0
    run = paragraph.add_run(text)
    run.font.size = Pt(11)
    run.bold = bold


def _targets_table(document: Document, lines: Sequence[TargetLine]) -> None:
    header = [_("Indicator"), _("Target"), _("Figure"), pgettext("report", "Period"), _("Coverage"), _("Status"),
              _("Projection"),
              _("Responsible agency")]
    rows = [[f"{line.indicator_code} {line.indicator_name}", f"{line.target_text} ({line.deadline.year})", line.value_text,
             line.period, line.coverage_text, line.status_label, line.projection_text, line.responsible_agency]
            for line in lines]
    _table(document, header, rows, widths_mm=(38, 18, 16, 12, 20, 15, 25, 21))


def _attention_table(document: Document, lines: Sequence[TargetLine]) -> None:
    if not lines:
        _body(document, _("No target is off track or at risk."))
        return
    header = [_("Indicator"), _("Target"), _("Figure"), _("Status"), _("Gap to close"), _("Responsible agency")]
    rows = [[f"{line.indicator_code} {line.indicator_name}", f"{line.target_text} ({line.deadline.year})", line.value_text,
             line.status_label, line.gap_text, line.responsible_agency] for line in lines]
    _table(document, header, rows, widths_mm=(50, 22, 18, 18, 27, 30))


def _annex_completeness(document: Document, report: Report) -> None:
    _section_heading(document, _("Annex 1. Completeness of reporting by unit and form"))
    if not report.completeness:
        _body(document, _("No reporting form carries the indicators judged in this report."))
        return
    header = [_("Form"), _("Unit"), pgettext("report", "Period"), _("Indicators reported"), _("Share")]
    rows = [list(cells) for cells in layout.completeness_cells(report)]
    _table(document, header, rows, widths_mm=(30, 60, 20, 35, 20))


def _annex_methodology(document: Document, report: Report) -> None:
    _section_heading(document, _("Annex 2. Methodology and sources"))
    for text in report.methodology:
        _body(document, text)
    _body(document, layout.sources_line(report))
    if report.sample_notice:
        _body(document, report.sample_notice, italic=True)


def _signature(document: Document, report: Report) -> None:
    _paragraph(document, "", after=6)
    table = document.add_table(rows=1, cols=2)
    _fixed_widths(table, (80, 85))
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = left.paragraphs[0].add_run(_("Recipients:"))
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    left.paragraphs[0].paragraph_format.first_line_indent = Cm(0)
    for line in layout.recipient_lines(report):
        _paragraph(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _first(right, report.signer_title, size=BODY_PT, bold=True)
    _paragraph(right, _("HEAD OF THE COMMITTEE"), size=BODY_PT, bold=True)
    _paragraph(right, _("(signed and sealed)"), size=BODY_PT, italic=True, after=60)
    _no_borders(table)

