"""Forms for starting a conversation and for the working page (the draft, its outcome, the group).

The conversation form's option choices are the options of the grid versions shown, so a posted
option from any other grid is an invalid choice, not a stray row. One field the form refuses
(text over its limit, a follow-up date in the past) never stops the others saving:
`draft(saved=...)` keeps the saved value of each refused field.
"""

import copy
import datetime
import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thrivegrids.conversations.drafts import ConversationDraft, VoiceDraft
from thrivegrids.conversations.models import Decision, SummaryLanguage, VoiceRole
from thrivegrids.conversations.priorities import Priority
from thrivegrids.core.forms import LimitedText
from thrivegrids.core.thrive import NeedsGroup

VOICE_FIELDS = ("what_matters", "priorities", "leaning_towards")

# Free text on the working page: a few paragraphs, or a sentence or two for the group's reason.
NOTE_LIMIT = 4000
REASON_LIMIT = 1000
# What a refused "what matters" is called in its error message (the label alone says "What matters").
WHAT_MATTERS_NAMES = {
    VoiceRole.YOUNG_PERSON: _("What matters to the young person"),
    VoiceRole.PARENT_CARER: _("What matters to the parent or carer"),
    VoiceRole.PRACTITIONER: _("What matters to the practitioner"),
}


def voice_field_name(role, name):
    return f"{role}-{name}"


class DatePart(forms.CharField):
    """One box of a date (day, month or year). Its limit is checked with the whole date, so a
    problem with any box is one message, on the date."""

    def __init__(self, *, limit):
        super().__init__(required=False)
        self.limit = limit


class StartConversationForm(forms.Form):
    versions = forms.MultipleChoiceField(
        label=_("Which grids will you look at together?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one grid to talk about")},
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.available = {str(version.pk): version for version in versions}
        self.fields["versions"].choices = [(pk, str(v)) for pk, v in self.available.items()]

    def chosen_versions(self):
        return [self.available[pk] for pk in self.cleaned_data["versions"]]


