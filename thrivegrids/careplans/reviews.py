"""Reviews of a plan: asked for by the young person or family, planned, or after a crisis.

A review is held by `hold_review`: what is working and not working, what was decided about each
goal (met, not met or changed, with a short reason when not met or changed), optional goal
ratings, and the next review date. A requested review closes every open request of the plan.
Plans are fetched within the organisation only (another organisation's is a 404).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from thrivegrids.careplans.goals import rate_goal
from thrivegrids.careplans.models import (
    HIGHEST_SCORE,
    LOWEST_SCORE,
    REASON_LIMIT,
    CarePlan,
    GoalOutcome,
    RaterRole,
    RatingOccasion,
    Review,
    ReviewKind,
)
from thrivegrids.core.audit import AuditAction, record_event

# Outcomes that need a short reason: the THRIVE principle of an explicit discussion.
OUTCOMES_NEEDING_A_REASON = frozenset({GoalOutcome.NOT_MET, GoalOutcome.CHANGED})


@dataclass(frozen=True)
class GoalDecision:
    """What a review decided about one goal (by its number): an outcome, and why."""

    outcome: str
    reason: str = ""


@transaction.atomic
def request_review(*, by, plan, requested_by_role, message="", actor_label="", request=None):
    """Record that a review was asked for (through the young person's link `by` is None, with
    `actor_label`); the team sees it until a review is held. One audit event."""
    review = Review.objects.create(
        plan=plan,
        kind=ReviewKind.REQUESTED,
        requested_at=timezone.now(),
        requested_by_role=requested_by_role,
        request_message=message.strip(),
    )
    record_event(
        by=by,
        actor_label=actor_label,
        action=AuditAction.REVIEW_REQUEST,
        target=plan,
        organisation=plan.organisation,
        request=request,
        details={"review": review.pk, "by": requested_by_role},
    )
    return review


def plan_to_review(*, organisation, pk):
    """Plan `pk` of `organisation`, with its goals, for hold_review to change (the service writes
    the audit event); Http404 for another organisation's."""
    plans = CarePlan.objects.for_organisation(organisation).select_related(
        "young_person", "practitioner"
    )
    plan = get_object_or_404(plans.prefetch_related("goals"), pk=pk)
    return plan


def plan_for_review(*, by, organisation, pk, request=None):
    """Plan `pk` of `organisation` for the page that holds its review, with that page's one audit
    event; Http404, and no event, for another organisation's."""
    plan = plan_to_review(organisation=organisation, pk=pk)
    record_plan_read_for_review(by=by, plan=plan, request=request)
    return plan


def record_plan_read_for_review(*, by, plan, request=None):
    """One event for the hold-review page, which shows the plan's goals and open requests."""
    return record_event(
        by=by,
        action=AuditAction.REVIEW_FORM_VIEW,
        target=plan,
        organisation=plan.organisation,
        request=request,
        details={"young_person": plan.young_person_id},
    )


def open_requests(plan):
    """The plan's requested reviews not yet held, oldest first."""
    return list(
        plan.reviews.filter(kind=ReviewKind.REQUESTED, held_on__isnull=True).order_by(
            "requested_at", "id"
        )
    )


def _problems(*, plan, kind, held_on, next_review_on, goal_outcomes, ratings, rater_role):
    """{field: message} for everything hold_review refuses; field names are the form's."""
    problems = _date_problems(held_on, next_review_on)
    if kind not in ReviewKind.values:
        problems["kind"] = _("Choose what kind of review this is")
    numbers = {goal.number for goal in plan.goals.all()}
    for number, decision in goal_outcomes.items():
        if number not in numbers or decision.outcome not in ("", *GoalOutcome.values):
            raise ValueError(f"No goal {number} or no outcome {decision.outcome!r}")
        problem = _reason_problem(number, decision)
        if problem:
            problems[f"goal_{number}_reason"] = problem
    for number, score in ratings.items():
        if number not in numbers:
            raise ValueError(f"No goal {number}")
        if not LOWEST_SCORE <= score <= HIGHEST_SCORE:
            problems[f"goal_{number}_score"] = _(
                "Choose a number from 0 (no progress) to 10 (goal reached)"
            )
    if ratings and rater_role not in RaterRole.values:
        problems["rater_role"] = _("Choose who gave the ratings")
    return problems


def _date_problems(held_on, next_review_on):
    today = timezone.localdate()
    problems = {}
    if held_on is None:
        problems["held_day"] = _("Enter the date the review was held")
    elif held_on > today:
        problems["held_day"] = _("The date the review was held cannot be in the future")
    if next_review_on is None:
        problems["next_review_day"] = _("Enter the next review date")
    elif next_review_on < today:
        problems["next_review_day"] = _("The next review date must be today or in the future")
    return problems


