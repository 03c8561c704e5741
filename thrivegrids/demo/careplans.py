"""Demo care and support plans for `make demo`: plans for nine of the ten demo young people (one
has none yet), with goals rated over several months, agreed versions, one review held, one asked
for and one overdue, so the record pages, the plans and the reviews page have something to show.

Everything is made through the careplans services, so the audit log reads as if practitioners
had done it. Those services stamp a plan's versions with the present and refuse review dates in
the past, as they must for people; the demo then moves each version's date (and one plan's
review date) back to where the story puts it, relative to today, as the demo conversations are.
Idempotent: a young person who has a plan is left as they are. The text is invented for the demo,
is not clinically reviewed, and describes no real person.
"""

import dataclasses
import datetime
from dataclasses import dataclass

from django.utils import timezone

from thrivegrids.accounts.models import Membership
from thrivegrids.accounts.permissions import Role
from thrivegrids.careplans import drafts, services
from thrivegrids.careplans.content import Competence, MaySee, YesNo
from thrivegrids.careplans.goals import rate_goal
from thrivegrids.careplans.models import (
    CarePlan,
    GoalOutcome,
    GoalSetBy,
    PlanVersion,
    RaterRole,
    RatingOccasion,
    Review,
    ReviewKind,
)
from thrivegrids.careplans.reviews import GoalDecision, hold_review, request_review
from thrivegrids.records.models import YoungPerson

LINK_ACTOR = "young person's link (demo)"
UNDER_16_BANDS = ("11_13", "14_15")


@dataclass(frozen=True)
class DemoGoal:
    text: str
    set_by: str  # GoalSetBy
    # Progress 0-10, oldest first, spread evenly from the plan's start to a week ago.
    scores: tuple


@dataclass(frozen=True)
class DemoReview:
    """A planned review held `days_ago`, with a new version agreed on the day."""

    days_ago: int
    working: str
    not_working: str
    outcomes: dict  # goal number -> GoalDecision
    scores: dict  # goal number -> the young person's rating at the review


@dataclass(frozen=True)
class DemoPlan:
    reference: str
    started_days_ago: int
    goals: tuple
    # Days from today to the next review: negative for a review that is overdue.
    next_review_in: int
    what_helps: str
    signs: str = "Staying in my room, not eating much, not answering messages"
    # Later versions: (days ago, {section: new text}), each agreed on that day.
    changes: tuple = ()
    review: DemoReview | None = None
    # A review asked for through the young person's link two days ago, not yet held.
    request: str = ""
    may_see: tuple = (MaySee.PARENT_CARER, MaySee.GP)


