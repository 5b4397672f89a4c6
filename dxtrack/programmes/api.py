"""The programmes API: which programmes the caller may see, and their indicator codes (the
`dataElement` codes of the values API)."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from dxtrack.api.schemas import ErrorOut
from dxtrack.programmes.models import Programme
from dxtrack.programmes.schemas import ProgrammeCode, ProgrammeDetailOut, ProgrammeOut
from dxtrack.programmes.selectors import programme_get_for_user, programme_list_for_user

router = Router()


def _number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _programme_out(programme: Programme) -> dict[str, Any]:
    return {
        "code": programme.code, "title": programme.title, "area": programme.area.code,
        "horizon_start": programme.horizon_start, "horizon_end": programme.horizon_end, "is_public": programme.is_public,
    }


@router.get("/programmes", response={200: list[ProgrammeOut], 401: ErrorOut}, operation_id="programmes_list", tags=["programmes"])
def programmes_list(request: HttpRequest) -> Any:
    """Public programmes and those whose area you work in."""
    return [_programme_out(programme) for programme in programme_list_for_user(request.user)]


@router.get(
    "/programmes/{path:code}", response={200: ProgrammeDetailOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="programmes_get", tags=["programmes"],
)
def programmes_get(request: HttpRequest, code: ProgrammeCode) -> Any:
    """One programme with its indicators (codes may hold a slash: /programmes/05-NQ/TU)."""
    programme = programme_get_for_user(request.user, code)
    if programme is None:
        raise HttpError(404, _("No programme with code %(code)s that you may see.") % {"code": code})
    indicators = programme.indicators.select_related("pillar").order_by("order", "code")
    return {
        **_programme_out(programme),
        "indicators": [
            {
                "code": i.code, "name": i.name, "pillar": i.pillar.code, "value_type": i.value_type, "unit": i.unit,
                "period_type": i.period_type,
                "natural_limit": _number(i.natural_limit),
            }
            for i in indicators
        ],
    }
