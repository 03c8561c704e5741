"""Helpers that turn Django forms into what the NHS.UK macros take (see jinja2/core/forms.jinja),
and the free-text field with a limit the page shows."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


class LimitedText(forms.CharField):
    """Free text with a limit that the page shows (the NHS.UK character count). The browser never
    stops typing at the limit: the count warns as it nears, and this field refuses what is over.
    Line breaks count once, as the count in the browser counts them. `named` is how the error
    names the field (the label when not given). Ends are trimmed, as Django's CharField does."""

    def __init__(self, *, label, limit, named=None, **kwargs):
        super().__init__(label=label, required=False, **kwargs)
        self.limit = limit
        self.named = named or label

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")

    def validate(self, value):
        super().validate(value)
        if len(value) > self.limit:
            raise ValidationError(
                _("%(field)s must be %(limit)s characters or fewer (you have %(count)s)")
                % {
                    "field": self.named,
                    "limit": number_format(self.limit, force_grouping=True),
                    "count": number_format(len(value), force_grouping=True),
                },
                code="max_length",
            )


def error_list(form):
    """The error summary's list: form-wide errors, then each field's, linking to the field."""
    items = [{"text": str(error)} for error in form.non_field_errors()]
    for field in form:
        items.extend({"text": str(error), "href": f"#{field.auto_id}"} for error in field.errors)
    return items


def choice_items(field, selected_key="checked"):
    """Radio or select items for a bound field, marking the current value."""
    value = field.value()
    current = "" if value is None else str(value)
    return [
        {"value": choice, "text": str(label), selected_key: str(choice) == current}
        for choice, label in field.field.choices
        if not (selected_key == "checked" and choice == "")
    ]
