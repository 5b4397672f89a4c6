"""`dxtrack values import` and `dxtrack values export`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dxtrack.reporting.imports.files import MAX_UPLOAD_BYTES
from dxtrack.reporting.tests.imports_fixtures import *  # noqa: F403
from dxtrack.reporting.tests.imports_fixtures import csv_file, snapshot


def values(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("values", *args, "--language", "en", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_the_counts(tmp_path, indicators, units):
    path = csv_file(tmp_path, "COUNT,25747,2024,12,,,", "PCT,25741,2024,40,,,")
    out, _err = values("import", str(path))
    assert out.strip() == "values.csv: 2 rows: 2 created, 0 updated, 0 unchanged."
    out, _err = values("import", str(path))
    assert out.strip() == "values.csv: 2 rows: 0 created, 0 updated, 2 unchanged."


def test_a_rejected_file_exits_non_zero_with_the_report_on_stderr(tmp_path, seeded):
    path = csv_file(tmp_path, "COUNT,25747,2024,abc,,,", "PCT,25741,2024,120,,,")
    err = StringIO()
    with pytest.raises(CommandError, match=r"^2 error\(s\) in values.csv; nothing was imported.$"):
        call_command("values", "import", str(path), "--language", "en", stderr=err)
    assert err.getvalue().splitlines() == [
        "row 2, column value: “abc” is not a number.",
        "row 3, column value: A percentage must be between 0 and 100; got 120.",
    ]
    assert snapshot() == seeded


def test_the_dry_run_says_so_and_saves_nothing(tmp_path, seeded):
    out, _err = values("import", str(csv_file(tmp_path, "COUNT,25747,2024,11,,,")), "--dry-run")
    assert out.strip() == "values.csv: 1 rows: 0 created, 1 updated, 0 unchanged. Dry run: nothing was saved."
    assert snapshot() == seeded


def test_a_file_over_50_mb_is_refused_on_the_command_line_too(tmp_path, seeded):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"indicator,org_unit,period,value\n")
        handle.truncate(MAX_UPLOAD_BYTES + 1)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("values", "import", str(path), "--language", "en", stderr=err)
    assert err.getvalue().strip() == "file: The file is 50.0 MB; files over 50 MB are refused. Split it into smaller files."
    assert snapshot() == seeded


def test_the_format_option_is_checked_against_the_content(tmp_path, seeded):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("values", "import", str(csv_file(tmp_path, "COUNT,25747,2024,1,,,")), "--format", "dhis2-json",
                     "--language", "en", stderr=err)
    assert "The file was given as DHIS2 JSON but its content is CSV." in err.getvalue()


def test_export_to_standard_output_and_to_a_file(tmp_path, seeded, programme):
    out, _err = values("export", "--format", "dhis2-json", "--programme", "T-IMP", "--unit", "25747", "--period", "2024")
    document = json.loads(out)
    assert {entry["dataElement"] for entry in document["dataValues"]} == {"COUNT", "SHARE"}
    target = tmp_path / "out.xlsx"
    _out, err = values("export", "--format", "xlsx", "--output", str(target))
    assert err.strip() == f"2 values written to {target}." and target.stat().st_size > 0
    with pytest.raises(CommandError, match="An XLSX export needs --output FILE."):
        values("export", "--format", "xlsx")
    with pytest.raises(CommandError, match="Unknown unit code 99."):
        values("export", "--format", "csv", "--unit", "99")


def test_numbers_in_messages_are_written_as_people_write_them(tmp_path, indicators, units):
    """The limit is stored as 100.000000; messages say 100, and 120,5 in Vietnamese."""
    path = csv_file(tmp_path, "SHARE,25747,2024,120.5,,,")
    for language, got in (("vi", "120,5"), ("en", "120.5")):
        err = StringIO()
        with pytest.raises(CommandError):
            call_command("values", "import", str(path), "--language", language, stderr=err)
        message = err.getvalue()
        assert " 100; " in message and f" {got}." in message and "100.000000" not in message, message
