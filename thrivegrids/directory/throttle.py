"""A per-client rate limit for public writes (problem reports, shared shortlists).

A counter in the Django cache per client address and fixed window: with the shared Redis cache
in production every process sees the same count. A fixed window lets a client reach at most twice
the limit across a window boundary, which is enough to stop floods without storing a log.
"""

import time

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The client's IP address, trusting as many X-Forwarded-For hops as there are proxies.

    DJANGO_PROXY_COUNT (read in settings for the sign-in lockout) says how many proxies add to
    X-Forwarded-For; the address they were given is that many entries from the end.
    """
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
    hops = [hop for hop in hops if hop]
    if proxies and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def allow(request, action, *, limit, window=3600):
    """Count one use of `action` by this client; False once the window's limit is passed."""
    bucket = int(time.time() // window)
    key = f"directory:throttle:{action}:{client_address(request)}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
