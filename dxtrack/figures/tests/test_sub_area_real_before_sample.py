"""Rule 1 per sub-area (item 8): inside a roll-up, a district's own real value replaces its
wards' sample values in the province's figure, as the district's own figure would say."""

from decimal import Decimal

import pytest

from dxtrack.accounts.tests.personas import LAST_DAY_BEFORE_REFORM
from dxtrack.figures.rows import figure_json
from dxtrack.figures.selectors import figure_breakdown, figure_explain, figure_get, figure_units
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.reporting.services import value_record

D = Decimal


@pytest.fixture
def two_districts(units):
    """District 718 (wards A, B) and district 719 with ward C."""
    district, _ = orgunit_upsert(
        code="719", kind=OrgUnitKind.DISTRICT, name_vi="Thành phố Thuận An", name_en="Thuan An City",
        parent=units["province"], valid_to=LAST_DAY_BEFORE_REFORM,
    )
    ward_c, _ = orgunit_upsert(
        code="25960", kind=OrgUnitKind.COMMUNE, name_vi="Phường Lái Thiêu", name_en="Lai Thieu Ward",
        parent=district, valid_to=LAST_DAY_BEFORE_REFORM,
    )
    return {**units, "district_719": district, "ward_c": ward_c}


def _record(indicator, unit, value, *, sample=False, period="2024"):
    value_record(indicator=indicator, org_unit=unit, period=period, value=D(value), is_synthetic=sample)


def test_a_districts_real_value_replaces_its_wards_sample_in_the_provinces_figure(two_districts, make_indicator):
    units, count = two_districts, make_indicator("N")
    _record(count, units["ward_a"], 10, sample=True)
    _record(count, units["ward_b"], 20, sample=True)
    _record(count, units["district"], 50)  # 718's own real figure
    _record(count, units["ward_c"], 5)  # 719 has no own value: its ward's real 5 stands
    figure = figure_get(indicator=count, unit=units["province"], period="2024")
    # 50 (718, for A and B) + 5 (C) = 55, not the wards' 10 + 20 + 5 = 35; no sample in it.
    assert figure.value == D(55)
    assert (figure.coverage.expected, figure.coverage.reported, figure.coverage.missing) == (3, 3, 0)
    assert figure.sample_share == 0 and not figure.is_sample
    [note] = figure.provenance
    assert (note.kind, note.unit.code, [u.code for u in note.left_out]) == ("sub_area", "718", ["25741", "25747"])
    assert [u.code for u in figure_units(figure).reported] == ["25741", "25747", "25960"]
    explained = {(v.unit_code, v.via, v.counted) for v in figure_explain(figure).values}
    assert explained == {("718", "sub_area", True), ("25741", "sub_area", False), ("25747", "sub_area", False), ("25960", "", True)}
    assert figure_json(figure, "vi", coverage=False)["notes"][0]["used"] == ["Thành phố Thủ Dầu Một"]
    # The province's figure is the sum of its districts' figures (the agency reported nothing).
    below = {f.unit_code: f.value for f in figure_breakdown(indicator=count, unit=units["province"], period="2024")}
    assert below == {"718": D(50), "719": D(5), "74-STTTT": None}


def test_a_districts_sample_value_stands_only_when_none_of_its_wards_is_real(two_districts, make_indicator):
    units, count = two_districts, make_indicator("N")
    _record(count, units["district"], 50, sample=True)
    _record(count, units["ward_a"], 10)  # real
    _record(count, units["ward_b"], 20, sample=True)
    _record(count, units["district_719"], 7, sample=True)
    _record(count, units["ward_c"], 5, sample=True)
    figure = figure_get(indicator=count, unit=units["province"], period="2024")
    # 718: a ward is real, so its wards stand (10 + 20); 719: all sample, its own sample 7 stands
    # before its ward's sample 5. 30 + 7 = 37; sample values 20 and 7 of the 3 counted.
    assert figure.value == D(37)
    assert figure.sample_share == D(2) / D(3)
    assert [(n.kind, n.unit.code) for n in figure.provenance] == [("sub_area", "719")]
