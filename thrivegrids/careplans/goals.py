"""Goals and their ratings: 0 (no progress) to 10 (goal reached), on a date, by whom.

Writes: `rate_goal` (one goal, as the young person's link and a review rate) and `rate_goals`
(the staff "Rate progress" page: several goals in one save, one audit event). Reads:
`plan_for_rating` (the page, with its one read event) and `paired_scores`, the first and latest
rating of each goal by each rater, as an MHSDS-shaped export of paired scores needs them.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from thrivegrids.careplans.coding import goal_score_concept
from thrivegrids.careplans.models import (
    HIGHEST_SCORE,
    LOWEST_SCORE,
    CarePlan,
    Goal,
    GoalRating,
    RaterRole,
    RatingOccasion,
)
from thrivegrids.core.audit import AuditAction, record_event


def score_message():
    return _("Choose a number from 0 (no progress) to 10 (goal reached)")


def future_date_message():
    return _("The date of a rating cannot be in the future")


def _is_score(score):
    return (
        isinstance(score, int)
        and not isinstance(score, bool)
        and LOWEST_SCORE <= score <= HIGHEST_SCORE
    )


def _rating_problems(*, rater_role, occasion, rated_on):
    """{field: message} for what every rating in one save shares (empty when all is well)."""
    problems = {}
    if rater_role not in RaterRole.values:
        problems["rater_role"] = _("Choose who gave the rating")
    if occasion not in RatingOccasion.values:
        problems["occasion"] = _("Choose when the rating was given")
    if rated_on > timezone.localdate():
        problems["rated_on"] = future_date_message()
    return problems


def _new_rating(*, by, goal, score, rater_role, occasion, rated_on, concept):
    return GoalRating.objects.create(
        goal=goal,
        score=score,
        rated_on=rated_on,
        rater_role=rater_role,
        occasion=occasion,
        concept_system=concept.system,
        concept_code=concept.code,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )


@transaction.atomic
def rate_goal(
    *,
    by,
    goal,
    score: int,
    rater_role: str,
    occasion: str,
    rated_on: datetime.date | None = None,
    actor_label="",
    request=None,
) -> GoalRating:
    """Store one rating of one goal, with one audit event. `by` is None through the young
    person's link (with `actor_label`). Refuses a score outside 0-10, a date in the future, or a
    rater or occasion that is not one of the choices (ValidationError, {field: message})."""
    rated_on = rated_on or timezone.localdate()
    problems = _rating_problems(rater_role=rater_role, occasion=occasion, rated_on=rated_on)
    if not _is_score(score):
        problems = {"score": score_message(), **problems}
    if problems:
        raise ValidationError(problems)
    rating = _new_rating(
        by=by,
        goal=goal,
        score=score,
        rater_role=rater_role,
        occasion=occasion,
        rated_on=rated_on,
        concept=goal_score_concept(),
    )
    record_event(
        by=by,
        actor_label=actor_label,
        action=AuditAction.GOAL_RATE,
        target=goal.plan,
        organisation=goal.plan.organisation,
        request=request,
        details={"goal": goal.number, "occasion": occasion, "rater": rater_role},
    )
    return rating


def score_field(number):
    """The name a goal's score has in rate_goals' problems (and on the "Rate progress" form)."""
    return f"goal_{number}"


@transaction.atomic
def rate_goals(
    *,
    by,
    plan,
    scores: dict[int, int],
    rater_role: str,
    occasion: str,
    rated_on: datetime.date | None = None,
    request=None,
) -> list[GoalRating]:
    """Store a rating for each goal in `scores` (goal number -> 0-10), all by the same rater on the
    same occasion and date, with one audit event for the save. Nothing is stored when anything is
    refused: ValidationError with {"goal_<number>" | "rater_role" | "occasion" | "rated_on" |
    "__all__": message}."""
    rated_on = rated_on or timezone.localdate()
    goals = {goal.number: goal for goal in plan.goals.all()}
    problems = {
        score_field(number): score_message()
        for number, score in sorted(scores.items())
        if number not in goals or not _is_score(score)
    }
    problems.update(_rating_problems(rater_role=rater_role, occasion=occasion, rated_on=rated_on))
    if not scores:
        problems["__all__"] = _("Rate progress towards at least one goal")
    if problems:
        raise ValidationError(problems)
    concept = goal_score_concept()
    ratings = [
        _new_rating(
            by=by,
            goal=goals[number],
            score=score,
            rater_role=rater_role,
            occasion=occasion,
            rated_on=rated_on,
            concept=concept,
        )
        for number, score in sorted(scores.items())
    ]
    record_event(
        by=by,
        action=AuditAction.GOALS_RATE,
        target=plan,
        organisation=plan.organisation,
        request=request,
        details={
            "goals": sorted(scores),
            "occasion": occasion,
            "rater": rater_role,
            "rated_on": rated_on.isoformat(),
        },
    )
    return ratings


def _goals_with_ratings():
    ratings = GoalRating.objects.order_by("rated_on", "id")
    return Goal.objects.order_by("number").prefetch_related(Prefetch("ratings", queryset=ratings))


def with_goal_ratings(plans):
    """`plans` (a CarePlan queryset) with each plan's goals and their ratings, in date order,
    fetched in two more queries however many there are (for goal charts)."""
    return plans.prefetch_related(Prefetch("goals", queryset=_goals_with_ratings()))


def goals_with_ratings(plan):
    """One fetched plan's goals with their ratings in date order (two queries), for its chart."""
    return list(_goals_with_ratings().filter(plan=plan))


