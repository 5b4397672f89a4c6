"""`dxtrack progress CODE [--format table|json] [--as-of YYYY-MM-DD] [--threshold 0-100]`.

Where a programme stands, read from the figures layer (`programme_status`) and nothing else:
the JSON rows are `dxtrack.figures.rows` (the API answers the same), the table shows the same
figures rounded and localised with their units ("83,3% · 2/2 đơn vị").
"""

from __future__ import annotations

import json
import os
import sys

from django.core.management.base import CommandError
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dxtrack.common.command import DxtrackCommand
from dxtrack.figures.labels import (
    COMPARATOR_SYMBOLS,
    EACH_UNIT_LABELS,
    MET_LABELS,
    STATUS_LABELS,
    as_of_parse,
    as_of_text,
    later_text,
    threshold_parse,
)
from dxtrack.figures.numbers import display
from dxtrack.figures.rows import status_json
from dxtrack.figures.selectors import FigureError, FigureOptions, programme_status
from dxtrack.figures.shapes import ProgrammeStatus, TargetStatus
from dxtrack.programmes.models import Programme

METHODS = ("opensdg", "unsd")


def _target_text(row: TargetStatus, language: str) -> str:
    if row.is_milestone:
        text = _("milestone")
    else:
        text = f"{COMPARATOR_SYMBOLS.get(row.comparator, row.comparator)} {display(row.target_value, row.unit_of_measure, language)}"
    text += f" · {date_format(row.deadline, 'SHORT_DATE_FORMAT')}"
    return text + (f" ({EACH_UNIT_LABELS.get(row.scope_level, row.scope_level)})" if row.scope_level else "")


def _figure_text(row: TargetStatus, language: str) -> str:
    if row.is_milestone:
        return {True: _("done"), False: _("not done"), None: "—"}[row.met]
    if row.judged is None:
        return "—"
    return row.judged.text(language) + ("*" if row.judged.is_sample else "")


def _later_text(row: TargetStatus, language: str) -> str:
    later = row.provisional or row.since
    return later_text(row, language) + ("*" if later is not None and later.is_sample else "")


def status_table(programme: Programme, status: ProgrammeStatus, language: str) -> list[str]:
    header = (_("Indicator"), _("Target"), _("Figure"), _("Period"), _("Met"), _("Progress"), _("Later"))
    lines = [header]
    for row in status.rows:
        lines.append((
            row.indicator_code, _target_text(row, language), _figure_text(row, language),
            row.judged.period_label(language) if row.judged else "", str(MET_LABELS[row.met]), str(STATUS_LABELS[row.status]),
            _later_text(row, language),
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = [f"{programme.code} — {programme.title}"]
    out.append(as_of_text(status.as_of))
    out += ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in lines]
    if any("*" in line[2] or "*" in line[6] for line in lines[1:]):
        out.append(_("* sample data (synthetic), not real statistics"))
    return out


class Command(DxtrackCommand):
    help = gettext_lazy("Print where a programme stands: every target, the figure it is judged on, whether it is met, and its progress.")

    def add_arguments(self, parser):
        parser.add_argument("code", help=gettext_lazy("programme code, e.g. 05-NQ/TU"))
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--as-of", dest="as_of", help=gettext_lazy("the programme as it stood at the end of this day (YYYY-MM-DD)"))
        parser.add_argument("--threshold", help=gettext_lazy("completeness threshold in percent of expected units (0-100); default: the programme's"))
        parser.add_argument("--no-sample", action="store_true", help=gettext_lazy("leave out synthetic sample values"))
        parser.add_argument("--unapproved", action="store_true", help=gettext_lazy("include values not approved yet (marked)"))
        parser.add_argument("--method", action="append", choices=METHODS, default=[], help=gettext_lazy("also compute this progress method"))

    def handle(self, *args, code: str, format: str, as_of: str | None, threshold: str | None, no_sample: bool,
               unapproved: bool, method: list[str], **options):
        programme = Programme.objects.select_related("area").filter(code=code).first()
        if programme is None:
            raise CommandError(_("No programme with code %(code)s.") % {"code": code})
        try:
            figure_options = FigureOptions(
                as_of=as_of_parse(as_of, name="--as-of"), include_unapproved=unapproved,
                include_sample=False if no_sample else None, methods=tuple(dict.fromkeys(method)),
            )
            status = programme_status(
                programme=programme, options=figure_options, threshold=threshold_parse(threshold, name="--threshold"),
            )
        except FigureError as error:
            raise CommandError(str(error)) from None
        language = get_language() or "vi"
        if format == "json":
            text = json.dumps(status_json(status, language), ensure_ascii=False, indent=2)
        else:
            text = "\n".join(status_table(programme, status, language))
        self._write(text)

    def _write(self, text: str) -> None:
        """Write everything at once; a reader that stopped early (`| head`) ends the command
        quietly, as other terminal tools do, instead of with a traceback."""
        try:
            self.stdout.write(text)
            self.stdout.flush()
        except BrokenPipeError:
            if self.stdout._out is sys.stdout:
                # Python would fail again flushing stdout at exit: point it at /dev/null.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1) from None
