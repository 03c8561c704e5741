"""Correcting a recorded conversation (one audit event per correction) and reading its corrections.

The conversation's own rows hold the current content, so everything that shows it (the summary,
its shared links and PDF, the record page, feedback) shows the correction through the same
conversation. What it held before each correction is kept in its Correction.
"""

import copy
import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _

from thrivegrids.accounts.models import Membership
from thrivegrids.conversations.drafts import (
    ConversationDraft,
    EditConflict,
    draft_at,
    draft_of,
    draft_to_json,
    keep_revision,
    write_draft,
)
from thrivegrids.conversations.models import (
    CORRECTION_REASON_MAX_LENGTH,
    Conversation,
    Correction,
    Decision,
)
from thrivegrids.conversations.services import (
    check_options,
    conversation_to_change,
    problems_before_recording,
    record_conversation_read,
)
from thrivegrids.core.audit import record_event

# What a correction may change: the outcome and what each person said. The needs-based group has
# its own append-only history (services.assign_needs_group); the date and the summary's language
# stay as recorded.
CORRECTABLE_FIELDS = (
    "parent_carer_present",
    "options_discussed",
    "questions",
    "decision",
    "options_chosen",
    "next_steps",
    "follow_up_on",
    "voices",
)


def _checked_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you are correcting the record")})
    if len(reason) > CORRECTION_REASON_MAX_LENGTH:
        message = _("Say why in %(limit_value)s characters or fewer")
        raise ValidationError({"reason": message % {"limit_value": CORRECTION_REASON_MAX_LENGTH}})
    return reason


@transaction.atomic
def correct_conversation(
    *, by, conversation, base_revision, content: ConversationDraft, reason, request=None
):
    """Correct a recorded conversation: `content`'s CORRECTABLE_FIELDS become its new revision.

    Only its recorder or a team lead of its organisation may (PermissionDenied otherwise). What it
    held before is kept (the Correction's `before`). If anyone corrected it since `base_revision`,
    EditConflict says what they changed, and nothing is written.
    """
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    membership = Membership.objects.filter(user=by, organisation=conversation.organisation).first()
    if not conversation.may_be_corrected_by(membership):
        raise PermissionDenied
    reason = _checked_reason(reason)
    saved = draft_of(conversation)
    fields = {name: copy.deepcopy(getattr(content, name)) for name in CORRECTABLE_FIELDS}
    attempted = dataclasses.replace(saved, **fields)
    if attempted.decision != Decision.CHOSEN:
        attempted.options_chosen = []
    if conversation.revision != base_revision:
        base = draft_at(conversation, base_revision)
        raise EditConflict(conversation, saved=saved, attempted=attempted, base=base)
    changed = attempted.fields_differing_from(saved)
    if not changed:
        raise ValidationError(_("Nothing has been changed: correct what was recorded wrongly"))
    check_options(conversation, attempted)
    keep_revision(conversation)  # the content before, for a later corrector's three-way merge
    write_draft(conversation, attempted, by=by)
    keep_revision(conversation)
    problems = problems_before_recording(conversation)
    if problems:
        raise ValidationError(problems)  # and the transaction undoes the write
    correction = Correction(
        conversation=conversation,
        number=conversation.corrections.count() + 1,
        before=draft_to_json(saved),
        after=draft_to_json(attempted),
        changed=changed,
        reason=reason,
        corrected_by=by,
        corrected_at=conversation.updated_at,
    )
    correction.save()
    record_event(
        by=by,
        action="conversation.correct",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details={"correction": correction.number, "changed": changed},
    )
    return correction


def with_corrections(conversation):
    """`conversation` with its corrections (oldest first, with who made each) fetched in one
    query, for conversation.corrections.all(); returns that list."""
    corrections = Correction.objects.select_related("corrected_by").order_by("number")
    prefetch_related_objects([conversation], Prefetch("corrections", queryset=corrections))
    return list(conversation.corrections.all())


def conversation_to_correct(*, membership, pk):
    """Recorded conversation `pk` of the membership's organisation that its holder may correct
    (the correction writes the audit event): Http404 for another organisation's or a draft,
    PermissionDenied for someone who may not correct it."""
    organisation = membership.organisation if membership else None
    conversation = conversation_to_change(organisation=organisation, pk=pk)
    if not conversation.is_recorded:
        raise Http404
    if not conversation.may_be_corrected_by(membership):
        raise PermissionDenied
    return conversation


def conversation_for_correcting(*, by, membership, pk, request=None, purpose="correct"):
    """As conversation_to_correct, for the page that shows the form, with its one read event."""
    conversation = conversation_to_correct(membership=membership, pk=pk)
    record_conversation_read(by=by, conversation=conversation, request=request, purpose=purpose)
    return conversation
