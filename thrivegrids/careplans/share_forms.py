"""The forms of the young person's copy: making a link (staff), rating a goal and asking for a
review (through the link). Each keeps what was typed when it is refused."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thrivegrids.careplans.links import LINK_LANGUAGES
from thrivegrids.careplans.models import HIGHEST_SCORE, LOWEST_SCORE, REASON_LIMIT

DEFAULT_DAYS = 30
SCORE_MESSAGE = _("Choose a number from 0 (no progress) to 10 (goal reached)")


class PlanLinkForm(forms.Form):
    days = forms.IntegerField(
        label=_("How many days should the link work?"),
        min_value=1,
        max_value=365,
        error_messages={
            "required": _("Enter how many days the link should work, from 1 to 365"),
            "invalid": _("Enter how many days the link should work, from 1 to 365"),
            "min_value": _("Enter how many days the link should work, from 1 to 365"),
            "max_value": _("Enter how many days the link should work, from 1 to 365"),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of the plan"),
        choices=LINK_LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language of the plan")},
    )


def _score_label(score):
    if score == LOWEST_SCORE:
        return _("0 – no progress")
    if score == HIGHEST_SCORE:
        return _("10 – goal reached")
    return str(score)


class RateGoalForm(forms.Form):
    """One goal's rating; prefixed by the goal's number so each goal's radios have their own ids."""

    score = forms.TypedChoiceField(
        label=_("How close are you to this goal now?"),
        choices=[(str(n), "") for n in range(LOWEST_SCORE, HIGHEST_SCORE + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": SCORE_MESSAGE, "invalid_choice": SCORE_MESSAGE},
    )

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, prefix=f"goal-{goal.number}", **kwargs)
        self.goal = goal
        self.fields["score"].choices = [
            (str(n), _score_label(n)) for n in range(LOWEST_SCORE, HIGHEST_SCORE + 1)
        ]


class AskForReviewForm(forms.Form):
    message = forms.CharField(
        label=_("What would you like to talk about? (optional)"),
        required=False,
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Your message must be %(limit_value)d characters or fewer"),
        },
    )
