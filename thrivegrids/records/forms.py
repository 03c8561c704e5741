"""The young person's record form: the few facts a conversation needs, checked kindly."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thrivegrids.records import nhs_number
from thrivegrids.records.models import AgeBand, PreferredLanguage, YoungPerson


class YoungPersonForm(forms.Form):
    local_reference = forms.CharField(
        label=_("Local reference"),
        max_length=40,
        error_messages={
            "required": _("Enter a local reference"),
            "max_length": _("Local reference must be 40 characters or fewer"),
        },
    )
    age_band = forms.ChoiceField(
        label=_("Age band"),
        choices=[("", _("Not given")), *AgeBand.choices],
        required=False,
    )
    year_of_birth = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        error_messages={"invalid": _("Enter a year of birth as 4 digits, like 2011")},
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=PreferredLanguage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a preferred language")},
    )
    # Room for spaces as people write it ("943 476 5919"); 10 digits are stored.
    nhs_number = forms.CharField(
        label=_("NHS number (optional)"),
        max_length=20,
        required=False,
        error_messages={"max_length": _("Enter a real NHS number: 10 digits, like 943 476 5919")},
    )
    parent_carer_name = forms.CharField(
        label=_("Parent or carer's name (optional)"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Parent or carer's name must be 100 characters or fewer")},
    )

    def __init__(self, *args, organisation, young_person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.young_person = young_person

    def _others(self):
        others = YoungPerson.objects.for_organisation(self.organisation)
        return others.exclude(pk=self.young_person.pk) if self.young_person else others

    def clean_local_reference(self):
        reference = self.cleaned_data["local_reference"].strip()
        if self._others().filter(local_reference=reference).exists():
            raise forms.ValidationError(
                _("Your organisation already has a young person with this reference")
            )
        return reference

    def clean_year_of_birth(self):
        year = self.cleaned_data["year_of_birth"]
        this_year = timezone.localdate().year
        if year is not None and not this_year - 30 <= year <= this_year:
            raise forms.ValidationError(
                _("Enter a year of birth between %(earliest)s and %(latest)s")
                % {"earliest": this_year - 30, "latest": this_year}
            )
        return year

    def clean_nhs_number(self):
        number = nhs_number.normalise(self.cleaned_data["nhs_number"])
        if number and not nhs_number.is_valid(number):
            raise forms.ValidationError(_("Enter a real NHS number: 10 digits, like 943 476 5919"))
        if number and self._others().filter(nhs_number=number).exists():
            raise forms.ValidationError(
                _("Your organisation already has a young person with this NHS number")
            )
        return number

    def clean(self):
        cleaned = super().clean()
        band, year = cleaned.get("age_band"), cleaned.get("year_of_birth")
        if not band and year is None and "year_of_birth" not in self.errors:
            self.add_error("age_band", _("Choose an age band or enter a year of birth"))
        elif band and year is not None:
            self.add_error("age_band", _("Give an age band or a year of birth, not both"))
        return cleaned

    def record_fields(self):
        return {name: self.cleaned_data[name] for name in self.fields}

    @classmethod
    def initial_for(cls, young_person):
        return {name: getattr(young_person, name) for name in cls.base_fields}
