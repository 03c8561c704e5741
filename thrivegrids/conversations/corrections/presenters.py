"""Corrections -> what staff see: the note on the summary, and each correction's "what changed"."""

from django.urls import reverse

from thrivegrids.conversations.conflicts import field_label, value_text
from thrivegrids.conversations.drafts import draft_from_json
from thrivegrids.conversations.models import VoiceRole
from thrivegrids.conversations.presenters import person_name, when

VOICE_FIELD_NAMES = ("what_matters", "priorities", "leaning_towards")
# Every field a correction may change, as ConversationDraft names them, in the page's order.
CONTENT_FIELDS = (
    "parent_carer_present",
    "options_discussed",
    *(f"voice:{role}:{name}" for role in VoiceRole.values for name in VOICE_FIELD_NAMES),
    "questions",
    "decision",
    "options_chosen",
    "next_steps",
    "follow_up_on",
)


def latest_note(corrections):
    """The staff summary's note about the latest correction (None if never corrected)."""
    if not corrections:
        return None
    latest = corrections[-1]
    return {
        "when": when(latest.corrected_at),
        "by": person_name(latest.corrected_by),
        "reason": latest.reason,
        "count": len(corrections),
        "history_href": reverse("conversations:show_corrections", args=[latest.conversation_id]),
    }


def _rows(names, before, after, option_names):
    return [
        {
            "label": field_label(name),
            "before": value_text(name, before, option_names) if before else "",
            "after": value_text(name, after, option_names),
        }
        for name in names
    ]


def history(corrections, option_names):
    """Each correction, newest first (who, when, why, and each changed field before and after),
    and the record as first made (every field a correction may change)."""
    entries = []
    for correction in corrections:
        before, after = draft_from_json(correction.before), draft_from_json(correction.after)
        changed = [name for name in CONTENT_FIELDS if name in correction.changed]
        entries.append(
            {
                "number": correction.number,
                "when": when(correction.corrected_at),
                "by": person_name(correction.corrected_by),
                "reason": correction.reason,
                "rows": _rows(changed, before, after, option_names),
            }
        )
    original = None
    if corrections:
        first = draft_from_json(corrections[0].before)
        original = _rows(CONTENT_FIELDS, None, first, option_names)
    return {"entries": list(reversed(entries)), "original": original}
