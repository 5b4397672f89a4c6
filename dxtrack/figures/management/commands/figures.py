"""`dxtrack figures rebuild [--programme CODE]` and `dxtrack figures check [--programme CODE]`.

`rebuild` recomputes the aggregate store (memberships and cells) from the values in SQL and
from then on current figures are read from it; `check` recomputes it beside the stored one
and prints every difference (indicator, unit, period, variant, field), exiting 1 on any.
Decision 0017 and docs/figures.md ("The aggregate store").
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown
from dxtrack.figures.checking import cells_check
from dxtrack.figures.services import cells_rebuild
from dxtrack.programmes.models import Programme


class Command(DxtrackCommand):
    help = gettext_lazy("Rebuild the stored figures from the values, or check them against a recomputation.")

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["rebuild", "check"],
            help=gettext_lazy("rebuild: recompute the stored figures; check: compare them with a recomputation"),
        )
        parser.add_argument("--programme", help=gettext_lazy("only this programme's indicators (code, e.g. 05-NQ/TU)"))

    def handle(self, *args, action: str, programme: str | None, **options):
        chosen = None
        if programme:
            chosen = Programme.objects.filter(code=programme).first()
            if chosen is None:
                raise CommandError(_("No programme with code %(code)s.") % {"code": programme})
        started = time.perf_counter()
        if action == "rebuild":
            count = cells_rebuild(programme=chosen)
            self.stdout.write(_("Stored figures rebuilt: %(cells)s cells in %(seconds)s s.") % {
                "cells": count_shown(count), "seconds": number_format(round(time.perf_counter() - started, 2), 2),
            })
            return
        differences = cells_check(programme=chosen)
        for difference in differences:
            self.stdout.write(
                _("%(indicator)s · %(unit)s · %(period)s · %(variant)s · %(field)s: stored %(stored)s, recomputed %(expected)s")
                % difference.__dict__
            )
        seconds = number_format(round(time.perf_counter() - started, 2), 2)
        if differences:
            self.stderr.write(_("%(count)s differences between the stored figures and a recomputation (%(seconds)s s).") % {
                "count": count_shown(len(differences)), "seconds": seconds,
            })
            sys.exit(1)
        self.stdout.write(_("The stored figures match a recomputation (%(seconds)s s).") % {"seconds": seconds})
