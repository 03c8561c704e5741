"""Forms for the public directory pages; each field renders through an NHS.UK macro.

A template passes `form.params("age")` to the macro that suits the field (input, select, radios,
checkboxes or textarea), so labels, hints, values as typed and error messages come from one place.
"""

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from thrivegrids.core.thrive import TOPIC_NAMES, NeedsGroup, Setting
from thrivegrids.directory import vocabulary
from thrivegrids.directory.geocoding import get_geocoder
from thrivegrids.directory.models import Language, Place, ProblemReport
from thrivegrids.directory.search import Criteria, Origin

MAX_AGE = 120


class NHSFormMixin:
    """Macro parameters for each field and the error summary list."""

    def _error(self, name):
        errors = self.errors.get(name) if self.is_bound else None
        if not errors:
            return None
        return {"text": errors[0], "visuallyHiddenText": _("Error")}

    def _choices(self, field, value, key):
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value or "")}
        return [{"value": v, "text": t, key: str(v) in chosen} for v, t in field.choices]

    def params(self, name, **extra):
        field, bound = self.fields[name], self[name]
        value = bound.value()
        widget = field.widget
        params = {"name": name, "errorMessage": self._error(name)}
        label = {"text": field.label}
        hint = {"text": field.help_text} if field.help_text else None
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            key = "checked"
            params |= {
                "idPrefix": name,
                "fieldset": {"legend": {**label, "size": "s"}},
                "items": self._choices(field, value, key),
            }
        elif isinstance(widget, forms.Select):
            params |= {"id": name, "label": label, "items": self._choices(field, value, "selected")}
        else:
            params |= {"id": name, "label": label, "value": "" if value is None else value}
        if hint:
            params["hint"] = hint
        return params | extra

    def error_list(self):
        """Errors for the NHS.UK error summary, each linking to its field."""
        if not self.is_bound:
            return []
        return [
            {"text": errors[0], "href": f"#{name}"}
            for name, errors in self.errors.items()
            if name in self.fields
        ]


def topic_choices():
    return [(code, TOPIC_NAMES.get(code, name)) for code, name, _d in vocabulary.TOPICS.terms]


def language_choices():
    rows = (
        Language.objects.filter(service__isnull=False)
        .exclude(code="")
        .values_list("code", "name")
        .order_by("code")
        .distinct()
    )
    choices = {}
    for code, name in rows:
        try:
            choices.setdefault(code, str(get_language_info(code)["name_translated"]))
        except KeyError:
            choices.setdefault(code, name or code)
    return sorted(choices.items(), key=lambda item: item[1])


class OriginForm(NHSFormMixin, forms.Form):
    """Where to measure distances from: a place in the gazetteer, or the browser's location."""

    place = forms.CharField(
        required=False,
        max_length=100,
        label=_("Town or area"),
        help_text=_("To see the nearest services first"),
        error_messages={"max_length": _("Town or area must be 100 characters or fewer")},
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def clean_place(self):
        text = self.cleaned_data["place"].strip()
        if not text:
            return None
        place = get_geocoder().locate(text)
        if place is None:
            example = Place.objects.values_list("name", flat=True).first()
            message = _("We cannot find %(place)s. Enter a town or area from the list")
            if example:
                message = _(
                    "We cannot find %(place)s. Enter a town or area from the list, like %(example)s"
                )
            raise forms.ValidationError(message, params={"place": text, "example": example})
        return place

    def clean(self):
        data = super().clean()
        lat, lng = data.get("lat"), data.get("lng")
        located = "lat" not in self.errors and "lng" not in self.errors
        if not located or (lat is None) != (lng is None):
            self.errors.pop("lat", None)
            self.errors.pop("lng", None)
            self.add_error("place", _("We could not use your location. Enter a town or area"))
        return data

    def origin(self):
        """The Origin asked for, or None (also when the form is not valid)."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if data.get("place") is not None:
            place = data["place"]
            return Origin(place.name, place.latitude, place.longitude, {"place": place.name})
        if data.get("lat") is not None:
            lat, lng = round(data["lat"], 3), round(data["lng"], 3)
            return Origin(_("your location"), lat, lng, {"lat": lat, "lng": lng})
        return None

    @staticmethod
    def place_names(limit=500):
        return list(Place.objects.values_list("name", flat=True)[:limit])


class ServiceSearchForm(OriginForm):
    field_order = [
        "q",
        "place",
        "lat",
        "lng",
        "age",
        "group",
        "topic",
        "kind",
        "setting",
        "language",
    ]

    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("What are you looking for?"),
        help_text=_("For example, counselling, ADHD or football"),
        error_messages={"max_length": _("Search words must be 200 characters or fewer")},
    )
    age = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        label=_("Age of the young person"),
        error_messages={
            "invalid": _("Enter the age as a number, like 15"),
            "min_value": _("Age must be between 0 and 120"),
            "max_value": _("Age must be between 0 and 120"),
        },
    )
    group = forms.ChoiceField(
        required=False,
        label=_("THRIVE needs-based group"),
        choices=[("", _("Any group"))] + list(NeedsGroup.choices),
        error_messages={"invalid_choice": _("Select a group from the list")},
    )
    topic = forms.ChoiceField(
        required=False,
        label=_("Topic"),
        error_messages={"invalid_choice": _("Select a topic from the list")},
    )
    setting = forms.ChoiceField(
        required=False,
        label=_("NHS or community"),
        choices=[("", _("Both"))] + list(Setting.choices),
        error_messages={"invalid_choice": _("Select NHS, community or both")},
    )
    language = forms.ChoiceField(
        required=False,
        label=_("Language spoken"),
        error_messages={"invalid_choice": _("Select a language from the list")},
    )
    kind = forms.ChoiceField(
        required=False,
        label=_("Kind of help"),
        choices=[("", _("Any kind of help"))]
        + [(code, _(name)) for code, name, _d in vocabulary.OPTION_KINDS.terms],
        error_messages={"invalid_choice": _("Select a kind of help from the list")},
    )
    only = forms.MultipleChoiceField(
        required=False,
        label=_("Only show services"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("self-referral", _("You can contact them yourself (no referral needed)")),
            ("free", _("Free")),
            ("open-now", _("Open now")),
        ],
        error_messages={"invalid_choice": _("Select only options from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Any topic"))] + topic_choices()
        self.fields["language"].choices = [("", _("Any language"))] + language_choices()

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def criteria(self):
        """What to search for; call only when the form is valid."""
        data = self.cleaned_data
        return Criteria(
            text=data["q"],
            group=data["group"],
            topic=data["topic"],
            kind=data["kind"],
            age=data["age"],
            setting=data["setting"],
            language=data["language"],
            self_referral="self-referral" in data["only"],
            free="free" in data["only"],
            open_now="open-now" in data["only"],
            origin=self.origin(),
        )


class ProblemReportForm(NHSFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        widget=forms.RadioSelect,
        choices=ProblemReport.Reason.choices,
        error_messages={
            "required": _("Select what is wrong with this information"),
            "invalid_choice": _("Select what is wrong with this information"),
        },
    )
    details = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Tell us more (optional)"),
        help_text=_(
            "For example, the right phone number or opening hours. "
            "Do not include personal or medical information. You can enter up to 1,000 characters."
        ),
        widget=forms.Textarea,
        error_messages={"max_length": _("Details must be 1,000 characters or fewer")},
    )


class ShortlistChangeForm(forms.Form):
    """An add or remove button: which service, and the page to go back to."""

    service = forms.UUIDField()
    next = forms.CharField(required=False, max_length=2000)
