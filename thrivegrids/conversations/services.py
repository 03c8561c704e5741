"""Writes and audited reads of conversations: each call writes exactly one audit event.

Writes are atomic and take the actor as `by`. Audit details name fields, never their values.
A draft save names the revision it started from; if someone else saved since, drafts.EditConflict
carries what they saved so the page can show both (nothing is overwritten silently). Pages fetch a
conversation through conversation_for_reading (the fetch and its read event in one call), or
through conversation_to_change when a service here will write the event instead.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from thrivegrids.conversations.drafts import (
    ConversationDraft,
    EditConflict,
    draft_at,
    draft_of,
    keep_revision,
    seen_revision,
    write_draft,
)
from thrivegrids.conversations.models import (
    Conversation,
    ConversationGrid,
    Decision,
    NeedsGroupAssignment,
    SummaryLanguage,
    Voice,
    VoiceRole,
)
from thrivegrids.conversations.priorities import Priority
from thrivegrids.core.audit import record_event
from thrivegrids.directory.public import Service
from thrivegrids.grids.public import GridVersion, Option
from thrivegrids.records.public import YoungPerson, record_young_person_read


class ConversationAlreadyRecorded(Exception):
    pass


# Fetching for a page -------------------------------------------------------------------------


def _conversations_of(organisation):
    return Conversation.objects.for_organisation(organisation).select_related(
        "organisation", "young_person", "created_by", "updated_by"
    )


def conversation_to_change(*, organisation, pk):
    """Conversation `pk` of `organisation` for a service here to change (the service writes the
    audit event); Http404 for another organisation's."""
    return get_object_or_404(_conversations_of(organisation), pk=pk)


def conversation_for_reading(*, by, organisation, pk, request=None, purpose="view"):
    """Conversation `pk` of `organisation` for a page that shows it, with that page's one audit
    event (`purpose` names the page); Http404, and no event, for another organisation's."""
    conversation = conversation_to_change(organisation=organisation, pk=pk)
    record_conversation_read(by=by, conversation=conversation, request=request, purpose=purpose)
    return conversation


def record_conversation_read(*, by, conversation, request=None, purpose="view"):
    """One event for a page that shows a conversation; `purpose` names the page."""
    return record_event(
        by=by,
        action="conversation.view",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details={"purpose": purpose, "young_person": conversation.young_person_id},
    )


def young_person_to_start_with(*, organisation, pk):
    """Young person `pk` of `organisation`, to start a conversation with (the start writes the
    audit event); Http404 for another organisation's."""
    return get_object_or_404(YoungPerson.objects.for_organisation(organisation), pk=pk)


def young_person_for_starting(*, by, organisation, pk, request=None):
    """Young person `pk` of `organisation` for the page that starts a conversation, with that
    page's one audit event; Http404, and no event, for another organisation's."""
    young_person = young_person_to_start_with(organisation=organisation, pk=pk)
    record_young_person_read(
        by=by, young_person=young_person, request=request, purpose="start_conversation"
    )
    return young_person


# Starting, saving and recording --------------------------------------------------------------


def options_shown(conversation):
    """The options of the grid versions shown in this conversation (the only ones it may name)."""
    versions = conversation.grids.values("version")
    return Option.objects.filter(version__in=versions).select_related("version__grid__topic")


def _language_for(young_person):
    language = young_person.preferred_language
    return language if language in SummaryLanguage.values else SummaryLanguage.ENGLISH


@transaction.atomic
def start_conversation(*, by, young_person, versions, request=None):
    """A new draft for `young_person` showing `versions` (published GridVersions).

    Coming back: it follows the young person's latest conversation, and starts from what each
    voice said then (leaning options carried over where the option is still in the grid shown).
    """
    versions = list(versions)
    if not versions:
        raise ValidationError({"grids": _("Choose at least one grid to talk about")})
    for version in versions:
        if version.status != GridVersion.Status.PUBLISHED:
            raise ValidationError({"grids": _("Only published grids can be shown")})
    previous = young_person.conversations.order_by("-held_on", "-created_at").first()
    conversation = Conversation.objects.create(
        organisation=young_person.organisation,
        young_person=young_person,
        follows=previous,
        summary_language=_language_for(young_person),
        parent_carer_present=bool(previous and previous.parent_carer_present),
        questions=previous.questions if previous else "",
        created_by=by,
        updated_by=by,
    )
    for position, version in enumerate(versions):
        ConversationGrid.objects.create(
            conversation=conversation, version=version, position=position
        )
    if previous is not None:
        shown = {
            (option.version.grid_id, option.key): option for option in options_shown(conversation)
        }
        for old in previous.voices.prefetch_related("leaning_towards__version"):
            voice = Voice.objects.create(
                conversation=conversation,
                role=old.role,
                what_matters=old.what_matters,
                priorities=list(old.priorities),
            )
            carried = [
                shown[key]
                for option in old.leaning_towards.all()
                if (key := (option.version.grid_id, option.key)) in shown
            ]
            voice.leaning_towards.set(carried)
    keep_revision(conversation)
    record_event(
        by=by,
        action="conversation.create",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details={
            "young_person": young_person.pk,
            "grid_versions": [v.pk for v in versions],
            "follows": previous.pk if previous else None,
        },
    )
    return conversation


def check_options(conversation, draft):
    allowed = set(options_shown(conversation).values_list("pk", flat=True))
    named = set(draft.options_discussed) | set(draft.options_chosen)
    for voice in draft.voices.values():
        named |= set(voice.leaning_towards)
    if not named <= allowed:
        raise ValidationError(_("Choose options from the grids shown in this conversation"))
    for role, voice in draft.voices.items():
        if role not in VoiceRole.values:
            raise ValidationError(f"Not a voice: {role}")
        if not set(voice.priorities) <= set(Priority.values):
            raise ValidationError({"priorities": _("Choose priorities from the list")})


