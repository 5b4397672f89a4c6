"""Reads of the feedback app: items by code, the public list and its search, the work queue."""

from dxtrack.feedback.models import Item


def item_get_by_code(code: str) -> Item | None:
    return Item.objects.select_related("area", "agency").filter(code=code).first()
