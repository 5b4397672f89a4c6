"""`dxtrack progress CODE --format table|json`: the programme overview in a terminal."""

import json
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from dxtrack.common.command import DxtrackCommand
from dxtrack.dashboards.progress import MILESTONE, TargetProgress, programme_progress
from dxtrack.figures.numbers import display
from dxtrack.programmes.models import Programme

STATUS_LABELS = {True: gettext_noop("met"), False: gettext_noop("not met"), None: gettext_noop("no data")}


def _number(value: Decimal | None) -> float | int | None:
    """JSON numbers as people wrote them: 80 not 80.000000, 83.6 not 83.600000."""
    if value is None:
        return None
    normalised = value.normalize()
    return int(normalised) if normalised == normalised.to_integral_value() else float(normalised)


def progress_as_json(rows: list[TargetProgress]) -> list[dict]:
    result = []
    for row in rows:
        latest = None
        if row.latest is not None:
            latest = {"value": _number(row.latest.value), "period": row.latest.period, "source": row.latest.source}
            if row.latest.is_synthetic:
                latest["synthetic"] = True
            if row.latest.unapproved:
                latest["unapproved"] = row.latest.unapproved
            if row.latest.coverage is not None:
                latest["coverage"] = {
                    "expected": row.latest.coverage.expected,
                    "reported": row.latest.coverage.reported,
                    "missing": list(row.latest.coverage.missing),
                }
        result.append(
            {
                "pillar": row.pillar.name,
                "indicator": {"code": row.indicator.code, "name": row.indicator.name},
                "target": {
                    "comparator": row.comparator,
                    "value": None if row.comparator == MILESTONE else _number(row.target_value),
                    "deadline": row.deadline.isoformat(),
                    "scope": row.scope if not row.scope_level else f"{row.scope}:{row.scope_level}",
                },
                "latest": latest,
                "met": row.met,
            }
        )
    return result


class Command(DxtrackCommand):
    help = gettext_lazy("Print where a programme stands: every target, the latest value and whether it is met.")

    def add_arguments(self, parser):
        parser.add_argument("code", help=gettext_lazy("programme code, e.g. 05-NQ/TU"))
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--no-sample", action="store_true", help=gettext_lazy("leave out synthetic sample values"))

    def handle(self, *args, code: str, format: str, no_sample: bool, **options):
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            raise CommandError(_("No programme with code %(code)s.") % {"code": code})
        rows = programme_progress(programme, include_synthetic=False if no_sample else None)
        if format == "json":
            self.stdout.write(json.dumps(progress_as_json(rows), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{programme.code} — {programme.title}")
        header = (_("Indicator"), _("Target"), _("Latest"), _("Period"), _("Status"))
        lines = [header]
        for row in rows:
            language = get_language() or "vi"
            unit = row.indicator.unit or ""
            target = _("milestone") if row.comparator == MILESTONE else f"{row.comparator} {display(row.target_value, unit, language)}"
            if row.scope_level:
                target += f" ({row.scope_level})"
            latest = "—" if row.latest is None else display(row.latest.value, unit, language)
            if row.latest is not None and row.latest.is_synthetic:
                latest += "*"
            period = "" if row.latest is None else row.latest.period
            lines.append((row.indicator.code, target, latest, period, _(STATUS_LABELS[row.met])))
        widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
        for line in lines:
            self.stdout.write("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
        if any(row.latest is not None and row.latest.is_synthetic for row in rows):
            self.stdout.write(_("* sample data (synthetic), not real statistics"))
