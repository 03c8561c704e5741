"""A plan's draft: its sections, goals and review date as editors send them; how each revision is
kept (with the page that saved it), and how a late save is merged three ways (EditConflict).

The same flat view of a draft (`fields`: one value per thing a person changes) serves the merge,
the conflict page and "what changed" between two agreed versions.

Nothing here is audited or locks a row: careplans.services does both, in one transaction per call.
"""

import copy
import dataclasses
import datetime
from dataclasses import dataclass, field

from thrivegrids.careplans.content import PlanContent
from thrivegrids.careplans.models import MAX_GOALS, Goal, PlanDraftRevision

CONTENT_FIELDS = (
    "who_involved",
    "may_see",
    "may_see_other",
    "consent",
    "consent_on",
    "competence",
    "parent_carer_agrees",
    "what_matters",
    "what_matters_to_others",
    "what_we_chose",
    "actions",
    "needs_group",
)
IF_WORSE_FIELDS = ("signs", "what_helps", "who_to_contact")
GOAL_FIELDS = tuple(f"goal_{number}" for number in range(1, MAX_GOALS + 1))
# Every field of the flat view, in the plan's order.
FLAT_FIELDS = (
    *CONTENT_FIELDS[:10],
    *GOAL_FIELDS,
    *CONTENT_FIELDS[10:],
    *IF_WORSE_FIELDS,
    "next_review_on",
)


@dataclass
class GoalDraft:
    number: int
    text: str = ""
    set_by: str = ""


@dataclass
class PlanDraft:
    content: PlanContent = field(default_factory=PlanContent)
    goals: list = field(default_factory=list)  # GoalDraft, by number
    next_review_on: datetime.date | None = None

    def fields(self) -> dict:
        """{flat field name: a comparable value}: content, each goal by number, review date."""
        data = self.content.to_json()
        flat = {name: data[name] for name in CONTENT_FIELDS}
        flat["may_see"] = sorted(flat["may_see"])
        flat |= {name: data["if_worse"][name] for name in IF_WORSE_FIELDS}
        goals = {goal.number: goal for goal in self.goals}
        for number, name in enumerate(GOAL_FIELDS, start=1):
            goal = goals.get(number)
            flat[name] = {"text": goal.text, "set_by": goal.set_by} if goal else None
        flat["next_review_on"] = self.next_review_on.isoformat() if self.next_review_on else None
        return flat

    @classmethod
    def from_fields(cls, flat) -> "PlanDraft":
        data = {name: copy.deepcopy(flat[name]) for name in CONTENT_FIELDS}
        data["if_worse"] = {name: flat[name] for name in IF_WORSE_FIELDS}
        goals = [
            GoalDraft(number=number, **flat[name])
            for number, name in enumerate(GOAL_FIELDS, start=1)
            if flat[name]
        ]
        review = flat["next_review_on"]
        return cls(
            content=PlanContent.from_json(data),
            goals=goals,
            next_review_on=datetime.date.fromisoformat(review) if review else None,
        )

    def fields_differing_from(self, other: "PlanDraft"):
        mine, theirs = self.fields(), other.fields()
        return [name for name in FLAT_FIELDS if mine[name] != theirs[name]]


def draft_to_json(draft: PlanDraft) -> dict:
    """The sections as PlanContent writes them, with the goals and the review date beside them
    (how a PlanVersion keeps what was agreed)."""
    return {
        **draft.content.to_json(),
        "goals": [dataclasses.asdict(goal) for goal in draft.goals],
        "next_review_on": draft.next_review_on.isoformat() if draft.next_review_on else None,
    }


def draft_from_json(data) -> PlanDraft:
    review = data.get("next_review_on")
    return PlanDraft(
        content=PlanContent.from_json(data),
        goals=[GoalDraft(**goal) for goal in data.get("goals") or []],
        next_review_on=datetime.date.fromisoformat(review) if review else None,
    )


def draft_of(plan) -> PlanDraft:
    """The plan as saved now. Goals are read from the database, never from a prefetch: a write
    in the same transaction must be seen."""
    goals = [
        GoalDraft(number=goal.number, text=goal.text, set_by=goal.set_by)
        for goal in Goal.objects.filter(plan=plan).order_by("number")
    ]
    return PlanDraft(
        content=PlanContent.from_json(plan.content), goals=goals, next_review_on=plan.next_review_on
    )


class EditConflict(Exception):
    """Someone else saved the plan after the editor's page loaded it.

    As for conversations: with the revision the editor started from (`base`), a field changed
    only by the other person is taken from them into `merged`; a field both changed to different
    values is listed in `fields` for the editor to look at. Nothing is overwritten silently.
    """

    def __init__(self, plan, saved: PlanDraft, attempted: PlanDraft, base: PlanDraft | None = None):
        self.plan, self.saved, self.attempted = plan, saved, attempted
        differing = attempted.fields_differing_from(saved)
        merged = attempted.fields()
        theirs_flat = saved.fields()
        self.taken_from_theirs = []
        if base is None:
            self.fields = differing
        else:
            mine = set(attempted.fields_differing_from(base))
            theirs = set(saved.fields_differing_from(base))
            self.fields = [name for name in differing if name in mine and name in theirs]
            for name in differing:
                if name in theirs and name not in mine:
                    merged[name] = copy.deepcopy(theirs_flat[name])
                    self.taken_from_theirs.append(name)
        self.merged = PlanDraft.from_fields(merged)
        super().__init__(f"Plan {plan.pk} is at revision {plan.revision}")


class StaleSave(Exception):
    """An autosave overtaken by a Save from its own page: it holds older text, so it is dropped."""


def keep_revision(plan, *, editor="", autosave=False):
    """Keep what the plan holds at its current revision, and which page saved it."""
    PlanDraftRevision.objects.update_or_create(
        plan=plan,
        number=plan.revision,
        defaults={
            "draft": draft_to_json(draft_of(plan)),
            "editor": editor,
            "autosave": autosave,
        },
    )


def seen_revision(plan, base_revision, *, editor="", autosave=False):
    """The revision the editor's page last saw: `base_revision`, unless every save since was this
    same page's own (then it holds all of it). An autosave overtaken by its own page's Save holds
    older text: StaleSave."""
    if not editor or base_revision >= plan.revision:
        return base_revision
    kept = list(
        PlanDraftRevision.objects.filter(
            plan=plan, number__gt=base_revision, number__lte=plan.revision
        ).values_list("editor", "autosave")
    )
    own = len(kept) == plan.revision - base_revision and all(mark == editor for mark, _ in kept)
    if not own:
        return base_revision
    if autosave and not all(was_autosave for _, was_autosave in kept):
        raise StaleSave
    return plan.revision


def draft_at(plan, revision) -> PlanDraft | None:
    found = PlanDraftRevision.objects.filter(plan=plan, number=revision).first()
    return draft_from_json(found.draft) if found else None
