import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@login_not_required
@require_GET
def health(request):
    """Liveness and database reachability for the load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


ERROR_PAGE_HTML = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem'
    "</title></head><body><h1>Sorry, there is a problem with the service</h1><p>Try again later."
    "</p><p>If you need help now: call 999 or go to A&amp;E if your life is in danger, you have "
    "taken too many tablets or anything harmful (even if you feel fine), or you are badly hurt. "
    "Call 111 and choose the mental health option if you need help soon.</p></body></html>"
)


def _error_page(request, status, heading, paragraphs):
    """The NHS.UK error page in the address's language; plain HTML if even that cannot render."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            context = {"heading": heading(), "paragraphs": [p() for p in paragraphs]}
            html = render_to_string("core/error_page.jinja", context, request=request)
    except Exception:  # noqa: BLE001 (the page that reports a failure must not fail itself)
        logger.exception("The error page could not be rendered")
        html = ERROR_PAGE_HTML
    response = HttpResponse(html, status=status)
    add_never_cache_headers(response)
    return response


def server_error(request):
    return _error_page(
        request,
        500,
        lambda: _("Sorry, there is a problem with the service"),
        [
            lambda: _("Try again later. What you saved before the problem is kept."),
        ],
    )


def csrf_failure(request, reason=""):
    return _error_page(
        request,
        403,
        lambda: _("This form could not be sent"),
        [
            lambda: _(
                "The page was open for a long time, or it was opened in another tab. Go back, "
                "reload the page and try again."
            ),
        ],
    )


def too_many_requests(request, *, retry_after):
    """The 429 page for a client past a rate limit (core.throttle), saying when to come back."""
    response = _error_page(
        request,
        429,
        lambda: _("Too many requests"),
        [
            lambda: _(
                "This page has been opened too many times from your network in a short time. "
                "Wait a minute, then try again."
            ),
        ],
    )
    response["Retry-After"] = str(retry_after)
    return response
