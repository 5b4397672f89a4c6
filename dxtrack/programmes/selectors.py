"""Which programmes a visitor may see (the pages, the API and the imports ask here)."""

from django.contrib.auth.models import AnonymousUser

from dxtrack.accounts.models import User
from dxtrack.accounts.selectors import user_is_within_area
from dxtrack.programmes.models import Programme


def programme_list_for_user(user: User | AnonymousUser) -> list[Programme]:
    """Public programmes, plus those whose area the user works in or above."""
    programmes = Programme.objects.select_related("area").order_by("code")
    if user.is_authenticated and user.is_superuser:
        return list(programmes)
    return [p for p in programmes if p.is_public or user_is_within_area(user, p.area)]


def programme_get_for_user(user: User | AnonymousUser, code: str) -> Programme | None:
    programme: Programme | None = Programme.objects.select_related("area").filter(code=code).first()
    if programme is None:
        return None
    if programme.is_public or (user.is_authenticated and user.is_superuser) or user_is_within_area(user, programme.area):
        return programme
    return None


