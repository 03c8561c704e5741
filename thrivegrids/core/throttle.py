"""Per-client rate limits, counted in the Django cache: public writes and secret-link pages.

A counter per client address (core.client_ip) and fixed window: with the shared Redis cache
(CACHE_URL) every process sees the same count; with the local-memory default each process counts
on its own. A fixed window lets a client reach at most twice the limit across a window boundary,
which is enough to stop floods without storing a log.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache

from thrivegrids.core.client_ip import client_ip
from thrivegrids.core.link_pages import private
from thrivegrids.core.views import too_many_requests


def count(key, *, timeout):
    """Add one to the counter at `key` (created with `timeout` seconds to live); the new count."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def allow(request, action, *, limit, window=3600):
    """Count one use of `action` by this client; False once the window's limit is passed."""
    bucket = int(time.time() // window)
    return count(f"throttle:{action}:{client_ip(request)}:{bucket}", timeout=window) <= limit


def limit_link_page_requests(view):
    """A secret-link page view: each address may open link pages (all of them together)
    settings.THRIVEGRIDS_LINK_PAGE_REQUESTS_PER_MINUTE times a minute, then gets the 429 page
    with urgent help until the minute is over; 0 turns the limit off."""

    @functools.wraps(view)
    def limited_view(request, *args, **kwargs):
        limit = settings.THRIVEGRIDS_LINK_PAGE_REQUESTS_PER_MINUTE
        if limit and not allow(request, "link_pages", limit=limit, window=60):
            seconds = 60 - int(time.time()) % 60
            return private(too_many_requests(request, retry_after=seconds))
        return view(request, *args, **kwargs)

    return limited_view
