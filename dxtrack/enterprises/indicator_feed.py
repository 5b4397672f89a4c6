"""The registry and the self-assessments feed the programme's indicators, one value per ward
and period, through reporting's one write path (``reporting.services.value_record``: versions,
and nothing changes when the figure is the same, so a re-run is idempotent).

What is fed is data (feeds/indicators-N.yaml, the newest version wins):

* ``enterprises`` / ``it_enterprises`` (source "registry"): enterprises active at the period's
  end (registered by then, and active, or suspended / dissolved only after it), by ward.
* ``share_e_contracts`` (source "registry"): of the active enterprises whose use of e-contracts
  is known (the registry file's ``e_contracts`` column or the enterprise's own answer), the
  share that uses them; the coverage (known / registered) goes in the note. KTS-04.
* ``share_at_level`` (source "assessments"): of the enterprises in the population (``sme``:
  micro, small, medium) with an assessment in the framework submitted by the period's end, the
  share whose latest result is at ``min_level`` or above; numerator and denominator are written,
  with the coverage (assessed / registered) in the value's note.

Which ward: the ward that existed in the period — today's ward for 2025 on, the pre-2025 ward
(where the registry knows it) for earlier periods; an enterprise with neither is counted as
not placed.

Small cells: a ward's value built from fewer than ``suppress_below`` (5) enterprises — a count
below 5, or a share over fewer than 5 assessed — is not published; a value the feed wrote
earlier for such a cell is deleted (its history kept), so no small cell stays visible.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from dxtrack.analytics.periods import parse_period
from dxtrack.audit.services import audit_record
from dxtrack.enterprises.eligibility import band_level
from dxtrack.enterprises.models import (
    AssessmentFramework,
    AssessmentResult,
    Enterprise,
    EnterpriseStatus,
)
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind
from dxtrack.programmes.models import Indicator, Programme
from dxtrack.reporting.models import DataValue
from dxtrack.reporting.services import value_delete, value_record

FEEDS_DIR = Path(__file__).with_name("feeds")
SMES = ("micro", "small", "medium")


@cache
def feed_definition() -> dict[str, Any]:
    """The newest feeds/indicators-N.yaml."""
    files = sorted(FEEDS_DIR.glob("indicators-*.yaml"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
    return yaml.safe_load(files[-1].read_text(encoding="utf-8"))


@dataclass
class Cell:
    numerator: int = 0
    denominator: int = 0
    sample: bool = False


@dataclass
class FeedReport:
    indicator: str
    written: int = 0
    unchanged: int = 0
    suppressed: int = 0
    withdrawn: int = 0
    not_placed: int = 0
    skipped: str = ""


@dataclass
class FeedRun:
    period: str
    programme: str
    reports: list[FeedReport] = field(default_factory=list)


def _active_at(end) -> Q:
    registered = Q(registered_on__isnull=True) | Q(registered_on__lte=end)
    still = Q(status=EnterpriseStatus.ACTIVE) | Q(status_since__gt=end)
    return registered & still


def _ward_for_period(start, end, units: dict[int, OrgUnit]):
    """A function: (today's ward id, pre-2025 ward id) → the ward id that existed in the period, or None."""
    def placed(ward_id: int, before_id: int | None) -> int | None:
        for candidate in (ward_id, before_id):
            if candidate is not None and units[candidate].overlaps(start, end):
                return candidate
        return None
    return placed


SHARES = ("share_e_contracts", "share_at_level")  # measures written as numerator and denominator


def _registry_cells(feed: dict[str, Any], start, end, units) -> tuple[dict[int, Cell], int, dict[int, int]]:
    enterprises = Enterprise.objects.filter(_active_at(end))
    if feed["measure"] == "it_enterprises":
        enterprises = enterprises.filter(is_it=True)
    share = feed["measure"] == "share_e_contracts"
    placed = _ward_for_period(start, end, units)
    cells: dict[int, Cell] = defaultdict(Cell)
    registered: dict[int, int] = defaultdict(int)
    lost = 0
    rows = enterprises.values_list("ward_id", "ward_before_2025_id", "is_sample", "uses_e_contracts")
    for ward_id, before_id, sample, e_contracts in rows.iterator():
        ward = placed(ward_id, before_id)
        if ward is None:
            lost += 1
            continue
        registered[ward] += 1
        if share:
            if e_contracts is None:
                continue  # not known: neither yes nor no
            cells[ward].denominator += 1
            cells[ward].numerator += e_contracts
        else:
            cells[ward].numerator += 1
        cells[ward].sample |= sample
    return cells, lost, registered


def _assessment_cells(feed: dict[str, Any], start, end, units) -> tuple[dict[int, Cell], int, dict[int, int]]:
    population = Enterprise.objects.filter(_active_at(end))
    if feed.get("population") == "sme":
        population = population.filter(size_class__in=SMES)
    placed = _ward_for_period(start, end, units)
    where: dict[int, int | None] = {}
    registered: dict[int, int] = defaultdict(int)
    for pk, ward_id, before_id in population.values_list("pk", "ward_id", "ward_before_2025_id").iterator():
        where[pk] = placed(ward_id, before_id)
        if where[pk] is not None:
            registered[where[pk]] += 1
    levels = {framework.pk: framework.definition for framework in AssessmentFramework.objects.filter(code=feed["framework"])}
    latest: dict[int, tuple[int, str, bool]] = {}
    results = AssessmentResult.objects.filter(
        assessment__framework__code=feed["framework"], assessment__submitted_at__date__lte=end,
    ).order_by("assessment__submitted_at", "assessment__pk", "framework__version").values_list(
        "assessment__enterprise_id", "framework_id", "band", "assessment__is_sample",
    )
    for enterprise_id, framework_id, band, sample in results.iterator(chunk_size=5_000):
        if enterprise_id in where:
            latest[enterprise_id] = (framework_id, band, sample)  # the latest assessment, its newest scoring
    cells: dict[int, Cell] = defaultdict(Cell)
    lost = 0
    for enterprise_id, (framework_id, band, sample) in latest.items():
        ward = where[enterprise_id]
        if ward is None:
            lost += 1
            continue
        cells[ward].denominator += 1
        cells[ward].numerator += band_level(levels[framework_id], band) >= feed["min_level"]
        cells[ward].sample |= sample
    return cells, lost, registered


def _feed_one(feed: dict[str, Any], definition: dict[str, Any], programme: Programme, period: str, units) -> FeedReport:
    report = FeedReport(indicator=feed["indicator"])
    indicator = Indicator.objects.filter(programme=programme, code=feed["indicator"]).first()
    if indicator is None:
        report.skipped = _("the programme has no indicator %(code)s") % {"code": feed["indicator"]}
        return report
    parsed = parse_period(period)
    if feed["source"] == "registry":
        cells, report.not_placed, registered = _registry_cells(feed, parsed.start, parsed.end, units)
    else:
        cells, report.not_placed, registered = _assessment_cells(feed, parsed.start, parsed.end, units)
    floor = definition["suppress_below"]
    existing = {row.org_unit_id: row for row in DataValue.objects.filter(indicator=indicator, period=parsed.code)}
    method = f"feed v{definition['version']}"[:40]
    share = feed["measure"] in SHARES
    for ward_id, cell in sorted(cells.items()):
        size = cell.denominator if share else cell.numerator
        if size < floor:
            report.suppressed += 1
            continue
        if not share:
            figures = {"value": Decimal(cell.numerator)}
            note = _("Enterprises in the registry, active at the end of %(period)s.") % {"period": parsed.code}
        elif feed["source"] == "registry":
            figures = {"numerator": Decimal(cell.numerator), "denominator": Decimal(cell.denominator)}
            note = _("Use of e-contracts known for %(known)s of %(registered)s registered enterprises active at the end "
                     "of %(period)s.") % {"known": cell.denominator, "registered": registered.get(ward_id, 0),
                                          "period": parsed.code}
        else:
            figures = {"numerator": Decimal(cell.numerator), "denominator": Decimal(cell.denominator)}
            note = _("Assessed %(assessed)s of %(registered)s registered; level %(level)s or above in %(framework)s.") % {
                "assessed": cell.denominator, "registered": registered.get(ward_id, 0), "level": feed["min_level"],
                "framework": feed["framework"]}
        before = existing.get(ward_id)
        written = value_record(indicator=indicator, org_unit=units[ward_id], period=parsed.code, source=feed["source"],
                               method=method, note=note, is_synthetic=cell.sample, reason=f"enterprises feed v{definition['version']}",
                               **figures)
        if before is not None and before.version == written.version:
            report.unchanged += 1
        else:
            report.written += 1
    for ward_id, row in existing.items():
        cell = cells.get(ward_id)
        size = 0 if cell is None else (cell.denominator if share else cell.numerator)
        if row.source == feed["source"] and row.method.startswith("feed v") and size < floor:
            value_delete(indicator=indicator, org_unit=row.org_unit, period=parsed.code,
                         reason=f"small cell: fewer than {floor} enterprises")
            report.withdrawn += 1
    return report


def indicators_feed(*, period: str, programme_code: str | None = None) -> FeedRun:
    """Write every feed of the definition for `period`; raises ValidationError for an unknown
    programme or a period that is not a year."""
    definition = feed_definition()
    code = programme_code or definition["programme"]
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        raise ValidationError(_("No programme with code %(code)s.") % {"code": code})
    try:
        parse_period(period)
    except Exception as error:  # noqa: BLE001  (the analytics error names the problem)
        raise ValidationError(str(error)) from error
    units = {unit.pk: unit for unit in OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE)}
    run = FeedRun(period=period, programme=code)
    # The notes are stored with the values, read by everyone: in the site's language, whatever the
    # terminal's. One transaction: a run is written whole or not at all (and commits once).
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        for feed in definition["feeds"]:
            run.reports.append(_feed_one(feed, definition, programme, period, units))
    audit_record(action="enterprises.feed_indicators", details={
        "period": period, "programme": code,
        "indicators": {r.indicator: [r.written, r.unchanged, r.suppressed, r.withdrawn] for r in run.reports},
    })
    return run
