"""`dxtrack progress`: the JSON rows, the table, the options and bad input (hand-computed figures).

The programme is the figures conftest's: province 74 with wards A (Phường Phú Cường) and B
(Phường Hiệp Thành) in district 718.
"""

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from dxtrack.figures.tests.conftest import target
from dxtrack.figures.tests.test_target_status import _wards
from dxtrack.programmes.models import Milestone
from dxtrack.reporting.services import value_record

D = Decimal
ROOT = Path(__file__).resolve().parents[3]


def _json(*args: str) -> list[dict]:
    out = StringIO()
    call_command("progress", "KH-07", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def _table(*args: str) -> str:
    out = StringIO()
    call_command("progress", "KH-07", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def unequal_wards(units, share):
    """2024: ward A 900/1000, ward B 10/100: the province has 910/1100 = 82.727272…%."""
    target(share, ">=", 80, deadline="2030-12-31")
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=D(900), denominator=D(1000))
    value_record(indicator=share, org_unit=units["ward_b"], period="2024", numerator=D(10), denominator=D(100))
    return share


def test_json_keeps_the_old_keys_and_rolls_up_numerators_over_denominators(unequal_wards):
    (row,) = _json()
    assert row["pillar"] == "Trụ cột"
    assert row["indicator"] == {"code": "S", "name": "Chỉ số S"}
    assert row["target"] == {"comparator": ">=", "value": 80, "deadline": "2030-12-31", "scope": "area"}
    assert row["latest"]["value"] == 82.727273  # 910 / 1100 × 100, rounded to six decimals
    assert row["latest"]["period"] == "2024"
    assert row["latest"]["coverage"] == {"expected": 2, "reported": 2, "missing": [], "reported_without_parts": []}
    assert row["met"] is True and row["met_reason"] is None
    assert row["provisional"] is None and row["since"] is None
    assert row["progress"]["status"] == "achieved"  # 82.7 ≥ 80 already
    # One year is no baseline, and a met target needs no path (the row of docs/figures.md).
    assert (row["progress"]["base"], row["progress"]["required_path"]) == (None, [])


def test_json_numbers_have_no_binary_float_artefacts(unequal_wards):
    out = StringIO()
    call_command("progress", "KH-07", "--format", "json", stdout=out)
    assert '"value": 82.727273' in out.getvalue()
    assert "82.72727272" not in out.getvalue()


def test_a_unit_that_sent_only_a_percentage_is_named_reported_without_parts(units, share):
    target(share, ">=", 80, deadline="2030-12-31")
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=D(90), denominator=D(100))
    value_record(indicator=share, org_unit=units["ward_b"], period="2024", value=D(50))
    (row,) = _json("--threshold", "50")
    # Only ward A's parts can be summed: 90 / 100; ward B is neither reported nor missing.
    assert row["latest"]["value"] == 90
    assert row["latest"]["coverage"] == {
        "expected": 2, "reported": 1, "missing": [], "reported_without_parts": ["Phường Hiệp Thành"],
    }


def test_a_later_less_complete_year_is_provisional_with_its_coverage_beside_the_judged_one(units, make_indicator):
    count = make_indicator("N")
    target(count, ">=", 100, deadline="2030-12-31")
    for ward in (units["ward_a"], units["ward_b"]):
        value_record(indicator=count, org_unit=ward, period="2024", value=D(60))
    value_record(indicator=count, org_unit=units["ward_a"], period="2025", value=D(150))
    with time_machine.travel(date(2026, 3, 1), tick=False):
        (row,) = _json()
        table = _table()
    assert row["latest"]["period"] == "2024" and row["latest"]["value"] == 120  # 60 + 60, judged
    assert row["met"] is True
    assert row["provisional"] == {
        "value": 150, "period": "2025", "source": "",
        "coverage": {"expected": 2, "reported": 1, "missing": ["Phường Hiệp Thành"], "reported_without_parts": []},
    }
    assert "120 · 2/2 đơn vị" in table
    assert "2025: 150 · 1/2 đơn vị" in table


def test_progress_is_the_linear_share_of_the_required_change(units, share):
    target(share, ">=", 80, deadline="2025-12-31")
    for ward in (units["ward_a"], units["ward_b"]):
        value_record(indicator=share, org_unit=ward, period="2023", numerator=D(60), denominator=D(100))
        value_record(indicator=share, org_unit=ward, period="2024", numerator=D(70), denominator=D(100))
    with time_machine.travel(date(2025, 3, 1), tick=False):
        (row,) = _json("--method", "opensdg")
    progress = row["progress"]
    # From 60 (2023) to 70 (2024) of the 20 points needed by 2025: progress 0.5, expected 0.5.
    assert (progress["method"], progress["status"], progress["actual"], progress["expected"]) == ("linear", "on_track", 0.5, 0.5)
    assert progress["base"] == {"year": 2023, "value": 60}
    assert progress["required_path"] == [{"year": 2025, "value": 80}]
    # Two yearly shares continued on a logistic curve: odds 1.5 (2023) and 7/3 (2024) grow by
    # 14/9 a year, so 2025's odds are 49/13.5 and its share 49 / 62.5 = 78.4%.
    assert progress["projection"]["method"] == "logistic"
    assert progress["projection"]["value_at_deadline"] == 78.4
    assert progress["projection"]["meets_target"] is False
    assert progress["sentence"].startswith("Phương pháp tuyến tính")
    assert progress["others"]["opensdg"]["status"]


