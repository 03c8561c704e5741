"""Signing in (password, then the authenticator code), signing out, session time and organisation."""

from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from thrivegrids.accounts import lockout, second_factor, services
from thrivegrids.accounts.active import (
    current_membership,
    current_organisation,
    memberships_for,
    needs_choice,
    set_active_organisation,
)
from thrivegrids.accounts.decorators import does_not_extend_session, second_factor_not_required
from thrivegrids.accounts.forms import (
    ChooseOrganisationForm,
    RecoveryCodeForm,
    SecurityCodeForm,
    SignInForm,
)
from thrivegrids.accounts.middleware import seconds_left
from thrivegrids.accounts.presenters import home_links
from thrivegrids.accounts.set_up_links import refuse_link
from thrivegrids.core.qr import qr_code_svg


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _next_step(request, next_url):
    """Where a signed-in user goes now: the code, then an organisation, then where they were going."""
    user = request.user
    if not second_factor.second_factor_done(user):
        step = "accounts:verify" if second_factor.confirmed_device(user) else "accounts:set_up"
        return _with_next(reverse(step), next_url)
    if needs_choice(request):
        return _with_next(reverse("accounts:choose_organisation"), next_url)
    return next_url or reverse("accounts:home")


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this (AXES_LOCKOUT_CALLABLE) for a locked-out sign-in (accounts.lockout)."""
    context = lockout.page_context(lockout.for_request(request, credentials))
    return render(request, "accounts/locked_out.jinja", context, status=429)


@login_not_required
@sensitive_post_parameters("password")
@never_cache
def sign_in(request):
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(_next_step(request, next_url))
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.sign_in(request=request, user=form.get_user())
        return redirect(_next_step(request, next_url))
    return render(request, "accounts/sign_in.jinja", {"form": form, "next": next_url})


def _count_wrong_code(request):
    """A wrong code counts towards the same lockout as a wrong password; locked out ends the session."""
    username = request.user.get_username()
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    if getattr(request, "axes_locked_out", False):
        logout(request)


def _is_locked_out(request):
    return not AxesProxyHandler.is_allowed(request, {"username": request.user.get_username()})


@second_factor_not_required
@sensitive_post_parameters("code")
@never_cache
def verify(request):
    """Step two: the 6-digit code from the user's authenticator app."""
    next_url = _safe_next(request)
    device = second_factor.confirmed_device(request.user)
    if second_factor.second_factor_done(request.user) or device is None:
        return redirect(_next_step(request, next_url))
    if _is_locked_out(request):
        logout(request)
        return locked_out(request)
    form = SecurityCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        verified = django_otp.verify_token(
            request.user, device.persistent_id, form.cleaned_data["code"]
        )
        if verified:
            services.pass_second_factor(request=request, device=verified)
            return redirect(_next_step(request, next_url))
        form.add_error("code", _wrong_code_message(device))
        _count_wrong_code(request)
    return render(request, "accounts/verify.jinja", {"form": form, "next": next_url})


def _wrong_code_message(device):
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes. Wait a few seconds, then try the newest code.")
    return _("The security code is not right. Enter the code your app shows now.")


@second_factor_not_required
@sensitive_post_parameters("code")
@never_cache
def set_up(request):
    """First sign-in: through a set-up link, add the authenticator app (QR code or typed key) and
    prove it works; without a link, the page says to ask for one."""
    next_url = _safe_next(request)
    user = request.user
    if second_factor.confirmed_device(user) or not second_factor.requires_second_factor(user):
        # A second device is added by staff resetting the first, never from a password alone.
        return redirect(_next_step(request, next_url))
    if _is_locked_out(request):
        logout(request)
        return locked_out(request)
    pending = second_factor.pending_set_up(request)
    if pending is None:
        return render(request, "accounts/ask_for_set_up_link.jinja", {})
    link, device = pending
    if (reason := link.refusal()) is not None:
        return refuse_link(request, link, reason)
    form = SecurityCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if second_factor.code_is_right(device, form.cleaned_data["code"]):
            return _finish_set_up(request, link, device, next_url)
        form.add_error(
            "code", _("The security code is not right. Enter the code your app shows now.")
        )
        _count_wrong_code(request)
    context = {
        "form": form,
        "next": next_url,
        "secret": second_factor.secret_for_display(device),
        # The otpauth:// address; the same secret is shown as text beside it.
        "qr_code": qr_code_svg(device.config_url),
    }
    return render(request, "accounts/set_up.jinja", context)


