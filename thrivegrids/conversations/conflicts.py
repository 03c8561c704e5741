"""An edit conflict as the working page shows it: who saved and when, which fields they changed,
and each field's saved value beside the editor's."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from thrivegrids.conversations.drafts import VoiceDraft
from thrivegrids.conversations.models import Decision, SummaryLanguage, VoiceRole
from thrivegrids.conversations.presenters import list_text, person_name, when
from thrivegrids.conversations.priorities import Priority
from thrivegrids.core.thrive import NeedsGroup

FIELD_LABELS = {
    "held_on": _("Date of the conversation"),
    "parent_carer_present": _("A parent or carer took part"),
    "summary_language": _("Language of the take-away summary"),
    "questions": _("Questions to ask and things to find out"),
    "decision": _("Decision"),
    "next_steps": _("What happens next"),
    "follow_up_on": _("Follow-up date"),
    "options_discussed": _("Options you talked about"),
    "options_chosen": _("Options chosen"),
    "needs_group": _("THRIVE needs-based group agreed now"),
    "needs_group_reason": _("Why this group, in a sentence or two"),
}
VOICE_FIELD_LABELS = {
    "what_matters": _("what matters"),
    "priorities": _("common priorities"),
    "leaning_towards": _("leaning towards"),
}
# Where each conflicting field is on the working page, for the error summary's links.
FIELD_ANCHORS = {
    "held_on": "conversation-form",
    "parent_carer_present": "id_parent_carer_present",
    "summary_language": "id_summary_language",
    "questions": "id_questions",
    "decision": "id_decision",
    "next_steps": "id_next_steps",
    "follow_up_on": "id_follow_up_day",
    "options_discussed": "options-discussed",
    "options_chosen": "id_options_chosen",
    "needs_group": "id_needs_group",
    "needs_group_reason": "id_needs_group_reason",
}


def field_label(name):
    if name.startswith("voice:"):
        _prefix, role, field = name.split(":")
        return f"{VoiceRole(role).label}: {VOICE_FIELD_LABELS[field]}"
    return str(FIELD_LABELS.get(name, name))


def field_anchor(name):
    if name.startswith("voice:"):
        _prefix, role, field = name.split(":")
        return f"id_{role}-{field}"
    return FIELD_ANCHORS.get(name, "conversation-form")


def value_text(name, draft, names):
    if name.startswith("voice:"):
        _prefix, role, field = name.split(":")
        value = getattr(draft.voices.get(role, VoiceDraft()), field)
        if field == "priorities":
            return list_text(Priority(slug).label for slug in value if slug in Priority.values)
        if field == "leaning_towards":
            return list_text(names.get(pk, "?") for pk in value)
        return value or _("(empty)")
    value = getattr(draft, name)
    if name in ("options_discussed", "options_chosen"):
        return list_text(names.get(pk, "?") for pk in value)
    if name == "parent_carer_present":
        return _("Yes") if value else _("No")
    if name == "decision":
        return str(Decision(value).label) if value in Decision.values else value
    if name == "summary_language":
        return str(SummaryLanguage(value).label) if value in SummaryLanguage.values else value
    if name == "needs_group":
        return str(NeedsGroup(value).label) if value in NeedsGroup.values else _("(empty)")
    if name in ("held_on", "follow_up_on"):
        return date_format(value, "j F Y") if value else _("(empty)")
    return value or _("(empty)")


def conflict(error, names):
    """What an EditConflict shows: who saved and when, and each field's saved value beside yours."""
    conversation = error.conversation
    return {
        "by": person_name(conversation.updated_by),
        "at": when(conversation.updated_at),
        "revision": conversation.revision,
        "rows": [
            {
                "name": name,
                "label": field_label(name),
                "anchor": field_anchor(name),
                "theirs": value_text(name, error.saved, names),
                "yours": value_text(name, error.attempted, names),
            }
            for name in error.fields
        ],
        "taken": [field_label(name) for name in error.taken_from_theirs],
    }
