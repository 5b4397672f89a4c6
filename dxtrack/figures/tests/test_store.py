"""The aggregate store (decision 0017): hand-computed cells, the writers keep it in step, and
`dxtrack figures check` names any difference.

Over the `units` fixture (province 74 > district 718 > wards A and B, all ended 30 June 2025)
plus a new ward N formed on 1 July 2025 from A and B (a merge).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxtrack.accounts.models import Role
from dxtrack.accounts.services import role_assign, role_revoke
from dxtrack.figures.checking import cells_check
from dxtrack.figures.compute import AreaBook
from dxtrack.figures.models import Membership, StoredCell
from dxtrack.figures.reading import Variant
from dxtrack.figures.selectors import figure_get
from dxtrack.figures.services import cells_deferred, cells_rebuild
from dxtrack.figures.stored import StoredAreaBook, area_book, store_serves
from dxtrack.figures.territory import Territory
from dxtrack.orgunits.models import OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.services import ValueLocked, value_delete, value_record
from dxtrack.reporting.tests.forms_factories import person, ward_form
from dxtrack.reporting.workflow import (
    Entry,
    SubmissionRejected,
    TransitionNotAllowed,
    submission_approve,
    submission_reopen,
    submission_return,
    submission_save,
)

REFORM = date(2025, 7, 1)


@pytest.fixture
def new_ward(units):
    city, _ = orgunit_upsert(
        code="79", kind=OrgUnitKind.PROVINCE, name_vi="Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City",
        parent=units["country"], valid_from=REFORM,
    )
    ward, _ = orgunit_upsert(
        code="26734", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", name_en="Thu Dau Mot Ward",
        parent=city, valid_from=REFORM,
    )
    for old in (units["ward_a"], units["ward_b"]):
        OrgUnitLineage.objects.create(from_unit=old, to_unit=ward, effective_on=REFORM)
    return ward


def cell(indicator, unit, period, variant="approved") -> StoredCell:
    return StoredCell.objects.get(indicator=indicator, unit=unit, period=period, variant=variant)


def check_output() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        with translation.override("en"):
            call_command("figures", "check", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


# -- hand cases ---------------------------------------------------------------------------------


def test_memberships_follow_the_territory_subtree_then_the_lineage_both_ways(units, new_ward):
    cells_rebuild()
    members = set(Membership.objects.values_list("unit__code", "area__code"))
    # Ward A counts in its district, its province, the country, and (backwards, through the
    # lineage) in the city its successor N lies in. N, formed from A and B, counts in the old
    # district and province that hold both, but not in A's or B's own territory: it straddles
    # them. (Areas reached through the lineage are computed, not read from the store:
    # stored.store_serves.)
    for area in ("718", "74", "VN", "79"):
        assert ("25747", area) in members
    for area in ("718", "74", "79", "VN"):
        assert ("26734", area) in members
    assert ("26734", "25747") not in members
    assert not Membership.objects.filter(area=units["ward_a"]).exists()  # A's territory is A alone


def test_rebuild_adds_the_communes_values_per_area_by_the_unit_rule(units, make_indicator, share):
    count = make_indicator("C")
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10), source="Sở A")
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(25), is_synthetic=True)
    value_record(indicator=count, org_unit=units["district"], period="2023", value=D(7))  # not a commune
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=D(45), denominator=D(50))
    value_record(indicator=share, org_unit=units["ward_b"], period="2024", value=D(80))  # no parts
    cells_rebuild()
    province = cell(count, units["province"], "2024")
    assert (province.reported, province.values, province.sample, province.total) == (2, 2, 1, D(35))
    assert province.sources == "Sở A"
    real = cell(count, units["province"], "2024", "approved_real")
    assert (real.reported, real.total) == (1, D(10))
    # The district's own 2023 value counts nowhere, but makes 2023 a year with data.
    year_2023 = cell(count, units["province"], "2023")
    assert (year_2023.values, year_2023.reported, year_2023.total) == (0, 0, D(0))
    ratio = cell(share, units["district"], "2024")
    assert (ratio.reported, ratio.without_parts, ratio.numerator, ratio.denominator) == (1, 1, D(45), D(50))


def test_a_write_after_the_rebuild_is_in_the_store_and_in_the_figure_at_once(units, make_indicator):
    count = make_indicator("C")
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10))
    cells_rebuild()
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(25))
    assert cell(count, units["province"], "2024").total == D(35)
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(30))
    value_delete(indicator=count, org_unit=units["ward_a"], period="2024")
    stored = cell(count, units["province"], "2024")
    assert (stored.reported, stored.total) == (1, D(30))
    assert figure_get(indicator=count, unit=units["province"], period="2024").value == D(30)
    # The figure is read from the store: a tampered cell shows (and `check` finds it, below).
    StoredCell.objects.filter(pk=stored.pk).update(total=D(31))
    assert figure_get(indicator=count, unit=units["province"], period="2024").value == D(31)


def test_an_area_whose_district_reports_its_own_value_is_computed_not_read_from_the_store(units, make_indicator):
    count = make_indicator("C")
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10), is_synthetic=True)
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(25), is_synthetic=True)
    cells_rebuild()
    plain = figure_get(indicator=count, unit=units["province"], period="2024")
    assert plain.value == D(35)
    StoredCell.objects.filter(indicator=count, unit=units["province"], period="2024").update(total=D(36))
    assert figure_get(indicator=count, unit=units["province"], period="2024").value == D(36)  # from the store
    # The district reports its own real figure: it stands for its wards' sample in the
    # province (docs/figures.md §1), a rule the store's sums do not apply — so the province
    # is computed, and the tampered cell no longer shows.
    value_record(indicator=count, org_unit=units["district"], period="2024", value=D(40))
    StoredCell.objects.filter(indicator=count, unit=units["province"], period="2024").update(total=D(36))
    assert figure_get(indicator=count, unit=units["province"], period="2024").value == D(40)


def test_an_area_reached_through_the_lineage_is_computed_not_read_from_the_store(units, make_indicator, new_ward):
    count = make_indicator("C")
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10))
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(25))
    cells_rebuild()
    StoredCell.objects.filter(indicator=count, unit__code__in=("74", "79")).update(total=D(99))
    # The old province holds N, formed from its wards A and B; the city's N was formed from them.
    assert figure_get(indicator=count, unit=units["province"], period="2024").value == D(35)
    assert figure_get(indicator=count, unit=new_ward.parent, period="2024").value == D(35)


def test_a_forms_values_move_into_the_approved_cells_on_approval_and_out_on_reopening(units, make_indicator):
    count = make_indicator("C")
    form = ward_form(count.programme)
    reporter = person("reporter_a", Role.REPORTER, units["ward_a"])
    approver = person("approver", Role.APPROVER, units["province"])
    cells_rebuild()
    submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    submission_save(submission=submission, entries=[Entry(indicator=count, value=D(12))], user=reporter, submit=True)
    assert not StoredCell.objects.filter(indicator=count, unit=units["province"], variant="approved").exists()
    assert cell(count, units["province"], "2024", "all").unapproved == 1
    submission_approve(submission=submission, user=approver)
    approved = cell(count, units["province"], "2024")
    assert (approved.reported, approved.unapproved, approved.total) == (1, 0, D(12))
    submission_reopen(submission=submission, user=approver, comment="sai số")
    assert not StoredCell.objects.filter(indicator=count, unit=units["province"], variant="approved").exists()
    assert check_output()[0] == 0


def test_a_role_that_may_publish_makes_values_outside_forms_count_as_approved(units, make_indicator):
    count = make_indicator("C")
    reporter = person("reporter_b", Role.REPORTER, units["ward_b"])
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(20), recorded_by=reporter)
    cells_rebuild()
    assert cell(count, units["province"], "2024", "all").unapproved == 1
    role_assign(user=reporter, role=Role.APPROVER, org_unit=units["district"], by=None)
    assert cell(count, units["province"], "2024").total == D(20)
    role_revoke(user=reporter, role=Role.APPROVER, org_unit=units["district"], by=None)
    assert not StoredCell.objects.filter(indicator=count, variant="approved").exists()


def test_deferred_writes_are_rebuilt_once_at_the_end(units, make_indicator):
    count = make_indicator("C")
    cells_rebuild()
    with cells_deferred():
        value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(4))
        assert not StoredCell.objects.filter(indicator=count).exists()
    assert cell(count, units["province"], "2024").total == D(4)


def test_check_names_the_indicator_unit_period_variant_and_field_of_a_tampered_cell(units, make_indicator):
    count = make_indicator("C")
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10))
    cells_rebuild()
    code, output = check_output()
    assert code == 0 and "match" in output
    StoredCell.objects.filter(indicator=count, unit=units["district"], period="2024", variant="all").update(total=D(11))
    code, output = check_output()
    assert code == 1
    assert "C · 718 · 2024 · all · total: stored 11, recomputed 10" in output
    StoredCell.objects.filter(indicator=count, unit=units["province"], period="2024", variant="approved").delete()
    code, output = check_output()
    assert "C · 74 · 2024 · approved · row: " in output


def test_check_speaks_vietnamese_by_default(units, make_indicator):
    value_record(indicator=make_indicator("C"), org_unit=units["ward_a"], period="2024", value=D(1))
    cells_rebuild()
    out = StringIO()
    call_command("figures", "check", stdout=out)
    assert out.getvalue().startswith("Số liệu tổng hợp đã lưu khớp với lần tính lại (")


def test_rebuild_and_check_of_an_unknown_programme_are_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="XX-99"):
        call_command("figures", "rebuild", "--programme", "XX-99")


# -- deltas: a write adds what it changed (deltas.py) ---------------------------------------------


def test_a_rewritten_value_adds_its_difference_with_one_upsert(units, make_indicator):
    count = make_indicator("C")
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10))
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(25))
    cells_rebuild()
    with CaptureQueriesContext(connection) as queries:
        value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(31))
    upserts = [q["sql"] for q in queries.captured_queries if "ON CONFLICT" in q["sql"]]
    assert len(upserts) == 1
    assert not [q for q in queries.captured_queries if q["sql"].startswith("DELETE")]  # nothing recomputed
    for area in ("district", "province"):
        stored = cell(count, units[area], "2024")
        assert (stored.total, stored.reported, stored.values) == (D(41), 2, 2)  # 10 + 31
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(31))  # the same again
    assert cell(count, units["province"], "2024").total == D(41)
    assert cells_check() == []


def test_removing_the_extreme_recomputes_the_minimum_and_maximum(units, make_indicator):
    mean = make_indicator("M", unit_aggregation="mean", period_aggregation="last")
    value_record(indicator=mean, org_unit=units["ward_a"], period="2024", value=D(10))
    value_record(indicator=mean, org_unit=units["ward_b"], period="2024", value=D(25))
    cells_rebuild()
    value_record(indicator=mean, org_unit=units["ward_b"], period="2024", value=D(5))  # the maximum moves in
    stored = cell(mean, units["province"], "2024")
    assert (stored.minimum, stored.maximum, stored.total) == (D(5), D(10), D(15))
    value_delete(indicator=mean, org_unit=units["ward_b"], period="2024")  # the minimum goes
    stored = cell(mean, units["province"], "2024")
    assert (stored.minimum, stored.maximum, stored.total, stored.reported) == (D(10), D(10), D(10), 1)
    value_delete(indicator=mean, org_unit=units["ward_a"], period="2024")  # the last value: the row goes
    assert not StoredCell.objects.filter(indicator=mean).exists()
    assert cells_check() == []


def test_a_maximum_moving_inwards_reads_the_stale_extremes_in_one_statement(units, make_indicator):
    """A min/max indicator's extreme that moves inwards: the cells whose stored extreme was the
    old value are found with one read, whatever the number of variants and areas."""
    highest = make_indicator("X", unit_aggregation="max", period_aggregation="last")
    value_record(indicator=highest, org_unit=units["ward_a"], period="2024", value=D(10))
    value_record(indicator=highest, org_unit=units["ward_b"], period="2024", value=D(25))
    cells_rebuild()
    with CaptureQueriesContext(connection) as queries:
        value_record(indicator=highest, org_unit=units["ward_b"], period="2024", value=D(7))  # the maximum moves in
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and "figures_storedcell" in q["sql"]]
    assert len(reads) == 1
    for area in ("district", "province"):
        stored = cell(highest, units[area], "2024")
        assert (stored.minimum, stored.maximum) == (D(7), D(10))
    assert cells_check() == []


def test_a_sample_flag_flip_moves_the_value_between_the_variants(units, make_indicator):
    count = make_indicator("C")
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10), is_synthetic=True)
    cells_rebuild()
    assert not StoredCell.objects.filter(indicator=count, variant="approved_real").exists()
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10), is_synthetic=False)
    real = cell(count, units["province"], "2024", "approved_real")
    assert (real.total, real.sample) == (D(10), 0)
    assert cell(count, units["province"], "2024", "approved").sample == 0
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10), is_synthetic=True)
    assert not StoredCell.objects.filter(indicator=count, variant="approved_real").exists()
    assert cell(count, units["province"], "2024").sample == 1
    assert cells_check() == []


def test_a_write_into_a_store_never_built_does_nothing(units, make_indicator):
    count = make_indicator("C")
    with CaptureQueriesContext(connection) as queries:
        value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10))
    assert not StoredCell.objects.exists()
    assert not [q for q in queries.captured_queries if "figures_storedcell" in q["sql"]]


# -- any sequence of writes, approvals and reopenings: the store equals a rebuild ----------------

UNITS = ("ward_a", "ward_b", "district")  # the district: a value that is in the cells' rows, not their sums
CODES = ("C", "S", "M", "W")  # sum, ratio of sums, mean (its extremes), a mean weighted by C
ACTIONS = st.one_of(
    st.tuples(
        st.just("record"), st.sampled_from(UNITS), st.sampled_from(CODES), st.sampled_from(("2024", "2025")),
        st.integers(0, 50), st.integers(50, 100), st.booleans(), st.sampled_from((None, "reporter", "approver")),
        st.sampled_from(("", "Sở A", "Sở B")),
    ),
    st.tuples(st.just("delete"), st.sampled_from(UNITS), st.sampled_from(CODES), st.sampled_from(("2024", "2025"))),
    st.tuples(st.just("form"), st.sampled_from(("submit", "approve", "return", "reopen"))),
    st.tuples(st.just("role"), st.booleans()),
)
VARIANTS = [Variant(approved_only=a, sample=s) for a in (True, False) for s in (True, False)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=st.lists(ACTIONS, max_size=14))
def test_after_any_writes_approvals_and_reopenings_the_store_equals_a_recomputation(units, make_indicator, share, actions):
    with transaction.atomic():
        count = make_indicator("C")
        indicators = {
            "C": count, "S": share, "M": make_indicator("M", unit_aggregation="mean", period_aggregation="last"),
            "W": make_indicator("W", unit_aggregation="weighted_mean", period_aggregation="last", weight_indicator=count),
        }
        form = ward_form(share.programme, code="BM-S")
        people = {
            "reporter": person("rep", Role.REPORTER, units["ward_a"]),
            "approver": person("appr", Role.APPROVER, units["province"]),
        }
        cells_rebuild()
        submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
        for action in actions:
            _apply(action, units, indicators, people, submission)
        assert cells_check() == []
        for area in ("province", "district", "ward_a"):
            # Where the store serves an area (a plain sum of its communes), its figures read from
            # the store equal the computed ones; where it does not (a district holding its own
            # value: a rule the sums do not apply), `area_book` computes them.
            serves = store_serves(Territory(units[area]), indicators.values())
            for variant in VARIANTS:
                computed = AreaBook(area=units[area], indicators=indicators.values(), variant=variant)
                if not serves:
                    assert not isinstance(area_book(area=units[area], indicators=indicators.values(), variant=variant), StoredAreaBook)
                    continue
                stored = StoredAreaBook(area=units[area], indicators=indicators.values(), variant=variant)
                for indicator in indicators.values():
                    for period in ("2024", "2025"):
                        assert stored.figure(indicator, period) == computed.figure(indicator, period)
        transaction.set_rollback(True)


def _apply(action, units, indicators, people, submission) -> None:  # type: ignore[no-untyped-def]
    kind = action[0]
    try:
        with transaction.atomic():
            if kind == "record":
                _, unit, code, period, part, whole, sample, who, source = action
                fields = {"numerator": D(part), "denominator": D(whole)} if code == "S" else {"value": D(part)}
                value_record(
                    indicator=indicators[code], org_unit=units[unit], period=period, is_synthetic=sample,
                    recorded_by=people.get(who), source=source, **fields,
                )
            elif kind == "delete":
                value_delete(indicator=indicators[action[2]], org_unit=units[action[1]], period=action[3])
            elif kind == "form":
                _form(action[1], submission, indicators["S"], people)
            elif action[1]:
                role_assign(user=people["reporter"], role=Role.APPROVER, org_unit=units["ward_b"], by=None)
            else:
                role_revoke(user=people["reporter"], role=Role.APPROVER, org_unit=units["ward_b"], by=None)
    except (ValidationError, ValueLocked, TransitionNotAllowed, SubmissionRejected):
        pass  # refused: nothing changed


def _form(step: str, submission, indicator, people) -> None:  # type: ignore[no-untyped-def]
    submission.refresh_from_db()
    approver = people["approver"]
    if step == "submit":
        entry = Entry(indicator=indicator, numerator=D(30), denominator=D(60))
        submission_save(submission=submission, entries=[entry], user=people["reporter"], submit=True)
    elif step == "approve":
        submission_approve(submission=submission, user=approver)
    elif step == "return":
        submission_return(submission=submission, user=approver, comment="xem lại")
    else:
        submission_reopen(submission=submission, user=approver, comment="mở lại")