def _finish_set_up(request, link, device, next_url):
    """Save the device, sign the session in with it, and show the recovery codes, once."""
    try:
        codes = services.set_up_second_factor(
            by=request.user, link=link, device=device, request=request
        )
    except services.SetUpLinkRefused as refused:
        return refuse_link(request, link, refused.reason)
    second_factor.forget_set_up(request)
    request.session.cycle_key()
    django_otp.login(request, device)
    context = {"codes": codes, "continue_url": _next_step(request, next_url)}
    return render(request, "accounts/recovery_codes.jinja", context)


@second_factor_not_required
@sensitive_post_parameters("code")
@never_cache
def use_recovery_code(request):
    """Step two without the phone: one of the recovery codes shown when the app was set up."""
    next_url = _safe_next(request)
    user = request.user
    if second_factor.second_factor_done(user) or second_factor.confirmed_device(user) is None:
        return redirect(_next_step(request, next_url))
    if _is_locked_out(request):
        logout(request)
        return locked_out(request)
    form = RecoveryCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        remaining = services.pass_second_factor_with_recovery_code(
            request=request, code=form.cleaned_data["code"]
        )
        if remaining is not None:
            context = {"remaining": remaining, "continue_url": _next_step(request, next_url)}
            return render(request, "accounts/recovery_code_used.jinja", context)
        form.add_error(
            "code", _("This recovery code is not right or has been used. Check it and try again.")
        )
        _count_wrong_code(request)
    return render(request, "accounts/use_recovery_code.jinja", {"form": form, "next": next_url})


@second_factor_not_required
@require_POST
def sign_out(request):
    services.sign_out(request=request)
    return redirect(f"{reverse('accounts:session_ended')}?reason=signed_out")


@login_not_required
@require_safe
@never_cache
def session_ended(request):
    reason = request.GET.get("reason", "")
    context = {
        "reason": reason if reason in {"idle", "limit", "signed_out"} else "",
        "sign_in_url": _with_next(reverse("accounts:sign_in"), _safe_next(request)),
        "idle_minutes": settings.THRIVEGRIDS_SESSION_IDLE_SECONDS // 60,
        "limit_hours": settings.THRIVEGRIDS_SESSION_MAX_SECONDS // 3600,
    }
    return render(request, "accounts/session_ended.jinja", context)


@require_POST
def keep_alive(request):
    """The "stay signed in" button: this request is the activity that restarts the idle timer."""
    return JsonResponse({"seconds_left": int(seconds_left(request))})


@does_not_extend_session
@require_safe
@never_cache
def session_status(request):
    """How long until the session ends, for the warning; asking does not count as activity."""
    return JsonResponse({"seconds_left": int(seconds_left(request))})


@never_cache
def choose_organisation(request):
    next_url = _safe_next(request)
    memberships = list(memberships_for(request.user))
    form = ChooseOrganisationForm(
        request.POST if request.method == "POST" else None,
        memberships=memberships,
        initial={"organisation": getattr(current_organisation(request), "pk", None)},
    )
    if request.method == "POST" and form.is_valid():
        set_active_organisation(request, form.chosen_membership())
        return redirect(next_url or reverse("accounts:home"))
    context = {"form": form, "next": next_url, "has_memberships": bool(memberships)}
    return render(request, "accounts/choose_organisation.jinja", context)


@require_safe
def home(request):
    if needs_choice(request):
        return redirect("accounts:choose_organisation")
    membership = current_membership(request)
    context = {"membership": membership, "links": home_links(request.user, membership)}
    return render(request, "accounts/home.jinja", context)
