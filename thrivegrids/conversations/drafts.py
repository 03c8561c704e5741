"""A conversation's draft: what an editor sends, how it is written and kept at each revision, and
how a late save is merged three ways with what someone else saved (EditConflict).

Nothing here is audited or locks a row: services.save_draft and services.record_conversation do
that around these steps, in one transaction each.
"""

import copy
import dataclasses
import datetime
from dataclasses import dataclass, field

from thrivegrids.conversations.models import (
    Decision,
    DraftRevision,
    SummaryLanguage,
    Voice,
    VoiceRole,
)

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


def draft_of(conversation) -> ConversationDraft:
    """The conversation as it is saved now, in the shape editors send.

    Always read from the database (four queries, however many voices), never from objects
    prefetched earlier: a write in the same transaction must be seen.
    """
    voices = {
        voice.role: VoiceDraft(
            what_matters=voice.what_matters,
            priorities=list(voice.priorities),
            leaning_towards=sorted(option.pk for option in voice.leaning_towards.all()),
        )
        for voice in conversation.voices.prefetch_related("leaning_towards")
    }
    return ConversationDraft(
        held_on=conversation.held_on,
        **{name: getattr(conversation, name) for name in CONVERSATION_COLUMNS},
        **{
            name: sorted(getattr(conversation, name).values_list("pk", flat=True))
            for name in OPTION_LISTS
        },
        voices=voices,
    )


def keep_revision(conversation):
    """Keep what the conversation holds at its current revision (for later three-way merges)."""
    DraftRevision.objects.update_or_create(
        conversation=conversation,
        number=conversation.revision,
        defaults={"draft": draft_to_json(draft_of(conversation))},
    )


def draft_at(conversation, revision) -> ConversationDraft | None:
    """What the conversation held at `revision`, if it was kept."""
    found = DraftRevision.objects.filter(conversation=conversation, number=revision).first()
    return draft_from_json(found.draft) if found else None


def write_draft(conversation, draft, *, by):
    """Write `draft` over the (locked) conversation and its voices, as a new revision."""
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
