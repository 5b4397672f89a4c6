"""`dxtrack audit <subcommand>`: the audit log.

    dxtrack audit prune --older-than-days 400    # delete events older than 400 days
    dxtrack audit export --since 2025-01-01 --output audit.csv   # CSV for an inspector

Security level 3 keeps audit logs at least 12 months: fewer than 365 days is refused.
"""

from datetime import date
from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dxtrack.audit.export import audit_export_csv
from dxtrack.audit.services import (
    MINIMUM_RETENTION_DAYS,
    RetentionTooShort,
    audit_prune,
    audit_record,
)
from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown, number_shown


class Command(DxtrackCommand):
    help = gettext_lazy("The audit log. Subcommands: prune, export.")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        prune = subcommands.add_parser(
            "prune",
            help=_("Delete audit events older than a number of days (at least 365)."),
        )
        prune.add_argument("--older-than-days", type=int, required=True, metavar="DAYS")
        export = subcommands.add_parser("export", help=_("Write the audit log as CSV (oldest first), for an inspector."))
        export.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD", help=_("first day (default: the first event)"))
        export.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD", help=_("last day (default: today)"))
        export.add_argument("--output", "-o", help=_("file to write (default: standard output)"))

    def handle(self, *args, **options) -> None:
        if options["subcommand"] == "prune":
            self.prune(options["older_than_days"])
        elif options["subcommand"] == "export":
            self.export(options)

    def export(self, options) -> None:
        if options.get("output"):
            with Path(options["output"]).open("w", encoding="utf-8-sig", newline="") as out:
                count = audit_export_csv(out=out, since=options.get("since"), until=options.get("until"))
            self.stderr.write(_("%(count)s audit events written to %(file)s.") % {
                "count": number_shown(count, language=get_language() or "vi"), "file": options["output"],
            })
        else:
            count = audit_export_csv(out=self.stdout, since=options.get("since"), until=options.get("until"))
        audit_record(action="audit.export", object_type="audit.auditevent", details={
            "events": count, "since": str(options.get("since") or ""), "until": str(options.get("until") or ""),
        })

    def prune(self, older_than_days: int) -> None:
        try:
            count = audit_prune(older_than_days=older_than_days)
        except RetentionTooShort as error:
            raise CommandError(
                _("Audit events are kept at least %(minimum)s days (12 months); %(days)s is too few. "
                  "Nothing was deleted.") % {"minimum": count_shown(MINIMUM_RETENTION_DAYS), "days": count_shown(older_than_days)}
            ) from error
        self.stdout.write(_("Deleted %(count)s audit events older than %(days)s days.") % {"count": count_shown(count), "days": count_shown(older_than_days)})
