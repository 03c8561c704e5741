"""Scoring rules: small named functions an instrument file picks by name (docs/measures.md).

Each rule takes one response's answers ({item key: value}) and each item's highest value, and
says whether the response counts towards the instrument's score: the team page shows the share of
responses that do. Parameters come from the file and are checked when it is loaded.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ScoringRule:
    name: str
    label: str
    function: Callable[..., bool]
    # parameter name -> a check returning an error message, or "" when the value is fine.
    parameters: dict = field(default_factory=dict)

    def counts(self, answers, tops, parameters):
        return self.function(answers, tops, **parameters)


RULES: dict[str, ScoringRule] = {}


def rule(name, label, **parameters):
    def register(function):
        RULES[name] = ScoringRule(name, label, function, parameters)
        return function

    return register


def _whole_number_at_least_zero(value, item_count):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return "must be a whole number from 0"
    if value >= item_count:
        return f"must be less than the number of items ({item_count})"
    return ""


def answers_at_top(answers, tops):
    """How many items were answered with their highest value."""
    return sum(1 for key, top in tops.items() if answers.get(key) == top)


@rule("top-score", _("Share of answers with every item at its highest (top score)"))
def top_score(answers, tops):
    """As CollaboRATE is scored: the response counts only if every item is at its maximum."""
    return answers_at_top(answers, tops) == len(tops)


@rule(
    "count-at-or-below-threshold",
    _(
        "Share of answers flagged because few items were at their highest (at or below the threshold)"
    ),
    threshold=_whole_number_at_least_zero,
)
def count_at_or_below_threshold(answers, tops, *, threshold):
    """As the SURE screen flags conflict: the count of top answers is at or below `threshold`."""
    return answers_at_top(answers, tops) <= threshold


def check(name, parameters, item_count):
    """Problems with a rule name and its parameters, as messages (empty when fine)."""
    if name not in RULES:
        return [f"scoring rule must be one of {', '.join(sorted(RULES))}"]
    expected = RULES[name].parameters
    problems = [
        f"scoring rule {name} has no parameter {key!r}" for key in parameters if key not in expected
    ]
    for key, check_value in expected.items():
        if key not in parameters:
            problems.append(f"scoring rule {name} needs the parameter {key!r}")
        elif message := check_value(parameters[key], item_count):
            problems.append(f"scoring parameter {key} {message}")
    return problems


def response_counts(instrument, items, answers):
    """Whether one stored response counts towards `instrument`'s score."""
    tops = {item.key: item.top_value for item in items}
    return RULES[instrument.scoring_rule].counts(answers, tops, instrument.scoring_parameters)
