"""Rating goals: the services (one goal, several goals in one save), the staff "Rate progress"
page, the coding file the score's concept comes from, and the paired scores an export reads."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.clock import TODAY
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.careplans import coding, goals
from thrivegrids.careplans.models import CarePlan, Goal, GoalRating, RaterRole, RatingOccasion
from thrivegrids.core.audit import AuditAction
from thrivegrids.core.content_yaml import ContentError
from thrivegrids.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TOMORROW = TODAY + DAY


def make_plan(*, practitioner=None, organisation=None, goals=("Go to school", "Sleep better")):
    """A plan with goals numbered from 1, in `organisation` (a new one if not given)."""
    organisation = organisation or OrganisationFactory()
    practitioner = practitioner or member(Role.PRACTITIONER, organisation)
    plan = CarePlan.objects.create(
        organisation=organisation,
        young_person=YoungPersonFactory(organisation=organisation),
        practitioner=practitioner,
    )
    for number, text in enumerate(goals, start=1):
        Goal.objects.create(plan=plan, number=number, text=text, set_by="young_person")
    return plan


def rate(goal, score, rated_on, rater=RaterRole.YOUNG_PERSON):
    return GoalRating.objects.create(
        goal=goal,
        score=score,
        rated_on=rated_on,
        rater_role=rater,
        occasion=RatingOccasion.CONTACT,
    )


def events(action=None):
    found = AuditEvent.objects.all()
    return list(found.filter(action=action) if action else found)


# rate_goal: one goal


@pytest.mark.parametrize("score", [-1, 11, 100, True, "5", 5.0])
def test_rate_goal_refuses_a_score_that_is_not_0_to_10(score):
    goal = make_plan().goals.get(number=1)

    with pytest.raises(ValidationError) as refused:
        goals.rate_goal(
            by=None,
            goal=goal,
            score=score,
            rater_role=RaterRole.YOUNG_PERSON,
            occasion=RatingOccasion.CONTACT,
        )

    assert set(refused.value.message_dict) == {"score"}
    assert not GoalRating.objects.exists()
    assert events() == []


def test_rate_goal_refuses_a_date_in_the_future():
    goal = make_plan().goals.get(number=1)

    with pytest.raises(ValidationError) as refused:
        goals.rate_goal(
            by=None,
            goal=goal,
            score=4,
            rater_role=RaterRole.YOUNG_PERSON,
            occasion=RatingOccasion.CONTACT,
            rated_on=TOMORROW,
        )

    assert refused.value.message_dict == {
        "rated_on": ["The date of a rating cannot be in the future"]
    }
    assert not GoalRating.objects.exists()


def test_rate_goal_refuses_an_unknown_rater_or_occasion():
    goal = make_plan().goals.get(number=1)

    with pytest.raises(ValidationError) as refused:
        goals.rate_goal(by=None, goal=goal, score=4, rater_role="cat", occasion="whenever")

    assert set(refused.value.message_dict) == {"rater_role", "occasion"}


def test_rate_goal_stores_the_concept_and_writes_one_event():
    plan = make_plan()
    practitioner = plan.practitioner

    rating = goals.rate_goal(
        by=practitioner,
        goal=plan.goals.get(number=2),
        score=7,
        rater_role=RaterRole.PRACTITIONER,
        occasion=RatingOccasion.START,
    )

    concept = coding.goal_score_concept()
    assert (rating.score, rating.rated_on, rating.recorded_by) == (7, TODAY, practitioner)
    assert (rating.concept_system, rating.concept_code) == (concept.system, concept.code)
    [event] = events()
    assert event.action == AuditAction.GOAL_RATE
    assert event.details == {"goal": 2, "occasion": "start", "rater": "practitioner"}


# rate_goals: several goals in one save


def test_rate_goals_stores_each_score_with_one_event():
    plan = make_plan()

    ratings = goals.rate_goals(
        by=plan.practitioner,
        plan=plan,
        scores={1: 0, 2: 10},
        rater_role=RaterRole.PARENT_CARER,
        occasion=RatingOccasion.REVIEW,
        rated_on=TODAY - 2 * DAY,
    )

    assert [(r.goal.number, r.score, r.rated_on) for r in ratings] == [
        (1, 0, TODAY - 2 * DAY),
        (2, 10, TODAY - 2 * DAY),
    ]
    assert all(r.concept_system == coding.SNOMED_CT for r in ratings)
    [event] = events()
    assert event.action == AuditAction.GOALS_RATE
    assert event.target_id == str(plan.pk)
    assert event.details["goals"] == [1, 2]


@pytest.mark.parametrize("score", [-1, 11])
def test_rate_goals_refuses_the_whole_save_when_one_score_is_outside_0_to_10(score):
    plan = make_plan()

    with pytest.raises(ValidationError) as refused:
        goals.rate_goals(
            by=plan.practitioner,
            plan=plan,
            scores={1: 5, 2: score},
            rater_role=RaterRole.YOUNG_PERSON,
            occasion=RatingOccasion.CONTACT,
        )

    assert set(refused.value.message_dict) == {"goal_2"}
    assert not GoalRating.objects.exists()
    assert events() == []


def test_rate_goals_refuses_a_future_date_a_goal_the_plan_lacks_and_nothing_to_rate():
    plan = make_plan(goals=("One goal",))

    with pytest.raises(ValidationError) as future:
        goals.rate_goals(
            by=None,
            plan=plan,
            scores={1: 5, 3: 4},
            rater_role=RaterRole.YOUNG_PERSON,
            occasion=RatingOccasion.CONTACT,
            rated_on=TOMORROW,
        )
    with pytest.raises(ValidationError) as nothing:
        goals.rate_goals(
            by=None,
            plan=plan,
            scores={},
            rater_role=RaterRole.YOUNG_PERSON,
            occasion=RatingOccasion.CONTACT,
        )

    assert set(future.value.message_dict) == {"goal_3", "rated_on"}
    assert set(nothing.value.message_dict) == {"__all__"}
    assert not GoalRating.objects.exists()


# The "Rate progress" page


@pytest.fixture
def team():
    organisation = OrganisationFactory(name="Goal team")
    practitioner = member(Role.PRACTITIONER, organisation, username="goal-practitioner")
    return {
        "practitioner": practitioner,
        "plan": make_plan(practitioner=practitioner, organisation=organisation),
    }


@pytest.fixture
def client(client, team):
    return sign_in_fully(client, team["practitioner"])


def page(plan):
    return reverse("careplans:rate_goals", args=[plan.pk])


def valid_form(**changes):
    form = {
        "goal_1": "3",
        "goal_2": "",
        "rater_role": "young_person",
        "occasion": "contact",
        "rated_on_day": str(TODAY.day),
        "rated_on_month": str(TODAY.month),
        "rated_on_year": str(TODAY.year),
    }
    form.update(changes)
    return form


def test_rate_page_shows_each_goal_today_and_writes_one_read_event(client, team):
    response = client.get(page(team["plan"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Goal 1: Go to school" in html and "Goal 2: Sleep better" in html
    assert f'value="{TODAY.year}"' in html and f'value="{TODAY.day}"' in html
    assert [event.action for event in events()] == [AuditAction.GOAL_RATING_FORM_VIEW]


def test_rate_page_of_another_organisations_plan_is_404_with_no_event(client):
    other = make_plan()

    assert client.get(page(other)).status_code == 404
    assert client.post(page(other), valid_form()).status_code == 404
    assert events() == []
    assert not GoalRating.objects.exists()


def test_rate_page_saves_the_ratings_with_one_event(client, team):
    plan = team["plan"]

    response = client.post(page(plan), valid_form(goal_2="10", rated_on_day=str((TODAY - DAY).day)))

    assert response.status_code == 302
    assert response["Location"] == page(plan) + "?saved=1"
    assert sorted(GoalRating.objects.values_list("goal__number", "score", "rated_on")) == [
        (1, 3, TODAY - DAY),
        (2, 10, TODAY - DAY),
    ]
    assert [event.action for event in events()] == [AuditAction.GOALS_RATE]


@pytest.mark.parametrize("score", ["11", "-1", "ten"])
def test_rate_page_refuses_a_score_outside_0_to_10_beside_the_field_keeping_what_was_typed(
    client, team, score
):
    response = client.post(page(team["plan"]), valid_form(goal_2=score, rater_role="parent_carer"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_goal_2-error"' in html
    assert "Choose a number from 0 (no progress) to 10 (goal reached)" in html
    assert 'href="#id_goal_2"' in html
    # What was typed is shown again: goal 1's score and the rater.
    assert 'value="3" checked' in html
    assert 'value="parent_carer" checked' in html
    assert not GoalRating.objects.exists()
    # The page shown again is one read of the plan; nothing was written.
    assert [event.action for event in events()] == [AuditAction.GOAL_RATING_FORM_VIEW]


def test_rate_page_refuses_a_future_date_beside_the_date_keeping_what_was_typed(client, team):
    response = client.post(
        page(team["plan"]),
        valid_form(
            rated_on_day=str(TOMORROW.day),
            rated_on_month=str(TOMORROW.month),
            rated_on_year=str(TOMORROW.year),
        ),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_rated_on-error"' in html
    assert "The date of a rating cannot be in the future" in html
    assert f'value="{TOMORROW.day}"' in html
    assert not GoalRating.objects.exists()


def test_rate_page_asks_for_at_least_one_score_and_who_and_when(client, team):
    response = client.post(page(team["plan"]), valid_form(goal_1="", rater_role="", occasion=""))

    html = response.content.decode()
    assert "Rate progress towards at least one goal" in html
    assert "Choose who gave the rating" in html
    assert "Choose when the rating was given" in html
    assert not GoalRating.objects.exists()


def test_rate_page_after_a_save_says_so_and_shows_the_chart(client, team):
    rate(team["plan"].goals.get(number=1), 2, TODAY - 30 * DAY)

    html = client.get(page(team["plan"]) + "?saved=1").content.decode()

    assert "The ratings are saved" in html
    assert html.count('class="tg-goal-chart__point"') == 1


# The coding file


def test_shipped_coding_file_is_valid_and_not_confirmed():
    concept = coding.parse_text(coding.CODING_FILE.read_text(), "coding.yaml")["goal_score"]

    assert concept.system == coding.SNOMED_CT
    # Nobody has confirmed the concept: no code may be guessed.
    assert (concept.code, concept.confirmed) == ("", False)


CODING = """\
format: thrivegrids-coding/1
goal_score:
  system: http://snomed.info/sct
  code: "{code}"
  display: Goal score
  confirmed: {confirmed}
