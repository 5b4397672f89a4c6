"""The figures of a support programme's dashboard: enterprises trained and consulted against
the programme's targets, budget committed and spent against its budget, by ward and by VSIC
section, and the maturity of the supported enterprises before and after.

Counting rules (documented here because the page only shows the numbers):

* *trained*: distinct enterprises with a completed enrolment in a course (in person or online);
  *consulted*: distinct enterprises with a completed consulting engagement. An enterprise that
  completed two courses is trained once.
* *committed*: the amounts of approved and completed enrolments (what the budget check adds up);
  *spent*: those of completed enrolments.
* *before / after*: for each enterprise with a completed enrolment, its latest assessment in
  the framework submitted before its first application, and its latest submitted after its last
  completion; only enterprises with both count. Levels are the framework's bands.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from dxtrack.common.i18n import localised
from dxtrack.enterprises.models import (
    COMMITTED,
    ActivityKind,
    AssessmentResult,
    Enrolment,
    EnrolmentStatus,
    SupportProgramme,
)
from dxtrack.enterprises.vsic import vsic_divisions, vsic_section_names
from dxtrack.orgunits.models import OrgUnit

TRAINING = (ActivityKind.TRAINING_IN_PERSON, ActivityKind.TRAINING_ONLINE)


@dataclass
class Tally:
    """One row of a breakdown: enterprises trained, consulted, given a voucher; VND committed."""

    trained: set[int] = field(default_factory=set)
    consulted: set[int] = field(default_factory=set)
    vouchers: set[int] = field(default_factory=set)
    committed_vnd: int = 0

    def add(self, kind: str, status: str, enterprise_id: int, amount: int) -> None:
        if status in COMMITTED:
            self.committed_vnd += amount
        if status != EnrolmentStatus.COMPLETED:
            return
        if kind in TRAINING:
            self.trained.add(enterprise_id)
        elif kind == ActivityKind.CONSULTING:
            self.consulted.add(enterprise_id)
        else:
            self.vouchers.add(enterprise_id)


@dataclass(frozen=True)
class Outcomes:
    framework: str
    pairs: int
    mean_before: Decimal | None
    mean_after: Decimal | None
    levels: list[tuple[str, int, int]]  # (band name, enterprises before, after)


@dataclass(frozen=True)
class ProgrammeFigures:
    total: Tally
    budget_vnd: int
    spent_vnd: int
    by_ward: list[tuple[str, Tally]]
    by_sector: list[tuple[str, Tally]]
    outcomes: Outcomes | None
    sample: bool
    # False when the reader's area leaves out some of the programme's enrolments: the figures
    # are then the area's, and the page does not measure them against the programme's targets.
    whole_programme: bool = True


def _share(part: int, whole: int) -> Decimal | None:
    return None if not whole else (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def progress(done: int, target: int) -> Decimal | None:
    """Per cent of the target reached (one decimal), None without a target."""
    return _share(done, target)


def programme_figures(programme: SupportProgramme, *, ward_ids: set[int] | None, framework: str = "dbi-2021") -> ProgrammeFigures:
    """The programme's figures over the enterprises of `ward_ids` (None: every ward): a ward's
    officer sees their wards' figures, the programme office all of them (issue 10)."""
    rows = Enrolment.objects.filter(activity__programme=programme).values_list(
        "activity__kind", "status", "enterprise_id", "amount_vnd", "enterprise__ward_id",
        "enterprise__vsic", "is_sample",
    )
    sections = {code: division.section for code, division in vsic_divisions().items()}
    total, wards, by_section = Tally(), defaultdict(Tally), defaultdict(Tally)
    sample, whole, spent = False, True, 0
    for kind, status, enterprise_id, amount, ward_id, vsic, is_sample in rows.iterator():
        if ward_ids is not None and ward_id not in ward_ids:
            whole = False
            continue
        sample = sample or is_sample
        total.add(kind, status, enterprise_id, amount)
        wards[ward_id].add(kind, status, enterprise_id, amount)
        by_section[sections.get(vsic[:2], "?")].add(kind, status, enterprise_id, amount)
        if status == EnrolmentStatus.COMPLETED:
            spent += amount

    def ordered(groups: dict[Any, Tally], names: dict[Any, str]) -> list[tuple[str, Tally]]:
        named = [(names.get(key, str(key)), tally) for key, tally in groups.items()]
        return sorted(named, key=lambda item: (-len(item[1].trained) - len(item[1].consulted), item[0]))

    ward_names = {unit.pk: unit.name for unit in OrgUnit.objects.filter(pk__in=list(wards))}
    section_names = {code: f"{code} – {name}" for code, name in vsic_section_names().items()}
    return ProgrammeFigures(
        total=total, budget_vnd=programme.budget_vnd, spent_vnd=spent, by_ward=ordered(wards, ward_names),
        by_sector=ordered(by_section, section_names),
        outcomes=outcomes_before_after(programme, framework, ward_ids=ward_ids),
        sample=sample, whole_programme=whole,
    )


def outcomes_before_after(programme: SupportProgramme, framework: str, *,
                          ward_ids: set[int] | None = None) -> Outcomes | None:
    """Before / after of the supported enterprises (of the wards `ward_ids` only, when given)."""
    windows: dict[int, list[Any]] = {}
    completed = Enrolment.objects.filter(activity__programme=programme, status=EnrolmentStatus.COMPLETED)
    if ward_ids is not None:
        completed = completed.filter(enterprise__ward_id__in=list(ward_ids))
    for enterprise_id, applied_at, completed_at in completed.values_list("enterprise_id", "applied_at", "completed_at"):
        first, last = windows.get(enterprise_id, (applied_at, completed_at))
        windows[enterprise_id] = [min(first, applied_at), max(last, completed_at or last)]
    if not windows:
        return None
    before: dict[int, AssessmentResult] = {}
    after: dict[int, AssessmentResult] = {}
    results = AssessmentResult.objects.filter(
        assessment__enterprise_id__in=list(windows), assessment__framework__code=framework,
    ).select_related("assessment", "framework").order_by("assessment__submitted_at", "assessment__pk", "framework__version")
    definition = None
    for result in results.iterator():
        definition = result.framework.definition
        first, last = windows[result.assessment.enterprise_id]
        if result.assessment.submitted_at < first:
            before[result.assessment.enterprise_id] = result  # the later one wins
        elif last and result.assessment.submitted_at > last:
            after[result.assessment.enterprise_id] = result
    paired = sorted(set(before) & set(after))
    if not paired or definition is None:
        return Outcomes(framework=framework, pairs=0, mean_before=None, mean_after=None, levels=[])
    count_before = Counter(before[pk].band for pk in paired)
    count_after = Counter(after[pk].band for pk in paired)

    def mean(chosen: dict[int, AssessmentResult]) -> Decimal:
        return (sum(Decimal(chosen[pk].overall) for pk in paired) / len(paired)).quantize(Decimal("0.01"))

    return Outcomes(
        framework=framework, pairs=len(paired), mean_before=mean(before), mean_after=mean(after),
        levels=[(localised(band.get("name_vi", band["code"]), band.get("name_en", "")), count_before[band["code"]],
                 count_after[band["code"]]) for band in definition["bands"]],
    )
