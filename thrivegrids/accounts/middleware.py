"""Session time limits and the second factor, enforced for every signed-in page.

Both read the view's public marker first (as core's LoginRequiredMiddleware does), so public grid
and directory pages never touch the session and stay cacheable ("Vary: Cookie" is never added).
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from thrivegrids.accounts import second_factor

STARTED_KEY = "tg_signed_in_at"
SEEN_KEY = "tg_last_seen_at"


def start_session_clock(request, *, now=None):
    now = now or time.time()
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now


def seconds_left(request, *, now=None):
    """Seconds until the session ends: by idleness or by the absolute limit, whichever is first."""
    now = now or time.time()
    started = request.session.get(STARTED_KEY, now)
    seen = request.session.get(SEEN_KEY, now)
    return min(
        settings.THRIVEGRIDS_SESSION_IDLE_SECONDS - (now - seen),
        settings.THRIVEGRIDS_SESSION_MAX_SECONDS - (now - started),
    )


class SessionTimeoutMiddleware:
    """Ends a session 15 minutes after the last request, and 12 hours after signing in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True) or not request.user.is_authenticated:
            return None
        now = time.time()
        request.session.setdefault(STARTED_KEY, now)
        request.session.setdefault(SEEN_KEY, now)
        if seconds_left(request, now=now) <= 0:
            idle = now - request.session[SEEN_KEY] >= settings.THRIVEGRIDS_SESSION_IDLE_SECONDS
            logout(request)
            query = urlencode(
                {"reason": "idle" if idle else "limit", "next": request.get_full_path()}
            )
            return redirect(f"{reverse('accounts:session_ended')}?{query}")
        if getattr(view_func, "extends_session", True):
            request.session[SEEN_KEY] = now
        return None


class SecondFactorMiddleware:
    """After the password, every signed-in page waits for the code from the authenticator app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        if not getattr(view_func, "second_factor_required", True):
            return None
        if not request.user.is_authenticated or second_factor.second_factor_done(request.user):
            return None
        step = (
            "accounts:verify" if second_factor.confirmed_device(request.user) else "accounts:set_up"
        )
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(step)}?{query}")
