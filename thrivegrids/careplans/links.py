"""Links to the young person's copy of a plan that work without signing in: made, stopped, opened.

The same design as the take-away summary's links (conversations/summaries/links.py): a link stores
only its token's SHA-256, the token is returned once to be shown to the practitioner who made it
(with a QR code), and unknown, expired and stopped links look the same. Every call that reads or
writes writes exactly one audit event.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thrivegrids.careplans.models import CarePlan, PlanLink
from thrivegrids.core.audit import AuditAction, record_event
from thrivegrids.core.secret_tokens import hashed, new_token

# The languages the young person's copy is written in; a record's other preferred language gets
# English (the practitioner chooses on the share page).
LINK_LANGUAGES = [("en", gettext_lazy("English")), ("ar", gettext_lazy("Arabic"))]
MIN_LINK_LIFETIME = datetime.timedelta(days=1)
MAX_LINK_LIFETIME = datetime.timedelta(days=365)
PLAN_LINK_ACTOR = "care plan link"
TOKEN_LIMIT = 100


def link_language_for(young_person):
    """The copy's language: the young person's preferred one when the copy is written in it."""
    codes = [code for code, _label in LINK_LANGUAGES]
    return young_person.preferred_language if young_person.preferred_language in codes else "en"


def plan_for_sharing(*, by, organisation, pk, request=None):
    """The plan `pk` of `organisation` (404 otherwise) with its links, its read audited."""
    plan = get_object_or_404(
        CarePlan.objects.for_organisation(organisation).select_related("young_person"), pk=pk
    )
    record_event(
        by=by,
        action=AuditAction.PLAN_LINKS_VIEW,
        target=plan,
        organisation=plan.organisation,
        request=request,
    )
    return plan


@transaction.atomic
def create_plan_link(*, by, plan, days, language, request=None):
    """A new link working for `days` days; returns (link, token). The token is not stored."""
    lifetime = datetime.timedelta(days=days)
    if not MIN_LINK_LIFETIME <= lifetime <= MAX_LINK_LIFETIME:
        raise ValidationError({"days": _("Choose between 1 day and 365 days")})
    if language not in dict(LINK_LANGUAGES):
        raise ValidationError({"language": _("Choose the language of the plan")})
    token = new_token()
    link = PlanLink.objects.create(
        plan=plan,
        token_hash=hashed(token),
        language=language,
        created_by=by,
        expires_at=timezone.now() + lifetime,
    )
    record_event(
        by=by,
        action=AuditAction.PLAN_LINK_CREATE,
        target=plan,
        organisation=plan.organisation,
        request=request,
        details={"link": link.pk, "expires_at": link.expires_at.isoformat()},
    )
    return link, token


@transaction.atomic
def revoke_plan_link(*, by, link, request=None):
    """Stop a link working (stopping a stopped link changes nothing but is still recorded)."""
    link = PlanLink.objects.select_for_update().select_related("plan").get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = by
        link.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        by=by,
        action=AuditAction.PLAN_LINK_REVOKE,
        target=link.plan,
        organisation=link.plan.organisation,
        request=request,
        details={"link": link.pk},
    )
    return link


def live_plan_link(token):
    """The live link for `token`, or None (unknown, expired and stopped look the same)."""
    if not token or len(token) > TOKEN_LIMIT:
        return None
    return (
        PlanLink.objects.live()
        .select_related("plan__organisation", "plan__young_person")
        .filter(token_hash=hashed(token))
        .first()
    )


def plan_link_for_viewing(token, *, request=None, purpose="plan"):
    """The live link for `token` with the one audit event for opening it, or None (no event)."""
    link = live_plan_link(token)
    if link is not None:
        record_plan_link_view(link=link, request=request, purpose=purpose)
    return link


@transaction.atomic
def record_plan_link_view(*, link, request=None, purpose="plan"):
    """One event per view through a link (nobody is signed in: the link is the actor)."""
    PlanLink.objects.filter(pk=link.pk).update(view_count=F("view_count") + 1)
    return record_event(
        by=None,
        actor_label=PLAN_LINK_ACTOR,
        action=AuditAction.PLAN_LINK_VIEW,
        target=link.plan,
        organisation=link.plan.organisation,
        request=request,
        details={"link": link.pk, "purpose": purpose},
    )
