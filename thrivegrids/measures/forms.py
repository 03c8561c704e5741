"""Forms for answering instruments and choosing the team page's period; fields render as NHS.UK radios and selects."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thrivegrids.measures import periods


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


class PeriodForm(forms.Form):
    """One reporting period from the fixed list (`periods.offered_periods`): a month, a quarter or
    a year that has ended. By default the latest month; `start`/`end` windows are not offered."""

    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, data=None, *, today=None):
        self.offered = periods.offered_periods(today or timezone.localdate())
        chosen = (data or {}).get("period")
        super().__init__({"period": chosen} if chosen else None)
        self.fields["period"].choices = [(p.value, p.label()) for p in self.offered]
        self.fields["period"].initial = self.default().value
        self.fields["period"].error_messages["invalid_choice"] = _("Choose a period from the list")
        # The old form's free start and end months are ignored, and the page says so.
        self.window_ignored = bool(data) and not chosen and bool({"start", "end"} & set(data))

    def default(self):
        return self.offered[0]

    def chosen(self):
        """The chosen period; the default when none or an invalid one was chosen."""
        if self.is_bound and self.is_valid():
            return next(p for p in self.offered if p.value == self.cleaned_data["period"])
        return self.default()
