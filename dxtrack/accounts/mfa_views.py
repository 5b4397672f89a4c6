"""The login's second step: the password step (`PasswordLoginView`) keeps only the pending
user's id in the session; these views log in after a right code (or enrolment).

A wrong or reused code counts as a failed login for django-axes (the same 5-per-(username,
address) lock as wrong passwords) and for the address throttle.
"""

from dataclasses import dataclass
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import login as auth_login
from django.contrib.auth import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from dxtrack.accounts.mfa import (
    enrolment_secret,
    enrolment_sign,
    mfa_device,
    mfa_enabled,
    mfa_enrol,
    mfa_verify,
    new_secret,
    provisioning_uri,
    qr_code_data_uri,
    secret_grouped,
)
from dxtrack.accounts.models import User
from dxtrack.accounts.throttle import request_address_paused_until
from dxtrack.accounts.views import login_locked_out

PENDING = "mfa_pending"
# The second step must follow the password within this time, or the password is asked again.
PENDING_SECONDS = 10 * 60


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, strip=True)


class EnrolForm(CodeForm):
    enrolment = forms.CharField(widget=forms.HiddenInput, max_length=500)


@dataclass
class EnrolOutcome:
    form: EnrolForm
    secret: str  # the one to show (again, after a wrong code)
    codes: list[str] | None = None  # set: enrolled, recovery codes to show once
    wrong_code: bool = False  # counts toward the lockout


def enrol_step(request: HttpRequest, user: User) -> EnrolOutcome:
    """The enrolment form of the login's step and of the self-service page: GET shows a new
    secret (signed into the form, nothing stored); POST confirms it with the first code."""
    form = EnrolForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return EnrolOutcome(form, new_secret())
    secret = enrolment_secret(user, form.cleaned_data["enrolment"])
    if secret is None:
        form.add_error("code", _("This page was open too long. Add the new key below to your app and enter its code."))
        return EnrolOutcome(form, new_secret())
    codes = mfa_enrol(user=user, secret=secret, code=form.cleaned_data["code"], request=request)
    if codes is None:
        form.add_error("code", _("This code is wrong. Enter the 6 digits your authenticator app shows now."))
        return EnrolOutcome(form, secret, wrong_code=True)
    return EnrolOutcome(form, secret, codes=codes)


def enrol_context(user: User, outcome: EnrolOutcome) -> dict[str, Any]:
    uri = provisioning_uri(user, outcome.secret)
    return {"form": outcome.form, "uri": uri, "qr": qr_code_data_uri(uri), "secret": secret_grouped(outcome.secret),
            "enrolment": enrolment_sign(user, outcome.secret)}


class PasswordLoginView(LoginView):
    template_name = "accounts/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if not mfa_enabled(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk, "backend": user.backend, "next": self.get_success_url(),
            "since": timezone.now().timestamp(),
        }
        return redirect("accounts:mfa_verify" if mfa_device(user) else "accounts:mfa_enrol")


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not pending or timezone.now().timestamp() - pending["since"] > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user else None


def locked(request: HttpRequest, user: User) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()}) or (
        request_address_paused_until(request) is not None
    )


def count_failure(request: HttpRequest, user: User) -> None:
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def _finish(request: HttpRequest, user: User, pending: dict[str, Any]) -> str:
    next_url = pending["next"]
    auth_login(request, user, backend=pending["backend"])  # a new session key; PENDING goes with the old
    request.session.pop(PENDING, None)
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    return next_url


@never_cache
@csrf_protect
def mfa_verify_view(request: HttpRequest) -> HttpResponse:
    found = _pending(request)
    if found is None:
        return redirect("accounts:login")
    user, pending = found
    if mfa_device(user) is None:
        return redirect("accounts:mfa_enrol")
    credentials = {"username": user.get_username()}
    if locked(request, user):
        return login_locked_out(request, credentials=credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa_verify(user=user, code=form.cleaned_data["code"], request=request):
            return redirect(_finish(request, user, pending))
        count_failure(request, user)
        if locked(request, user):
            return login_locked_out(request, credentials=credentials)
        form.add_error("code", _("This code is wrong or was already used. Enter the current code from your authenticator app, or a recovery code."))
    return render(request, "accounts/mfa_verify.html", {"form": form, "username": user.get_username()})


@never_cache
@csrf_protect
def mfa_enrol_view(request: HttpRequest) -> HttpResponse:
    found = _pending(request)
    if found is None:
        return redirect("accounts:login")
    user, pending = found
    if mfa_device(user) is not None:
        return redirect("accounts:mfa_verify")
    credentials = {"username": user.get_username()}
    if locked(request, user):
        return login_locked_out(request, credentials=credentials)
    outcome = enrol_step(request, user)
    if outcome.codes is not None:
        next_url = _finish(request, user, pending)
        return render(request, "accounts/mfa_recovery_codes.html", {"codes": outcome.codes, "next": next_url})
    if outcome.wrong_code:
        count_failure(request, user)
        if locked(request, user):
            return login_locked_out(request, credentials=credentials)
    return render(request, "accounts/mfa_enrol.html", enrol_context(user, outcome))
