"""The JSON Schema, the documentation's example and the models say the same thing."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from dxtrack.programmes.definition import SCHEMA_PATH, document_parse, document_validate
from dxtrack.programmes.models import Baseline, Indicator, Milestone, Pillar, Programme, Target

from .conftest import SAMPLE, load_text, sample_text

DOCS = Path(__file__).resolve().parents[3] / "docs" / "programme-format.md"


def docs_example() -> str:
    return re.search(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S).group(1)


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_sample_as_plain_json_passes_the_schema_by_itself():
    """Editors and other tools can use the schema alone, without our loader."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8").replace("area: 74", "area: '74'"))
    plain = json.loads(json.dumps(data, default=str).replace('"period": 2021', '"period": "2021"').replace('"period": 2024', '"period": "2024"'))
    jsonschema.validate(plain, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_the_documented_example_loads(units, english):
    result = load_text(docs_example(), filename="docs/programme-format.md")
    assert result.counts["indicators"].created == 3


@pytest.mark.parametrize(
    "model, definition, fields",
    [
        (Programme, "programme", ["code", "title_vi", "title_en", "issuer"]),
        (Pillar, "pillar", ["code", "name_vi", "name_en"]),
        (Indicator, "indicator", ["code", "name_vi", "name_en", "unit", "data_source"]),
        (Target, "target", ["wording_vi"]),
        (Baseline, "baseline", ["period", "source"]),
        (Milestone, "milestone", ["description_vi", "description_en"]),
    ],
)
def test_schema_lengths_match_the_model(model, definition, fields):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for name in fields:
        spec = schema["$defs"][definition]["properties"][name]
        if "$ref" in spec:
            spec = schema["$defs"][spec["$ref"].rsplit("/", 1)[1]]
        assert spec["maxLength"] == model._meta.get_field(name).max_length, name


@pytest.mark.parametrize(
    "definition, field, model_field",
    [
        ("indicator", "value_type", Indicator._meta.get_field("value_type")),
        ("indicator", "direction", Indicator._meta.get_field("direction")),
        ("indicator", "unit_aggregation", Indicator._meta.get_field("unit_aggregation")),
        ("indicator", "period_aggregation", Indicator._meta.get_field("period_aggregation")),
        ("indicator", "period_type", Indicator._meta.get_field("period_type")),
        ("target", "comparator", Target._meta.get_field("comparator")),
        ("target", "scope", Target._meta.get_field("scope")),
    ],
)
def test_schema_choices_match_the_model(definition, field, model_field):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$defs"][definition]["properties"][field]["enum"] == [value for value, _label in model_field.choices]


def test_baseline_periods_are_stored_in_their_canonical_code(units, english):
    text = sample_text().replace("period: 2023Q4", "period: 2023q4")
    load_text(text)
    assert Baseline.objects.get(indicator__code="KTS-03").period == "2023Q4"
    assert not load_text(text).changed


def test_the_same_period_written_twice_differently_is_a_duplicate(units, english):
    text = sample_text().replace("          - period: 2023Q4\n", "          - period: 2023q4\n            value: 1\n          - period: 2023Q4\n")
    errors = document_validate(document=document_parse(text=text, filename="p.yaml"))
    first = text[: text.index("- period: 2023q4")].count("\n") + 1
    assert [e.message for e in errors] == [f'a second baseline for period "2023Q4" (first on line {first})']
