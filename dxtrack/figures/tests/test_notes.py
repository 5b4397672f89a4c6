"""The notes a figure carries: at most ten named (then "và K đơn vị khác" / "and K more",
JSON `notes_more`), and `area_lineage` for the area's own lineage links that are not between
communes (province 74 → city 79), which are not followed.

Twelve old wards O1…O12 (district 718 of province 74, ended 30/06/2025), each merged into a
new ward N1…N12 of city 79 (from 01/07/2025). A yearly count.
"""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine

from dxtrack.accounts.tests.personas import LAST_DAY_BEFORE_REFORM
from dxtrack.figures.naming import names_text
from dxtrack.figures.rows import figure_json, row_json
from dxtrack.figures.selectors import figure_get, programme_status
from dxtrack.figures.tests.conftest import target
from dxtrack.orgunits.models import OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.reporting.services import value_record

REFORM = date(2025, 7, 1)
WARDS = 12


@pytest.fixture
def twelve(units):
    city, _ = orgunit_upsert(
        code="79", kind=OrgUnitKind.PROVINCE, name_vi="Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City",
        parent=units["country"], valid_from=REFORM,
    )
    old, new = [], []
    for number in range(1, WARDS + 1):
        o, _ = orgunit_upsert(
            code=f"O{number:02d}", kind=OrgUnitKind.COMMUNE, name_vi=f"Phường cũ {number:02d}", name_en=f"Old ward {number:02d}",
            parent=units["district"], valid_to=LAST_DAY_BEFORE_REFORM,
        )
        n, _ = orgunit_upsert(
            code=f"N{number:02d}", kind=OrgUnitKind.COMMUNE, name_vi=f"Phường mới {number:02d}", name_en=f"New ward {number:02d}",
            parent=city, valid_from=REFORM,
        )
        OrgUnitLineage.objects.create(from_unit=o, to_unit=n, effective_on=REFORM)
        old.append(o)
        new.append(n)
    return {**units, "city": city, "old": old, "new": new}


@pytest.fixture
def yearly(make_indicator):
    return make_indicator("Y")


def _overlapping_2025(twelve, yearly):
    for o, n in zip(twelve["old"], twelve["new"], strict=True):
        value_record(indicator=yearly, org_unit=o, period="2025", value=D(1))
        value_record(indicator=yearly, org_unit=n, period="2025", value=D(10))


def test_a_figure_names_ten_notes_and_counts_the_rest(twelve, yearly):
    _overlapping_2025(twelve, yearly)
    figure = figure_get(indicator=yearly, unit=twelve["city"], period="2025")
    # Each new ward's own 10 is used, its old ward's 1 left out: 12 × 10 = 120.
    assert figure.value == D(120)
    assert len([note for note in figure.provenance if note.kind == "overlap"]) == WARDS  # all kept
    shown = figure_json(figure, "en", coverage=False)
    assert [note["unit"] for note in shown["notes"]] == [f"New ward {n:02d}" for n in range(1, 11)]
    assert shown["notes_more"] == 2


def test_a_figure_with_few_notes_has_no_notes_more(twelve, yearly):
    value_record(indicator=yearly, org_unit=twelve["old"][0], period="2025", value=D(1))
    value_record(indicator=yearly, org_unit=twelve["new"][0], period="2025", value=D(10))
    shown = figure_json(figure_get(indicator=yearly, unit=twelve["city"], period="2025"), "en", coverage=False)
    assert len(shown["notes"]) == 1 and "notes_more" not in shown


def test_the_overlap_sentence_names_ten_units_and_counts_the_rest(twelve, yearly, programme):
    programme.area = twelve["city"]
    programme.save()
    target(yearly, ">=", 100, deadline="2030-12-31")
    _overlapping_2025(twelve, yearly)
    with time_machine.travel(date(2026, 3, 1), tick=False):
        [row] = programme_status(programme=programme).rows
    assert row.judged.value == D(120) and row.met is True
    assert row.explanation("en").endswith(
        "the values of " + ", ".join(f"New ward {n:02d}" for n in range(1, 11)) + " and 2 more are counted, those of "
        + ", ".join(f"Old ward {n:02d}" for n in range(1, 11)) + " and 2 more left out."
    )
    assert "Phường mới 10 và 2 đơn vị khác, không tính số liệu của" in row.explanation("vi")
    assert row_json(row, "vi")["latest"]["notes_more"] == 2


def test_names_text_lists_few_names_whole():
    assert names_text(["A", "B", "A"], "vi") == "A, B"
    assert names_text([str(n) for n in range(11)], "vi", limit=10) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9 và 1 đơn vị khác"


def test_a_province_level_link_is_not_followed_and_the_figure_says_so(twelve, yearly):
    OrgUnitLineage.objects.create(from_unit=twelve["province"], to_unit=twelve["city"], effective_on=REFORM)
    for o in twelve["old"]:
        value_record(indicator=yearly, org_unit=o, period="2024", value=D(1))
    # Ward A of province 74 has no successor in the city: were 74 → 79 followed, its 100
    # would count in the city's 2024. Only the twelve wards' own links are: 12.
    value_record(indicator=yearly, org_unit=twelve["ward_a"], period="2024", value=D(100))
    city = figure_get(indicator=yearly, unit=twelve["city"], period="2024")
    assert city.value == D(12)
    [note] = [note for note in city.provenance if note.kind == "area_lineage"]
    assert (note.unit.code, [u.code for u in note.left_out]) == ("79", ["74"])
    assert "area_lineage" in city.notes
    province = figure_get(indicator=yearly, unit=twelve["province"], period="2024")
    assert province.value == D(112)
    assert [(n.kind, [u.code for u in n.left_out]) for n in province.provenance if n.kind == "area_lineage"] == [("area_lineage", ["79"])]
    shown = figure_json(city, "vi", coverage=False)
    assert {"kind": "area_lineage", "period": "2024", "unit": "Thành phố Hồ Chí Minh", "used": [], "left_out": ["Tỉnh Bình Dương"]} in shown["notes"]


def test_communes_links_alone_carry_no_area_lineage_note(twelve, yearly):
    value_record(indicator=yearly, org_unit=twelve["old"][0], period="2024", value=D(1))
    city = figure_get(indicator=yearly, unit=twelve["city"], period="2024")
    assert city.value == D(1) and "area_lineage" not in city.notes