def _reason_problem(number, decision):
    reason = decision.reason.strip()
    if decision.outcome in OUTCOMES_NEEDING_A_REASON and not reason:
        return (
            _("Say briefly why goal %(number)s was not met")
            if decision.outcome == GoalOutcome.NOT_MET
            else _("Say briefly how goal %(number)s changed")
        ) % {"number": number}
    if len(reason) > REASON_LIMIT:
        return _("The reason must be %(limit)s characters or fewer") % {"limit": REASON_LIMIT}
    return ""


@transaction.atomic
def hold_review(
    *,
    by,
    plan,
    kind,
    held_on: datetime.date | None,
    working,
    not_working,
    goal_outcomes: dict[int, GoalDecision],
    next_review_on: datetime.date | None,
    ratings: dict[int, int] | None = None,
    rater_role: str = RaterRole.YOUNG_PERSON,
    request=None,
) -> Review:
    """Record a review held on `held_on` and set the plan's next review date. One audit event for
    the review; each rating (by goal number, `rater_role` giving them, on the review's date) is
    stored through careplans.goals.rate_goal in the same transaction and writes its own.

    Raises ValidationError ({form field: message}) for a date held in the future, a next review
    date in the past, a goal not met or changed without a reason, or a score outside 0-10.
    """
    ratings = ratings or {}
    problems = _problems(
        plan=plan,
        kind=kind,
        held_on=held_on,
        next_review_on=next_review_on,
        goal_outcomes=goal_outcomes,
        ratings=ratings,
        rater_role=rater_role,
    )
    if problems:
        raise ValidationError(problems)
    review, closed = _the_review(plan=plan, kind=kind, by=by, held_on=held_on)
    review.working = working.strip()
    review.not_working = not_working.strip()
    review.next_review_on = next_review_on
    # A change of the plan agreed at the review is a new version, agreed on the plan's own pages;
    # one agreed on the day of the review is taken as the review's.
    review.version = plan.versions.filter(agreed_at__date=held_on).order_by("-number").first()
    review.goal_outcomes = _record_goal_outcomes(plan, goal_outcomes)
    review.save()
    plan.next_review_on = next_review_on
    plan.updated_by = by
    plan.save(update_fields=["next_review_on", "updated_by", "updated_at"])
    goals = {goal.number: goal for goal in plan.goals.all()}
    for number, score in sorted(ratings.items()):
        rate_goal(
            by=by,
            goal=goals[number],
            score=score,
            rater_role=rater_role,
            occasion=RatingOccasion.REVIEW,
            rated_on=held_on,
            request=request,
        )
    record_event(
        by=by,
        action=AuditAction.REVIEW_HOLD,
        target=plan,
        organisation=plan.organisation,
        request=request,
        details={
            "review": review.pk,
            "kind": kind,
            "held_on": held_on.isoformat(),
            "closed_requests": closed,
            "outcomes": {str(row["goal"]): row["outcome"] for row in review.goal_outcomes},
            "ratings": sorted(ratings),
            "next_review_on": next_review_on.isoformat(),
            "version": review.version.number if review.version else None,
        },
    )
    return review


def _the_review(*, plan, kind, by, held_on):
    """The review row to fill, and the ids of the requests it closes: a requested review is the
    oldest open request (so its message stays with it) and closes the others; any other kind,
    or a request that came some other way, is a new row."""
    requests = open_requests(plan) if kind == ReviewKind.REQUESTED else []
    review = requests[0] if requests else Review(plan=plan, kind=kind)
    review.held_on, review.held_by = held_on, by
    others = [request.pk for request in requests[1:]]
    Review.objects.filter(pk__in=others).update(held_on=held_on, held_by=by)
    return review, [request.pk for request in requests]


def _record_goal_outcomes(plan, goal_outcomes):
    """Set each decided goal's outcome (a goal still being worked on keeps its own); the rows
    the review keeps."""
    rows = []
    now = timezone.now()
    for goal in plan.goals.all():
        decision = goal_outcomes.get(goal.number)
        if decision is None or not decision.outcome:
            continue
        goal.outcome = decision.outcome
        goal.outcome_reason = decision.reason.strip()
        goal.outcome_recorded_at = now
        goal.save(update_fields=["outcome", "outcome_reason", "outcome_recorded_at"])
        rows.append({"goal": goal.number, "outcome": goal.outcome, "reason": goal.outcome_reason})
    return rows
