"""`dxtrack audit <subcommand>`: the audit log.

    dxtrack audit prune --older-than-days 400    # delete events older than 400 days

Security level 3 keeps audit logs at least 12 months: fewer than 365 days is refused.
"""

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.audit.services import MINIMUM_RETENTION_DAYS, RetentionTooShort, audit_prune
from dxtrack.common.command import DxtrackCommand


class Command(DxtrackCommand):
    help = gettext_lazy("The audit log. Subcommands: prune.")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        prune = subcommands.add_parser(
            "prune",
            help=_("Delete audit events older than a number of days (at least 365)."),
        )
        prune.add_argument("--older-than-days", type=int, required=True, metavar="DAYS")

    def handle(self, *args, **options) -> None:
        if options["subcommand"] == "prune":
            self.prune(options["older_than_days"])

    def prune(self, older_than_days: int) -> None:
        try:
            count = audit_prune(older_than_days=older_than_days)
        except RetentionTooShort as error:
            raise CommandError(
                _("Audit events are kept at least %(minimum)d days (12 months); %(days)d is too few. "
                  "Nothing was deleted.") % {"minimum": MINIMUM_RETENTION_DAYS, "days": older_than_days}
            ) from error
        self.stdout.write(_("Deleted %(count)d audit events older than %(days)d days.") % {"count": count, "days": older_than_days})
