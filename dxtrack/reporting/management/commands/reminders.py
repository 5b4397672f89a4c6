"""`dxtrack reminders send [--dry-run] [--today YYYY-MM-DD]`: send the reminders and
escalations due today. Production runs it daily from cron or a systemd timer; running it more
often is harmless (docs/operations.md)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from dxtrack.reporting.reminders import reminders_send


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today wants a date as YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = "Reminders before and after reporting deadlines, and escalations to the parent unit."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="action", required=True, metavar="send")
        send = subcommands.add_parser("send", help="send what is due (each reminder at most once)")
        send.add_argument("--dry-run", action="store_true", help="list what would be sent; send and record nothing")
        send.add_argument("--today", help="act as if today were this date (YYYY-MM-DD), for catching up or testing")

    def handle(self, *args, action: str, dry_run: bool = False, today: str | None = None, **options):
        day = _day(today) if today else None
        run = reminders_send(today=day, dry_run=dry_run, say=lambda line: self.stdout.write(line))
        summary = run.as_dict()
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{summary['today']}: {verb} {summary['sent']}, nobody to tell {summary['nobody_to_tell']}, failed {summary['failed']}"
        )
        if run.failed:
            raise CommandError(f"{len(run.failed)} reminder(s) failed; they will be tried again on the next run")