class ConversationForm(forms.Form):
    """Everything typed on the working page. `draft()` turns it into a drafts.ConversationDraft."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Which page typed this (a token made when the page is first shown, kept through refusals),
    # so the page's own earlier saves are never taken for someone else's (drafts.seen_revision).
    editor = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    parent_carer_present = forms.BooleanField(
        label=_("A parent or carer took part"), required=False
    )
    options_discussed = forms.MultipleChoiceField(
        label=_("Options you talked about"), required=False
    )
    questions = LimitedText(label=_("Questions to ask and things to find out"), limit=NOTE_LIMIT)
    decision = forms.ChoiceField(
        label=_("What was decided?"),
        choices=[
            (Decision.CHOSEN, _("An option or options were chosen")),
            (Decision.NOT_YET, _("Not decided yet")),
        ],
        required=False,
    )
    options_chosen = forms.MultipleChoiceField(label=_("Options chosen"), required=False)
    next_steps = LimitedText(label=_("What happens next"), limit=NOTE_LIMIT)
    # Checked together, as one date, in clean(); its problems are on the day (the first box).
    follow_up_day = DatePart(limit=2)
    follow_up_month = DatePart(limit=2)
    follow_up_year = DatePart(limit=4)
    summary_language = forms.ChoiceField(
        label=_("Language of the take-away summary"),
        choices=SummaryLanguage.choices,
        initial=SummaryLanguage.ENGLISH,
    )
    needs_group = forms.ChoiceField(
        label=_("THRIVE needs-based group agreed now"),
        choices=NeedsGroup.choices,
        required=False,
    )
    needs_group_reason = LimitedText(
        label=_("Why this group, in a sentence or two"),
        limit=REASON_LIMIT,
        named=_("The reason for the group"),
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(option.pk), option.key) for option in options]
        for name in ("options_discussed", "options_chosen"):
            self.fields[name].choices = choices
        for role in VoiceRole:
            self.fields[voice_field_name(role, "what_matters")] = LimitedText(
                label=_("What matters"), limit=NOTE_LIMIT, named=WHAT_MATTERS_NAMES[role]
            )
            self.fields[voice_field_name(role, "priorities")] = forms.MultipleChoiceField(
                label=_("Common priorities"), choices=Priority.choices, required=False
            )
            self.fields[voice_field_name(role, "leaning_towards")] = forms.MultipleChoiceField(
                label=_("Leaning towards"), choices=choices, required=False
            )

    @classmethod
    def initial_for(cls, conversation, draft, *, editor=""):
        """The form as `draft` fills it, at the conversation's revision; a new page (no `editor`
        yet) gets a token of its own."""
        initial = {
            "revision": conversation.revision,
            "editor": editor or secrets.token_urlsafe(16),
            "parent_carer_present": draft.parent_carer_present,
            "options_discussed": [str(pk) for pk in draft.options_discussed],
            "questions": draft.questions,
            "decision": draft.decision,
            "options_chosen": [str(pk) for pk in draft.options_chosen],
            "next_steps": draft.next_steps,
            "summary_language": draft.summary_language,
            "needs_group": draft.needs_group,
            "needs_group_reason": draft.needs_group_reason,
        }
        if draft.follow_up_on:
            initial |= {
                "follow_up_day": str(draft.follow_up_on.day),
                "follow_up_month": str(draft.follow_up_on.month),
                "follow_up_year": str(draft.follow_up_on.year),
            }
        for role in VoiceRole:
            voice = draft.voices.get(role, VoiceDraft())
            initial[voice_field_name(role, "what_matters")] = voice.what_matters
            initial[voice_field_name(role, "priorities")] = list(voice.priorities)
            initial[voice_field_name(role, "leaning_towards")] = [
                str(pk) for pk in voice.leaning_towards
            ]
        return initial

    def clean(self):
        cleaned = super().clean()
        cleaned["follow_up_on"] = self._follow_up_on(cleaned)
        # A group without a reason (or the other way round) is fine in a draft; recording checks.
        return cleaned

    def _follow_up_on(self, cleaned):
        names = [f"follow_up_{part}" for part in ("day", "month", "year")]
        parts = [cleaned.get(name, "").strip() for name in names]
        if not any(parts):
            return None
        fits = [
            len(part) <= self.fields[name].limit for part, name in zip(parts, names, strict=True)
        ]
        if not all(part.isdigit() for part in parts) or not all(fits):
            self.add_error(
                "follow_up_day", _("Enter the follow-up date as numbers, like 27 3 2027")
            )
            return None
        day, month, year = (int(part) for part in parts)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            self.add_error("follow_up_day", _("Enter a real follow-up date, like 27 3 2027"))
            return None
        if not 2000 <= date.year <= 2100:
            self.add_error("follow_up_day", _("Enter a follow-up date with a 4-digit year"))
            return None
        if date < timezone.localdate():
            self.add_error("follow_up_day", _("The follow-up date must be today or in the future"))
            return None
        return date

    def draft(self, *, held_on, saved=None) -> ConversationDraft:
        """What the form holds, as a draft. With `saved` (the draft as saved now), each field the
        form refused keeps its saved value, so the fields it accepted can be saved without it."""
        if saved is None and self.errors:
            raise ValueError("A form with errors needs the saved draft to fill the gaps")
        draft = copy.deepcopy(saved) if saved is not None else ConversationDraft()
        draft.held_on = held_on
        data = self.cleaned_data
        for name, convert in DRAFT_COLUMNS.items():
            if name in data:
                setattr(draft, name, convert(data[name]))
        if "follow_up_day" not in self.errors:
            draft.follow_up_on = data.get("follow_up_on")
        for role in VoiceRole:
            voice = draft.voices.setdefault(role.value, VoiceDraft())
            for name, convert in VOICE_COLUMNS.items():
                if voice_field_name(role, name) in data:
                    setattr(voice, name, convert(data[voice_field_name(role, name)]))
        return draft

    def accepted_nothing(self):
        """Whether nothing can be saved: without the revision it started from, not even a field."""
        return "revision" in self.errors


def _option_pks(values):
    return sorted(int(pk) for pk in values)


def _text(value):
    return value.strip()


# How each accepted form field becomes the draft field of the same name.
DRAFT_COLUMNS = {
    "parent_carer_present": bool,
    "summary_language": str,
    "options_discussed": _option_pks,
    "questions": _text,
    "decision": str,
    "options_chosen": _option_pks,
    "next_steps": _text,
    "needs_group": str,
    "needs_group_reason": _text,
}
VOICE_COLUMNS = {"what_matters": _text, "priorities": list, "leaning_towards": _option_pks}


class OptionsDiscussedForm(forms.Form):
    """The in-room grid page: which of this grid's options were talked about."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    options_discussed = forms.MultipleChoiceField(
        label=_("Options you talked about"), required=False
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options_discussed"].choices = [(str(o.pk), o.key) for o in options]

    def chosen(self):
        return {int(pk) for pk in self.cleaned_data["options_discussed"]}
