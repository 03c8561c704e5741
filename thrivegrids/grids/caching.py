"""Whole-response caching for public grid pages.

Published versions never change, so a public page depends only on its URL, the language and the
"content generation": a counter that publishing, retiring and local-note changes bump. A request
then costs two cache reads and no database query, and the ETag comes from the same key so a
revalidation (If-None-Match) is answered before any work.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language

GENERATION_KEY = "grids:content-generation"
RELEASE = "0.1.0"  # bump with template or presentation changes that should invalidate caches
MAX_CACHED_QUERY = 300  # longer query strings are rendered but not cached (bounded key space)


def content_generation():
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def bump_content_generation():
    """Invalidate every cached public page: now, and again when the transaction commits.

    The second bump covers a request that renders old content between the first bump and commit.
    """
    _bump()
    transaction.on_commit(_bump)


def cached_public_response(view):
    """Serve a public GET view from the page cache, with ETag and Cache-Control for proxies."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        path = request.get_full_path()
        key = (
            "grids:page:"
            + hashlib.sha256(
                f"{RELEASE}|{content_generation()}|{get_language()}|{path}".encode()
            ).hexdigest()
        )
        etag = f'"{key[-32:]}"'
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            if len(path) <= MAX_CACHED_QUERY:
                kept = {
                    n: response[n] for n in ("Content-Type", "Content-Disposition") if n in response
                }
                cache.set(key, (response.content, kept), settings.THRIVEGRIDS_GRID_CACHE_SECONDS)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.THRIVEGRIDS_GRID_CACHE_SECONDS)
        return response

    return wrapper
