"""Forms for answering instruments and choosing the team page's period; fields render as NHS.UK radios and selects."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

MONTHS_BACK = 36


def field_name(instrument, item):
    return f"i{instrument.pk}-{item.key}"


class AnswersForm(forms.Form):
    """Every item of the given instruments, as one radio question each, in `language`."""

    def __init__(self, *args, instruments, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.instruments = instruments
        self.sections = []
        for instrument in instruments:
            shown_in = instrument.language_for(language)
            names = []
            for item in instrument.items.all():
                name = field_name(instrument, item)
                self.fields[name] = forms.TypedChoiceField(
                    label=item.text_in(shown_in),
                    choices=[
                        (str(option["value"]), option["label"].get(shown_in, option["label"]["en"]))
                        for option in item.scale
                    ],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Choose an answer to: %(question)s")
                        % {"question": item.text_in(shown_in)},
                        "invalid_choice": _("Choose an answer from the list"),
                    },
                )
                names.append(name)
            self.sections.append({"instrument": instrument, "language": shown_in, "fields": names})

    def answers_by_instrument(self):
        return {
            instrument: {
                item.key: self.cleaned_data[field_name(instrument, item)]
                for item in instrument.items.all()
            }
            for instrument in self.instruments
        }


def _month_choices(today):
    first = today.replace(day=1)
    choices = []
    for back in range(MONTHS_BACK):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        day = datetime.date(year, month + 1, 1)
        choices.append((day.strftime("%Y-%m"), date_format(day, "F Y")))
    return choices


def _month(value):
    return datetime.date(int(value[:4]), int(value[5:7]), 1)


def end_of_month(day):
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


class PeriodForm(forms.Form):
    """A period of whole months, by default the last 12 (this month included)."""

    start = forms.ChoiceField(label=_("From the start of"))
    end = forms.ChoiceField(label=_("To the end of"))

    def __init__(self, data=None, *, today=None):
        today = today or timezone.localdate()
        choices = _month_choices(today)
        default = {"start": choices[11][0], "end": choices[0][0]}
        super().__init__({**default, **{k: v for k, v in (data or {}).items() if v}})
        self.fields["start"].choices = choices
        self.fields["end"].choices = choices
        self.fields["start"].error_messages["invalid_choice"] = _("Choose a month from the list")
        self.fields["end"].error_messages["invalid_choice"] = _("Choose a month from the list")

    def clean(self):
        cleaned = super().clean()
        if "start" in cleaned and "end" in cleaned and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end must be the same month as the start or later"))
        return cleaned

    def period(self):
        """(first day, last day) of the chosen months; the default when the choice is invalid."""
        if self.is_valid():
            start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        else:
            start, end = self.fields["start"].choices[11][0], self.fields["end"].choices[0][0]
        return _month(start), end_of_month(_month(end))