def test_the_threshold_decides_which_year_is_complete_enough(units, make_indicator):
    _wards(units, 3)  # five wards: two reporting are 40%
    count = make_indicator("N")
    target(count, "<=", 100, deadline="2030-12-31")
    for ward in (units["ward_a"], units["ward_b"]):
        value_record(indicator=count, org_unit=ward, period="2024", value=D(30))
    (row,) = _json()
    # 60 from 2 of 5 wards cannot prove "≤ 100": three more could add anything.
    assert row["met"] is None and row["met_reason"] == "partial"
    (row,) = _json("--threshold", "40")
    assert row["met"] is True and row["met_reason"] is None


def test_as_of_a_date_shows_only_periods_ended_and_values_recorded_by_then(units, make_indicator):
    count = make_indicator("N")
    target(count, ">=", 100, deadline="2030-12-31")
    with time_machine.travel(date(2024, 1, 15), tick=False):
        for ward in (units["ward_a"], units["ward_b"]):
            value_record(indicator=count, org_unit=ward, period="2023", value=D(20))
    with time_machine.travel(date(2024, 12, 20), tick=False):  # reported before the year ended
        for ward in (units["ward_a"], units["ward_b"]):
            value_record(indicator=count, org_unit=ward, period="2024", value=D(60))
    (row,) = _json("--as-of", "2024-06-30")
    assert (row["latest"]["period"], row["latest"]["value"], row["met"]) == ("2023", 40, False)
    (row,) = _json("--as-of", "2024-12-31")
    assert (row["latest"]["period"], row["latest"]["value"], row["met"]) == ("2024", 120, True)
    (row,) = _json("--as-of", "2024-01-14")
    assert row["latest"] is None and row["met_reason"] == "no_data"  # nothing recorded yet


def test_the_table_shows_localised_figures_with_units_in_either_language(unequal_wards):
    assert "82,7% · 2/2 đơn vị" in _table()
    with translation.override("en"):
        assert "82.7% · 2/2 units" in _table()


def test_a_milestone_keeps_its_old_shape(programme, make_indicator):
    indicator = make_indicator("M", value_type="milestone")
    Milestone.objects.create(indicator=indicator, deadline="2025-12-31", description_vi="Có công cụ", done=True, done_on="2025-05-01")
    (row,) = _json()
    assert row["target"] == {"comparator": "milestone", "value": None, "deadline": "2025-12-31", "scope": "area"}
    assert row["latest"]["value"] == 1 and row["met"] is True
    assert row["progress"]["status"] == "achieved"


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (("NO-SUCH",), "Không có chương trình", "No programme with code NO-SUCH"),
        (("KH-07", "--as-of", "2021-12-31"), "bắt đầu", "starts on 01/01/2022"),
        (("KH-07", "--as-of", "31/12/2024"), "YYYY-MM-DD", "YYYY-MM-DD"),
        (("KH-07", "--threshold", "101"), "0 đến 100", "0 to 100"),
        (("KH-07", "--threshold", "-1"), "0 đến 100", "0 to 100"),
        (("KH-07", "--threshold", "tám mươi"), "0 đến 100", "0 to 100"),
    ],
)
def test_bad_input_says_what_is_wrong_in_vietnamese_and_english(programme, args, vi, en):
    with pytest.raises(CommandError, match=vi):
        call_command("progress", *args, stdout=StringIO())
    with translation.override("en"), pytest.raises(CommandError, match=en):
        call_command("progress", *args, stdout=StringIO())


def test_a_reader_that_stops_early_ends_the_command_without_a_traceback(tmp_path):
    """`dxtrack progress CODE | head`: the real pipe, closed before the command writes."""
    env = {**os.environ, "DXTRACK_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    # Our own interpreter and manage.py, with fixed arguments.
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    subprocess.run([*manage, "shell", "-c", _MAKE_PROGRAMME], env=env, check=True, cwd=ROOT)  # noqa: S603
    process = subprocess.Popen(  # noqa: S603
        [*manage, "progress", "KH-PIPE"], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    process.stdout.close()  # the reader is gone before the first line is written
    stderr = process.stderr.read().decode()
    process.wait()
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
    assert process.returncode != 0


_MAKE_PROGRAMME = """
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.programmes.models import Indicator, Pillar, Programme, Target
area, _ = orgunit_upsert(code="74", kind="province", name_vi="Tỉnh")
programme = Programme.objects.create(code="KH-PIPE", title_vi="Kế hoạch", horizon_start=2022, horizon_end=2030, area=area)
pillar = Pillar.objects.create(programme=programme, code="P", name_vi="Trụ cột")
for i in range(50):
    indicator = Indicator.objects.create(programme=programme, pillar=pillar, code=f"I-{i}", name_vi="Chỉ số", value_type="count",
        unit_aggregation="sum", period_aggregation="sum")
    Target.objects.create(indicator=indicator, deadline="2025-12-31", comparator=">=", value=10)
"""
