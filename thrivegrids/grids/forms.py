"""The admin's forms for grid content: text edited there keeps the limits of the content format
(docs/content-format.md, "Text limits"), each problem shown beside its field.

Texts per language are edited as JSON. The JSON as typed is refused first if it is longer than
every language's texts at their limits could be, so a huge paste is never parsed; then each text
is held to its limit in the format.
"""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from pydantic import StringConstraints

from thrivegrids.core.languages import LANGUAGE_CODES
from thrivegrids.core.text_limits import LONG, MEDIUM, SHORT, WORD
from thrivegrids.grids.format import OptionText, VersionText
from thrivegrids.grids.models import Cell, GridVersion, LocalOptionDetail, Option, Question, Topic

# Room in the JSON as typed for quotes, keys and escaped characters around the texts.
JSON_ROOM = 6


def field_limits(model):
    """{field name: its limit} for the text fields of a content format model."""
    return {
        name: item.max_length
        for name, field in model.model_fields.items()
        for item in field.metadata
        if isinstance(item, StringConstraints) and item.max_length
    }


def _characters(count):
    return number_format(count, force_grouping=True)


def _too_long(message, count, limit, **params):
    return forms.ValidationError(
        message,
        code="max_length",
        params={**params, "limit": _characters(limit), "count": _characters(count)},
    )


class LimitedJSONField(forms.JSONField):
    """JSON of at most `max_length` characters as typed, refused before it is parsed."""

    def __init__(self, *, max_length, **kwargs):
        super().__init__(**kwargs)
        # Not passed to CharField: its validator would count the parsed value's entries.
        self.max_length = max_length

    def to_python(self, value):
        if isinstance(value, str) and len(value) > self.max_length:
            message = _("This must be %(limit)s characters or fewer (it has %(count)s)")
            raise _too_long(message, len(value), self.max_length)
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No maxlength: the browser would cut the JSON short without a word.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class TextsField(LimitedJSONField):
    """Text per language: {"en": "..."} with one limit, or {"en": {"title": "..."}} with a limit
    for each named text."""

    def __init__(self, *, limits, **kwargs):
        each = limits if isinstance(limits, int) else sum(limits.values())
        super().__init__(max_length=JSON_ROOM * len(LANGUAGE_CODES) * each + 1_000, **kwargs)
        self.limits = limits

    def validate(self, value):
        super().validate(value)
        problems = []
        for language, texts in (value or {}).items() if isinstance(value, dict) else ():
            if isinstance(self.limits, int):
                named = {"": texts}
            else:
                named = texts if isinstance(texts, dict) else {}
            for name, text in named.items():
                limit = self.limits if isinstance(self.limits, int) else self.limits.get(name)
                if limit and isinstance(text, str) and len(text.strip()) > limit:
                    message = _("%(text)s must be %(limit)s characters or fewer (it has %(count)s)")
                    text_name = f"{language} {name}".strip()
                    problems.append(_too_long(message, len(text.strip()), limit, text=text_name))
        if problems:
            raise forms.ValidationError(problems)


class TopicForm(forms.ModelForm):
    text = TextsField(limits={"name": SHORT, "summary": MEDIUM})
    needs_groups = LimitedJSONField(max_length=SHORT)

    class Meta:
        model = Topic
        fields = ["slug", "position", "current_view_code", "needs_groups", "text"]


class GridVersionForm(forms.ModelForm):
    text = TextsField(limits=field_limits(VersionText))
    translation_status = LimitedJSONField(max_length=SHORT)
    # Reviewers (name, role, date) and names kept as written: a few of each.
    clinical_review = LimitedJSONField(max_length=LONG * 5, required=False)
    readability_names = LimitedJSONField(max_length=WORD * 50, required=False)

    class Meta:
        model = GridVersion
        fields = [
            "grid",
            "number",
            "status",
            "published_on",
            "next_review_on",
            "is_example_content",
            "endorsed",
            "endorsed_by",
            "translation_status",
            "text",
            "age_min",
            "age_max",
            "clinical_review",
            "readability_names",
            "published_at",
            "published_by",
        ]


class OptionForm(forms.ModelForm):
    text = TextsField(limits=field_limits(OptionText))
    # Numbers (each a sentence with its source) or a "not known" statement, per language.
    benefits_and_harms = LimitedJSONField(max_length=JSON_ROOM * len(LANGUAGE_CODES) * LONG * 10)

    class Meta:
        model = Option
        fields = ["version", "key", "position", "is_waiting", "kind", "text", "benefits_and_harms"]


class QuestionForm(forms.ModelForm):
    text = TextsField(limits=SHORT)

    class Meta:
        model = Question
        fields = ["version", "key", "position", "role", "text"]


class CellForm(forms.ModelForm):
    text = TextsField(limits=LONG)

    class Meta:
        model = Cell
        fields = ["version", "option", "question", "text", "sources"]


class LocalOptionDetailForm(forms.ModelForm):
    note = forms.CharField(
        max_length=LONG,
        required=False,
        widget=forms.Textarea,
        help_text=_("Up to 1,000 characters."),
        error_messages={"max_length": _("The note must be 1,000 characters or fewer")},
    )

    class Meta:
        model = LocalOptionDetail
        fields = ["organisation", "grid", "option_key", "note", "contact"]
