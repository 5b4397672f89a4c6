"""The report as a PDF: the same layout as the DOCX (Decree 30) written as HTML and set by
WeasyPrint (see docs/decisions/0019-report-pdf.md), with Liberation Serif 2 embedded (every
Vietnamese letter; Times New Roman's metrics), selectable text and the charts as images."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import HTML

from dxtrack.reports import layout
from dxtrack.reports.charts import charts_draw
from dxtrack.reports.fonts import font_path
from dxtrack.reports.shapes import Report

FACES = ((False, False, "normal", "normal"), (True, False, "bold", "normal"), (False, True, "normal", "italic"),
         (True, True, "bold", "italic"))


def report_html(report: Report, charts: list[tuple[str, Path]]) -> str:
    fonts = [{"url": font_path(bold=bold, italic=italic).as_uri(), "weight": weight, "style": style}
             for bold, italic, weight, style in FACES]
    pillars = [{"number": layout.roman(number), "section": pillar, "counts": layout.pillar_counts(report, pillar)}
               for number, pillar in enumerate(report.pillars, start=1)]
    return render_to_string("reports/report.html", {
        "report": report, "fonts": fonts, "national_title": layout.NATIONAL_TITLE, "motto": layout.MOTTO,
        "date_line": layout.date_line(report), "summary_rows": layout.summary_rows(report), "pillars": pillars,
        "attention_number": layout.roman(len(report.pillars) + 1), "completeness": layout.completeness_cells(report),
        "sources_line": layout.sources_line(report), "recipients": layout.recipient_lines(report),
        # As data: URIs, so the PDF does not depend on where the charts were drawn.
        "charts": [(caption, "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()) for caption, path in charts],
    })


def pdf_write(report: Report, path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="dxtrack-charts-") as folder:
        html = report_html(report, charts_draw(report, Path(folder)))
        document = HTML(string=html)
        document.write_pdf(str(path), pdf_identifier=f"{report.programme_code}/{report.as_of}".encode(),
                           pdf_variant=None, custom_metadata=False, uncompressed_pdf=False)
