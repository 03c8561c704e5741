from hypothesis import given
from hypothesis import strategies as st

from thrivegrids.measures import scoring

# An instrument's items as {key: top value} and a response's answers, each between 0 and the top.
items = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3), st.integers(1, 6), min_size=1, max_size=8
)


@st.composite
def items_and_answers(draw):
    tops = draw(items)
    answers = {key: draw(st.integers(0, top)) for key, top in tops.items()}
    return tops, answers


@given(items_and_answers())
def test_top_score_counts_exactly_the_responses_with_every_item_at_its_top(case):
    tops, answers = case

    counted = scoring.RULES["top-score"].counts(answers, tops, {})

    assert counted == all(answers[key] == top for key, top in tops.items())


@given(items_and_answers(), st.integers(0, 8))
def test_threshold_rule_flags_when_top_answers_are_at_or_below_the_threshold(case, threshold):
    tops, answers = case
    at_top = sum(answers[key] == top for key, top in tops.items())

    flagged = scoring.RULES["count-at-or-below-threshold"].counts(
        answers, tops, {"threshold": threshold}
    )

    assert flagged == (at_top <= threshold)


@given(items_and_answers())
def test_threshold_one_below_the_item_count_flags_every_response_short_of_top_score(case):
    tops, answers = case
    top_score = scoring.RULES["top-score"].counts(answers, tops, {})

    flagged = scoring.RULES["count-at-or-below-threshold"].counts(
        answers, tops, {"threshold": len(tops) - 1}
    )

    assert flagged == (not top_score)


@given(items_and_answers(), st.integers(0, 7))
def test_raising_an_answer_never_lowers_the_count_at_top(case, index):
    tops, answers = case
    key = sorted(tops)[index % len(tops)]
    raised = {**answers, key: tops[key]}

    assert scoring.answers_at_top(raised, tops) >= scoring.answers_at_top(answers, tops)


def test_sure_like_screen_flags_three_or_fewer_yes_answers():
    tops = {"a": 1, "b": 1, "c": 1, "d": 1}
    rule = scoring.RULES["count-at-or-below-threshold"]

    assert rule.counts({"a": 1, "b": 1, "c": 1, "d": 0}, tops, {"threshold": 3})
    assert not rule.counts({"a": 1, "b": 1, "c": 1, "d": 1}, tops, {"threshold": 3})


def test_check_names_an_unknown_rule():
    assert scoring.check("average", {}, 3) == [
        "scoring rule must be one of count-at-or-below-threshold, top-score"
    ]


def test_check_wants_a_threshold_below_the_number_of_items():
    assert scoring.check("count-at-or-below-threshold", {}, 4) == [
        "scoring rule count-at-or-below-threshold needs the parameter 'threshold'"
    ]
    assert scoring.check("count-at-or-below-threshold", {"threshold": 4}, 4) == [
        "scoring parameter threshold must be less than the number of items (4)"
    ]
    assert scoring.check("count-at-or-below-threshold", {"threshold": True}, 4) == [
        "scoring parameter threshold must be a whole number from 0"
    ]
    assert scoring.check("top-score", {"threshold": 1}, 4) == [
        "scoring rule top-score has no parameter 'threshold'"
    ]
