"""A conversation's draft: what an editor sends, how it is written and kept at each revision, and
how a late save is merged three ways with what someone else saved (EditConflict).

Each kept revision also notes which page saved it (the editor token the working page carries in
a hidden field, and whether by autosave), so a page's own earlier save is never a conflict with
itself: see seen_revision.

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


class StaleSave(Exception):
    """An autosave that a save from the same page has overtaken: what it holds is older than what
    that save wrote, so it is dropped rather than written over it."""


def draft_to_json(draft: ConversationDraft) -> dict:
    data = dataclasses.asdict(draft)
    for name in ("held_on", "follow_up_on"):
        data[name] = data[name].isoformat() if data[name] else None
    return data


def draft_from_json(data: dict) -> ConversationDraft:
    data = dict(data)
    data.pop(SAVED_FROM, None)
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


# The key, beside the draft's fields in a kept revision, naming the page that saved it.
SAVED_FROM = "saved_from"


def keep_revision(conversation, *, editor="", autosave=False):
    """Keep what the conversation holds at its current revision (for later three-way merges),
    with the page that saved it: `editor` is the page's token ("" for no page)."""
    data = draft_to_json(draft_of(conversation))
    data[SAVED_FROM] = {"editor": editor, "autosave": autosave}
    DraftRevision.objects.update_or_create(
        conversation=conversation, number=conversation.revision, defaults={"draft": data}
    )


def seen_revision(conversation, base_revision, *, editor="", autosave=False):
    """The revision the editor's page last saw, to check for others' saves against.

    That is `base_revision` (what the page was shown or last told), unless every save since was
    this same page's own: an autosave still in flight when the page recorded, or one that landed
    after a refused Record. Then the page holds all of it and the current revision is its base.
    An autosave overtaken by a Save or Record from its own page holds older text: StaleSave.
    """
    if not editor or base_revision >= conversation.revision:
        return base_revision
    kept = DraftRevision.objects.filter(
        conversation=conversation,
        number__gt=base_revision,
        number__lte=conversation.revision,
    ).values_list("draft", flat=True)
    marks = [draft.get(SAVED_FROM) or {} for draft in kept]
    own = len(marks) == conversation.revision - base_revision and all(
        mark.get("editor") == editor for mark in marks
    )
    if not own:
        return base_revision
    if autosave and not all(mark.get("autosave") for mark in marks):
        raise StaleSave
    return conversation.revision


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
