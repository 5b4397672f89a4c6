"""`programme_export` and `dxtrack programme export`: the same format back, byte for byte."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dxtrack.programmes.models import Programme
from dxtrack.programmes.services import programme_export

from .conftest import history_count, load_text


def export(format: str) -> str:  # noqa: A002
    return programme_export(programme=Programme.objects.get(code="05-NQ/TU"), format=format)


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_export_then_load_then_export_is_byte_identical(sample, format):  # noqa: A002
    first = export(format)
    versions = history_count()
    result = load_text(first, filename=f"export.{format}")
    assert not result.changed, "the export describes exactly what is loaded"
    assert history_count() == versions
    assert export(format) == first


def test_a_json_export_loads_back_to_the_same_yaml(sample):
    yaml_before = export("yaml")
    load_text(export("json"), filename="export.json")
    assert export("yaml") == yaml_before


def test_yaml_export_writes_numbers_canonically_and_dates_in_iso(sample):
    text = export("yaml")
    assert "value: 100\n" in text and "100.000000" not in text
    assert "value: 85.5\n" in text and "value: 0.4125\n" in text and "value: 68000\n" in text
    assert "deadline: 2025-12-31\n" in text and "issued_on: 2022-05-19\n" in text
    assert "area: '74'\n" in text
    assert "comparator: '>='\n" in text
    assert "method_note: |\n" in text
    assert text.startswith("schema_version: 1\nprogramme:\n  code: 05-NQ/TU\n")


def test_json_export_is_plain_json_with_exact_numbers(sample):
    data = json.loads(export("json"), parse_float=str)
    indicator = data["pillars"][0]["indicators"][0]
    assert list(indicator)[:3] == ["code", "name_vi", "name_en"]
    assert indicator["targets"][0]["value"] == 100
    assert data["pillars"][1]["indicators"][2]["baselines"][0]["value"] == "0.4125"


def test_export_command_writes_to_stdout_or_a_file(sample, tmp_path):
    out = StringIO()
    call_command("programme", "export", "05-NQ/TU", "--format", "json", stdout=out)
    assert out.getvalue() == export("json")
    target = tmp_path / "p.yaml"
    call_command("programme", "export", "05-NQ/TU", "--output", str(target))
    assert target.read_text(encoding="utf-8") == export("yaml")


def test_export_command_refuses_an_unknown_programme(db, english):
    with pytest.raises(CommandError, match='no programme with code "NOPE"'):
        call_command("programme", "export", "NOPE")


def test_load_command_prints_a_summary(units, tmp_path, english):
    from .conftest import SAMPLE

    out = StringIO()
    call_command("programme", "load", str(SAMPLE), stdout=out)
    assert "indicators: 5 created, 0 updated, 0 unchanged, 0 removed" in out.getvalue()
    out = StringIO()
    call_command("programme", "load", str(SAMPLE), "--dry-run", stdout=out)
    assert "Dry run: nothing was saved." in out.getvalue()
    out = StringIO()
    call_command("programme", "load", str(SAMPLE), stdout=out)
    assert "Nothing changed." in out.getvalue()
