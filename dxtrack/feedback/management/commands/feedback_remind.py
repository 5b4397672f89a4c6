"""`dxtrack feedback_remind`: reminders before and after answer deadlines, escalation to the
agency head and then the programme office (run daily; a second run the same day sends nothing)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dxtrack.feedback.reminders import reminders_send


class Command(BaseCommand):
    help = "Send feedback deadline reminders and escalations."

    def handle(self, *args, **options):
        self.stdout.write(_("%(count)s reminder e-mails sent.") % {"count": reminders_send()})
