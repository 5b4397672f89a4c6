"""Which figure a target is judged on, whether it is met, and where the programme stands.

Rule 3 of docs/figures.md: before the deadline a target is judged on the latest period whose
coverage meets the programme's completeness threshold; a later, less complete period is shown
beside it as *provisional*, never instead. At and after the deadline, the latest complete-enough
period up to the deadline's own decides, and later figures are shown as *since*. A partial
figure decides only what it can prove (:func:`dxtrack.figures.cells.proves`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch

from dxtrack.analytics.periods import Period, PeriodType
from dxtrack.analytics.targets import check_each_unit, check_target
from dxtrack.figures.cells import proves
from dxtrack.figures.compute import AreaBook, today
from dxtrack.figures.naming import names_text
from dxtrack.figures.numbers import display
from dxtrack.figures.outlook import LOWER, TargetInputs, no_data, progress_of
from dxtrack.figures.reading import Variant
from dxtrack.figures.shapes import (
    ACHIEVED,
    AT_RISK,
    MILESTONE,
    NO_DATA,
    OFF_TRACK,
    STATUSES,
    ContextFigure,
    Figure,
    FigureOptions,
    LineageNote,
    ProgrammeStatus,
    Progress,
    TargetStatus,
)
from dxtrack.figures.stored import area_book
from dxtrack.programmes.models import (
    Indicator,
    Milestone,
    Programme,
    Target,
    TargetScope,
    ValueType,
)

JUDGED_TYPE = PeriodType.YEAR
SHARE_TYPES = {ValueType.PERCENTAGE, ValueType.PERCENTAGE_WITH_PARTS}


def tolerance() -> Decimal:
    return Decimal(str(getattr(settings, "DXTRACK_FULL_SHARE_TOLERANCE", "0.05")))


@dataclass(frozen=True)
class Judgement:
    judged: Figure | None
    provisional: Figure | None
    since: Figure | None
    series: tuple[Figure, ...]  # every yearly figure with a value, in order
    deadline_passed: bool


def judge_periods(book: AreaBook, indicator: Indicator, deadline: date, cutoff: date, as_of: date | None) -> Judgement:
    """Pick the judged, provisional and since figures among the yearly figures of the area."""
    periods = [p for p in book.periods_with_data(indicator, JUDGED_TYPE) if book.bounds(p)[0] <= cutoff]
    if as_of is not None:
        periods = [p for p in periods if book.bounds(p)[1] <= as_of]
    figures = [f for f in (book.figure(indicator, p) for p in periods) if f.value is not None]
    passed = cutoff >= deadline
    deadline_year = deadline.year
    pool = [f for f in figures if not passed or f.year <= deadline_year]
    complete = [f for f in pool if f.complete]
    judged = complete[-1] if complete else (pool[-1] if pool else None)
    provisional = None
    if judged is not None:
        later = [f for f in pool if f.period_end > judged.period_end]
        provisional = later[-1] if later else None
    since = None
    if passed:
        after = [f for f in figures if f.year > deadline_year]
        since = after[-1] if after else None
    return Judgement(judged, provisional, since, tuple(figures), passed)


def _target_inputs(indicator: Indicator, target: Target) -> TargetInputs:
    higher = indicator.direction == "higher" and target.comparator not in LOWER
    return TargetInputs(
        comparator=target.comparator, target_value=target.value, deadline_year=target.deadline.year,
        higher_is_better=higher, unit_of_measure=indicator.unit, natural_limit=indicator.natural_limit,
        is_share=indicator.value_type in SHARE_TYPES,
    )


def _related(indicator: Indicator, name: str) -> list:
    """`indicator.<name>.all()`, from `programme_judge`'s prefetch when it made one."""
    prefetched = getattr(indicator, f"prefetched_{name}", None)
    return list(getattr(indicator, name).all()) if prefetched is None else prefetched


def _baseline(indicator: Indicator) -> tuple[int, Decimal] | None:
    baselines = sorted(_related(indicator, "baselines"), key=lambda b: b.period)
    if not baselines:
        return None
    first = baselines[0]
    return int(first.period[:4]), first.value


def _decide(indicator: Indicator, target: Target, figure: Figure) -> tuple[bool | None, str | None, str, str]:
    """met, met_reason and the explanations of one area figure against the target."""
    shown_vi, shown_en = figure.text("vi"), figure.text("en")
    period_vi, period_en = figure.period_label("vi"), figure.period_label("en")
    if figure.complete:
        check = check_target(
            value=figure.value, comparator=target.comparator, target=target.value, full_share_tolerance=tolerance(),  # type: ignore[arg-type]
        )
        return check.met, None, f"{period_vi}: {shown_vi} — {check.explanation_vi}", f"{period_en}: {shown_en} — {check.explanation_en}"
    proven = proves(
        value=figure.value, comparator=target.comparator, target=target.value, unit_rule=figure.unit_rule,  # type: ignore[arg-type]
        period_rule=figure.period_rule, value_type=indicator.value_type, subperiods_missing=bool(figure.missing_subperiods),
    )
    if proven is not None:
        word_vi = "đã đạt" if proven else "không đạt"
        word_en = "met" if proven else "missed"
        return (
            proven, None,
            f"{period_vi}: {shown_vi} (chưa đủ số liệu) — riêng phần đã báo cáo đã cho thấy chỉ tiêu {word_vi}.",
            f"{period_en}: {shown_en} (incomplete) — the part reported already shows the target {word_en}.",
        )
    return (
        None, "partial",
        f"{period_vi}: {shown_vi} — chưa đủ số liệu để kết luận (ngưỡng {display(figure.coverage.threshold * 100, '%', 'vi')} đơn vị).",
        f"{period_en}: {shown_en} — too incomplete to decide (threshold {display(figure.coverage.threshold * 100, '%', 'en')} of units).",
    )