def _locked_draft(conversation):
    """The conversation again, its row locked until the transaction ends; refused if recorded."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.is_recorded:
        raise ConversationAlreadyRecorded
    return conversation


def _save(conversation, *, by, base_revision, draft, editor="", autosave=False):
    """Write `draft` unless someone else saved since `base_revision` (the editor page's own
    saves do not count: drafts.seen_revision); the names of the fields it changed (none:
    nothing written)."""
    saved = draft_of(conversation)
    base_revision = seen_revision(conversation, base_revision, editor=editor, autosave=autosave)
    if conversation.revision != base_revision:
        base = draft_at(conversation, base_revision)
        raise EditConflict(conversation, saved=saved, attempted=draft, base=base)
    check_options(conversation, draft)
    changed = draft.fields_differing_from(saved)
    if changed:
        write_draft(conversation, draft, by=by)
        keep_revision(conversation, editor=editor, autosave=autosave)
    return changed


@transaction.atomic
def save_draft(
    *,
    by,
    conversation,
    base_revision,
    draft: ConversationDraft,
    editor="",
    autosave=False,
    request=None,
):
    """Save what the editor has typed, unless someone else saved since `base_revision`.
    `editor` is the working page's token, so its own earlier saves are not someone else's."""
    conversation = _locked_draft(conversation)
    changed = _save(
        conversation,
        by=by,
        base_revision=base_revision,
        draft=draft,
        editor=editor,
        autosave=autosave,
    )
    record_event(
        by=by,
        action="conversation.save_draft",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details={"changed": changed, "revision": conversation.revision},
    )
    return conversation


@transaction.atomic
def attach_services(*, by, conversation, service_ids, request=None):
    """Add directory services (e.g. the practitioner's shortlist) to the conversation's summary."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    found = list(Service.objects.filter(pk__in=service_ids).values_list("pk", flat=True))
    conversation.services.add(*found)
    record_event(
        by=by,
        action="conversation.attach_services",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details={"services": [str(pk) for pk in found]},
    )
    return found


def problems_before_recording(conversation):
    """What stops the conversation being recorded, as {field: message}; empty when it can be."""
    problems = {}
    if not conversation.decision:
        problems["decision"] = _("Say whether an option was chosen or it is not decided yet")
    elif conversation.decision == Decision.CHOSEN and not conversation.options_chosen.exists():
        problems["options_chosen"] = _("Choose the option or options agreed")
    elif conversation.decision == Decision.NOT_YET and not conversation.next_steps.strip():
        problems["next_steps"] = _("Say what happens next when it is not decided yet")
    if conversation.needs_group and not conversation.needs_group_reason.strip():
        problems["needs_group_reason"] = _("Say briefly why this group fits now")
    elif conversation.needs_group_reason.strip() and not conversation.needs_group:
        problems["needs_group"] = _("Choose the needs-based group you agreed")
    if (
        not conversation.voices.filter(role=VoiceRole.YOUNG_PERSON)
        .exclude(what_matters="", priorities=[])
        .exists()
    ):
        problems["voice:young_person"] = _("Record what matters to the young person")
    return problems


@transaction.atomic
def record_conversation(*, by, conversation, base_revision, draft=None, editor="", request=None):
    """Mark the draft as recorded (the outcome is final; a later conversation can change it).

    With `draft` (what is on the editor's page), its unsaved changes are saved first, in the same
    transaction and under the same audit event: if recording is refused, nothing is saved. As
    with save_draft, a save from a stale `base_revision` raises EditConflict.
    """
    conversation = _locked_draft(conversation)
    if draft is None:
        if conversation.revision != base_revision:
            saved = draft_of(conversation)
            raise EditConflict(conversation, saved=saved, attempted=saved)
        changed = []
    else:
        changed = _save(
            conversation, by=by, base_revision=base_revision, draft=draft, editor=editor
        )
    problems = problems_before_recording(conversation)
    if problems:
        raise ValidationError(problems)
    conversation.status = Conversation.Status.RECORDED
    conversation.recorded_at = timezone.now()
    conversation.recorded_by = by
    conversation.revision += 1
    conversation.updated_by = by
    conversation.save()
    if conversation.needs_group:
        # Part of recording (one audit event for both): the group agreed, into the history.
        NeedsGroupAssignment(
            young_person=conversation.young_person,
            conversation=conversation,
            group=conversation.needs_group,
            reason=conversation.needs_group_reason.strip(),
            assigned_by=by,
            assigned_at=conversation.recorded_at,
        ).save()
    details = {"decision": conversation.decision, "needs_group": conversation.needs_group}
    if changed:
        details["changed"] = changed
    record_event(
        by=by,
        action="conversation.record",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details=details,
    )
    return conversation


@transaction.atomic
def assign_needs_group(
    *, by, young_person, group, reason, conversation=None, request=None, at=None
):
    """Add the group agreed now (or `at`, for the demo's history) to the young person's history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say briefly why this group fits now")})
    assignment = NeedsGroupAssignment(
        young_person=young_person,
        conversation=conversation,
        group=group,
        reason=reason.strip(),
        assigned_by=by,
        assigned_at=at or timezone.now(),
    )
    assignment.full_clean()
    assignment.save()
    record_event(
        by=by,
        action="young_person.needs_group",
        target=young_person,
        organisation=young_person.organisation,
        request=request,
        details={"group": group, "conversation": conversation.pk if conversation else None},
    )
    return assignment
