"""The accounts API: who the caller is and what they may do where."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router

from dxtrack.accounts.models import RoleAssignment
from dxtrack.accounts.schemas import MeOut
from dxtrack.api.schemas import ErrorOut

router = Router()


@router.get("/me", response={200: MeOut, 401: ErrorOut}, operation_id="me_get", tags=["accounts"])
def me_get(request: HttpRequest) -> Any:
    """The calling user, their roles, and the token the request came with (if any)."""
    user = request.user
    token = getattr(request, "access_token", None)
    assignments = RoleAssignment.objects.filter(user=user).select_related("org_unit").order_by("role", "org_unit__code")
    return {
        "username": user.get_username(), "full_name": user.get_full_name(), "email": user.email,
        "is_superuser": user.is_superuser, "language": get_language() or "",
        "roles": [
            {"role": a.role, "role_label": str(a.get_role_display()), "unit": a.org_unit.code, "unit_name": a.org_unit.name}
            for a in assignments
        ],
        "token": (
            {"name": token.name, "prefix": token.prefix, "created_at": token.created_at, "expires_at": token.expires_at}
            if token is not None else None
        ),
    }
