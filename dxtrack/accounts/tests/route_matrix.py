"""The shape of a case of the route permission matrix (test_route_matrix.py) and the usual
expectations, importable by the apps' own `tests/route_cases.py`."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

PERSONAS = ("anonymous", "enterprise", "reporter_a", "reporter_b", "leader")


@dataclass(frozen=True)
class Redirect:
    to: str  # URL name; the Location header must start with its path

    def __repr__(self) -> str:
        return f"302→{self.to}"


TO_LOGIN = Redirect(settings.LOGIN_URL)
TO_ADMIN_LOGIN = Redirect("admin:login")
Expected = int | Redirect


def everyone(status: Expected) -> dict[str, Expected]:
    return dict.fromkeys(PERSONAS, status)


PUBLIC = everyone(200)
LOGGED_IN_ONLY = {**everyone(200), "anonymous": TO_LOGIN}
# Pages for people with a role on some unit: enterprise users hold none.
UNIT_ROLES_ONLY = {**LOGGED_IN_ONLY, "enterprise": 403}
# An object of ward A: its reporter and the province's leader see it, nobody else learns it exists.
WARD_A_OBJECT = {"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 200, "reporter_b": 404, "leader": 200}


@dataclass(frozen=True)
class Case:
    expect: dict[str, Expected]
    # A list, or a function of the World of test_route_matrix.py returning one.
    args: Sequence[Any] | Callable[[Any], Sequence[Any]] = ()
    method: str = "get"
    # A dict, or a function of the World returning one (for ids known only once it is built).
    data: dict[str, Any] | Callable[[Any], dict[str, Any]] = field(default_factory=dict)
    note: str = ""
