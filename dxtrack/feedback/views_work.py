"""The work on an item: the queue, its record with the actions the person may take, the answer,
the review of personal data before publication, the sender's rating. Every write is a POST."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.common.paging import MalformedPage, bad_parameter_response, page_of
from dxtrack.feedback import deadlines
from dxtrack.feedback.answers import answer_draft, item_rate, redaction_proposal
from dxtrack.feedback.models import Answer, ContentArea, Item, State
from dxtrack.feedback.moderation import item_release
from dxtrack.feedback.roles import roles_on_item, user_is_officer, user_may_view_item
from dxtrack.feedback.selectors import agency_list, item_get_by_code, item_list_for_staff
from dxtrack.feedback.services import FeedbackError, item_pause, item_resume, item_transition
from dxtrack.feedback.views_intake import VERIFIED_EMAIL_SESSION_KEY
from dxtrack.feedback.workflow import (
    AGENCY_HEAD,
    AGENCY_STAFF,
    OPEN_STATES,
    SENDER,
    TRANSITIONS,
    actions_for,
)
from dxtrack.orgunits.models import OrgUnit

WORK_QUEUE_PAGE_SIZE = 50  # the shared pager's (common/paging.py); there was a silent cap at 200


def _verified_email(request: HttpRequest) -> str:
    return request.session.get(VERIFIED_EMAIL_SESSION_KEY, "")


def _item_for(request: HttpRequest, code: str) -> tuple[Item, set[str]]:
    """The item and the person's roles on it; 404 for anyone who may not see it (it exists for them not)."""
    item = item_get_by_code(code)
    if item is None:
        raise Http404
    roles = roles_on_item(request.user, item, verified_email=_verified_email(request))
    if not roles and not user_may_view_item(request.user, item):
        raise Http404
    return item, roles


@login_required
def work_queue(request: HttpRequest) -> HttpResponse:
    items = item_list_for_staff(request.user)
    if items is None:
        raise PermissionDenied
    # By default what still needs someone: open items and answers awaiting publication.
    state = request.GET.get("state", "")
    if state == "held":
        items = items.exclude(held_reason="")
    elif state in State.values:
        items = items.filter(state=state)
    elif state != "all":
        items = items.filter(state__in=[*OPEN_STATES, State.ANSWERED])
    today = timezone.localdate()
    try:
        page = page_of(request, items, WORK_QUEUE_PAGE_SIZE)
    except MalformedPage as malformed:
        return bad_parameter_response(request, malformed)
    rows = [{"item": item, "overdue": deadlines.is_overdue(item, today=today)} for item in page.object_list]
    return render(request, "feedback/work_queue.html", {"rows": rows, "page": page, "states": State.choices, "state": state})


def item_detail(request: HttpRequest, code: str) -> HttpResponse:
    item, roles = _item_for(request, code)
    answer = Answer.objects.filter(item=item).select_related("drafted_by", "approved_by").first()
    context = {
        "item": item, "roles": roles, "answer": answer,
        "actions": [(name, TRANSITIONS[name]) for name in actions_for(state=item.state, roles=roles) if name != "publish"],
        "may_publish": "publish" in actions_for(state=item.state, roles=roles),
        "may_answer": bool(roles & {AGENCY_STAFF, AGENCY_HEAD}) and item.state == State.IN_PROGRESS,
        "may_rate": SENDER in roles and item.state in (State.ANSWERED, State.PUBLISHED, State.CLOSED),
        "areas": ContentArea.objects.filter(is_active=True), "agencies": agency_list(),
        "history": _history(item),
        "pauses": item.pauses.all(), "attachments": item.attachments.all(),
        "transfer_due_on": deadlines.transfer_due_on(item), "is_officer": user_is_officer(request.user),
    }
    return render(request, "feedback/item_detail.html", context)


def attachment_download(request: HttpRequest, code: str, attachment_id: int) -> HttpResponse:
    """An attachment's bytes, to those who may see the item's full record (404 for anyone else),
    always as a download with the type checked at intake, never rendered in the page's origin."""
    item, _roles = _item_for(request, code)
    attachment = item.attachments.filter(pk=attachment_id).exclude(file="").first()
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename, content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def _history(item: Item) -> list:
    steps = list(item.transitions.select_related("actor", "from_agency", "to_agency"))
    for step in steps:
        rule = TRANSITIONS.get(step.action)
        step.label = rule.label if rule else {"receive": _("Received"), "sample": _("sample data")}.get(step.action, step.action)
    return steps


def _back(request: HttpRequest, item: Item, error: FeedbackError | None, done: str) -> HttpResponse:
    if error is not None:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("feedback:item_detail", item.code)


@require_POST
def item_act(request: HttpRequest, code: str) -> HttpResponse:
    item, _roles = _item_for(request, code)
    if not request.user.is_authenticated and not _verified_email(request):
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action == "pause":
            item_pause(item=item, actor=request.user, reason=request.POST.get("reason", ""))
        elif action == "resume":
            item_resume(item=item, actor=request.user)
        elif action == "release":
            item_release(item=item, actor=request.user)
        elif action in TRANSITIONS and action != "publish":
            agency = OrgUnit.objects.filter(pk=request.POST.get("agency") or None, kind="agency").first()
            area = ContentArea.objects.filter(pk=request.POST.get("area") or None).first()
            original = item_get_by_code(request.POST.get("duplicate_of", "").strip().upper())
            item_transition(
                item=item, action=action, actor=request.user, reason=request.POST.get("reason", ""), agency=agency,
                area=area, duplicate_of=original, verified_email=_verified_email(request),
            )
        else:
            raise FeedbackError(_("Unknown action."))
    except FeedbackError as error:
        return _back(request, item, error, "")
    return _back(request, item, None, _("Done."))


@require_POST
def answer_save(request: HttpRequest, code: str) -> HttpResponse:
    item, _roles = _item_for(request, code)
    try:
        answer_draft(item=item, actor=request.user, text=request.POST.get("text", ""))
    except FeedbackError as error:
        return _back(request, item, error, "")
    return _back(request, item, None, _("Saved."))


def item_publish(request: HttpRequest, code: str) -> HttpResponse:
    """The review of personal data: the redacted texts proposed, edited by a person, then published."""
    item, roles = _item_for(request, code)
    if "publish" not in actions_for(state=item.state, roles=roles):
        raise PermissionDenied
    question, answer = redaction_proposal(item)
    error = None
    if request.method == "POST":
        question, answer = request.POST.get("public_question", ""), request.POST.get("public_answer", "")
        try:
            item_transition(item=item, action="publish", actor=request.user, public_question=question, public_answer=answer)
            return _back(request, item, None, _("Saved."))
        except FeedbackError as refused:
            error = refused.message
    return render(request, "feedback/item_publish.html", {"item": item, "question": question, "answer": answer, "error": error},
                  status=400 if error else 200)


@require_POST
def item_rate_view(request: HttpRequest, code: str) -> HttpResponse:
    item, _roles = _item_for(request, code)
    try:
        item_rate(item=item, actor=request.user, rating=request.POST.get("rating", ""), comment=request.POST.get("comment", ""),
                  verified_email=_verified_email(request))
    except FeedbackError as error:
        return _back(request, item, error, "")
    return _back(request, item, None, _("Saved."))
