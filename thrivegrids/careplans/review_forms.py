"""The form for holding a review: its kind and date, what is working and not, a decision and an
optional rating for each goal, and the next review date (each date as day, month and year boxes,
checked as one date with its problem on the day box)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thrivegrids.careplans.models import (
    HIGHEST_SCORE,
    LOWEST_SCORE,
    NOTE_LIMIT,
    REASON_LIMIT,
    GoalOutcome,
    RaterRole,
    ReviewKind,
)
from thrivegrids.careplans.reviews import OUTCOMES_NEEDING_A_REASON, GoalDecision

DATE_PART_LIMITS = {"day": 2, "month": 2, "year": 4}
DATE_MESSAGES = {
    "held": {
        "missing": _("Enter the date the review was held"),
        "invalid": _("Enter the date the review was held as a real date, like 27 3 2027"),
    },
    "next_review": {
        "missing": _("Enter the next review date"),
        "invalid": _("Enter the next review date as a real date, like 27 3 2027"),
    },
}
# A goal not decided on at this review (it keeps any outcome it had).
STILL_WORKING = ("ongoing", _("Still working towards it"))


def _date_part():
    return forms.CharField(required=False, max_length=4)


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of review is this?"),
        choices=ReviewKind.choices,
        error_messages={"required": _("Choose what kind of review this is")},
    )
    held_day, held_month, held_year = _date_part(), _date_part(), _date_part()
    working = forms.CharField(
        label=_("What is working"), required=False, max_length=NOTE_LIMIT, widget=forms.Textarea
    )
    not_working = forms.CharField(
        label=_("What is not working"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea,
    )
    rater_role = forms.ChoiceField(
        label=_("Who gave the ratings?"),
        choices=RaterRole.choices,
        initial=RaterRole.YOUNG_PERSON,
        required=False,
    )
    next_review_day, next_review_month, next_review_year = (
        _date_part(),
        _date_part(),
        _date_part(),
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        scores = [("", _("Not rated"))] + [
            (str(n), str(n)) for n in range(LOWEST_SCORE, HIGHEST_SCORE + 1)
        ]
        for goal in self.goals:
            n = goal.number
            self.fields[f"goal_{n}_outcome"] = forms.ChoiceField(
                label=_("Goal %(number)s: what was decided?") % {"number": n},
                choices=[STILL_WORKING, *GoalOutcome.choices],
                required=False,
            )
            self.fields[f"goal_{n}_reason"] = forms.CharField(
                label=_("Why, in a sentence or two"), required=False, max_length=REASON_LIMIT
            )
            self.fields[f"goal_{n}_score"] = forms.ChoiceField(
                label=_("Progress now, from 0 (none) to 10 (goal reached)"),
                choices=scores,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        cleaned["held_on"] = self._date(cleaned, "held")
        cleaned["next_review_on"] = self._date(cleaned, "next_review")
        held_on, next_review_on = cleaned["held_on"], cleaned["next_review_on"]
        today = timezone.localdate()
        if held_on and held_on > today:
            self.add_error("held_day", _("The date the review was held cannot be in the future"))
        if next_review_on and next_review_on < today:
            self.add_error(
                "next_review_day", _("The next review date must be today or in the future")
            )
        for goal in self.goals:
            self._check_reason(cleaned, goal.number)
        if self.ratings() and not cleaned.get("rater_role"):
            self.add_error("rater_role", _("Choose who gave the ratings"))
        return cleaned

    def _check_reason(self, cleaned, n):
        outcome = cleaned.get(f"goal_{n}_outcome", "")
        if outcome in OUTCOMES_NEEDING_A_REASON and not cleaned.get(f"goal_{n}_reason", "").strip():
            message = (
                _("Say briefly why goal %(number)s was not met")
                if outcome == GoalOutcome.NOT_MET
                else _("Say briefly how goal %(number)s changed")
            )
            self.add_error(f"goal_{n}_reason", message % {"number": n})

    def _date(self, cleaned, prefix):
        """The date in the three boxes `prefix`_day/month/year, or None with a problem on the day."""
        parts = [cleaned.get(f"{prefix}_{part}", "").strip() for part in DATE_PART_LIMITS]
        first, messages = f"{prefix}_day", DATE_MESSAGES[prefix]
        if not any(parts):
            self.add_error(first, messages["missing"])
            return None
        fits = all(
            part.isdigit() and len(part) <= limit
            for part, limit in zip(parts, DATE_PART_LIMITS.values(), strict=True)
        )
        day, month, year = (int(part) for part in parts) if fits else (0, 0, 0)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            date = None
        if date is None or not 2000 <= date.year <= 2100:
            self.add_error(first, messages["invalid"])
            return None
        return date

    def ratings(self):
        """{goal number: score} for the goals rated."""
        data = getattr(self, "cleaned_data", {})
        return {
            goal.number: int(data[f"goal_{goal.number}_score"])
            for goal in self.goals
            if data.get(f"goal_{goal.number}_score")
        }

    def service_arguments(self):
        """hold_review's arguments, from a valid form."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "held_on": data["held_on"],
            "working": data["working"],
            "not_working": data["not_working"],
            "goal_outcomes": {
                goal.number: GoalDecision(
                    outcome=_outcome(data[f"goal_{goal.number}_outcome"]),
                    reason=data[f"goal_{goal.number}_reason"],
                )
                for goal in self.goals
            },
            "next_review_on": data["next_review_on"],
            "ratings": self.ratings(),
            "rater_role": data.get("rater_role") or RaterRole.YOUNG_PERSON,
        }


def _outcome(value):
    return "" if value in ("", STILL_WORKING[0]) else value


def initial_for(goals, requests, today):
    """What the form starts with: today's date, requested when the plan has open requests."""
    initial = {"held_day": today.day, "held_month": today.month, "held_year": today.year}
    initial.update({f"goal_{goal.number}_outcome": STILL_WORKING[0] for goal in goals})
    initial["kind"] = ReviewKind.REQUESTED if requests else ReviewKind.PLANNED
    initial["rater_role"] = RaterRole.YOUNG_PERSON
    return initial
