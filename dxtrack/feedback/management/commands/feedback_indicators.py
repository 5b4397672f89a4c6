"""`dxtrack feedback_indicators PROGRAMME INDICATOR PERIOD`: write each agency's share of feedback
answered on time in PERIOD into the indicator, through reporting's write path (versions, audit).
Idempotent: a second run with the same figures changes nothing."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown
from dxtrack.feedback.indicators import FeedError, feed_on_time_share
from dxtrack.programmes.models import Indicator


class Command(DxtrackCommand):
    help = gettext_lazy("Write each agency's share of feedback answered on time into a programme indicator.")

    def add_arguments(self, parser):
        parser.add_argument("programme", help=gettext_lazy("programme code"))
        parser.add_argument("indicator", help=gettext_lazy("indicator code (a percentage)"))
        parser.add_argument("period", help=gettext_lazy("period of the indicator, e.g. 2025, 2025Q1, 2025-03"))
        parser.add_argument("--sample", action="store_true", help=gettext_lazy("count sample items too (the values are marked synthetic)"))

    def handle(self, *args, programme: str, indicator: str, period: str, sample: bool, **options):
        target = Indicator.objects.filter(programme__code=programme, code=indicator).first()
        if target is None:
            raise CommandError(_("No indicator %(indicator)s in programme %(programme)s.") % {"indicator": indicator, "programme": programme})
        try:
            result = feed_on_time_share(indicator=target, period=period, include_sample=sample)
        except FeedError as error:
            raise CommandError(_("Cannot feed %(indicator)s: %(reason)s") % {"indicator": indicator, "reason": error}) from error
        self.stdout.write(_("%(written)s values written, %(unchanged)s unchanged, %(refused)s refused.") % {
            "written": count_shown(len(result.written)), "unchanged": count_shown(len(result.unchanged)),
            "refused": count_shown(len(result.refused))})
        for code, reason in result.refused.items():
            self.stderr.write(f"{code}: {reason}")
