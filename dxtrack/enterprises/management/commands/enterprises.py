"""`dxtrack enterprises import FILE [--dry-run]`, `dxtrack enterprises export --format csv|xlsx`,
`dxtrack enterprises load-frameworks` and `dxtrack enterprises feed-indicators [--programme CODE]
[--period YEAR]` (indicator_feed.py).

Import exits 0 when the file was imported (or, with --dry-run, would be), and 1 with the
error report, one error per line naming its row and column, on standard error when it was
refused; the registry is then exactly as before. Messages come in the terminal's language
(or --language).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dxtrack.audit.services import audit_record
from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown
from dxtrack.enterprises.assessments import frameworks_load_all
from dxtrack.enterprises.exports import registry_rows
from dxtrack.enterprises.files import FORMATS, write_csv, write_xlsx
from dxtrack.enterprises.indicator_feed import indicators_feed
from dxtrack.enterprises.models import Enterprise

if TYPE_CHECKING:
    from dxtrack.enterprises.imports import RegistryReport


def report_lines(report: RegistryReport) -> list[str]:
    lines = []
    for error in report.errors:
        where = _("file") if error["row"] == 0 else _("row %(row)d") % {"row": error["row"]}
        if error["column"]:
            where = _("%(where)s, column %(column)s") % {"where": where, "column": error["column"]}
        lines.append(f"{where}: {error['message']}")
    if report.error_count > len(report.errors):
        lines.append(_("… and %(count)s more errors.") % {"count": count_shown(report.error_count - len(report.errors))})
    return lines


def summary(report: RegistryReport) -> str:
    counts = _("%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
        "rows": count_shown(report.rows), "created": count_shown(report.created), "updated": count_shown(report.updated),
        "unchanged": count_shown(report.unchanged),
    }
    if report.skipped_rows:
        counts += ngettext(
            "; %(count)s example row skipped (row %(rows)s)", "; %(count)s example rows skipped (rows %(rows)s)",
            len(report.skipped_rows),
        ) % {"count": count_shown(len(report.skipped_rows)), "rows": ", ".join(str(row) for row in report.skipped_rows[:20])}
    if report.dry_run:
        return _("%(file)s: %(counts)s. Dry run: nothing was saved.") % {"file": report.source, "counts": counts}
    return _("%(file)s: %(counts)s.") % {"file": report.source, "counts": counts}


class Command(DxtrackCommand):
    help = gettext_lazy("Import the enterprise registry from a CSV or XLSX file (all or nothing), or export it.")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{import,export,load-frameworks,feed-indicators}")
        load = subcommands.add_parser("import", help=gettext_lazy("check a file and import all of it or nothing"))
        load.add_argument("file", help=gettext_lazy("CSV (UTF-8) or XLSX file, header row first"))
        load.add_argument("--dry-run", action="store_true", help=gettext_lazy("check and count the changes, save nothing"))
        load.add_argument("--sample", action="store_true", help=gettext_lazy("mark the rows as sample data (dữ liệu mẫu)"))
        export = subcommands.add_parser("export", help=gettext_lazy("write the registry with size class and ward codes"))
        export.add_argument("--format", choices=FORMATS, required=True)
        export.add_argument("--output", "-o", help=gettext_lazy("file to write (default: standard output; required for xlsx)"))
        frameworks = subcommands.add_parser("load-frameworks", help=gettext_lazy("load the maturity frameworks' data files (new versions only)"))
        feed = subcommands.add_parser("feed-indicators", help=gettext_lazy(
            "write the indicators fed by the registry and the assessments, by ward (small cells not published)"))
        feed.add_argument("--programme", help=gettext_lazy("programme code (default: the one the feed file names)"))
        feed.add_argument("--period", help=gettext_lazy("year, e.g. 2025 (default: this year)"))
        for subcommand in (load, export, frameworks, feed):
            subcommand.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options.get("language") or translation.get_language()):
            if options["subcommand"] == "import":
                self._import(options)
            elif options["subcommand"] == "export":
                self._export(options)
            elif options["subcommand"] == "feed-indicators":
                self._feed(options)
            else:
                for framework in frameworks_load_all():
                    self.stdout.write(f"{framework.code} v{framework.version}: {framework.title}")

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        # Imported here: the address parser (vietnamadminunits) takes a second to load, which
        # the other subcommands do not need.
        from dxtrack.enterprises.imports import registry_import

        report = registry_import(path=path, dry_run=options["dry_run"], sample=options["sample"])
        if not report.accepted:
            for line in report_lines(report):
                self.stderr.write(line)
            self.stderr.write(_("%(file)s was refused: %(count)s errors; nothing was saved.")
                              % {"file": report.source, "count": count_shown(report.error_count)})
            sys.exit(1)
        self.stdout.write(summary(report))

    def _feed(self, options: dict[str, Any]) -> None:
        period = options.get("period") or str(timezone.localdate().year)
        try:
            run = indicators_feed(period=period, programme_code=options.get("programme"))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        for report in run.reports:
            if report.skipped:
                self.stdout.write(_("%(indicator)s: skipped, %(why)s.") % {"indicator": report.indicator, "why": report.skipped})
                continue
            self.stdout.write(_(
                "%(indicator)s %(period)s: %(written)s wards written, %(unchanged)s unchanged, %(suppressed)s not published "
                "(fewer than 5 enterprises), %(withdrawn)s withdrawn; %(lost)s enterprises without a ward in the period."
            ) % {"indicator": report.indicator, "period": run.period, "written": count_shown(report.written),
                 "unchanged": count_shown(report.unchanged), "suppressed": count_shown(report.suppressed),
                 "withdrawn": count_shown(report.withdrawn), "lost": count_shown(report.not_placed)})

    def _export(self, options: dict[str, Any]) -> None:
        output = options.get("output")
        rows = registry_rows(Enterprise.objects.all())
        if options["format"] == "xlsx":
            if not output:
                raise CommandError(_("An XLSX export needs --output FILE."))
            write_xlsx(rows, Path(output), sheet_title=_("Enterprises"))
        elif output:
            with Path(output).open("w", encoding="utf-8", newline="") as handle:
                write_csv(rows, handle)
        else:
            buffer = io.StringIO()
            write_csv(rows, buffer)
            self.stdout.write(buffer.getvalue(), ending="")
        audit_record(action="enterprises.export", details={"format": options["format"], "output": output or "-"})
