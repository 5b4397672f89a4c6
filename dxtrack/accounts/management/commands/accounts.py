"""`dxtrack accounts <subcommand>`: accounts.

    dxtrack accounts disable-idle [--days 45] [--dry-run]   # run daily (cron or a systemd timer)
    dxtrack accounts enable USERNAME                         # bring back a disabled account

Security level 3 disables accounts idle for more than 45 days: last login before the cut-off,
or never logged in and created before it. Superusers are included (see
`dxtrack.accounts.selectors.user_list_idle`); `enable` is the way back for them.
"""

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.accounts.models import User
from dxtrack.accounts.services import DISABLE_IDLE_AFTER_DAYS, user_enable, users_disable_idle
from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown


class Command(DxtrackCommand):
    help = gettext_lazy("Manage accounts. Subcommands: disable-idle, enable.")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        idle = subcommands.add_parser(
            "disable-idle",
            help=_("Disable accounts not used for more than a number of days (45 by default)."),
        )
        idle.add_argument("--days", type=int, default=DISABLE_IDLE_AFTER_DAYS, metavar="DAYS")
        idle.add_argument("--dry-run", action="store_true", help=_("List the accounts, change nothing."))
        enable = subcommands.add_parser("enable", help=_("Enable a disabled account."))
        enable.add_argument("username")

    def handle(self, *args, **options) -> None:
        if options["subcommand"] == "disable-idle":
            self.disable_idle(days=options["days"], dry_run=options["dry_run"])
        elif options["subcommand"] == "enable":
            self.enable(options["username"])

    def disable_idle(self, *, days: int, dry_run: bool) -> None:
        if days < 1:
            raise CommandError(_("--days must be at least 1."))
        users = users_disable_idle(days=days, dry_run=dry_run)
        for user in users:
            last = user.last_login.isoformat() if user.last_login else _("never")
            self.stdout.write(f"{user.get_username()}\t{last}")
        if dry_run:
            summary = _("%(count)s accounts idle for more than %(days)s days would be disabled (dry run).")
        else:
            summary = _("%(count)s accounts idle for more than %(days)s days disabled.")
        self.stdout.write(summary % {"count": count_shown(len(users)), "days": count_shown(days)})

    def enable(self, username: str) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No account named %(username)s.") % {"username": username})
        user_enable(user=user, by=None, reason="command")
        self.stdout.write(_("Account %(username)s enabled.") % {"username": username})
