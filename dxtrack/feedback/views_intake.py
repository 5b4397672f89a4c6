"""Intake pages: the web form (logged-in senders), the e-mail route with a one-time link, and
staff entry of letters, calls, e-mails and conference proposals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dxtrack.audit.request_info import client_ip
from dxtrack.feedback.attachments import attachment_check
from dxtrack.feedback.forms import EmailStartForm, ItemForm, StaffItemForm
from dxtrack.feedback.models import Attachment, Channel, Item
from dxtrack.feedback.roles import user_is_officer
from dxtrack.feedback.services import FeedbackError, RateLimited, item_receive
from dxtrack.feedback.verification import verification_get, verification_send, verification_use

VERIFIED_EMAIL_SESSION_KEY = "feedback_verified_email"


def _receive(request: HttpRequest, form, **sender) -> Item:
    """Check the attachment and the text, then save both, or neither."""
    data = form.cleaned_data
    upload = request.FILES.get("attachment")
    metadata = attachment_check(upload) if upload else None
    with transaction.atomic():
        item = item_receive(
            text=data["text"], area=data.get("area"), kind=data.get("kind"),
            sender_organisation=data.get("sender_organisation", ""), sender_name=data.get("sender_name", ""),
            sender_phone=data.get("sender_phone", ""), ip=client_ip(request), **sender,
        )
        if metadata:
            content = metadata.pop("content")
            Attachment.objects.create(item=item, file=ContentFile(content, name=metadata["filename"]), **metadata)
    return item


def _form_page(request: HttpRequest, template: str, form, context: dict, error: FeedbackError | None) -> HttpResponse:
    if error is not None:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(request, template, {"form": form, **context}, status=429 if isinstance(error, RateLimited) else 400 if error else 200)


def _sent(request: HttpRequest, item: Item) -> HttpResponse:
    messages.success(request, _("Received. Your tracking code is %(code)s; keep it to follow the answer.") % {"code": item.code})
    return redirect(reverse("feedback:track") + f"?code={item.code}")


def item_new(request: HttpRequest) -> HttpResponse:
    """Logged-in senders write here; others are offered the e-mail route."""
    if not request.user.is_authenticated:
        return redirect("feedback:email_start")
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            return _sent(request, _receive(request, form, channel=Channel.WEB, sender_user=request.user,
                                           sender_email=request.user.email))
        except FeedbackError as error:
            return _form_page(request, "feedback/item_new.html", form, {}, error)
    return render(request, "feedback/item_new.html", {"form": form}, status=400 if form.errors else 200)


def email_start(request: HttpRequest) -> HttpResponse:
    form = EmailStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verification_send(email=form.cleaned_data["email"], ip=client_ip(request))
        except RateLimited as error:
            return _form_page(request, "feedback/email_start.html", form, {}, error)
        return render(request, "feedback/email_start.html", {"form": None, "sent_to": form.cleaned_data["email"]})
    return render(request, "feedback/email_start.html", {"form": form}, status=400 if form.errors else 200)


def email_verified(request: HttpRequest, token: str) -> HttpResponse:
    try:
        record = verification_get(token)
    except FeedbackError as error:
        return render(request, "feedback/email_start.html", {"form": EmailStartForm(), "link_error": error.message}, status=410)
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                verification_use(token)
                item = _receive(request, form, channel=Channel.EMAIL, sender_email=record.email)
        except FeedbackError as error:
            return _form_page(request, "feedback/item_new.html", form, {"verified_email": record.email}, error)
        request.session[VERIFIED_EMAIL_SESSION_KEY] = record.email
        return _sent(request, item)
    return render(request, "feedback/item_new.html", {"form": form, "verified_email": record.email}, status=400 if form.errors else 200)


def staff_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not user_is_officer(request.user):
        raise PermissionDenied
    form = StaffItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = _receive(request, form, channel=data["channel"], sender_email=data["sender_email"], address=data["address"],
                            event=data["event"], received_by=request.user)
        except FeedbackError as error:
            return _form_page(request, "feedback/staff_new.html", form, {}, error)
        messages.success(request, _("Recorded as %(code)s.") % {"code": item.code})
        return redirect("feedback:item_detail", item.code)
    return render(request, "feedback/staff_new.html", {"form": form}, status=400 if form.errors else 200)
