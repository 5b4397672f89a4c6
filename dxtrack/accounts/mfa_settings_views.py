"""Two-step login for a logged-in person: set up an authenticator voluntarily, turn it off (when
no role requires it), and make new recovery codes.

Every change is a POST that asks again for the password (and, to turn it off, a code), so a
session left open on a shared office computer cannot remove the second step. Wrong answers
count toward the same lockout as wrong logins.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxtrack.accounts.mfa import (
    MfaAction,
    mfa_device,
    mfa_disable,
    mfa_recovery_regenerate,
    mfa_required,
    mfa_verify,
)
from dxtrack.accounts.mfa_views import CodeForm, count_failure, enrol_context, enrol_step, locked
from dxtrack.accounts.models import RecoveryCode, User
from dxtrack.accounts.views import login_locked_out
from dxtrack.audit.models import Outcome
from dxtrack.audit.services import audit_record


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)


class DisableForm(PasswordForm, CodeForm):
    pass


def _settings_page(request: HttpRequest, *, disable_form=None, regenerate_form=None, status: int = 200) -> HttpResponse:
    user = request.user
    device = mfa_device(user)
    return render(request, "accounts/mfa_settings.html", {
        "device": device,
        "required": mfa_required(user),
        "codes_left": RecoveryCode.objects.filter(user=user, used_at__isnull=True).count() if device else 0,
        "disable_form": disable_form or DisableForm(),
        "regenerate_form": regenerate_form or PasswordForm(),
    }, status=status)


def _refused(request: HttpRequest, *, turning_off: bool = False) -> HttpResponse | None:
    """Why a change of an existing device cannot go ahead: none to change (back to the page),
    a role that requires it (403), or a login lockout in force (429); None when it may."""
    user: User = request.user
    if mfa_device(user) is None:
        return redirect("accounts:mfa_settings")
    if turning_off and mfa_required(user):
        raise PermissionDenied(gettext("Your role requires two-step login: it cannot be turned off."))
    if locked(request, user):
        return login_locked_out(request, credentials={"username": user.get_username()})
    return None


def _password_right(request: HttpRequest, form: PasswordForm) -> bool:
    """Check the re-entered password; a wrong one is audited and counted like a wrong login."""
    if request.user.check_password(form.cleaned_data["password"]):
        return True
    form.add_error("password", _("This password is wrong."))
    audit_record(actor=request.user, action=MfaAction.FAILED, outcome=Outcome.FAILED, obj=request.user,
                 request=request, details={"reason": "wrong password"})
    count_failure(request, request.user)
    return False


@never_cache
@login_required
@require_GET
def mfa_settings_view(request: HttpRequest) -> HttpResponse:
    return _settings_page(request)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    if mfa_device(user) is not None:
        return redirect("accounts:mfa_settings")
    if locked(request, user):
        return login_locked_out(request, credentials={"username": user.get_username()})
    outcome = enrol_step(request, user)
    if outcome.codes is not None:
        return render(request, "accounts/mfa_recovery_codes.html",
                      {"codes": outcome.codes, "next": reverse("accounts:mfa_settings")})
    if outcome.wrong_code:
        count_failure(request, user)
    return render(request, "accounts/mfa_setup.html", enrol_context(user, outcome))


@never_cache
@login_required
@require_POST
def mfa_disable_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    if (refusal := _refused(request, turning_off=True)) is not None:
        return refusal
    form = DisableForm(request.POST)
    if not form.is_valid() or not _password_right(request, form):
        return _settings_page(request, disable_form=form, status=400)
    if not mfa_verify(user=user, code=form.cleaned_data["code"], request=request):
        form.add_error("code", _("This code is wrong or was already used. Enter the current code from your authenticator app, or a recovery code."))
        count_failure(request, user)
        return _settings_page(request, disable_form=form, status=400)
    mfa_disable(user=user, request=request)
    messages.success(request, gettext("Two-step login is turned off. Your password alone now logs you in."))
    return redirect("accounts:mfa_settings")


@never_cache
@login_required
@require_POST
def mfa_recovery_regenerate_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    if (refusal := _refused(request)) is not None:
        return refusal
    form = PasswordForm(request.POST)
    if not form.is_valid() or not _password_right(request, form):
        return _settings_page(request, regenerate_form=form, status=400)
    codes = mfa_recovery_regenerate(user=user, request=request)
    return render(request, "accounts/mfa_recovery_codes.html",
                  {"codes": codes, "regenerated": True, "next": reverse("accounts:mfa_settings")})
