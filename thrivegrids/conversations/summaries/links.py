"""Links to a take-away summary that work without signing in: made, changed, stopped, opened.

Each call that writes writes exactly one audit event. A link stores only its token's SHA-256; the
token is returned once, to be shown to the practitioner who made the link.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thrivegrids.conversations.models import Conversation, SummaryLink
from thrivegrids.core.audit import record_event
from thrivegrids.core.secret_tokens import hashed, new_token

DEFAULT_LINK_LIFETIME = datetime.timedelta(days=30)
MAX_LINK_LIFETIME = datetime.timedelta(days=365)
SUMMARY_LINK_ACTOR = "take-away summary link"


@transaction.atomic
def create_summary_link(
    *, by, conversation, lifetime=DEFAULT_LINK_LIFETIME, language=None, request=None
):
    """A new link; returns (link, token). The token is not stored and cannot be shown again."""
    conversation = Conversation.objects.get(pk=conversation.pk)
    if not conversation.is_recorded:
        raise ValidationError(_("Record the conversation before sharing its summary"))
    _check_lifetime(lifetime)
    token = new_token()
    link = SummaryLink.objects.create(
        conversation=conversation,
        token_hash=hashed(token),
        language=language or conversation.summary_language,
        created_by=by,
        expires_at=timezone.now() + lifetime,
    )
    record_event(
        by=by,
        action="summary_link.create",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details={"link": link.pk, "expires_at": link.expires_at.isoformat()},
    )
    return link, token


def _check_lifetime(lifetime):
    if not datetime.timedelta(hours=1) <= lifetime <= MAX_LINK_LIFETIME:
        raise ValidationError({"lifetime": _("Choose between 1 hour and 1 year")})


@transaction.atomic
def change_summary_link_expiry(*, by, link, lifetime, request=None):
    """The link now expires `lifetime` from now (longer or shorter)."""
    _check_lifetime(lifetime)
    link = SummaryLink.objects.select_for_update().get(pk=link.pk)
    link.expires_at = timezone.now() + lifetime
    link.save(update_fields=["expires_at"])
    record_event(
        by=by,
        action="summary_link.change_expiry",
        target=link.conversation,
        organisation=link.conversation.organisation,
        request=request,
        details={"link": link.pk, "expires_at": link.expires_at.isoformat()},
    )
    return link


@transaction.atomic
def revoke_summary_link(*, by, link, request=None):
    link = SummaryLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = by
        link.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        by=by,
        action="summary_link.revoke",
        target=link.conversation,
        organisation=link.conversation.organisation,
        request=request,
        details={"link": link.pk},
    )
    return link


def live_summary_link(token):
    """The live link for `token`, or None (unknown, expired and revoked look the same)."""
    if not token or len(token) > 100:
        return None
    return (
        SummaryLink.objects.live()
        .select_related(
            "conversation__young_person",
            "conversation__organisation",
            "conversation__created_by",
        )
        .filter(token_hash=hashed(token))
        .first()
    )


def summary_link_for_viewing(token, *, request=None, purpose="summary"):
    """The live link for `token` with the one audit event for opening it, or None (and no event)."""
    link = live_summary_link(token)
    if link is not None:
        record_summary_link_view(link=link, request=request, purpose=purpose)
    return link


@transaction.atomic
def record_summary_link_view(*, link, request=None, purpose="summary"):
    """One event per view through a link (nobody is signed in: the link is the actor)."""
    SummaryLink.objects.filter(pk=link.pk).update(view_count=F("view_count") + 1)
    return record_event(
        by=None,
        actor_label=SUMMARY_LINK_ACTOR,
        action="summary_link.view",
        target=link.conversation,
        organisation=link.conversation.organisation,
        request=request,
        details={"link": link.pk, "purpose": purpose},
    )
