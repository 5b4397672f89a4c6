"""`dxtrack values import FILE` and `dxtrack values export`: reported values in and out.

    dxtrack values import FILE [--format xlsx|csv|dhis2-json|dhis2-csv] [--programme CODE] [--dry-run]
    dxtrack values export [--programme CODE] [--unit CODE] [--period P] --format dhis2-json|dhis2-csv|csv|xlsx [--output FILE]

Import exits 0 when the file was imported (or, with --dry-run, would be), and 1 with the
error report, one row per line, on standard error when it was rejected; the database is then
exactly as before. The command line acts for every unit (whoever runs it runs the server).
Messages come in the user's language (see `programme`'s command: --language, else the locale).
"""

import io
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.audit.models import Outcome
from dxtrack.audit.services import audit_record
from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown, seconds_shown
from dxtrack.programmes.models import Programme
from dxtrack.reporting.exports import EXPORT_FORMATS, unit_for_export, values_export
from dxtrack.reporting.imports import FORMATS, ImportReport, values_import_file


def report_lines(report: ImportReport) -> list[str]:
    """The row-by-row error report, one line per error, as people read it."""
    lines = []
    for error in report.errors:
        where = _("file") if error.row == 0 else _("row %(row)d") % {"row": error.row}
        if error.column:
            where = _("%(where)s, column %(column)s") % {"where": where, "column": error.column}
        lines.append(f"{where}: {error.message}")
    if report.error_count > len(report.errors):
        lines.append(_("… and %(count)s more errors.") % {"count": count_shown(report.error_count - len(report.errors))})
    return lines


def summary(report: ImportReport) -> str:
    counts = _("%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
        "rows": count_shown(report.rows), "created": count_shown(report.created), "updated": count_shown(report.updated),
        "unchanged": count_shown(report.unchanged),
    }
    if report.skipped:
        counts += _(", %(skipped)s blank lines skipped") % {"skipped": count_shown(report.skipped)}
    if report.dry_run:
        return _("%(file)s: %(counts)s. Dry run: nothing was saved.") % {"file": report.source, "counts": counts}
    return _("%(file)s: %(counts)s.") % {"file": report.source, "counts": counts}


class Command(DxtrackCommand):
    help = gettext_lazy("Import reported values from a file (all or nothing), or export them.")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{import,export}")
        load = subcommands.add_parser("import", help=gettext_lazy("check a file and import all of it or nothing"))
        load.add_argument("file", help=gettext_lazy("XLSX template, CSV, DHIS2 JSON or DHIS2 CSV file"))
        load.add_argument("--format", choices=FORMATS, help=gettext_lazy("the file's format (default: read from its content)"))
        load.add_argument("--programme", help=gettext_lazy("programme code (default: the programme of the first indicator code)"))
        load.add_argument("--dry-run", action="store_true", help=gettext_lazy("check and count the changes, save nothing"))
        export = subcommands.add_parser("export", help=gettext_lazy("write values in an exchange format"))
        export.add_argument("--programme", help=gettext_lazy("programme code"))
        export.add_argument("--unit", help=gettext_lazy("unit code: the unit and every unit below it"))
        export.add_argument("--period", help=gettext_lazy("period, e.g. 2024, 2024Q3, 2024-05: values within it"))
        export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
        export.add_argument("--output", "-o", help=gettext_lazy("file to write (default: standard output; required for xlsx)"))
        for subcommand in (load, export):
            subcommand.add_argument(
                "--language", choices=[code for code, _name in settings.LANGUAGES],
                help=gettext_lazy("language of messages (default: the locale's, else the site's)"),
            )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options.get("language") or translation.get_language()):
            if options["subcommand"] == "import":
                self.load(options)
            else:
                self.export(options)

    def load(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": path})
        started = time.perf_counter()

        def progress(rows: int) -> None:
            if options["verbosity"] >= 2:
                self.stderr.write(_("%(rows)s rows checked") % {"rows": count_shown(rows)})

        report = values_import_file(
            path=path, filename=path.name, user=None, format=options.get("format"),
            programme_code=options.get("programme"), dry_run=options["dry_run"], progress=progress,
        )
        audit_record(
            action="values.import", object_type="file", object_repr=path.name,
            outcome=Outcome.FAILED if report.rejected else Outcome.SUCCESS,
            details={"source": "command line", "format": report.format, "dry_run": report.dry_run, "rows": report.rows,
                     "created": report.created, "updated": report.updated, "errors": report.error_count},
        )
        if report.rejected:
            for line in report_lines(report):
                self.stderr.write(line)
            raise CommandError(
                _("%(count)s error(s) in %(file)s; nothing was imported.") % {"count": count_shown(report.error_count), "file": path.name}
            )
        self.stdout.write(summary(report))
        if options["verbosity"] >= 2:
            self.stdout.write(_("%(seconds)s s") % {"seconds": seconds_shown(time.perf_counter() - started)})

    def export(self, options: dict[str, Any]) -> None:
        programme = None
        if options.get("programme"):
            programme = Programme.objects.filter(code=options["programme"]).first()
            if programme is None:
                raise CommandError(_('no programme with code "%(code)s"') % {"code": options["programme"]})
        period = None
        if options.get("period"):
            try:
                period = parse_period(options["period"])
            except AnalyticsError:
                raise CommandError(
                    _("“%(period)s” is not a period: use 2024, 2024S1, 2024Q3, 2024-05 or 202405.") % {"period": options["period"]}
                ) from None
        unit = None
        if options.get("unit"):
            unit = unit_for_export(options["unit"], period=period)
            if unit is None:
                raise CommandError(_("Unknown unit code %(code)s.") % {"code": options["unit"]})
        output = options.get("output")
        if options["format"] == "xlsx" and not output:
            raise CommandError(_("An XLSX export needs --output FILE."))
        audit_record(
            action="values.export", object_type="values", object_repr=options["format"],
            details={"source": "command line", "programme": options.get("programme"), "unit": options.get("unit"),
                     "period": options.get("period"), "output": output or "-"},
        )
        if output:
            with Path(output).open("wb") as out:
                count = values_export(out=out, format=options["format"], programme=programme, unit=unit, period=period)
            self.stderr.write(_("%(count)s values written to %(file)s.") % {"count": count_shown(count), "file": output})
        else:
            stream = getattr(self.stdout, "_out", sys.stdout)
            binary = getattr(stream, "buffer", None)
            if binary is not None:  # a real terminal or pipe: stream the bytes
                stream.flush()
                values_export(out=binary, format=options["format"], programme=programme, unit=unit, period=period)
                binary.flush()
            else:  # a text stream (call_command in tests)
                buffer = io.BytesIO()
                values_export(out=buffer, format=options["format"], programme=programme, unit=unit, period=period)
                stream.write(buffer.getvalue().decode("utf-8-sig"))
