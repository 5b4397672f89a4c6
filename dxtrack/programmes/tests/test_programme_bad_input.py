"""Every bad programme file: a message naming file, line and field, a non-zero exit, and the
database exactly as before (the sample is loaded first, so a partial load would show)."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dxtrack.programmes.definition import ProgrammeDefinitionInvalid, document_parse
from dxtrack.programmes.management.commands.programme import Command
from dxtrack.programmes.models import Indicator
from dxtrack.programmes.services import programme_load

from .conftest import sample_text, tables_dump

# A harmless change that a partial load would leave behind.
CHANGE = ("title_en: Resolution on", "title_en: A changed resolution on")

# (id, replace this, with this, the line to expect holds this, field, words of the message)
CASES = [
    ("unknown_comparator", "comparator: '>='\n            value: 20", "comparator: '=>'\n            value: 20",
     "comparator: '=>'", "pillars[2].indicators[1].targets[1].comparator", 'unknown comparator "=>"'),
    ("unquoted_comparator", "comparator: '>='\n            value: 20", "comparator: >=\n            value: 20",
     "comparator: >=", "", "write comparators in quotes"),
    ("unknown_value_type", "value_type: count", "value_type: number",
     "value_type: number", "pillars[2].indicators[2].value_type", 'unknown value type "number"'),
    ("duplicate_indicator_code", "- code: KTS-01", "- code: CQS-01",
     "- code: CQS-01\n        name_vi: Tỷ trọng", "pillars[2].indicators[1].code", 'indicator code "CQS-01" is used twice'),
    ("duplicate_pillar_code", "- code: KTS\n", "- code: CQS\n",
     "  - code: CQS\n    name_vi: Kinh tế số", "pillars[2].code", 'pillar code "CQS" is used twice'),
    ("unknown_weight_indicator", "weight_indicator: KTS-02", "weight_indicator: KTS-99",
     "weight_indicator: KTS-99", "pillars[2].indicators[3].weight_indicator", 'no indicator with code "KTS-99"'),
    ("weighted_mean_without_weight", "        weight_indicator: KTS-02\n", "",
     "unit_aggregation: weighted_mean", "pillars[2].indicators[3].unit_aggregation", "weighted_mean needs weight_indicator"),
    ("deadline_outside_horizon", "deadline: 2030-12-31", "deadline: 2031-12-31",
     "deadline: 2031-12-31", "pillars[2].indicators[1].targets[2].deadline", "outside the programme's years 2022–2030"),
    ("not_a_real_date", "deadline: 2030-12-31", "deadline: 2030-02-30",
     "deadline: 2030-02-30", "pillars[2].indicators[1].targets[2].deadline", '"2030-02-30" is not a real date'),
    ("date_badly_written", "deadline: 2030-12-31", "deadline: 31/12/2030",
     "deadline: 31/12/2030", "pillars[2].indicators[1].targets[2].deadline", "is not a date written YYYY-MM-DD"),
    ("unknown_area", "area: 74", "area: 99",
     "area: 99", "programme.area", 'no org unit with code "99" existed on 2022-05-19'),
    ("area_is_an_agency", "area: 74", "area: 74-STTTT",
     "area: 74-STTTT", "programme.area", "must be an administrative unit, not an agency"),
    ("unknown_agency", "responsible_agency: 74-STTTT", "responsible_agency: 74-SKHCN",
     "responsible_agency: 74-SKHCN", "pillars[1].indicators[1].responsible_agency", 'no org unit with code "74-SKHCN"'),
    ("malformed_baseline_period", "period: 2023Q4", "period: 2023Q5",
     "period: 2023Q5", "pillars[2].indicators[3].baselines[1].period", '"2023Q5" is not a period'),
    ("percentage_above_natural_limit", "value: 30\n", "value: 130\n",
     "value: 130", "pillars[2].indicators[1].targets[2].value", "130 is above the natural limit 100"),
    ("index_above_one", "value: 0.4125", "value: 1.4125",
     "value: 1.4125", "pillars[2].indicators[3].baselines[1].value", "1.4125 is above the natural limit 1"),
    ("negative_count", "value: 68_000", "value: -68_000",
     "value: -68_000", "pillars[2].indicators[2].baselines[1].value", "must not be negative"),
    ("too_many_decimals", "value: 0.4125", "value: 0.41255555",
     "value: 0.41255555", "pillars[2].indicators[3].baselines[1].value", "at most 6 decimal places"),
    ("milestone_with_numeric_target", "        milestones:\n          - deadline: 2025-12-31\n            description_vi: Lãnh",
     "        targets:\n          - deadline: 2025-12-31\n            comparator: '>='\n            value: 1\n"
     "        milestones:\n          - deadline: 2025-12-31\n            description_vi: Lãnh",
     "        targets:\n          - deadline: 2025-12-31\n            comparator: '>='\n            value: 1\n",
     "pillars[1].indicators[2].targets", "milestone indicator takes milestones, not numeric targets"),
    ("each_unit_without_level", "            scope_level: commune\n", "",
     "scope: each_unit", "pillars[1].indicators[1].targets[1].scope_level", "scope each_unit needs scope_level"),
    ("level_not_below_area", "scope_level: commune", "scope_level: province",
     "scope_level: province", "pillars[1].indicators[1].targets[1].scope_level", "province is not below the programme area"),
    ("done_on_without_done", "            done: true\n", "",
     "done_on: 2024-11-20", "pillars[1].indicators[2].milestones[1].done_on", "done_on is given only when done is true"),
    ("ratio_of_sums_without_parts", "value_type: count\n        unit_aggregation: sum", "value_type: count\n        unit_aggregation: ratio_of_sums",
     "\n        unit_aggregation: ratio_of_sums\n        period_aggregation: last\n        baselines", "pillars[2].indicators[2].unit_aggregation", "ratio_of_sums needs numerators and denominators"),
    ("percentage_averaged", "unit_aggregation: none\n        period_aggregation: last\n        natural_limit: 100\n        targets:\n          - deadline: 2025-12-31\n            comparator: '>='\n            value: 20",
     "unit_aggregation: mean\n        period_aggregation: last\n        natural_limit: 100\n        targets:\n          - deadline: 2025-12-31\n            comparator: '>='\n            value: 20",
     "unit_aggregation: mean", "pillars[2].indicators[1].unit_aggregation", "percentages never add up or average"),
    ("percentage_in_other_unit", "unit: '%'\n        value_type: percentage\n", "unit: người\n        value_type: percentage\n",
     "unit: người", "pillars[2].indicators[1].unit", 'a percentage is measured in "%", not "người"'),
    ("typo_in_field_name", "name_en: Active enterprises", "nmae_en: Active enterprises",
     "nmae_en: Active enterprises", "pillars[2].indicators[2].nmae_en", 'unknown field "nmae_en" (did you mean "name_en"?)'),
    ("missing_required_field", "  title_vi: Nghị quyết về chuyển đổi số tỉnh Bình Dương đến năm 2025, định hướng đến năm 2030\n", "",
     "programme:\n", "programme.title_vi", "required field is missing or empty"),
    ("empty_required_field", "- code: KTS-02\n        name_vi: Số doanh nghiệp đang hoạt động", "- code: KTS-02\n        name_vi:",
     "        name_vi:\n        name_en: Active enterprises", "pillars[2].indicators[2].name_vi", "required field is missing or empty"),
    ("number_given_as_text", "value: 0.4125", "value: 'bốn'",
     "value: 'bốn'", "pillars[2].indicators[3].baselines[1].value", 'must be a number, not "bốn"'),
    ("horizon_reversed", "horizon_end: 2030", "horizon_end: 2020",
     "horizon_end: 2020", "programme.horizon_end", "the last year 2020 is before the first year 2022"),
    ("duplicate_field", "  is_public: true\n", "  is_public: true\n  is_public: false\n",
     "  is_public: false", "programme.is_public", "this field appears twice"),
    ("duplicate_target", "          - deadline: 2030-12-31\n            comparator: '>='\n            value: 30\n",
     "          - deadline: 2025-12-31\n            comparator: '>='\n            value: 30\n",
     "          - deadline: 2025-12-31\n            comparator: '>='\n            value: 30\n",
     "pillars[2].indicators[1].targets[2]", "a second target for the same deadline and scope"),
    ("wrong_schema_version", "schema_version: 1", "schema_version: 2",
     "schema_version: 2", "schema_version", "must be 1"),
]


def line_holding(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1 + (1 if needle.startswith("\n") else 0)


@pytest.fixture
def bad_file(tmp_path):
    def write(original: str, replacement: str) -> tuple[str, str]:
        text = sample_text().replace(*CHANGE)
        assert original in text, original
        text = text.replace(original, replacement, 1)
        path = tmp_path / "bad.yaml"
        path.write_text(text, encoding="utf-8")
        return str(path), text

    return write


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_bad_file_is_refused_with_file_line_and_field(sample, bad_file, case):
    _id, original, replacement, needle, field, words = case
    path, text = bad_file(original, replacement)
    before = tables_dump()
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("programme", "load", path, "--language", "en", stderr=err, stdout=StringIO())
    assert refused.value.returncode != 0
    line = line_holding(text, needle)
    expected_start = f"{path}:{line}: {field}: " if field else f"{path}:{line}: "
    reported = err.getvalue().splitlines()
    assert any(message.startswith(expected_start) and words in message for message in reported), reported
    assert tables_dump() == before


def test_all_errors_are_reported_at_once(sample, bad_file):
    path, text = bad_file("comparator: '>='\n            value: 20", "comparator: '=>'\n            value: 120")
    text = text.replace("area: 74", "area: 99").replace("period: 2023Q4", "period: 2023Q9")
    with pytest.raises(ProgrammeDefinitionInvalid) as refused:
        programme_load(document=document_parse(text=text, filename="many.yaml"))
    fields = [error.field for error in refused.value.errors]
    assert fields == [
        "programme.area",
        "pillars[2].indicators[1].targets[1].comparator",
        "pillars[2].indicators[1].targets[1].value",
        "pillars[2].indicators[3].baselines[1].period",
    ]
    assert [error.line for error in refused.value.errors] == sorted(error.line for error in refused.value.errors)


def test_the_console_script_exits_non_zero_and_prints_every_error(sample, bad_file, capsys, monkeypatch):
    # run_from_argv closes the connections when done, which would close the test's own.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    path, _text = bad_file("value_type: count", "value_type: number")
    before = tables_dump()
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["dxtrack", "programme", "load", path, "--language", "en"])
    assert exited.value.code == 1
    stderr = capsys.readouterr().err
    assert f"{path}:" in stderr and "pillars[2].indicators[2].value_type: unknown value type" in stderr
    assert "nothing was loaded" in stderr
    assert tables_dump() == before


def test_json_syntax_error_names_its_line(units, tmp_path, english):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "schema_version": 1,\n  "programme": {,}\n}\n', encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("programme", "load", str(path), stderr=err)
    assert err.getvalue().startswith(f"{path}:3: JSON syntax error")


def test_json_file_errors_name_lines_too(sample, tmp_path, english):
    from dxtrack.programmes.models import Programme
    from dxtrack.programmes.services import programme_export

    text = programme_export(programme=Programme.objects.get(), format="json").replace('"comparator": ">="', '"comparator": "=>"', 1)
    with pytest.raises(ProgrammeDefinitionInvalid) as refused:
        programme_load(document=document_parse(text=text, filename="p.json"))
    [error] = refused.value.errors
    assert (error.line, error.field) == (line_holding(text, '"=>"'), "pillars[1].indicators[1].targets[1].comparator")


@pytest.mark.parametrize(
    "text, words",
    [("", "the file is empty"), ("- just a list\n", "must be a mapping of fields, not a list"), ("a: [1, 2\n", "YAML syntax error")],
)
def test_unreadable_files_are_refused(db, english, text, words):
    with pytest.raises(ProgrammeDefinitionInvalid) as refused:
        programme_load(document=document_parse(text=text, filename="x.yaml"))
    assert words in str(refused.value)


def test_missing_file_is_reported(db, english, tmp_path):
    with pytest.raises(CommandError):
        call_command("programme", "load", str(tmp_path / "nope.yaml"), stderr=StringIO())


def test_an_indicator_with_reported_values_cannot_be_removed(sample, units):
    from dxtrack.reporting.models import DataValue

    DataValue.objects.create(
        indicator=Indicator.objects.get(code="KTS-02"), org_unit=units["province"], period="2024",
        period_start=date(2024, 1, 1), period_end=date(2024, 12, 31), value=68000,
        recorded_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    text = sample_text().replace(*CHANGE)
    text = text.replace(text[text.index("      - code: KTS-02\n"): text.index("      - code: KTS-03\n")], "")
    text = text.replace("weight_indicator: KTS-02", "weight_indicator: KTS-01").replace("value_type: index", "value_type: count")
    before = tables_dump()
    with pytest.raises(ProgrammeDefinitionInvalid, match='indicator "KTS-02" is not in the file but has reported values'):
        programme_load(document=document_parse(text=text, filename="p.yaml"))
    assert tables_dump() == before


def test_weights_must_be_plain_figures(sample):
    text = sample_text().replace("weight_indicator: KTS-02", "weight_indicator: CQS-02")
    with pytest.raises(ProgrammeDefinitionInvalid, match='indicators\\[3\\].weight_indicator: "CQS-02" is a milestone'):
        programme_load(document=document_parse(text=text, filename="p.yaml"))
