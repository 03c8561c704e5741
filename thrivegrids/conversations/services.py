"""Writes (and audited reads) of conversations. Each call writes exactly one audit event.

Writes are atomic and take the actor as `by`. Audit details name fields, never their values.
A draft save names the revision it started from; if someone else saved since, EditConflict
carries what they saved so the page can show both (nothing is overwritten silently).
"""

import copy
import dataclasses
import datetime
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thrivegrids.conversations.models import (
    Conversation,
    ConversationGrid,
    Decision,
    DraftRevision,
    NeedsGroupAssignment,
    SummaryLanguage,
    SummaryLink,
    Voice,
    VoiceRole,
    hash_token,
)
from thrivegrids.conversations.priorities import Priority
from thrivegrids.core.audit import record_event
from thrivegrids.directory.public import Service
from thrivegrids.grids.public import GridVersion, Option

DEFAULT_LINK_LIFETIME = datetime.timedelta(days=30)
MAX_LINK_LIFETIME = datetime.timedelta(days=365)
SUMMARY_LINK_ACTOR = "take-away summary link"


# The draft's fields that are plain columns of Conversation (compared, copied and read as they are).
CONVERSATION_COLUMNS = (
    "parent_carer_present",
    "summary_language",
    "questions",
    "decision",
    "next_steps",
    "follow_up_on",
    "needs_group",
    "needs_group_reason",
)
OPTION_LISTS = ("options_discussed", "options_chosen")
VOICE_FIELDS = ("what_matters", "priorities", "leaning_towards")


@dataclass
class VoiceDraft:
    what_matters: str = ""
    priorities: list = field(default_factory=list)
    leaning_towards: list = field(default_factory=list)  # Option pks


@dataclass
class ConversationDraft:
    """Everything a practitioner can type into a draft, as plain values (Option pks for options)."""

    held_on: datetime.date | None = None
    parent_carer_present: bool = False
    summary_language: str = SummaryLanguage.ENGLISH
    options_discussed: list = field(default_factory=list)
    questions: str = ""
    decision: str = Decision.UNDECIDED
    options_chosen: list = field(default_factory=list)
    next_steps: str = ""
    follow_up_on: datetime.date | None = None
    needs_group: str = ""
    needs_group_reason: str = ""
    voices: dict = field(default_factory=dict)  # VoiceRole value -> VoiceDraft

    def fields_differing_from(self, other: "ConversationDraft"):
        """Names of the fields (voices as "voice:<role>:<field>") whose values differ."""
        names = []
        for name in ("held_on", *CONVERSATION_COLUMNS):
            if getattr(self, name) != getattr(other, name):
                names.append(name)
        for name in OPTION_LISTS:
            if sorted(getattr(self, name)) != sorted(getattr(other, name)):
                names.append(name)
        for role in VoiceRole.values:
            mine = self.voices.get(role, VoiceDraft())
            theirs = other.voices.get(role, VoiceDraft())
            for name in VOICE_FIELDS:
                if sorted_if_list(getattr(mine, name)) != sorted_if_list(getattr(theirs, name)):
                    names.append(f"voice:{role}:{name}")
        return names


def sorted_if_list(value):
    return sorted(value) if isinstance(value, list) else value


class EditConflict(Exception):
    """Someone saved the conversation after the editor loaded it.

    With the revision the editor started from (`base`), each field is settled three ways: changed
    only by the editor, keep mine; changed only by the other person, take theirs; changed
    by both to different values, a conflict the editor must look at (`fields`). `merged` is the
    editor's draft with the other person's changes taken in, so saving it loses nobody's work.
    Without a base every differing field is a conflict and `merged` is what the editor sent.
    """

    def __init__(
        self,
        conversation,
        saved: ConversationDraft,
        attempted: ConversationDraft,
        base: ConversationDraft | None = None,
    ):
        self.conversation = conversation
        self.saved = saved
        self.attempted = attempted
        differing = attempted.fields_differing_from(saved)
        self.merged = copy.deepcopy(attempted)
        self.taken_from_theirs = []
        if base is None:
            self.fields = differing
        else:
            mine = set(attempted.fields_differing_from(base))
            theirs = set(saved.fields_differing_from(base))
            self.fields = [name for name in differing if name in mine and name in theirs]
            for name in differing:
                if name in theirs and name not in mine:
                    _set_field(self.merged, name, _get_field(saved, name))
                    self.taken_from_theirs.append(name)
        super().__init__(f"Conversation {conversation.pk} is at revision {conversation.revision}")


def _get_field(draft, name):
    if name.startswith("voice:"):
        _prefix, role, field_name = name.split(":")
        return copy.deepcopy(getattr(draft.voices.get(role, VoiceDraft()), field_name))
    return copy.deepcopy(getattr(draft, name))


def _set_field(draft, name, value):
    if name.startswith("voice:"):
        _prefix, role, field_name = name.split(":")
        setattr(draft.voices.setdefault(role, VoiceDraft()), field_name, value)
    else:
        setattr(draft, name, value)


