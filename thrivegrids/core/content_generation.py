"""The content generation: one number that every write to public content bumps.

Cached public pages (grids/caching.py) include it in their key, so a publication, a local note or
a directory change is seen on the next request without anyone clearing a cache. It lives in core
because grids and the directory both write public content, and neither should import the other
to say so.
"""

import time

from django.db import transaction
from django.db.models import F

from thrivegrids.core.models import ContentGeneration

# Each process remembers the generation for a second, so a cached page needs no database query at
# all; another process sees a publication at most this late (this process sees it at once).
GENERATION_MEMO_SECONDS = 1.0
_memo = {"value": None, "until": 0.0}


def content_generation():
    now = time.monotonic()
    if _memo["value"] is not None and now < _memo["until"]:
        return _memo["value"]
    stored = ContentGeneration.objects.filter(pk=ContentGeneration.SINGLETON).values_list(
        "value", flat=True
    )
    value = stored.first() or 1
    _memo.update(value=value, until=now + GENERATION_MEMO_SECONDS)
    return value


def forget_content_generation():
    _memo["value"] = None


def bump_content_generation():
    """Invalidate every cached public page; call inside the writing transaction."""
    updated = ContentGeneration.objects.filter(pk=ContentGeneration.SINGLETON).update(
        value=F("value") + 1
    )
    if not updated:
        ContentGeneration.objects.create(pk=ContentGeneration.SINGLETON, value=2)
    # This process sees the change at once, and again after commit (a read in between is old).
    forget_content_generation()
    transaction.on_commit(forget_content_generation)
