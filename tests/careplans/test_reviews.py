"""Reviews: holding one (kinds, goal outcomes with reasons, ratings, the next date), the reviews
due page (team lead: the team's; practitioner: their own), and the overdue job and its email."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.clock import NOW, TODAY
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.careplans import overdue, reviews
from thrivegrids.careplans.models import (
    CarePlan,
    Goal,
    GoalOutcome,
    GoalRating,
    OverdueReview,
    PlanVersion,
    RaterRole,
    RatingOccasion,
    Review,
    ReviewKind,
)
from thrivegrids.careplans.reviews import GoalDecision
from thrivegrids.core.audit import AuditAction
from thrivegrids.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def make_plan(*, practitioner, organisation=None, next_review_on=None, goals=("Go to school",)):
    organisation = organisation or practitioner.memberships.get().organisation
    plan = CarePlan.objects.create(
        organisation=organisation,
        young_person=YoungPersonFactory(organisation=organisation),
        practitioner=practitioner,
        next_review_on=next_review_on,
    )
    for number, text in enumerate(goals, start=1):
        Goal.objects.create(plan=plan, number=number, text=text, set_by="young_person")
    return plan


@pytest.fixture
def team():
    organisation = OrganisationFactory(name="Review team")
    return {
        "organisation": organisation,
        "lead": member(Role.TEAM_LEAD, organisation, username="lead"),
        "alex": member(Role.PRACTITIONER, organisation, username="alex"),
        "sam": member(Role.PRACTITIONER, organisation, username="sam"),
    }


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def hold(plan, by, **overrides):
    arguments = {
        "kind": ReviewKind.PLANNED,
        "held_on": TODAY,
        "working": "Seeing friends again",
        "not_working": "Mornings",
        "goal_outcomes": {},
        "next_review_on": TODAY + 90 * DAY,
    }
    arguments.update(overrides)
    return reviews.hold_review(by=by, plan=plan, **arguments)


def form_data(**overrides):
    later = TODAY + 60 * DAY
    data = {
        "kind": ReviewKind.PLANNED,
        "held_day": TODAY.day,
        "held_month": TODAY.month,
        "held_year": TODAY.year,
        "working": "Seeing friends again",
        "not_working": "",
        "goal_1_outcome": "ongoing",
        "goal_1_reason": "",
        "goal_1_score": "",
        "rater_role": RaterRole.YOUNG_PERSON,
        "next_review_day": later.day,
        "next_review_month": later.month,
        "next_review_year": later.year,
    }
    data.update(overrides)
    return data


# Holding a review (the service)


def test_holding_a_review_records_it_and_sets_the_next_date(team):
    plan = make_plan(practitioner=team["alex"], next_review_on=TODAY)

    review = hold(plan, team["alex"])

    plan.refresh_from_db()
    assert (review.kind, review.held_on, review.held_by) == (
        ReviewKind.PLANNED,
        TODAY,
        team["alex"],
    )
    assert review.working == "Seeing friends again"
    assert plan.next_review_on == review.next_review_on == TODAY + 90 * DAY
    [event] = events(AuditAction.REVIEW_HOLD)
    assert event.target_id == str(plan.pk) and event.organisation == team["organisation"]


def test_a_next_review_date_in_the_past_is_refused(team):
    plan = make_plan(practitioner=team["alex"], next_review_on=TODAY)

    with pytest.raises(ValidationError) as refused:
        hold(plan, team["alex"], next_review_on=TODAY - DAY)

    assert "next_review_day" in refused.value.message_dict
    assert not Review.objects.exists() and not events(AuditAction.REVIEW_HOLD)
    plan.refresh_from_db()
    assert plan.next_review_on == TODAY


def test_a_review_held_in_the_future_is_refused(team):
    plan = make_plan(practitioner=team["alex"])

    with pytest.raises(ValidationError) as refused:
        hold(plan, team["alex"], held_on=TODAY + DAY)

    assert "held_day" in refused.value.message_dict


@pytest.mark.parametrize("outcome", [GoalOutcome.NOT_MET, GoalOutcome.CHANGED])
def test_a_goal_not_met_or_changed_needs_a_reason(team, outcome):
    plan = make_plan(practitioner=team["alex"])

    with pytest.raises(ValidationError) as refused:
        hold(plan, team["alex"], goal_outcomes={1: GoalDecision(outcome, "  ")})

    assert "goal_1_reason" in refused.value.message_dict
    assert plan.goals.get().outcome == ""


def test_goal_outcomes_are_recorded_on_the_goal_and_the_review(team):
    plan = make_plan(practitioner=team["alex"], goals=("Go to school", "Sleep better"))
    decisions = {
        1: GoalDecision(GoalOutcome.MET),
        2: GoalDecision(GoalOutcome.NOT_MET, "Exams got in the way; trying again"),
    }

    review = hold(plan, team["alex"], goal_outcomes=decisions)

    goals = {goal.number: goal for goal in plan.goals.all()}
    assert goals[1].outcome == GoalOutcome.MET
    assert (goals[2].outcome, goals[2].outcome_reason) == (
        GoalOutcome.NOT_MET,
        "Exams got in the way; trying again",
    )
    assert [row["outcome"] for row in review.goal_outcomes] == ["met", "not_met"]


def test_ratings_at_a_review_are_stored_with_its_date_and_their_own_events(team):
    plan = make_plan(practitioner=team["alex"])

    hold(
        plan,
        team["alex"],
        held_on=TODAY - DAY,
        ratings={1: 6},
        rater_role=RaterRole.PARENT_CARER,
    )

    rating = GoalRating.objects.get()
    assert (rating.score, rating.rated_on, rating.occasion, rating.rater_role) == (
        6,
        TODAY - DAY,
        RatingOccasion.REVIEW,
        RaterRole.PARENT_CARER,
    )
    assert len(events(AuditAction.GOAL_RATE)) == 1
    assert len(events(AuditAction.REVIEW_HOLD)) == 1


def test_a_rating_outside_0_to_10_refuses_the_whole_review(team):
    plan = make_plan(practitioner=team["alex"], next_review_on=TODAY)

    with pytest.raises(ValidationError) as refused:
        hold(plan, team["alex"], ratings={1: 11})

    assert "goal_1_score" in refused.value.message_dict
    assert not GoalRating.objects.exists() and not Review.objects.exists()


def test_a_requested_review_closes_every_open_request(team):
    plan = make_plan(practitioner=team["alex"])
    first = reviews.request_review(by=None, plan=plan, requested_by_role=RaterRole.YOUNG_PERSON)
    second = reviews.request_review(by=None, plan=plan, requested_by_role=RaterRole.PARENT_CARER)

    review = hold(plan, team["alex"], kind=ReviewKind.REQUESTED)

    second.refresh_from_db()
    assert review.pk == first.pk
    assert second.held_on == TODAY
    assert reviews.open_requests(plan) == []
    assert events(AuditAction.REVIEW_HOLD)[0].details["closed_requests"] == [first.pk, second.pk]


def test_a_planned_review_leaves_requests_open(team):
    plan = make_plan(practitioner=team["alex"])
    reviews.request_review(by=None, plan=plan, requested_by_role=RaterRole.YOUNG_PERSON)

    hold(plan, team["alex"], kind=ReviewKind.PLANNED)

    assert len(reviews.open_requests(plan)) == 1


def test_a_version_agreed_on_the_day_is_linked_to_the_review(team):
    plan = make_plan(practitioner=team["alex"])
    earlier = PlanVersion.objects.create(
        plan=plan, number=1, content={}, agreed_at=NOW - 30 * DAY, agreed_by=team["alex"]
    )
    today = PlanVersion.objects.create(
        plan=plan, number=2, content={}, agreed_at=NOW, agreed_by=team["alex"]
    )

    review = hold(plan, team["alex"])

    assert review.version == today != earlier


# The hold-review page


def test_the_hold_review_page_shows_the_plan_with_one_read_event(client, team):
    plan = make_plan(practitioner=team["alex"])
    reviews.request_review(
        by=None, plan=plan, requested_by_role=RaterRole.YOUNG_PERSON, message="Can we talk?"
    )
    sign_in_fully(client, team["alex"])
    before = AuditEvent.objects.count()

    response = client.get(reverse("careplans:hold_review", args=[plan.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert plan.young_person.local_reference in body and "Can we talk?" in body
    assert "Go to school" in body
    assert [e.action for e in AuditEvent.objects.order_by("pk")[before:]] == [
        AuditAction.REVIEW_FORM_VIEW
    ]


def test_another_organisations_plan_is_not_found(client, team):
    elsewhere = make_plan(
        practitioner=member(Role.PRACTITIONER, OrganisationFactory(name="Elsewhere"))
    )
    sign_in_fully(client, team["lead"])
    before = AuditEvent.objects.count()

    url = reverse("careplans:hold_review", args=[elsewhere.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, form_data()).status_code == 404
    assert AuditEvent.objects.count() == before
    assert not Review.objects.exists()


def test_posting_a_valid_review_records_it_and_goes_to_the_reviews_page(client, team):
    plan = make_plan(practitioner=team["alex"], next_review_on=TODAY - 3 * DAY)
    sign_in_fully(client, team["alex"])

    response = client.post(
        reverse("careplans:hold_review", args=[plan.pk]),
        form_data(goal_1_outcome=GoalOutcome.MET, goal_1_score="8"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("careplans:reviews_due") + f"?held={plan.pk}"
    plan.refresh_from_db()
    assert plan.next_review_on == TODAY + 60 * DAY
    assert plan.goals.get().outcome == GoalOutcome.MET
    assert GoalRating.objects.get().score == 8


def test_bad_input_is_shown_beside_its_field_and_nothing_typed_is_lost(client, team):
    plan = make_plan(practitioner=team["alex"], next_review_on=TODAY)
    sign_in_fully(client, team["alex"])
    past = TODAY - 10 * DAY

    response = client.post(
        reverse("careplans:hold_review", args=[plan.pk]),
        form_data(
            working="Walking the dog every day",
            goal_1_outcome=GoalOutcome.CHANGED,
            goal_1_reason="",
            next_review_day=past.day,
            next_review_month=past.month,
            next_review_year=past.year,
        ),
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "The next review date must be today or in the future" in body
    assert "Say briefly how goal 1 changed" in body
    assert "Walking the dog every day" in body
    assert 'href="#id_next_review_day"' in body and 'href="#id_goal_1_reason"' in body
    assert not Review.objects.exists()
    assert [e.action for e in AuditEvent.objects.filter(target_id=str(plan.pk))] == [
        AuditAction.REVIEW_FORM_VIEW
    ]


# The reviews due page


@pytest.fixture
def caseload(team):
    """Alex and Sam each with a plan due, one overdue and one asked for; and plans not listed."""
    plans = {}
    for name in ("alex", "sam"):
        who = team[name]
        plans[f"{name}_due"] = make_plan(practitioner=who, next_review_on=TODAY + 14 * DAY)
        plans[f"{name}_overdue"] = make_plan(practitioner=who, next_review_on=TODAY - 2 * DAY)
        plans[f"{name}_requested"] = make_plan(practitioner=who, next_review_on=TODAY + 100 * DAY)
        reviews.request_review(
            by=None, plan=plans[f"{name}_requested"], requested_by_role=RaterRole.YOUNG_PERSON
        )
    plans["later"] = make_plan(practitioner=team["alex"], next_review_on=TODAY + 15 * DAY)
    plans["undated"] = make_plan(practitioner=team["alex"])
    # Overdue, but a review was held since the date (and its next date is in the past too).
    plans["held"] = make_plan(practitioner=team["alex"], next_review_on=TODAY - 5 * DAY)
    Review.objects.create(plan=plans["held"], kind=ReviewKind.PLANNED, held_on=TODAY - DAY)
    plans["elsewhere"] = make_plan(
        practitioner=member(Role.PRACTITIONER, OrganisationFactory(name="Elsewhere")),
        next_review_on=TODAY - 2 * DAY,
    )
    return plans


def _listed(lists):
    return {
        "due": [plan.pk for plan in lists.due],
        "overdue": [plan.pk for plan in lists.overdue],
        "requested": [review.plan_id for review in lists.requested],
    }


def test_the_lists_hold_due_overdue_and_requested_reviews_of_the_organisation(team, caseload):
    lists = overdue.review_lists(organisation=team["organisation"])

    assert _listed(lists) == {
        "due": [caseload["alex_due"].pk, caseload["sam_due"].pk],
        "overdue": [caseload["alex_overdue"].pk, caseload["sam_overdue"].pk],
        "requested": [caseload["alex_requested"].pk, caseload["sam_requested"].pk],
    }


def test_a_team_lead_sees_the_whole_team(client, team, caseload):
    sign_in_fully(client, team["lead"])

    response = client.get(reverse("careplans:reviews_due"))

    body = response.content.decode()
    for name in ("alex_due", "alex_overdue", "sam_due", "sam_overdue", "sam_requested"):
        assert caseload[name].young_person.local_reference in body, name
    assert caseload["later"].young_person.local_reference not in body
    assert caseload["elsewhere"].young_person.local_reference not in body
    [event] = events(AuditAction.REVIEWS_DUE_VIEW)
    assert event.details["own_only"] is False and len(event.details["shown"]) == 6


def test_a_practitioner_sees_only_their_own_plans(client, team, caseload):
    sign_in_fully(client, team["sam"])

    response = client.get(reverse("careplans:reviews_due"))

    body = response.content.decode()
    for name in ("sam_due", "sam_overdue", "sam_requested"):
        assert caseload[name].young_person.local_reference in body, name
    for name in ("alex_due", "alex_overdue", "alex_requested"):
        assert caseload[name].young_person.local_reference not in body, name
    [event] = events(AuditAction.REVIEWS_DUE_VIEW)
    assert event.details["own_only"] is True
    assert sorted(event.details["shown"]) == sorted(
        caseload[name].pk for name in ("sam_due", "sam_overdue", "sam_requested")
    )


# The overdue job


def test_the_job_marks_each_overdue_review_and_emails_once(team, caseload):
    call_command("mark_overdue_reviews")
    call_command("mark_overdue_reviews")

    overdue_plans = {caseload["alex_overdue"].pk, caseload["sam_overdue"].pk}
    overdue_plans.add(caseload["elsewhere"].pk)
    assert set(OverdueReview.objects.values_list("plan", flat=True)) == overdue_plans
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [
            team["alex"].email,
            team["sam"].email,
            caseload["elsewhere"].practitioner.email,
        ]
    )
    assert len(events(AuditAction.REVIEW_MARK_OVERDUE)) == 3
    assert {e.actor_label for e in events(AuditAction.REVIEW_MARK_OVERDUE)} == {overdue.JOB_ACTOR}


def test_the_email_holds_only_the_link_and_the_local_reference(team):
    plan = make_plan(practitioner=team["alex"], next_review_on=TODAY - 2 * DAY)
    plan.young_person.parent_carer_name = "Pat Example"
    plan.young_person.save()

    call_command("mark_overdue_reviews")

    [message] = mail.outbox
    assert plan.young_person.local_reference in message.subject
    assert message.body.count("http") == 1
    assert reverse("careplans:hold_review", args=[plan.pk]) in message.body
    assert "Go to school" not in message.body and "Pat Example" not in message.body


def test_a_new_missed_date_is_emailed_again(team, time_machine):
    plan = make_plan(practitioner=team["alex"], next_review_on=TODAY - DAY)
    call_command("mark_overdue_reviews")
    hold(plan, team["alex"], next_review_on=TODAY + DAY)

    time_machine.move_to(NOW + 3 * DAY)
    call_command("mark_overdue_reviews")

    assert len(mail.outbox) == 2
    assert list(OverdueReview.objects.values_list("due_on", flat=True)) == [
        TODAY - DAY,
        TODAY + DAY,
    ]


def test_a_review_held_stops_the_plan_being_overdue(team):
    plan = make_plan(practitioner=team["alex"], next_review_on=TODAY - DAY)

    hold(plan, team["alex"])
    call_command("mark_overdue_reviews")

    assert not mail.outbox and not OverdueReview.objects.exists()
    assert timezone.localdate() == TODAY
