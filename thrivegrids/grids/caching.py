"""Whole-response caching for public grid pages.

Published versions never change, so a public page depends only on its path, the few query
parameters it reads, the language and the "content generation": a counter in the database that
every write to public grid content (publishing, retiring, local notes, directory changes) bumps in
its own transaction. A request then costs one tiny query and one cache read, and the ETag comes
from the same key, so a revalidation (If-None-Match) is answered before any other work.
"""

import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language

from thrivegrids.core.content_generation import content_generation

# Query parameters that change a public grid page; anything else (tracking tags) is ignored, so it
# can neither fill the cache nor force a fresh PDF render.
PAGE_PARAMETERS = ("compare", "from", "to")


def _page_key(request):
    parameters = sorted(
        (name, value) for name in PAGE_PARAMETERS for value in request.GET.getlist(name)
    )
    identity = "|".join(
        (
            settings.THRIVEGRIDS_RELEASE,
            str(content_generation()),
            # Pages say when a version is past its review date: a new day is a new page.
            timezone.localdate().isoformat(),
            get_language(),
            request.path,
            urlencode(parameters),
        )
    )
    return "grids:page:" + hashlib.sha256(identity.encode()).hexdigest()


def _with_cache_headers(response, etag):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.THRIVEGRIDS_GRID_CACHE_SECONDS)
    return response


def cached_public_response(view):
    """Serve a public GET view from the page cache, with ETag and Cache-Control for proxies."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = _page_key(request)
        etag = f'"{key[-32:]}"'
        # "If-None-Match: *" would match any ETag, even for a page that does not exist.
        if request.headers.get("If-None-Match", "").strip() != "*":
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                return _with_cache_headers(not_modified, etag)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return _with_cache_headers(response, etag)
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        kept = {
            name: response[name]
            for name in ("Content-Type", "Content-Disposition")
            if name in response
        }
        cache.set(key, (response.content, kept), settings.THRIVEGRIDS_GRID_CACHE_SECONDS)
        return _with_cache_headers(response, etag)

    return wrapper