YP, PARENT, TOGETHER = GoalSetBy.YOUNG_PERSON, GoalSetBy.PARENT_CARER, GoalSetBy.TOGETHER
PLANS = [
    DemoPlan(
        "EVC-0001",
        200,
        (
            DemoGoal("Go back to football training every week", YP, (2, 3, 4, 5, 6, 7, 8)),
            DemoGoal("Fewer arguments at home before school", PARENT, (3, 3, 2, 3, 2, 3)),
            DemoGoal("Be asleep by midnight on school nights", TOGETHER, (1, 2, 4, 5, 5, 6)),
        ),
        next_review_in=10,
        what_helps="Kicking a ball about with my brother; music in my headphones",
        changes=(
            (110, {"what_helps": "Kicking a ball about; music; texting my cousin"}),
            (21, {"who_involved": "Me, my mum, my practitioner and the school nurse"}),
        ),
        review=DemoReview(
            21,
            working="Back at training most weeks; sleeping better on school nights.",
            not_working="Mornings at home are still hard.",
            outcomes={
                1: GoalDecision(GoalOutcome.MET),
                2: GoalDecision(
                    GoalOutcome.NOT_MET,
                    "Mornings are still tense. We agreed to ask school about a later start "
                    "first, and to talk about this goal again at the next review.",
                ),
            },
            scores={1: 9, 2: 3, 3: 6},
        ),
    ),
    DemoPlan(
        "EVC-0002",
        120,
        (
            DemoGoal("Get through a full school day without going home early", YP, (3, 4, 4, 6)),
            DemoGoal("Have one thing each week to look forward to", TOGETHER, (2, 4, 5, 5)),
        ),
        next_review_in=45,
        what_helps="Sitting with my mum and drawing; a hot drink",
        changes=((60, {"what_helps": "Drawing; a hot drink; a walk round the block"}),),
        request="Things got harder since exams started. Can we talk before the next review?",
    ),
    DemoPlan(
        "EVC-0003",
        150,
        (DemoGoal("Feel calm enough to take the bus to college alone", YP, (4, 4, 4, 4, 4)),),
        next_review_in=-12,
        what_helps="Breathing slowly with the app; sitting near the driver",
        may_see=(MaySee.GP,),
    ),
    DemoPlan(
        "EVC-0004",
        90,
        (
            DemoGoal("Know what to do at home when a panic starts", PARENT, (2, 3, 5, 6)),
            DemoGoal("Tell a teacher when I am struggling", YP, (5, 4, 4, 3)),
        ),
        next_review_in=60,
        what_helps="A quiet corner; squeezing a stress ball; a hug",
        changes=((40, {"signs": "Stomach aches before school; not sleeping; crying at night"}),),
    ),
    DemoPlan(
        "EVC-0005",
        100,
        (DemoGoal("Use the self-help app three times a week", YP, (1, 3, 5, 7)),),
        next_review_in=30,
        what_helps="Going to the gym; talking to my flatmate",
        may_see=(MaySee.GP,),
    ),
    DemoPlan(
        "EVS-0001",
        60,
        (
            DemoGoal("Spend break time with friends, not in the library", TOGETHER, (2, 3, 5)),
            DemoGoal("Fewer nights when worry keeps them awake", PARENT, (3, 3, 4)),
        ),
        next_review_in=5,
        what_helps="Reading before bed; a worry box by the bed",
        changes=((20, {"who_involved": "Me, my dad, the school mental health practitioner"}),),
        may_see=(MaySee.PARENT_CARER, MaySee.SCHOOL),
    ),
    DemoPlan(
        "EVS-0002",
        75,
        (
            DemoGoal("Join in one lesson a day by putting my hand up", YP, (1, 2, 4)),
            DemoGoal("Walk to school with a friend", YP, (3, 5, 6)),
            DemoGoal("Talk about school at home without shouting", TOGETHER, (2, 2, 3)),
        ),
        next_review_in=40,
        what_helps="Time with my cat; my sister",
        may_see=(MaySee.PARENT_CARER, MaySee.SCHOOL),
    ),
    DemoPlan(
        "EVS-0003",
        100,
        (
            DemoGoal("Eat lunch at school most days", YP, (2, 4, 5, 6)),
            DemoGoal("Tell someone when the bad thoughts come", YP, (3, 3, 4, 5)),
        ),
        next_review_in=20,
        what_helps="Headphones and a film; messaging my best friend",
        may_see=(MaySee.SCHOOL,),
    ),
    DemoPlan(
        "EVS-0004",
        95,
        (DemoGoal("Get my coursework in on time", YP, (3, 5, 4, 6)),),
        next_review_in=35,
        what_helps="Making a list; a run before college",
        changes=(
            (65, {"what_helps": "Making a list; a run before college; my tutor's drop-in"}),
            (30, {"who_involved": "Me, my practitioner and my college tutor"}),
        ),
        may_see=(MaySee.SCHOOL, MaySee.GP),
    ),
]


def load_demo_plans(stdout):
    """Plans for the demo young people who have none yet; returns the plans made."""
    today = timezone.localdate()
    references = {demo.reference: demo for demo in PLANS}
    people = YoungPerson.objects.filter(local_reference__in=references).select_related(
        "organisation"
    )
    made = []
    for young_person in people.order_by("pk"):
        practitioner = _practitioner(young_person.organisation)
        if young_person.care_plans.exists() or practitioner is None:
            continue
        demo = references[young_person.local_reference]
        made.append(_plan_for(young_person, practitioner, demo, today))
    if made:
        stdout.write(f"Demo care and support plans: {len(made)} for the demo young people.")
    return made


def _practitioner(organisation):
    """The team's practitioner (its team lead when it has none)."""
    memberships = Membership.objects.filter(
        organisation=organisation, role__in=[Role.PRACTITIONER, Role.TEAM_LEAD]
    ).select_related("user")
    chosen = memberships.filter(role=Role.PRACTITIONER).first() or memberships.first()
    return chosen.user if chosen else None


def _day(today, days_ago):
    return today - datetime.timedelta(days=days_ago)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))


def _plan_for(young_person, by, demo, today):
    final_review = today + datetime.timedelta(days=max(demo.next_review_in, 0))
    started = _day(today, demo.started_days_ago)
    plan = services.start_plan(by=by, young_person=young_person)
    CarePlan.objects.filter(pk=plan.pk).update(created_at=_at(started))
    draft = _first_draft(plan, young_person, demo, started, final_review)
    agreed = [_agree(plan, by, draft, started)]
    for days_ago, change in demo.changes:
        agreed.append(_agree(plan, by, _changed(plan, change), _day(today, days_ago)))
    _backdate_reviews(agreed, final_review)
    _rate(plan, by, demo, today)
    if demo.review:
        _hold(plan, by, demo.review, today, final_review)
    if demo.request:
        _ask_for_review(plan, demo.request, today)
    if demo.next_review_in < 0:
        _make_overdue(plan, agreed[-1], _day(today, -demo.next_review_in))
    return plan