def target_judge(
    *, book: AreaBook, target: Target, indicator: Indicator, options: FigureOptions, cutoff: date,
) -> TargetStatus:
    judgement = judge_periods(book, indicator, target.deadline, cutoff, options.as_of)
    judged = judgement.judged
    failing: tuple[str, ...] = ()
    if target.scope == TargetScope.EACH_UNIT:
        met, reason, vi, en, failing = _each_unit(book, indicator, target, judgement)
    elif judged is None:
        met, reason, vi, en = None, "no_data", "Chưa có số liệu.", "No figure yet."
    else:
        met, reason, vi, en = _decide(indicator, target, judged)
        if judgement.deadline_passed and judged.year < target.deadline.year:
            vi = f"Năm {target.deadline.year} (hạn chỉ tiêu) chưa có số liệu đủ; đánh giá theo năm {judged.year}. " + vi
            en = f"The deadline's year {target.deadline.year} has no complete-enough figure; judged on {judged.year}. " + en
    if judged is not None and (overlaps := [n for n in judged.provenance if n.kind == "overlap"]):
        vi += " " + _overlap_sentence(overlaps, "vi")
        en += " " + _overlap_sentence(overlaps, "en")
    progress = _progress(indicator, target, judgement, met, options)
    return _status(target, indicator, judgement, met, reason, vi, en, failing, progress)


def _overlap_sentence(overlaps: Sequence[LineageNote], language: str) -> str:
    """Says that old and new units reported the same period and which values were used (rule 7),
    naming at most ten units of each side (`naming.names_text`)."""
    used = names_text([note.unit.name(language) for note in overlaps], language)
    left = names_text([unit.name(language) for note in overlaps for unit in note.left_out], language)
    if language == "en":
        return f"Old and new units reported the same period: the values of {used} are counted, those of {left} left out."
    return f"Đơn vị cũ và mới cùng báo cáo một kỳ: tính số liệu của {used}, không tính số liệu của {left}."


def _progress(indicator: Indicator, target: Target, judgement: Judgement, met: bool | None, options: FigureOptions) -> Progress:
    judged = judgement.judged
    if judged is None or judged.value is None:
        return no_data()
    series = [(f.year, f.value) for f in judgement.series if f.value is not None and f.year <= judged.year]
    return progress_of(
        target=_target_inputs(indicator, target), series=series,  # type: ignore[arg-type]
        current=(judged.year, judged.value), baseline=_baseline(indicator), met=met, methods=options.methods,
        deadline_passed=judgement.deadline_passed,
    )


def _each_unit(book: AreaBook, indicator: Indicator, target: Target, judgement: Judgement):  # type: ignore[no-untyped-def]
    """Every unit at the scope level must meet it: judged on the latest year whose units
    reported at or above the threshold; a missing unit leaves it undecided unless another fails."""
    years = [f for f in judgement.series if not judgement.deadline_passed or f.year <= target.deadline.year]
    candidates = [Period(JUDGED_TYPE, f.year, 1) for f in years] or [
        Period(JUDGED_TYPE, p.year, 1) for p in book.periods_with_data(indicator, JUDGED_TYPE)
    ]
    chosen = None
    for period in reversed(candidates):
        units = book.breakdown(indicator, period, target.scope_level)
        reported = [f for f in units if f.value is not None]
        if units and Decimal(len(reported)) / Decimal(len(units)) >= book.threshold:
            chosen = (period, units)
            break
        if chosen is None and reported:
            chosen = (period, units)
    if chosen is None:
        return None, "no_data", "Chưa có số liệu.", "No figure yet.", ()
    period, units = chosen
    language_names = {f.unit_name_vi: f.value for f in units}
    check = check_each_unit(language_names, comparator=target.comparator, target=target.value, full_share_tolerance=tolerance())
    met = False if check.failing else (None if check.missing else True)
    reason = "partial" if met is None else None
    return met, reason, f"{period.code}: {check.explanation_vi}", f"{period.code}: {check.explanation_en}", check.failing


