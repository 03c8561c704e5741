"""The young person's copy of their plan: what the shared page and its PDF show.

Written to the young person ("you"), in the link's language, from the latest agreed version (a
draft is never shown). Like the take-away summary it carries nothing that identifies the young
person: no reference, no NHS number; the practitioner by first name, the team by its name.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from thrivegrids.careplans.charts import goal_chart
from thrivegrids.careplans.content import MaySee, PlanContent, offer_for
from thrivegrids.careplans.models import GoalSetBy
from thrivegrids.core.thrive import NeedsGroup
from thrivegrids.core.urgent_help import urgent_help_box


@dataclass
class Section:
    """One part of the plan: a heading, free text (as typed, shown dir="auto") and/or items."""

    key: str
    heading: str
    text: str = ""
    items: list = field(default_factory=list)


@dataclass
class GoalShown:
    pk: int
    number: int
    text: str
    set_by: str
    latest_score: int | None
    latest_on: object


@dataclass
class PlanCopy:
    language: str
    team: str
    practitioner: str
    version_number: int | None
    agreed_on: object
    next_review_on: object
    sections: list
    goals: list
    team_contact: dict | None
    urgent_help: dict
    chart: object = None

    @property
    def direction(self):
        return "rtl" if translation.get_language_info(self.language)["bidi"] else "ltr"

    @property
    def is_agreed(self):
        return self.version_number is not None


def _action_item(action):
    """ "Who: what (by when) – service" for one action of the plan."""
    line = ": ".join(part for part in (action.who.strip(), action.what.strip()) if part)
    if action.by_when.strip():
        line = _("%(action)s (by %(date)s)") % {"action": line, "date": action.by_when.strip()}
    return f"{line} – {action.service_name}" if action.service_name else line


def _who(content):
    may_see = [str(MaySee(value).label) for value in content.may_see if value in MaySee.values]
    if content.may_see_other.strip():
        may_see.append(content.may_see_other.strip())
    return (
        [_("Who may see this plan: %(people)s") % {"people": ", ".join(may_see)}] if may_see else []
    )


def _sections(data):
    """The agreed version's sections, in the plan's order; empty ones are left out."""
    data = data if isinstance(data, dict) else {}
    # An agreed version keeps the sections as the draft has them (careplans.content).
    content = PlanContent.from_json(data.get("sections", data))
    worse = content.if_worse
    offer = offer_for(content.needs_group)
    sections = [
        Section("who_involved", _("Who is involved"), content.who_involved.strip(), _who(content)),
        Section("what_matters", _("What matters to me"), content.what_matters.strip()),
        Section(
            "what_matters_to_others",
            _("What matters to the people around me"),
            content.what_matters_to_others.strip(),
        ),
        Section("what_we_chose", _("What we chose"), content.what_we_chose.strip()),
        Section(
            "actions",
            _("How we will get there"),
            items=[_action_item(action) for action in content.actions if not action.is_empty()],
        ),
        Section(
            "if_worse",
            _("If things get worse"),
            items=[
                f"{label}: {text.strip()}"
                for label, text in (
                    (_("Signs to notice"), worse.signs),
                    (_("What helps"), worse.what_helps),
                    (_("Who to contact"), worse.who_to_contact),
                )
                if text.strip()
            ],
        ),
        Section(
            "needs_group",
            _("The support that fits you now"),
            str(NeedsGroup(content.needs_group).label) if offer else "",
            list(offer) if offer else [],
        ),
    ]
    return [section for section in sections if section.text or section.items]


def _goals(goals):
    shown = []
    for goal in goals:
        ratings = list(goal.ratings.all())  # prefetched by the view
        latest = ratings[-1] if ratings else None
        shown.append(
            GoalShown(
                pk=goal.pk,
                number=goal.number,
                text=goal.text,
                set_by=str(GoalSetBy(goal.set_by).label) if goal.set_by else "",
                latest_score=latest.score if latest else None,
                latest_on=latest.rated_on if latest else None,
            )
        )
    return shown


def build_plan_copy(plan, language) -> PlanCopy:
    """The copy of `plan` in `language`: the plan fetched with versions, goals and their ratings
    (the view prefetches them), labels translated under that language."""
    with translation.override(language):
        versions = list(plan.versions.all())
        agreed = versions[-1] if versions else None
        goals = list(plan.goals.all())
        return PlanCopy(
            language=language,
            team=plan.organisation.name,
            practitioner=plan.practitioner.first_name.strip(),
            version_number=agreed.number if agreed else None,
            agreed_on=agreed.agreed_at if agreed else None,
            next_review_on=(agreed.next_review_on if agreed else None) or plan.next_review_on,
            sections=_sections(agreed.content) if agreed else [],
            goals=_goals(goals) if agreed else [],
            team_contact=plan.organisation.team_contact,
            urgent_help=urgent_help_box(None, language),
            chart=goal_chart(plan) if agreed else None,
        )


def pdf_filename(copy):
    return f"care-plan-{copy.language}.pdf"
