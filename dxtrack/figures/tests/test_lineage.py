"""Rule 7: lineage both ways across the 1 July 2025 reform, computed by hand.

Old (until 30/06/2025), in district 718 of province 74: wards A (25747), B (25741) and C
(25750). New (from 01/07/2025), in province 79: ward N (A whole + 40 % of C) and ward M
(B whole + 60 % of C). A count, summed over units and over the year's own periods.
"""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from dxtrack.accounts.tests.personas import LAST_DAY_BEFORE_REFORM
from dxtrack.figures.rows import figure_json
from dxtrack.figures.selectors import figure_explain, figure_get, figure_units, programme_status
from dxtrack.figures.tests.conftest import target
from dxtrack.orgunits.models import LineageKind, OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.reporting.services import value_record

D = Decimal
REFORM = date(2025, 7, 1)


@pytest.fixture
def reform(units):
    ward_c, _ = orgunit_upsert(
        code="25750", kind=OrgUnitKind.COMMUNE, name_vi="Phường Chánh Nghĩa", name_en="Chanh Nghia Ward",
        parent=units["district"], valid_to=LAST_DAY_BEFORE_REFORM,
    )
    city, _ = orgunit_upsert(
        code="79", kind=OrgUnitKind.PROVINCE, name_vi="Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City",
        parent=units["country"], valid_from=REFORM,
    )
    ward_n, _ = orgunit_upsert(
        code="26001", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", name_en="Thu Dau Mot Ward",
        parent=city, valid_from=REFORM,
    )
    ward_m, _ = orgunit_upsert(
        code="26002", kind=OrgUnitKind.COMMUNE, name_vi="Phường Phú Lợi", name_en="Phu Loi Ward",
        parent=city, valid_from=REFORM,
    )
    for old, new, share in ((units["ward_a"], ward_n, None), (ward_c, ward_n, D("0.4")), (units["ward_b"], ward_m, None), (ward_c, ward_m, D("0.6"))):
        OrgUnitLineage.objects.create(
            from_unit=old, to_unit=new, effective_on=REFORM, share=share,
            kind=LineageKind.MERGE if share is None else LineageKind.SPLIT,
        )
    return {**units, "ward_c": ward_c, "city": city, "ward_n": ward_n, "ward_m": ward_m}


@pytest.fixture
def yearly(make_indicator):
    return make_indicator("Y")


def _record(indicator, unit, period, value):
    value_record(indicator=indicator, org_unit=unit, period=period, value=D(value))


def _get(indicator, unit, period):
    return figure_get(indicator=indicator, unit=unit, period=period)


def test_a_new_ward_before_the_reform_is_its_predecessors_by_their_shares_forwards(reform, yearly):
    for ward, value in (("ward_a", 100), ("ward_b", 50), ("ward_c", 10)):
        _record(yearly, reform[ward], "2024", value)
    n = _get(yearly, reform["ward_n"], "2024")
    # N = A + 40 % of C = 100 + 4 = 104; M = B + 60 % of C = 50 + 6 = 56.
    assert n.value == D(104) and n.lineage and not n.own
    assert (n.coverage.expected, n.coverage.reported, n.coverage.missing) == (2, 2, 0)
    assert [u.code for u in figure_units(n).reported] == ["25747", "25750"]
    assert _get(yearly, reform["ward_m"], "2024").value == D(56)
    # The new city holds both parts of C: 100 + 50 + 10 = 160, C counted once.
    city = _get(yearly, reform["city"], "2024")
    assert city.value == D(160) and city.coverage.expected == 3
    shares = {v.unit_code: v.share for v in figure_explain(n).values}
    assert shares == {"25747": D(1), "25750": D("0.4")}


def test_an_old_area_after_the_reform_is_its_successors_backwards(reform, yearly):
    _record(yearly, reform["ward_n"], "2026", 120)
    _record(yearly, reform["ward_m"], "2026", 80)
    # Province 74 and district 718 held A, B and C: N and M lie wholly inside them.
    for area in ("province", "district"):
        figure = _get(yearly, reform[area], "2026")
        assert figure.value == D(200) and figure.lineage
        assert (figure.coverage.expected, figure.coverage.reported) == (2, 2)
    # Ward C's successors were formed partly from A and B: what part of N or M lies in C is
    # not known, so neither is counted, and the figure says so.
    c = _get(yearly, reform["ward_c"], "2026")
    assert c.value is None
    assert [(note.kind, note.unit.code) for note in c.provenance] == [("straddling", "26001"), ("straddling", "26002")]


