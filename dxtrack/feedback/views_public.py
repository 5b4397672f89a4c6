"""Pages anyone may read, without logging in: the tracking-code lookup, published questions and
answers, statistics. Nothing here shows a sender's identity or an unpublished text."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dxtrack.feedback.selectors import item_get_by_code


def item_track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().upper()
    item = item_get_by_code(code) if code else None
    return render(request, "feedback/item_track.html", {"code": code, "item": item, "looked_up": bool(code)},
                  status=404 if code and item is None else 200)
