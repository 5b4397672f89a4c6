"""Whatever a hand-edited file looks like, loading it ends in a clean refusal or a load."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxtrack.programmes.definition import ProgrammeDefinitionInvalid, document_parse
from dxtrack.programmes.services import programme_load

from .conftest import sample_text

LINES = sample_text().splitlines(keepends=True)
TOKENS = ["", "~", "[]", "{}", "-1", "0", "1e99", "0.0000001", "'x'", "2031-01-01", "2025-02-30", "yes", "'>='", "'<'",
          "each_unit", "commune", "weighted_mean", "milestone", "KTS-02", "CQS-01", "74", "99", "2024Q5", "[1, 2]", "&a x", "*a"]


@st.composite
def mutated_files(draw) -> str:
    lines = list(LINES)
    for _step in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        action = draw(st.sampled_from(["delete", "duplicate", "value"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif ": " in line or line.rstrip().endswith(":"):
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(st.sampled_from(TOKENS))}\n"
        if not lines:
            break
    return "".join(lines)


@pytest.mark.django_db(transaction=False)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_files())
def test_mutated_files_are_refused_cleanly_or_loaded(units, english, text):
    with transaction.atomic():
        try:
            programme_load(document=document_parse(text=text, filename="m.yaml"))
        except ProgrammeDefinitionInvalid as refused:
            assert refused.errors and all(error.message for error in refused.errors)
        transaction.set_rollback(True)
