"""`dxtrack reminders send [--dry-run] [--today YYYY-MM-DD]`: send the reminders and
escalations due today. Production runs it daily from cron or a systemd timer; running it more
often is harmless (docs/operations.md)."""

from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown
from dxtrack.reporting.reminders import reminders_send


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("--today wants a date as YYYY-MM-DD, not %(text)r") % {"text": text}) from None


class Command(DxtrackCommand):
    help = gettext_lazy("Reminders before and after reporting deadlines, and escalations to the parent unit.")

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="action", required=True, metavar="send")
        send = subcommands.add_parser("send", help=gettext_lazy("send what is due (each reminder at most once)"))
        send.add_argument("--dry-run", action="store_true", help=gettext_lazy("list what would be sent; send and record nothing"))
        send.add_argument("--today", help=gettext_lazy("act as if today were this date (YYYY-MM-DD), for catching up or testing"))

    def handle(self, *args, action: str, dry_run: bool = False, today: str | None = None, **options):
        day = _day(today) if today else None
        run = reminders_send(today=day, dry_run=dry_run, say=lambda line: self.stdout.write(line))
        summary = {"today": run.today.isoformat(), "sent": count_shown(len(run.sent)),
                   "nobody_to_tell": count_shown(len(run.nobody)), "failed": count_shown(len(run.failed))}
        if dry_run:
            line = _("%(today)s: would send %(sent)s, nobody to tell %(nobody_to_tell)s, failed %(failed)s")
        else:
            line = _("%(today)s: sent %(sent)s, nobody to tell %(nobody_to_tell)s, failed %(failed)s")
        self.stdout.write(line % summary)
        if run.failed:
            raise CommandError(
                _("%(count)s reminder(s) failed; they will be tried again on the next run") % {"count": count_shown(len(run.failed))}
            )
