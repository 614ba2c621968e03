import time

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import session_policy
from .backends import may_sign_in_here, username_for_lockout
from .forms import EmailAuthenticationForm, EnrolmentForm, SecondFactorForm
from .lockout import Refusal, forget_sign_in_failures, record_sign_in_failure, sign_in_refusal
from .models import User
from .second_factor import (
    base32_secret,
    complete_second_factor,
    confirm_authenticator,
    has_authenticator,
    issue_backup_codes,
    passed_second_factor,
    pending_authenticator,
    qr_code_svg,
    verify_second_factor,
)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=False):
        return candidate
    return reverse("home")


def _with_next(url_name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """Step one: e-mail and password. Step two (second factor) always follows."""
    next_url = _next_url(request)
    if request.user.is_authenticated and passed_second_factor(request.user):
        return HttpResponseRedirect(next_url)
    form = EmailAuthenticationForm(request, data=request.POST or None)
    if request.method == "POST":
        username = username_for_lockout(request, None)
        refusal = sign_in_refusal(request=request, username=username)
        if refusal is not None:
            return _refused(request, refusal)
        if form.is_valid():
            user = form.get_user()
            forget_sign_in_failures(request=request, username=username)
            auth_login(request, user)
            step = "accounts:verify" if has_authenticator(user) else "accounts:enrol"
            return _with_next(step, next_url)
        if form.has_error(NON_FIELD_ERRORS, "invalid_login") or form.has_error(NON_FIELD_ERRORS, "inactive"):
            record_sign_in_failure(request=request, username=username)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _refused(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    context = {"reason": refusal.reason, "wait_seconds": refusal.retry_after}
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def _password_step_done(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = _password_step_done(request)
    if user is None:
        return redirect("accounts:login")
    next_url = _next_url(request)
    if not has_authenticator(user):
        return _with_next("accounts:enrol", next_url)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_second_factor(user=user, token=form.cleaned_data["token"])
        if device is not None:
            complete_second_factor(request=request, device=device)
            return HttpResponseRedirect(next_url)
        form.add_error("token", _("This code is not valid. Wait for the next code and try again."))
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """First login: set up the authenticator app (QR code), then show the backup codes once."""
    user = _password_step_done(request)
    if user is None:
        return redirect("accounts:login")
    next_url = _next_url(request)
    if has_authenticator(user):
        return _with_next("accounts:verify", next_url)
    device = pending_authenticator(user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = confirm_authenticator(request=request, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url})
        form.add_error("token", _("This code is not valid. Check the time on your phone and try again."))
    context = {"form": form, "next": next_url, "qr_svg": qr_code_svg(device), "secret": base32_secret(device)}
    return render(request, "accounts/enrol.html", context)


@csrf_protect
def regenerate_backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes for a verified person who belongs on this host; the old ones stop working."""
    user = _password_step_done(request)
    if user is None or not passed_second_factor(user):
        return redirect("accounts:login")
    if not may_sign_in_here(user):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    codes = issue_backup_codes(user=user)
    messages.info(request, _("Your old backup codes no longer work."))
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("home")})


@never_cache
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" from the warning before the idle timeout: restarts the idle clock of a
    session that is still valid (SessionPolicyMiddleware has already ended any other)."""
    if not request.user.is_authenticated or not passed_second_factor(request.user):
        return redirect_to_login(request.get_full_path())
    if not may_sign_in_here(request.user):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return JsonResponse({"expires_in": session_policy.keep_alive(request, now=time.time())})
