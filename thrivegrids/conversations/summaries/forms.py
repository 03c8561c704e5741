"""The share page's forms: make a link (how long, which language), and change or stop one."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thrivegrids.conversations.models import SummaryLanguage

LIFETIME_CHOICES = [
    ("1", _("1 day")),
    ("7", _("7 days")),
    ("30", _("30 days")),
    ("90", _("90 days")),
]
DEFAULT_LIFETIME = "30"


class ShareLinkForm(forms.Form):
    lifetime = forms.ChoiceField(
        label=_("How long should the link work?"),
        choices=LIFETIME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long the link should work")},
    )
    language = forms.ChoiceField(
        label=_("Language of the summary"),
        choices=SummaryLanguage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language of the summary")},
    )

    def lifetime_delta(self):
        return datetime.timedelta(days=int(self.cleaned_data["lifetime"]))


class ChangeLinkForm(forms.Form):
    action = forms.ChoiceField(choices=[("change_expiry", "change_expiry"), ("revoke", "revoke")])
    lifetime = forms.ChoiceField(
        label=_("Make the link work for"), choices=LIFETIME_CHOICES, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "change_expiry" and not cleaned.get("lifetime"):
            raise ValidationError(_("Choose how long the link should work"))
        return cleaned

    def lifetime_delta(self):
        return datetime.timedelta(days=int(self.cleaned_data["lifetime"]))
