"""The directory's per-client limits on public writes (problem reports, shared shortlists).

Counted by core.throttle, under the directory's own names.
"""

from thrivegrids.core import throttle


def allow(request, action, *, limit, window=3600):
    """Count one use of the directory's `action` by this client; False once past `limit`."""
    return throttle.allow(request, f"directory:{action}", limit=limit, window=window)