def test_reform_year_values_of_ended_wards_count_in_their_successor(reform, yearly):
    _record(yearly, reform["ward_a"], "2025", 30)
    _record(yearly, reform["ward_c"], "2025", 10)
    n = _get(yearly, reform["ward_n"], "2025")
    # N did not report 2025 itself: A and 40 % of C stand in for it: 30 + 4 = 34, N counted once.
    assert n.value == D(34)
    assert (n.coverage.expected, n.coverage.reported, n.coverage.missing) == (1, 1, 0)
    [note] = n.provenance
    assert (note.kind, [u.code for u in note.used]) == ("through_predecessors", ["25747", "25750"])


def test_an_old_and_a_new_ward_reporting_the_same_full_year_the_new_value_is_used_and_flagged(reform, yearly):
    _record(yearly, reform["ward_a"], "2025", 30)
    _record(yearly, reform["ward_b"], "2025", 20)
    _record(yearly, reform["ward_c"], "2025", 10)
    _record(yearly, reform["ward_n"], "2025", 70)
    figure = _get(yearly, reform["province"], "2025")
    # N's own 70 covers A and its part of C: they are left out. M did not report: B and 60 % of
    # C stand in: 20 + 6 = 26. 70 + 26 = 96, where adding every value would say 130.
    assert figure.value == D(96)
    assert (figure.coverage.expected, figure.coverage.reported) == (2, 2)
    assert figure.notes == ("overlap", "through_predecessors")
    overlap = next(note for note in figure.provenance if note.kind == "overlap")
    assert overlap.unit.code == "26001" and [u.code for u in overlap.left_out] == ["25747", "25750"]
    explained = {(v.unit_code, v.via, v.counted) for v in figure_explain(figure).values}
    assert ("25747", "overlap", False) in explained and ("26001", "lineage", True) in explained
    # The new ward's own figure is its own value, flagged the same way.
    n = _get(yearly, reform["ward_n"], "2025")
    assert n.value == D(70) and n.own and n.notes == ("overlap",)
    shown = figure_json(figure, "en", coverage=True)
    assert shown["notes"][0] == {
        "kind": "overlap", "period": "2025", "unit": "Thu Dau Mot Ward", "used": ["Thu Dau Mot Ward"],
        "left_out": ["Phu Cuong Ward", "Chanh Nghia Ward"],
    }


def test_a_successor_missing_a_predecessors_value_is_missing_and_the_figure_partial(reform, yearly):
    _record(yearly, reform["ward_a"], "2025", 30)  # C did not report 2025
    n = _get(yearly, reform["ward_n"], "2025")
    assert n.value == D(30)
    assert (n.coverage.expected, n.coverage.reported, n.coverage.missing) == (1, 0, 1)
    assert not n.complete
    assert [u.code for u in figure_units(n).missing] == ["26001"]


def test_a_ratio_of_sums_takes_both_parts_of_a_split_by_its_share(reform, share):
    value_record(indicator=share, org_unit=reform["ward_a"], period="2024", numerator=D(45), denominator=D(50))
    value_record(indicator=share, org_unit=reform["ward_c"], period="2024", numerator=D(10), denominator=D(20))
    n = _get(share, reform["ward_n"], "2024")
    # (45 + 0.4·10) / (50 + 0.4·20) = 49 / 58 = 84.482759 %.
    assert (n.numerator, n.denominator, n.value) == (D(49), D(58), D("84.482759"))



def test_the_targets_explanation_says_which_values_of_the_overlap_were_used(reform, yearly, programme):
    target(yearly, ">=", 90, deadline="2030-12-31")
    _record(yearly, reform["ward_a"], "2025", 30)
    _record(yearly, reform["ward_b"], "2025", 20)
    _record(yearly, reform["ward_n"], "2025", 70)
    _record(yearly, reform["ward_m"], "2025", 25)
    with time_machine.travel(date(2026, 3, 1), tick=False):
        [row] = programme_status(programme=programme).rows
    # 70 + 25 = 95 from N and M; A's 30 and B's 20 are left out, and the row says so.
    assert row.judged.value == D(95) and row.met is True
    assert row.explanation("en").endswith(
        "Old and new units reported the same period: the values of Thu Dau Mot Ward, Phu Loi Ward are counted, "
        "those of Phu Cuong Ward, Hiep Thanh Ward left out."
    )
    assert "không tính số liệu của Phường Phú Cường, Phường Hiệp Thành." in row.explanation("vi")
