"""`dxtrack feedback_remind`: reminders before and after answer deadlines, escalation to the
agency head and then the programme office (run daily; a second run the same day sends nothing)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown
from dxtrack.feedback.reminders import reminders_send


class Command(DxtrackCommand):
    help = gettext_lazy("Send feedback deadline reminders and escalations.")

    def handle(self, *args, **options):
        self.stdout.write(_("%(count)s reminder e-mails sent.") % {"count": count_shown(reminders_send())})
