"""A per-client rate limit for public writes (problem reports, shared shortlists).

A counter in the Django cache per client address and fixed window: with the shared Redis cache
in production every process sees the same count. A fixed window lets a client reach at most twice
the limit across a window boundary, which is enough to stop floods without storing a log.
"""

import time

from django.core.cache import cache

from thrivegrids.core.client_ip import client_ip


def allow(request, action, *, limit, window=3600):
    """Count one use of `action` by this client; False once the window's limit is passed."""
    bucket = int(time.time() // window)
    key = f"directory:throttle:{action}:{client_ip(request)}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