def plan_to_rate(*, organisation, pk):
    """A plan of `organisation` with its goals and ratings, for a change (404 otherwise); the
    change writes the audit event."""
    plans = CarePlan.objects.for_organisation(organisation).select_related(
        "organisation", "young_person"
    )
    return get_object_or_404(with_goal_ratings(plans), pk=pk)


@transaction.atomic
def plan_for_rating(*, by, organisation, pk, request=None):
    """The plan for the "Rate progress" page, with that page's one read event (404 outside the
    organisation, with no event)."""
    plan = plan_to_rate(organisation=organisation, pk=pk)
    record_event(
        by=by,
        action=AuditAction.GOAL_RATING_FORM_VIEW,
        target=plan,
        organisation=plan.organisation,
        request=request,
    )
    return plan


@dataclass(frozen=True)
class PairedScore:
    """The first and latest rating of one goal by one kind of rater: a pair of scores."""

    plan_id: int
    young_person_id: int
    goal_number: int
    rater_role: str
    concept_system: str
    concept_code: str
    first_on: datetime.date
    first_score: int
    latest_on: datetime.date
    latest_score: int
    ratings: int

    @property
    def change(self) -> int:
        return self.latest_score - self.first_score


def paired_scores(*, plan=None, organisation=None) -> list[PairedScore]:
    """Per goal and rater role, the first and latest rating (by date, then as stored) of one plan
    or of every plan of an organisation. Goal Based Outcomes are compared between ratings by the
    same rater, so a goal rated by the young person and by a parent gives two pairs; a goal with
    a single rating by a rater is not a pair and is left out. The concept is the latest rating's.
    One query."""
    if (plan is None) == (organisation is None):
        raise TypeError("Give a plan or an organisation")
    ratings = GoalRating.objects.select_related("goal__plan")
    if plan is not None:
        ratings = ratings.filter(goal__plan=plan)
    else:
        ratings = ratings.filter(goal__plan__organisation=organisation)
    ratings = ratings.order_by("goal__plan_id", "goal__number", "rater_role", "rated_on", "id")
    grouped = {}
    for rating in ratings:
        grouped.setdefault((rating.goal_id, rating.rater_role), []).append(rating)
    return [_pair(found) for found in grouped.values() if len(found) >= 2]


def _pair(ratings):
    first, latest = ratings[0], ratings[-1]
    return PairedScore(
        plan_id=first.goal.plan_id,
        young_person_id=first.goal.plan.young_person_id,
        goal_number=first.goal.number,
        rater_role=first.rater_role,
        concept_system=latest.concept_system,
        concept_code=latest.concept_code,
        first_on=first.rated_on,
        first_score=first.score,
        latest_on=latest.rated_on,
        latest_score=latest.score,
        ratings=len(ratings),
    )
