"""Helpers for the programme tests: the sample file, loading text, and a full dump of the tables."""

from pathlib import Path

import pytest
from django.utils import translation

from dxtrack.programmes.definition import document_parse
from dxtrack.programmes.models import Baseline, Indicator, Milestone, Pillar, Programme, Target
from dxtrack.programmes.services import LoadResult, programme_load

SAMPLE = Path(__file__).parent / "data" / "sample.yaml"
MODELS = [Programme, Pillar, Indicator, Target, Baseline, Milestone]


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def load_text(text: str, filename: str = "programme.yaml") -> LoadResult:
    return programme_load(document=document_parse(text=text, filename=filename))


def tables_dump() -> dict[str, list[dict]]:
    """Every row of the programme tables and of their history tables, for before/after checks."""
    dump = {}
    for model in MODELS:
        for manager in (model.objects, model.history):
            dump[manager.model._meta.db_table] = list(manager.order_by("pk").values())
    return dump


def history_count() -> int:
    return sum(model.history.count() for model in MODELS)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def sample(units, english) -> LoadResult:
    """The sample programme, loaded into a database that has the Binh Duong test units."""
    return load_text(sample_text(), filename=str(SAMPLE))
