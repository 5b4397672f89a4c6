"""Which period a target is judged on, and whether it is met (hand-computed cases)."""

from datetime import date
from decimal import Decimal

import time_machine

from dxtrack.figures.selectors import FigureOptions, programme_status, target_status
from dxtrack.figures.tests.conftest import target
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.reporting.services import value_record

D = Decimal


def _wards(units, count: int):
    """`count` more wards in the district, so that coverage shares are easy to read."""
    return [
        orgunit_upsert(
            code=f"9{i:04d}", kind=OrgUnitKind.COMMUNE, name_vi=f"Phường {i}", parent=units["district"],
            valid_to=date(2025, 6, 30),
        )[0]
        for i in range(count)
    ]


def test_before_the_deadline_a_later_less_complete_year_is_provisional_never_judged(units, make_indicator):
    indicator = make_indicator("N")
    goal = target(indicator, ">=", 100, deadline="2030-12-31")
    for ward in (units["ward_a"], units["ward_b"]):
        value_record(indicator=indicator, org_unit=ward, period="2024", value=D(60))
    value_record(indicator=indicator, org_unit=units["ward_a"], period="2025", value=D(150))
    with time_machine.travel(date(2026, 3, 1), tick=False):
        status = target_status(target=goal)
    assert status.judged.period == "2024" and status.judged.value == D(120)
    assert status.provisional.period == "2025" and status.provisional.coverage.reported == 1
    assert status.met is True  # 120 ≥ 100 on the complete year
    assert status.since is None


def test_after_the_deadline_the_deadlines_year_decides_and_later_years_are_since(units, make_indicator):
    indicator = make_indicator("N")
    goal = target(indicator, ">=", 100, deadline="2024-12-31")
    for ward in (units["ward_a"], units["ward_b"]):
        value_record(indicator=indicator, org_unit=ward, period="2024", value=D(40))
        value_record(indicator=indicator, org_unit=ward, period="2025", value=D(70))
    status = target_status(target=goal)
    assert status.judged.period == "2024" and status.met is False  # 80 < 100 at the deadline
    assert status.since.period == "2025" and status.since.value == D(140)
    assert status.progress.status == "off_track"


def test_a_partial_sum_of_counts_proves_at_least_but_never_at_most(units, make_indicator):
    extra = _wards(units, 3)  # five wards: one reporting is 20%, below the 80% threshold
    indicator = make_indicator("N")
    at_least = target(indicator, ">=", 100, deadline="2030-12-31")
    at_most = target(indicator, "<=", 100, deadline="2031-12-31")
    value_record(indicator=indicator, org_unit=units["ward_a"], period="2024", value=D(120))
    assert len(extra) == 3
    assert target_status(target=at_least).met is True
    undecided = target_status(target=at_most)
    assert undecided.judged.partial and undecided.met is False  # 120 > 100 already: ≤ 100 is missed
    value_record(indicator=indicator, org_unit=units["ward_a"], period="2024", value=D(50))
    undecided = target_status(target=at_most)
    assert undecided.met is None and undecided.met_reason == "partial"


def test_the_programme_counts_statuses_per_pillar_and_in_all(units, share, programme):
    target(share, ">=", 80, deadline="2030-12-31")
    value_record(indicator=share, org_unit=units["ward_a"], period="2023", numerator=D(60), denominator=D(100))
    value_record(indicator=share, org_unit=units["ward_b"], period="2023", numerator=D(60), denominator=D(100))
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=D(90), denominator=D(100))
    value_record(indicator=share, org_unit=units["ward_b"], period="2024", numerator=D(80), denominator=D(100))
    with time_machine.travel(date(2025, 3, 1), tick=False):
        status = programme_status(programme=programme, options=FigureOptions(methods=("opensdg", "unsd")))
    (row,) = status.rows
    assert row.judged.value == D(85) and row.met is True
    assert row.status == "achieved" and status.counts[""]["achieved"] == 1 and status.counts["P"]["achieved"] == 1
    assert set(row.progress.others) == {"opensdg", "unsd"}
