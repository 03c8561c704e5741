"""The "Correct this record" form: the recorded content, pre-filled, and why it is being corrected.

Field names are the working page's (forms.ConversationForm), so presenters.ConversationPage shapes
them for the same NHS.UK macros; only what a correction may change is here (CORRECTABLE_FIELDS).
"""

import dataclasses
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thrivegrids.conversations.drafts import ConversationDraft, VoiceDraft
from thrivegrids.conversations.models import CORRECTION_REASON_MAX_LENGTH, Decision, VoiceRole
from thrivegrids.conversations.priorities import Priority

DATE_PARTS = ("day", "month", "year")


def _voice(role, name):
    return f"{role}-{name}"


class CorrectionForm(forms.Form):
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
        error_messages={"required": _("Say whether an option was chosen or it is not decided yet")},
    )
    options_chosen = forms.MultipleChoiceField(label=_("Options chosen"), required=False)
    next_steps = forms.CharField(label=_("What happens next"), required=False, max_length=4000)
    follow_up_day = forms.CharField(required=False, max_length=2)
    follow_up_month = forms.CharField(required=False, max_length=2)
    follow_up_year = forms.CharField(required=False, max_length=4)
    reason = forms.CharField(
        label=_("Why are you correcting this record?"),
        max_length=CORRECTION_REASON_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": _("Say why you are correcting the record"),
            "max_length": _("Say why in %(limit_value)s characters or fewer"),
        },
    )

    def __init__(self, *args, options, recorded_follow_up=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.recorded_follow_up = recorded_follow_up
        choices = [(str(option.pk), option.key) for option in options]
        for name in ("options_discussed", "options_chosen"):
            self.fields[name].choices = choices
        for role in VoiceRole:
            self.fields[_voice(role, "what_matters")] = forms.CharField(
                label=_("What matters"), required=False, max_length=4000
            )
            self.fields[_voice(role, "priorities")] = forms.MultipleChoiceField(
                label=_("Common priorities"), choices=Priority.choices, required=False
            )
            self.fields[_voice(role, "leaning_towards")] = forms.MultipleChoiceField(
                label=_("Leaning towards"), choices=choices, required=False
            )

    @staticmethod
    def initial_for(revision, content: ConversationDraft, reason=""):
        """What the form shows for `content` (a drafts.ConversationDraft) at `revision`."""
        initial = {
            "revision": revision,
            "parent_carer_present": content.parent_carer_present,
            "options_discussed": [str(pk) for pk in content.options_discussed],
            "questions": content.questions,
            "decision": content.decision,
            "options_chosen": [str(pk) for pk in content.options_chosen],
            "next_steps": content.next_steps,
            "reason": reason,
        }
        if content.follow_up_on:
            for part in DATE_PARTS:
                initial[f"follow_up_{part}"] = str(getattr(content.follow_up_on, part))
        for role in VoiceRole:
            voice = content.voices.get(role, VoiceDraft())
            initial[_voice(role, "what_matters")] = voice.what_matters
            initial[_voice(role, "priorities")] = list(voice.priorities)
            initial[_voice(role, "leaning_towards")] = [str(pk) for pk in voice.leaning_towards]
        return initial

    def clean(self):
        cleaned = super().clean()
        cleaned["follow_up_on"] = self._follow_up_on(cleaned)
        return cleaned

    def _follow_up_on(self, cleaned):
        parts = [cleaned.get(f"follow_up_{part}", "").strip() for part in DATE_PARTS]
        if not any(parts):
            return None
        try:
            day, month, year = (int(part) for part in parts)
            date = datetime.date(year, month, day)
        except ValueError:
            date = None
        if date is None or not 2000 <= date.year <= 2100:
            self.add_error("follow_up_day", _("Enter a real follow-up date, like 27 3 2027"))
            return None
        # The recorded date may have passed since; a new one is shown to the young person, so
        # it may not be in the past.
        if date < timezone.localdate() and date != self.recorded_follow_up:
            self.add_error("follow_up_day", _("The follow-up date must be today or in the future"))
            return None
        return date

    def content(self, recorded: ConversationDraft) -> ConversationDraft:
        """`recorded` with what this form corrects typed over it."""
        data = self.cleaned_data
        voices = {
            role.value: VoiceDraft(
                what_matters=data[_voice(role, "what_matters")].strip(),
                priorities=list(data[_voice(role, "priorities")]),
                leaning_towards=sorted(int(pk) for pk in data[_voice(role, "leaning_towards")]),
            )
            for role in VoiceRole
        }
        return dataclasses.replace(
            recorded,
            parent_carer_present=data["parent_carer_present"],
            options_discussed=sorted(int(pk) for pk in data["options_discussed"]),
            questions=data["questions"].strip(),
            decision=data["decision"],
            options_chosen=sorted(int(pk) for pk in data["options_chosen"]),
            next_steps=data["next_steps"].strip(),
            follow_up_on=data["follow_up_on"],
            voices=voices,
        )
