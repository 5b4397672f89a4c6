"""GET /api/v1/programmes/{code}/progress: the command's rows, codes with slashes, bad input."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from dxtrack.figures.tests.conftest import target
from dxtrack.reporting.services import value_record

D = Decimal


@pytest.fixture
def slashed(programme, share, units):
    """The programme's code holds a slash, like 05-NQ/TU."""
    programme.code = "KH-07/UBND"
    programme.save()
    target(share, ">=", 80, deadline="2030-12-31")
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=D(900), denominator=D(1000))
    value_record(indicator=share, org_unit=units["ward_b"], period="2024", numerator=D(10), denominator=D(100))
    return programme


def test_the_api_answers_the_commands_rows_for_a_code_with_a_slash(client, leader, slashed):
    client.force_login(leader)
    response = client.get("/api/v1/programmes/KH-07/UBND/progress")
    assert response.status_code == 200
    out = StringIO()
    call_command("progress", "KH-07/UBND", "--format", "json", stdout=out)
    assert response.json() == json.loads(out.getvalue())
    (row,) = response.json()
    assert row["latest"]["value"] == 82.727273 and b"82.72727272" not in response.content  # 910 / 1100
    # The programme itself is still found at its own path.
    assert client.get("/api/v1/programmes/KH-07/UBND").json()["code"] == "KH-07/UBND"


def test_the_api_speaks_the_callers_language(client, leader, slashed):
    client.force_login(leader)
    (row,) = client.get("/api/v1/programmes/KH-07/UBND/progress", HTTP_ACCEPT_LANGUAGE="en").json()
    assert row["indicator"]["name"] == "Indicator S" and "82.7% · 2/2 units" in row["explanation"]


def test_as_of_and_threshold_are_passed_to_the_figures(client, leader, slashed, units, share):
    with time_machine.travel(date(2023, 12, 20), tick=False):
        value_record(indicator=share, org_unit=units["ward_a"], period="2023", numerator=D(50), denominator=D(100))
    client.force_login(leader)
    (row,) = client.get("/api/v1/programmes/KH-07/UBND/progress", {"as_of": "2023-12-31", "threshold": "50"}).json()
    # 2023: only ward A (1 of 2 = 50%, complete enough at a 50% threshold): 50 / 100.
    assert (row["latest"]["period"], row["latest"]["value"], row["met"]) == ("2023", 50, False)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"as_of": "2024-02-30"}, "YYYY-MM-DD"),
        ({"as_of": "2021-12-31"}, "01/01/2022"),
        ({"threshold": "120"}, "0 to 100"),
        ({"method": "guess"}, "opensdg"),
    ],
)
def test_bad_input_is_a_400_saying_what_is_wrong(client, leader, slashed, params, words):
    client.force_login(leader)
    response = client.get("/api/v1/programmes/KH-07/UBND/progress", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_other_methods_are_computed_on_request(client, leader, slashed, units, share):
    for ward in (units["ward_a"], units["ward_b"]):
        value_record(indicator=share, org_unit=ward, period="2023", numerator=D(60), denominator=D(100))
    client.force_login(leader)
    (row,) = client.get("/api/v1/programmes/KH-07/UBND/progress", {"method": "opensdg,unsd"}).json()
    assert set(row["progress"]["others"]) == {"opensdg", "unsd"}
