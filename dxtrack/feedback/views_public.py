"""Pages anyone may read, without logging in: the tracking-code lookup, published questions and
answers, statistics. Nothing here shows a sender's identity or an unpublished text."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.audit.request_info import client_ip
from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of
from dxtrack.feedback.conference_docx import conference_answers_docx
from dxtrack.feedback.models import AbuseReport, Event, Item, State
from dxtrack.feedback.moderation import item_report
from dxtrack.feedback.selectors import (
    PUBLIC_PAGE_SIZE,
    agency_list,
    area_list,
    feedback_statistics,
    item_get_by_code,
    public_item_list,
)
from dxtrack.feedback.services import FeedbackError

STATUS_FILTERS = ("on_time", "late")
# Counting every match of a broad search over 100,000 items costs more than the page itself;
# past this many, the page says "more than" and offers the first pages.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list[: COUNT_CAP + 1].count()


def item_track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().upper()[:20]
    item = item_get_by_code(code) if code else None
    return render(request, "feedback/item_track.html", {"code": code, "item": item, "looked_up": bool(code)},
                  status=404 if code and item is None else 200)


def public_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    area, agency = request.GET.get("area", "")[:40], request.GET.get("agency", "")[:32]
    status = request.GET.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    items = public_item_list(query=query, area=area, agency=agency, status=status)
    try:
        page = page_of(request, items, PUBLIC_PAGE_SIZE, paginator_class=CappedPaginator)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    return render(request, "feedback/public_list.html", {
        "page": page, "capped": page.paginator.count > COUNT_CAP, "cap": COUNT_CAP, "query": query, "area": area, "agency": agency, "status": status,
        "areas": area_list(), "agencies": agency_list(),
    })


def public_detail(request: HttpRequest, code: str) -> HttpResponse:
    item = Item.objects.select_related("area", "agency", "answer").filter(code=code, state=State.PUBLISHED, held_reason="").first()
    if item is None:
        raise Http404
    return render(request, "feedback/public_detail.html", {"item": item, "reasons": AbuseReport.Reason.choices})


@require_POST
def public_report(request: HttpRequest, code: str) -> HttpResponse:
    item = Item.objects.filter(code=code, state=State.PUBLISHED, held_reason="").first()
    if item is None:
        raise Http404
    try:
        item_report(item=item, reason=request.POST.get("reason", ""), ip=client_ip(request))
    except FeedbackError as error:
        messages.error(request, error.message)
        return redirect("feedback:public_detail", code)
    messages.success(request, _("Thank you: the programme office will review it."))
    return redirect("feedback:public_list")


def conference_answers(request: HttpRequest, event_id: int) -> HttpResponse:
    """A conference's published answers in one DOCX (published texts only, so no login)."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise Http404
    response = HttpResponse(conference_answers_docx(event),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="hoi-nghi-{event.pk}-tra-loi.docx"'
    return response


def public_stats(request: HttpRequest) -> HttpResponse:
    stats = feedback_statistics()
    percent = stats.on_time_share * 100 if stats.on_time_share is not None else None
    return render(request, "feedback/public_stats.html", {"stats": stats, "on_time_percent": percent})
