"""What the DOCX and the PDF print the same way: section numbers, the lines of the official
heading and closing, and table cells as text. One home, so the two documents never differ."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dxtrack.reports import texts
from dxtrack.reports.shapes import PillarSection, Report

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def roman(number: int) -> str:
    """Section numbers of Vietnamese reports: I, II, III, IV…"""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, numeral in numerals:
        while number >= value:
            text, number = text + numeral, number - value
    return text


def date_line(report: Report) -> str:
    return texts.document_date(report.place, report.issued_on)


def pillar_counts(report: Report, pillar: PillarSection) -> str:
    return "; ".join(f"{label}: {pillar.counts.get(key, 0)}" for key, label in report.statuses) + "."


def summary_rows(report: Report) -> list[tuple[str, list[int]]]:
    rows = [(pillar.name, [pillar.counts.get(key, 0) for key, _label in report.statuses]) for pillar in report.pillars]
    rows.append((_("Whole programme"), [report.counts.get(key, 0) for key, _label in report.statuses]))
    return rows


def recipient_lines(report: Report) -> list[str]:
    """"- name;" for each, the last (the archive) ending with a full stop, as Decree 30 writes it."""
    last = len(report.recipients)
    return [f"- {name}{'.' if number == last else ';'}" for number, name in enumerate(report.recipients, start=1)]


def completeness_cells(report: Report) -> list[tuple[str, str, str, str, str]]:
    return [(row.form_code, row.unit_name, row.period, f"{row.reported}/{row.expected}", texts.number(row.share * 100, "%"))
            for row in report.completeness]


def sources_line(report: Report) -> str:
    return _("Sources: %(sources)s.") % {"sources": "; ".join(report.sources) or "—"}
