"""The shape of a case of the API permission matrix (test_permission_matrix.py), and the usual
expectations, importable by the apps' own `tests/api_cases.py`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dxtrack.api.tests.conftest import PERSONAS


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


SIGNED_IN = {**everyone(200), "anonymous": 401}
# An object of the province's programme: every unit role inside it sees it; enterprise users do not learn it exists.
PROVINCE_OBJECT = {**SIGNED_IN, "enterprise": 404}
# Ward B's data: its reporter and the province's people read it; reporter A and enterprise users are refused.
WARD_B_DATA = {**SIGNED_IN, "enterprise": 403, "reporter_a": 403}


@dataclass(frozen=True)
class Case:
    method: str
    # A path under /api/v1, or a function of the objects `setup` made returning one.
    path: str | Callable[[Any], str]
    expect: dict[str, int]
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    note: str = ""
    # Makes the objects the case needs from the personas (dict of persona name → User); its
    # return value is handed to `path` when that is a function.
    setup: Callable[[dict], Any] | None = None
