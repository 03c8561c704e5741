"""Shared shortlists: a read-only copy of someone's shortlist that anyone with the link can see.

Atomic and audited. `by=None` is a member of the public (no login); their events are labelled
"public".
"""

import secrets

from django.db import transaction
from django.utils import timezone

from thrivegrids.core.audit import record_event
from thrivegrids.directory.models import Service, Shortlist, ShortlistEntry

PUBLIC = "public"
MAX_SHORTLIST = 30


@transaction.atomic
def share_shortlist(*, service_ids, by=None, request=None, now=None):
    """A new shared shortlist of the services that still exist, in the order given."""
    wanted = list(dict.fromkeys(str(pk) for pk in service_ids))[:MAX_SHORTLIST]
    found = {str(pk) for pk in Service.objects.filter(pk__in=wanted).values_list("pk", flat=True)}
    ordered = [pk for pk in wanted if pk in found]
    if not ordered:
        raise ValueError("A shortlist needs at least one service.")
    shortlist = Shortlist.objects.create(
        token=secrets.token_urlsafe(16), created_at=now or timezone.now()
    )
    ShortlistEntry.objects.bulk_create(
        ShortlistEntry(shortlist=shortlist, service_id=pk, position=index)
        for index, pk in enumerate(ordered, start=1)
    )
    record_event(
        by=by,
        action="directory.shortlist.share",
        target=shortlist,
        request=request,
        details={"services": len(ordered)},
        actor_label=PUBLIC,
    )
    return shortlist
