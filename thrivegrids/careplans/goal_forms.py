"""The staff "Rate progress" form: a 0-10 score for each goal of a plan, who gave the ratings,
on what occasion and on what date (today unless changed; never in the future).

A goal left without a score is not rated; at least one must be. Each problem is shown beside its
field and the page comes back with everything as typed.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thrivegrids.careplans.goals import score_field
from thrivegrids.careplans.models import HIGHEST_SCORE, LOWEST_SCORE, RaterRole, RatingOccasion

SCORE_MESSAGE = _("Choose a number from 0 (no progress) to 10 (goal reached)")
DATE_FIELDS = ("rated_on_day", "rated_on_month", "rated_on_year")
# The occasions staff record here (a rating through the young person's link is made there).
STAFF_OCCASIONS = [
    (RatingOccasion.START, RatingOccasion.START.label),
    (RatingOccasion.CONTACT, RatingOccasion.CONTACT.label),
    (RatingOccasion.REVIEW, RatingOccasion.REVIEW.label),
]


def score_label(score):
    if score == LOWEST_SCORE:
        return _("0 – no progress")
    if score == HIGHEST_SCORE:
        return _("10 – goal reached")
    return str(score)


class DateBox(forms.CharField):
    """One box of the date (day, month or year). Its limit is checked with the whole date, so a
    problem with any box is one message, beside the date."""

    def __init__(self, *, limit):
        super().__init__(required=False)
        self.limit = limit


class RateGoalsForm(forms.Form):
    rater_role = forms.ChoiceField(
        label=_("Who gave these ratings?"),
        choices=RaterRole.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who gave the rating"),
            "invalid_choice": _("Choose who gave the rating"),
        },
    )
    occasion = forms.ChoiceField(
        label=_("When were they given?"),
        choices=STAFF_OCCASIONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose when the rating was given"),
            "invalid_choice": _("Choose when the rating was given"),
        },
    )
    rated_on_day = DateBox(limit=2)
    rated_on_month = DateBox(limit=2)
    rated_on_year = DateBox(limit=4)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[score_field(goal.number)] = forms.TypedChoiceField(
                label=_("Goal %(number)s") % {"number": goal.number},
                choices=[(str(n), score_label(n)) for n in range(LOWEST_SCORE, HIGHEST_SCORE + 1)],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": SCORE_MESSAGE},
            )
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.update(
                rated_on_day=str(today.day),
                rated_on_month=str(today.month),
                rated_on_year=str(today.year),
            )

    def score_fields(self):
        """(goal, bound field) for each goal, in number order."""
        return [(goal, self[score_field(goal.number)]) for goal in self.goals]

    def score_items(self, field):
        """The NHS.UK radios of one goal's score: 0 to 10, then "not rated this time" (the
        default, so a goal can be left out without JavaScript)."""
        value = field.value()
        current = "" if value is None else str(value)
        items = [
            {"value": str(n), "text": str(score_label(n)), "checked": str(n) == current}
            for n in range(LOWEST_SCORE, HIGHEST_SCORE + 1)
        ]
        items.append({"divider": str(_("or"))})
        items.append({"value": "", "text": str(_("Not rated this time")), "checked": current == ""})
        return items

    def clean(self):
        cleaned = super().clean()
        cleaned["rated_on"] = self._rated_on(cleaned)
        scores = self.scores()
        refused = any(score_field(goal.number) in self.errors for goal in self.goals)
        if not scores and not refused:
            self.add_error(None, _("Rate progress towards at least one goal"))
        return cleaned

    def scores(self):
        """{goal number: score} for each goal given a score."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            goal.number: cleaned[score_field(goal.number)]
            for goal in self.goals
            if cleaned.get(score_field(goal.number)) is not None
        }

    def _rated_on(self, cleaned):
        parts = [cleaned.get(name, "").strip() for name in DATE_FIELDS]
        if not any(parts):
            self.add_error("rated_on_day", _("Enter the date of the ratings, like 27 3 2026"))
            return None
        fits = all(
            len(part) <= self.fields[name].limit
            for part, name in zip(parts, DATE_FIELDS, strict=True)
        )
        if not fits or not all(part.isdigit() for part in parts):
            self.add_error(
                "rated_on_day", _("Enter the date of the ratings as numbers, like 27 3 2026")
            )
            return None
        day, month, year = (int(part) for part in parts)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            self.add_error("rated_on_day", _("Enter a real date, like 27 3 2026"))
            return None
        if date.year < 2000:
            self.add_error("rated_on_day", _("Enter the date with a 4-digit year, like 27 3 2026"))
            return None
        if date > timezone.localdate():
            self.add_error("rated_on_day", _("The date of a rating cannot be in the future"))
            return None
        return date

    def date_items(self):
        """The NHS.UK date input's boxes, as typed."""
        error = bool(self["rated_on_day"].errors)
        return [
            {
                "id": f"id_rated_on_{part}",
                "name": f"rated_on_{part}",
                "label": label,
                "value": self[f"rated_on_{part}"].value() or "",
                "width": 4 if part == "year" else 2,
                "classes": "nhsuk-input--error" if error else "",
                "inputmode": "numeric",
            }
            for part, label in (("day", _("Day")), ("month", _("Month")), ("year", _("Year")))
        ]

    def add_service_errors(self, error):
        """Show a ValidationError from goals.rate_goals beside the fields it names."""
        for name, messages in error.message_dict.items():
            field = "rated_on_day" if name == "rated_on" else name
            self.add_error(
                None if field == "__all__" or field not in self.fields else field, messages
            )