"""


def problems(text):
    with pytest.raises(ContentError) as refused:
        coding.parse_text(text, "coding.yaml")
    return [str(problem) for problem in refused.value.problems]


def test_coding_file_problems_are_reported_with_their_lines():
    assert problems(CODING.format(code="12345", confirmed="false")) == [
        "coding.yaml:4: goal_score.code must be empty (not confirmed yet) or a SNOMED CT "
        "identifier: 6 to 18 digits ending in a valid check digit"
    ]
    assert problems(CODING.format(code="", confirmed="true")) == [
        "coding.yaml:6: goal_score is marked confirmed but has no code"
    ]
    assert (
        problems(CODING.replace("thrivegrids-coding/1", "other/2").format(code="", confirmed="no"))[
            0
        ]
        == "coding.yaml:1: format must be thrivegrids-coding/1"
    )
    assert problems("format: thrivegrids-coding/1\n") == ["coding.yaml:1: goal_score is missing"]


def test_coding_file_takes_an_identifier_with_a_valid_check_digit():
    # 138875005 is SNOMED CT's root concept: a well-known identifier, used only to test the check.
    concept = coding.parse_text(CODING.format(code="138875005", confirmed="true"), "c.yaml")

    assert concept["goal_score"].code == "138875005"
    assert problems(CODING.format(code="138875006", confirmed="true"))


# Paired scores (for an MHSDS-shaped export)


def test_paired_scores_give_the_first_and_latest_rating_of_each_goal_by_each_rater():
    plan = make_plan()
    school, sleep = plan.goals.order_by("number")
    rate(school, 6, TODAY - 10 * DAY)
    rate(school, 2, TODAY - 60 * DAY)
    rate(school, 4, TODAY - 30 * DAY)
    rate(school, 5, TODAY - 20 * DAY, rater=RaterRole.PARENT_CARER)
    rate(school, 3, TODAY - 40 * DAY, rater=RaterRole.PARENT_CARER)
    rate(sleep, 7, TODAY - 5 * DAY)  # a single rating is not a pair

    pairs = goals.paired_scores(plan=plan)

    assert [
        (p.goal_number, p.rater_role, p.first_on, p.first_score, p.latest_on, p.latest_score)
        for p in pairs
    ] == [
        (1, "parent_carer", TODAY - 40 * DAY, 3, TODAY - 20 * DAY, 5),
        (1, "young_person", TODAY - 60 * DAY, 2, TODAY - 10 * DAY, 6),
    ]
    assert [(p.change, p.ratings) for p in pairs] == [(2, 2), (4, 3)]
    assert {p.young_person_id for p in pairs} == {plan.young_person_id}


def test_paired_scores_of_an_organisation_leave_out_other_organisations(django_assert_num_queries):
    ours, theirs = make_plan(), make_plan()
    for plan in (ours, theirs):
        goal = plan.goals.get(number=1)
        rate(goal, 1, TODAY - 9 * DAY)
        rate(goal, 8, TODAY)

    with django_assert_num_queries(1):
        pairs = goals.paired_scores(organisation=ours.organisation)

    assert [(p.plan_id, p.change) for p in pairs] == [(ours.pk, 7)]


def test_rate_page_works_in_arabic_with_the_chart_right_to_left(client, team):
    rate(team["plan"].goals.get(number=1), 2, TODAY - 30 * DAY)
    rate(team["plan"].goals.get(number=1), 5, TODAY)

    response = client.get("/ar" + page(team["plan"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html and 'direction="rtl"' in html


def test_the_application_refuses_to_start_with_a_broken_coding_file(tmp_path, monkeypatch):
    from thrivegrids.careplans import checks, coding

    broken = tmp_path / "coding.yaml"
    broken.write_text("format: thrivegrids-coding/1\ngoal_score:\n  system: nonsense\n")
    monkeypatch.setattr(coding, "CODING_FILE", broken)

    problems = checks.coding_file_is_valid(None)

    assert problems and all(problem.id == "careplans.E002" for problem in problems)
    assert all("coding.yaml:" in problem.msg for problem in problems)


def test_the_shipped_coding_file_passes_the_start_up_check():
    from thrivegrids.careplans import checks

    assert checks.coding_file_is_valid(None) == []
