import io

import pytest
from django.db.models import Max, Min

from tests.clock import TODAY
from tests.recorded_rows import record, replay
from thrivegrids.careplans.models import (
    CarePlan,
    GoalOutcome,
    GoalRating,
    PlanVersion,
    ReviewKind,
)
from thrivegrids.careplans.overdue import review_lists
from thrivegrids.core.audit import AuditAction
from thrivegrids.core.models import AuditEvent
from thrivegrids.demo.accounts import CAMHS, SITE, load_demo_accounts
from thrivegrids.demo.careplans import load_demo_plans
from thrivegrids.demo.conversations import load_demo_conversations
from thrivegrids.organisations.models import Organisation
from thrivegrids.records.models import YoungPerson

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_plans_recording(django_db_setup, django_db_blocker, demo_grids_recording):
    """The demo accounts, conversations and plans as load_demo writes them, recorded once for
    this module (tests/recorded_rows.py)."""

    def load():
        replay(demo_grids_recording)
        Organisation.objects.create(slug=SITE, name="Example Valley", kind=Organisation.Kind.SITE)
        load_demo_accounts(io.StringIO())
        load_demo_conversations(io.StringIO())
        load_demo_plans(io.StringIO())

    with django_db_blocker.unblock():
        return record(load)


@pytest.fixture
def demo_plans(db, demo_plans_recording):
    replay(demo_plans_recording)


def test_demo_plans_are_made_for_most_young_people_but_not_all(demo_plans):
    with_plans = YoungPerson.objects.filter(care_plans__isnull=False).distinct().count()

    assert YoungPerson.objects.count() == 10
    assert with_plans == 9
    # Each agreed at least once, some more than once, through the services (audited).
    versions = CarePlan.objects.annotate(count=Max("versions__number"))
    assert all(plan.count >= 1 for plan in versions)
    assert sum(plan.count >= 2 for plan in versions) >= 3
    assert AuditEvent.objects.filter(action=AuditAction.PLAN_AGREE).count() == sum(
        plan.count for plan in versions
    )


def test_demo_goals_are_rated_over_three_months_or_more(demo_plans):
    spans = [
        (span["last"] - span["first"]).days
        for span in GoalRating.objects.values("goal").annotate(
            first=Min("rated_on"), last=Max("rated_on")
        )
    ]

    assert max(spans) >= 90
    assert sum(days >= 90 for days in spans) >= 3
    assert GoalRating.objects.filter(rated_on__gt=TODAY).count() == 0
    # The versions were agreed over those months, not all on the day the demo was loaded.
    assert PlanVersion.objects.filter(agreed_at__date__lt=TODAY).exists()


def test_demo_goals_move_differently(demo_plans):
    by_goal = {}
    for goal_id, score in GoalRating.objects.values_list("goal", "score"):
        by_goal.setdefault(goal_id, []).append(score)
    changes = [scores[-1] - scores[0] for scores in by_goal.values()]

    assert any(change > 0 for change in changes)
    assert any(change < 0 for change in changes)
    # One stays flat: rated several times, always the same.
    assert any(len(scores) >= 3 and len(set(scores)) == 1 for scores in by_goal.values())


def test_demo_reviews_page_shows_due_overdue_and_requested(demo_plans):
    camhs = Organisation.objects.get(slug=CAMHS[0])

    lists = review_lists(organisation=camhs, today=TODAY)

    assert len(lists.overdue) == 1 and lists.overdue[0].next_review_on < TODAY
    assert len(lists.requested) == 1
    assert lists.requested[0].request_message
    assert lists.due


def test_demo_review_held_records_a_goal_not_met_with_a_reason(demo_plans):
    held = CarePlan.objects.get(reviews__held_on__isnull=False, reviews__kind=ReviewKind.PLANNED)
    review = held.reviews.get(held_on__isnull=False)

    not_met = held.goals.get(outcome=GoalOutcome.NOT_MET)
    assert not_met.outcome_reason
    assert {row["outcome"] for row in review.goal_outcomes} == {"met", "not_met"}
    assert review.version is not None and review.version.number == 3


def test_demo_plans_are_not_added_twice(demo_plans):
    before = CarePlan.objects.count()

    assert load_demo_plans(io.StringIO()) == []
    assert CarePlan.objects.count() == before
