"""Request ids, login required by default, and the headers every response needs."""

import re
import uuid

from django.contrib.auth import middleware as auth_middleware
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers

# A client's request id is kept only if it is short and plain (the audit column holds 64).
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# Browser features no page uses; the directory asks for the location only from this site.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# The JSON API answers every error with RFC 9457 problem details (thrivegrids/api/problems.py).
API_PATH = "/api/"


def _nul_problem(request):
    """The JSON API's 400 for a NUL character, naming each query parameter that holds one."""
    fields = [name for name, values in request.GET.lists() if any("\x00" in v for v in values)]
    body = {"type": "about:blank", "title": "Invalid request parameters", "status": 400}
    body["detail"] = "The request contains a NUL character."
    if fields:
        body["errors"] = [
            {"field": f, "message": "must not contain a NUL character"} for f in fields
        ]
    return JsonResponse(body, status=400, content_type="application/problem+json")


def refuse_nul_characters_middleware(get_response):
    """A NUL character in the address, the query or a form is never meant: PostgreSQL cannot
    store or compare it (a search for it was a 500), so it is refused with 400 everywhere."""

    def middleware(request):
        values = [request.path]
        values += [value for _, values_ in request.GET.lists() for value in values_]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            values += [value for _, values_ in request.POST.lists() for value in values_]
        if any("\x00" in value for value in values if isinstance(value, str)):
            if request.path.startswith(API_PATH):
                return _nul_problem(request)
            return HttpResponseBadRequest("Bad request: the request contains a NUL character.")
        return get_response(request)

    return middleware


def request_id_middleware(get_response):
    def middleware(request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        response = get_response(request)
        response["X-Request-ID"] = request.request_id
        return response

    return middleware


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's login-required default, checking the public marker before the user.

    Django's version reads request.user first, which touches the session and adds "Vary: Cookie"
    to public pages, so no proxy would cache a grid page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PrivatePagesMiddleware:
    """Every page behind sign-in (records, conversations, audit, team figures) is stored by no
    browser or proxy: `Cache-Control: no-store, private`. Public pages keep their own caching.
    Every response also says which browser features the site may use (Permissions-Policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_private_page", True):
            add_never_cache_headers(response)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Read from the view's public marker, not the session, so public pages stay cacheable.
        request.is_private_page = getattr(view_func, "login_required", True)