def draft_to_json(draft: ConversationDraft) -> dict:
    data = dataclasses.asdict(draft)
    for name in ("held_on", "follow_up_on"):
        data[name] = data[name].isoformat() if data[name] else None
    return data


def draft_from_json(data: dict) -> ConversationDraft:
    data = dict(data)
    for name in ("held_on", "follow_up_on"):
        data[name] = datetime.date.fromisoformat(data[name]) if data.get(name) else None
    data["voices"] = {role: VoiceDraft(**voice) for role, voice in data.get("voices", {}).items()}
    return ConversationDraft(**data)


def _snapshot(conversation):
    """Keep what the conversation holds at its current revision (for later three-way merges)."""
    DraftRevision.objects.update_or_create(
        conversation=conversation,
        number=conversation.revision,
        defaults={"draft": draft_to_json(draft_of(conversation))},
    )


def _base_of(conversation, revision):
    found = DraftRevision.objects.filter(conversation=conversation, number=revision).first()
    return draft_from_json(found.draft) if found else None


class ConversationAlreadyRecorded(Exception):
    pass


def draft_of(conversation) -> ConversationDraft:
    """The conversation as it is saved now, in the shape editors send."""
    voices = {
        voice.role: VoiceDraft(
            what_matters=voice.what_matters,
            priorities=list(voice.priorities),
            leaning_towards=sorted(option.pk for option in voice.leaning_towards.all()),
        )
        for voice in conversation.voices.all()
    }
    return ConversationDraft(
        held_on=conversation.held_on,
        **{name: getattr(conversation, name) for name in CONVERSATION_COLUMNS},
        **{name: sorted(o.pk for o in getattr(conversation, name).all()) for name in OPTION_LISTS},
        voices=voices,
    )


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
    _snapshot(conversation)
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


def _check_options(conversation, draft):
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


@transaction.atomic
def save_draft(*, by, conversation, base_revision, draft: ConversationDraft, request=None):
    """Save what the editor has typed, unless someone else saved since `base_revision`."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.is_recorded:
        raise ConversationAlreadyRecorded
    saved = draft_of(conversation)
    if conversation.revision != base_revision:
        raise EditConflict(
            conversation, saved=saved, attempted=draft, base=_base_of(conversation, base_revision)
        )
    _check_options(conversation, draft)
    changed = draft.fields_differing_from(saved)
    if changed:
        _write(conversation, draft, by=by)
        _snapshot(conversation)
    record_event(
        by=by,
        action="conversation.save_draft",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details={"changed": changed, "revision": conversation.revision},
    )
    return conversation


def _write(conversation, draft, *, by):
    for name in CONVERSATION_COLUMNS:
        setattr(conversation, name, getattr(draft, name))
    if draft.held_on is not None:
        conversation.held_on = draft.held_on
    if draft.decision != Decision.CHOSEN:
        draft.options_chosen = []
    conversation.revision += 1
    conversation.updated_by = by
    conversation.full_clean(exclude=["organisation", "young_person", "follows"])
    conversation.save()
    conversation.options_discussed.set(draft.options_discussed)
    conversation.options_chosen.set(draft.options_chosen)
    for role in VoiceRole.values:
        voice_draft = draft.voices.get(role)
        if voice_draft is None:
            continue
        voice, _created = Voice.objects.get_or_create(conversation=conversation, role=role)
        voice.what_matters = voice_draft.what_matters
        voice.priorities = list(voice_draft.priorities)
        voice.save()
        voice.leaning_towards.set(voice_draft.leaning_towards)


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
def record_conversation(*, by, conversation, base_revision, request=None):
    """Mark the draft as recorded (the outcome is final; a later conversation can change it)."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.is_recorded:
        raise ConversationAlreadyRecorded
    if conversation.revision != base_revision:
        saved = draft_of(conversation)
        raise EditConflict(conversation, saved=saved, attempted=saved)
    problems = problems_before_recording(conversation)
    if problems:
        raise ValidationError(problems)
    conversation.status = Conversation.Status.RECORDED
    conversation.recorded_at = timezone.now()
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
    record_event(
        by=by,
        action="conversation.record",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details={"decision": conversation.decision, "needs_group": conversation.needs_group},
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


# Take-away summary links ---------------------------------------------------------------------


@transaction.atomic
def create_summary_link(
    *, by, conversation, lifetime=DEFAULT_LINK_LIFETIME, language=None, request=None
):
    """A new link; returns (link, token). The token is not stored and cannot be shown again."""
    conversation = Conversation.objects.get(pk=conversation.pk)
    if not conversation.is_recorded:
        raise ValidationError(_("Record the conversation before sharing its summary"))
    _check_lifetime(lifetime)
    token = secrets.token_urlsafe(32)
    link = SummaryLink.objects.create(
        conversation=conversation,
        token_hash=hash_token(token),
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
        .select_related("conversation__young_person", "conversation__organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


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
