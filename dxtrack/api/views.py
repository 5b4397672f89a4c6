"""The page where users make and revoke their personal access tokens for the API.

The new token is shown in the answer to the POST that made it, once: it is not put in the
session, a message or a URL, and the page is not cached.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from dxtrack.accounts.tokens import token_create, token_list_for_user, token_revoke
from dxtrack.api.forms import TokenCreateForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    plain = None
    if request.method == "POST":
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            expires_at = timezone.now() + timedelta(days=form.cleaned_data["lifetime"])
            try:
                token, plain = token_create(user=request.user, name=form.cleaned_data["name"], expires_at=expires_at)
            except ValidationError as invalid:
                for field, errors in invalid.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form = TokenCreateForm()
    else:
        form = TokenCreateForm()
    now = timezone.now()
    tokens = [
        {"token": token, "state": _state(token, now)}
        for token in token_list_for_user(request.user)
    ]
    return render(request, "api/token_list.html", {"form": form, "tokens": tokens, "plain": plain})


def _state(token, now) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = token_list_for_user(request.user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    token_revoke(token=token, by=request.user)
    messages.success(request, _("Token “%(name)s” is revoked: requests with it are now refused.") % {"name": token.name})
    return redirect("tokens:token_list")