def _first_draft(plan, young_person, demo, started, final_review):
    """The plan as first agreed: what start_plan took from the conversation, and the rest."""
    draft = drafts.draft_of(plan)
    carer = bool(young_person.parent_carer_name)
    content = dataclasses.replace(
        draft.content,
        who_involved="Me, my parent or carer and my practitioner"
        if carer
        else "Me and my practitioner",
        may_see=[value for value in demo.may_see if carer or value != MaySee.PARENT_CARER],
        consent=YesNo.YES,
        consent_on=started,
        competence=Competence.YES if _under_16(young_person, started) else "",
        parent_carer_agrees=YesNo.YES if carer else "",
        what_matters=draft.content.what_matters or "Feeling like myself again",
        if_worse=dataclasses.replace(
            draft.content.if_worse,
            signs=demo.signs,
            what_helps=demo.what_helps,
            who_to_contact="The team on weekdays, 9 to 5; at other times, the urgent help box",
        ),
    )
    goals = [
        drafts.GoalDraft(number=number, text=goal.text, set_by=goal.set_by)
        for number, goal in enumerate(demo.goals, start=1)
    ]
    return drafts.PlanDraft(content=content, goals=goals, next_review_on=final_review)


def _under_16(young_person, day):
    if young_person.year_of_birth:
        return day.year - young_person.year_of_birth < 16
    return young_person.age_band in UNDER_16_BANDS


def _changed(plan, change):
    """The saved draft with some sections changed (`if_worse` sections by their own names)."""
    plan.refresh_from_db()
    draft = drafts.draft_of(plan)
    worse = {name: text for name, text in change.items() if name in drafts.IF_WORSE_FIELDS}
    others = {name: text for name, text in change.items() if name not in worse}
    content = dataclasses.replace(
        draft.content, if_worse=dataclasses.replace(draft.content.if_worse, **worse), **others
    )
    return dataclasses.replace(draft, content=content)


def _agree(plan, by, draft, day):
    """Save the draft and agree it, then date the version `day`."""
    plan.refresh_from_db()
    services.save_plan_draft(by=by, plan=plan, base_revision=plan.revision, draft=draft)
    with_whom = [RaterRole.YOUNG_PERSON]
    if plan.young_person.parent_carer_name:
        with_whom.append(RaterRole.PARENT_CARER)
    version = services.agree_plan(by=by, plan=plan, agreed_with=with_whom)
    PlanVersion.objects.filter(pk=version.pk).update(agreed_at=_at(day))
    version.agreed_at = _at(day)
    return version


def _backdate_reviews(versions, final_review):
    """Each version's review date is the day the next was agreed; the last keeps the plan's."""
    for version, following in zip(versions, versions[1:], strict=False):
        day = timezone.localdate(following.agreed_at)
        PlanVersion.objects.filter(pk=version.pk).update(next_review_on=day)
    PlanVersion.objects.filter(pk=versions[-1].pk).update(next_review_on=final_review)


def _rate(plan, by, demo, today):
    """Each goal's scores, spread evenly from the start to a week ago (or to the review)."""
    last = demo.review.days_ago + 7 if demo.review else 7
    goals = {goal.number: goal for goal in plan.goals.all()}
    for number, demo_goal in enumerate(demo.goals, start=1):
        count = len(demo_goal.scores)
        step = (demo.started_days_ago - last) // max(count - 1, 1)
        rater = RaterRole.PARENT_CARER if demo_goal.set_by == PARENT else RaterRole.YOUNG_PERSON
        for index, score in enumerate(demo_goal.scores):
            rate_goal(
                by=by,
                goal=goals[number],
                score=score,
                rater_role=rater,
                occasion=RatingOccasion.START if index == 0 else RatingOccasion.CONTACT,
                rated_on=_day(today, demo.started_days_ago - index * step),
            )


def _hold(plan, by, review, today, final_review):
    hold_review(
        by=by,
        plan=plan,
        kind=ReviewKind.PLANNED,
        held_on=_day(today, review.days_ago),
        working=review.working,
        not_working=review.not_working,
        goal_outcomes=review.outcomes,
        next_review_on=final_review,
        ratings=review.scores,
        rater_role=RaterRole.YOUNG_PERSON,
    )


def _ask_for_review(plan, message, today):
    asked = request_review(
        by=None,
        plan=plan,
        requested_by_role=RaterRole.YOUNG_PERSON,
        message=message,
        actor_label=LINK_ACTOR,
    )
    Review.objects.filter(pk=asked.pk).update(requested_at=_at(_day(today, 2)))


def _make_overdue(plan, version, due_on):
    """The review date the services would refuse today: the plan was agreed with it earlier."""
    CarePlan.objects.filter(pk=plan.pk).update(next_review_on=due_on)
    PlanVersion.objects.filter(pk=version.pk).update(next_review_on=due_on)