def _status(target, indicator, judgement, met, reason, vi, en, failing, progress) -> TargetStatus:  # type: ignore[no-untyped-def]
    return TargetStatus(
        target_id=target.pk, indicator_id=indicator.pk, indicator_code=indicator.code,
        pillar_code=indicator.pillar.code, comparator=target.comparator, target_value=target.value,
        deadline=target.deadline, scope=target.scope, scope_level=target.scope_level, judged=judgement.judged,
        provisional=judgement.provisional, since=judgement.since, met=met, met_reason=reason,
        explanation_vi=vi, explanation_en=en, failing_units=tuple(failing), progress=progress,
        responsible_agency=indicator.responsible_agency.name if indicator.responsible_agency_id else "",
        indicator_name_vi=indicator.name_vi, indicator_name_en=indicator.name_en,
        pillar_name_vi=indicator.pillar.name_vi, pillar_name_en=indicator.pillar.name_en,
        wording_vi=target.wording_vi, unit_of_measure=indicator.unit,
    )


def milestone_status(indicator: Indicator, milestone: Milestone, cutoff: date) -> TargetStatus:
    if milestone.done:
        status, vi, en = ACHIEVED, "Đã hoàn thành.", "Done."
    elif milestone.done is None:
        status, vi, en = NO_DATA, "Chưa ghi nhận trạng thái.", "No state recorded yet."
    elif cutoff >= milestone.deadline:
        status, vi, en = OFF_TRACK, "Chưa hoàn thành và đã quá hạn.", "Not done, and the deadline has passed."
    else:
        status, vi, en = AT_RISK, "Chưa hoàn thành.", "Not done yet."
    progress = Progress("milestone", status, None, None, None, (), vi, en)
    return TargetStatus(
        target_id=milestone.pk, indicator_id=indicator.pk, indicator_code=indicator.code,
        pillar_code=indicator.pillar.code, comparator=MILESTONE, target_value=None, deadline=milestone.deadline,
        scope=TargetScope.AREA, scope_level="", judged=None, provisional=None, since=None, met=milestone.done,
        met_reason=None if milestone.done is not None else "no_data", explanation_vi=vi, explanation_en=en,
        failing_units=(), progress=progress,
        responsible_agency=indicator.responsible_agency.name if indicator.responsible_agency_id else "",
        indicator_name_vi=indicator.name_vi, indicator_name_en=indicator.name_en,
        pillar_name_vi=indicator.pillar.name_vi, pillar_name_en=indicator.pillar.name_en,
        wording_vi=milestone.description_vi, unit_of_measure="", milestone_done_on=milestone.done_on,
        evidence=milestone.evidence,
    )


def context_figure(book: AreaBook, indicator: Indicator, cutoff: date, as_of: date | None) -> ContextFigure:
    judgement = judge_periods(book, indicator, date.max, cutoff, as_of)
    latest = judgement.provisional or judgement.judged
    if latest is None:
        own = [
            p for p in book.periods_with_data(indicator, indicator.period_type)
            if book.bounds(p)[0] <= cutoff and (as_of is None or book.bounds(p)[1] <= as_of)
        ]
        figures = [f for f in (book.figure(indicator, p) for p in own) if f.value is not None]
        latest = figures[-1] if figures else None
    return ContextFigure(
        indicator_id=indicator.pk, indicator_code=indicator.code, pillar_code=indicator.pillar.code, latest=latest,
        indicator_name_vi=indicator.name_vi, indicator_name_en=indicator.name_en,
    )


def counts_of(rows: Sequence[TargetStatus]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter[str]] = {"": Counter()}
    for row in rows:
        counts.setdefault(row.pillar_code, Counter())[row.status] += 1
        counts[""][row.status] += 1
    return {pillar: {status: counter.get(status, 0) for status in STATUSES} for pillar, counter in counts.items()}


def programme_judge(
    *, programme: Programme, options: FigureOptions, threshold: Decimal, book: AreaBook | None = None,
    calendar: str = "calendar",
) -> ProgrammeStatus:
    cutoff = options.as_of or today()
    indicators = list(
        programme.indicators.select_related("pillar", "responsible_agency")
        # to_attr: Django then sets plain lists instead of building a queryset per indicator
        # (300 querysets cost a province's overview 100–280 ms).
        .prefetch_related(*(Prefetch(name, to_attr=f"prefetched_{name}") for name in ("targets", "milestones", "baselines")))
        .order_by("pillar__order", "pillar__code", "order", "code")
    )
    variant = Variant.of(options)
    if book is None:
        book = area_book(area=programme.area, indicators=indicators, variant=variant, threshold=threshold, calendar=calendar)
    rows: list[TargetStatus] = []
    context: list[ContextFigure] = []
    for indicator in indicators:
        milestones = sorted(_related(indicator, "milestones"), key=lambda m: m.deadline)
        targets = sorted(_related(indicator, "targets"), key=lambda t: (t.deadline, t.scope))
        for milestone in milestones:
            rows.append(milestone_status(indicator, milestone, cutoff))
        for target in targets:
            rows.append(target_judge(book=book, target=target, indicator=indicator, options=options, cutoff=cutoff))
        if not milestones and not targets:
            context.append(context_figure(book, indicator, cutoff, options.as_of))
    return ProgrammeStatus(
        programme_id=programme.pk, as_of=cutoff, rows=tuple(rows), context=tuple(context), counts=counts_of(rows),
        include_unapproved=options.include_unapproved, include_sample=variant.sample, threshold=threshold,
    )
