"""`dxtrack report CODE --as-of 2025-12-31 --format docx|pdf|xlsx --output FILE [--language vi|en]`."""

from datetime import date
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown
from dxtrack.reports.builder import LANGUAGES, default_as_of, programme_for_report
from dxtrack.reports.errors import ReportError
from dxtrack.reports.services import FORMATS, report_file_write


class Command(DxtrackCommand):
    help = gettext_lazy("Write a programme's progress report as of a date (DOCX, PDF or XLSX).")

    def add_arguments(self, parser):
        parser.add_argument("code", help=gettext_lazy("programme code, e.g. 05-NQ/TU"))
        parser.add_argument("--as-of", help=gettext_lazy("YYYY-MM-DD; default: the end of the last quarter"))
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--output", required=True, help=gettext_lazy("the file to write"))
        parser.add_argument("--language", choices=LANGUAGES, help=gettext_lazy("default: the terminal's language"))
        parser.add_argument("--date", help=gettext_lazy("the document's date, YYYY-MM-DD; default: today"))

    def handle(self, *args, code: str, as_of: str | None, format: str, output: str, language: str | None,
               date: str | None, **options):
        as_of_day = _day(as_of, "--as-of") if as_of else default_as_of(timezone.localdate())
        issued_on = _day(date, "--date") if date else None
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
        try:
            programme = programme_for_report(code)
            report, checksum = report_file_write(
                programme=programme, as_of=as_of_day, fmt=format, output=path,
                language=language or _active_language(), issued_on=issued_on,
            )
        except ReportError as error:
            raise CommandError(error.message) from error
        self.stdout.write(_("Report written to %(path)s (%(lines)s targets, SHA-256 %(checksum)s).") % {
            "path": path, "lines": count_shown(len(report.lines)), "checksum": checksum})


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("%(option)s: %(text)s is not a date (YYYY-MM-DD).") % {"option": option, "text": text}) from None


def _active_language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"
