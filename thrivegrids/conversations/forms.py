"""Forms for starting a conversation and for the working page (the draft, its outcome, the group).

The conversation form's option choices are the options of the grid versions shown, so a posted
option from any other grid is an invalid choice, not a stray row.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from thrivegrids.conversations.drafts import ConversationDraft, VoiceDraft
from thrivegrids.conversations.models import Decision, SummaryLanguage, VoiceRole
from thrivegrids.conversations.priorities import Priority
from thrivegrids.core.thrive import NeedsGroup

VOICE_FIELDS = ("what_matters", "priorities", "leaning_towards")


def voice_field_name(role, name):
    return f"{role}-{name}"


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
    parent_carer_present = forms.BooleanField(
        label=_("A parent or carer took part"), required=False
    )
    options_discussed = forms.MultipleChoiceField(
        label=_("Options you talked about"), required=False
    )
    questions = forms.CharField(
        label=_("Questions to ask and things to find out"), required=False, max_length=4000
    )
    decision = forms.ChoiceField(
        label=_("What was decided?"),
        choices=[
            (Decision.CHOSEN, _("An option or options were chosen")),
            (Decision.NOT_YET, _("Not decided yet")),
        ],
        required=False,
    )
    options_chosen = forms.MultipleChoiceField(label=_("Options chosen"), required=False)
    next_steps = forms.CharField(label=_("What happens next"), required=False, max_length=4000)
    follow_up_day = forms.CharField(required=False, max_length=2)
    follow_up_month = forms.CharField(required=False, max_length=2)
    follow_up_year = forms.CharField(required=False, max_length=4)
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
    needs_group_reason = forms.CharField(
        label=_("Why this group, in a sentence or two"), required=False, max_length=1000
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(option.pk), option.key) for option in options]
        for name in ("options_discussed", "options_chosen"):
            self.fields[name].choices = choices
        for role in VoiceRole:
            self.fields[voice_field_name(role, "what_matters")] = forms.CharField(
                label=_("What matters"), required=False, max_length=4000
            )
            self.fields[voice_field_name(role, "priorities")] = forms.MultipleChoiceField(
                label=_("Common priorities"), choices=Priority.choices, required=False
            )
            self.fields[voice_field_name(role, "leaning_towards")] = forms.MultipleChoiceField(
                label=_("Leaning towards"), choices=choices, required=False
            )

    @classmethod
    def initial_for(cls, conversation, draft):
        initial = {
            "revision": conversation.revision,
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
        parts = [cleaned.get(f"follow_up_{part}", "").strip() for part in ("day", "month", "year")]
        if not any(parts):
            return None
        if not all(part.isdigit() for part in parts):
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
        return date

    def draft(self, *, held_on) -> ConversationDraft:
        data = self.cleaned_data
        voices = {
            role.value: VoiceDraft(
                what_matters=data[voice_field_name(role, "what_matters")].strip(),
                priorities=list(data[voice_field_name(role, "priorities")]),
                leaning_towards=sorted(
                    int(pk) for pk in data[voice_field_name(role, "leaning_towards")]
                ),
            )
            for role in VoiceRole
        }
        return ConversationDraft(
            held_on=held_on,
            parent_carer_present=data["parent_carer_present"],
            summary_language=data["summary_language"],
            options_discussed=sorted(int(pk) for pk in data["options_discussed"]),
            questions=data["questions"].strip(),
            decision=data["decision"],
            options_chosen=sorted(int(pk) for pk in data["options_chosen"]),
            next_steps=data["next_steps"].strip(),
            follow_up_on=data["follow_up_on"],
            needs_group=data["needs_group"],
            needs_group_reason=data["needs_group_reason"].strip(),
            voices=voices,
        )


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
