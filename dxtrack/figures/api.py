"""The progress API: `GET /api/v1/programmes/{code}/progress` answers what `dxtrack progress
CODE --format json` prints, for the programmes the caller may see (as `programmes_get`).

Programme codes hold slashes (05-NQ/TU), so the route is `/programmes/{path:code}/progress`
and is registered before `programmes_get`'s `/programmes/{path:code}` (see dxtrack/api/api.py),
which would otherwise take "05-NQ/TU/progress" for a code.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from dxtrack.api.schemas import ErrorOut
from dxtrack.figures.labels import as_of_parse, threshold_parse
from dxtrack.figures.rows import status_json
from dxtrack.figures.schemas import ProgressRowOut
from dxtrack.figures.selectors import (
    FigureError,
    FigureOptions,
    programme_status,
    user_may_include_unapproved,
)
from dxtrack.programmes.schemas import ProgrammeCode
from dxtrack.programmes.selectors import programme_get_for_user

router = Router()
METHODS = ("opensdg", "unsd")


@router.get(
    "/programmes/{path:code}/progress",
    response={200: list[ProgressRowOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="programmes_progress", tags=["programmes"],
)
def programmes_progress(
    request: HttpRequest, code: ProgrammeCode, as_of: str | None = None, threshold: str | None = None,
    unapproved: bool = False, method: str | None = None,
) -> Any:
    """Where the programme stands: one row per target and milestone, with the figure it is judged
    on, its coverage, provisional and since figures, whether it is met and its progress.

    `as_of=YYYY-MM-DD`: as it stood at the end of that day. `threshold`: completeness threshold
    in percent (0–100) instead of the programme's. `unapproved=true`: include values not
    approved yet (marked; for the programme's officers, approvers and leaders, ignored for
    others). `method=opensdg,unsd`: other progress methods besides the default."""
    programme = programme_get_for_user(request.user, code)
    if programme is None:
        raise HttpError(404, _("No programme with code %(code)s that you may see.") % {"code": code})
    methods = tuple(dict.fromkeys(m.strip() for m in (method or "").split(",") if m.strip()))
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise HttpError(400, _("Unknown progress method %(method)s; use opensdg or unsd.") % {"method": unknown[0]})
    try:
        options = FigureOptions(
            as_of=as_of_parse(as_of), methods=methods,
            include_unapproved=unapproved and user_may_include_unapproved(request.user, programme),
        )
        status = programme_status(programme=programme, options=options, threshold=threshold_parse(threshold))
    except FigureError as error:
        raise HttpError(400, str(error)) from None
    return JsonResponse(status_json(status, get_language() or "vi"), safe=False)
