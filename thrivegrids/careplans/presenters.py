"""What the plan pages show: a plan's sections, its versions, what changed between two, an edit
conflict side by side, and the plans on a young person's record. Presenters take fetched data
and run no queries of their own."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thrivegrids.careplans.charts import goal_chart
from thrivegrids.careplans.content import Competence, MaySee, YesNo, offer_for
from thrivegrids.careplans.drafts import FLAT_FIELDS
from thrivegrids.careplans.goals import goals_with_ratings
from thrivegrids.careplans.models import GoalSetBy, PlanVersion, RaterRole
from thrivegrids.core.thrive import NeedsGroup

FIELD_LABELS = {
    "who_involved": gettext_lazy("Who is involved"),
    "may_see": gettext_lazy("Who may see the plan"),
    "may_see_other": gettext_lazy("Who else may see it"),
    "consent": gettext_lazy("Consent to the plan"),
    "consent_on": gettext_lazy("Date of consent"),
    "competence": gettext_lazy("If under 16: judged able to decide for themselves"),
    "parent_carer_agrees": gettext_lazy("A parent or carer agrees"),
    "what_matters": gettext_lazy("What matters to me"),
    "what_matters_to_others": gettext_lazy("What matters to the others involved"),
    "what_we_chose": gettext_lazy("What we chose together"),
    "goal_1": gettext_lazy("Goal 1"),
    "goal_2": gettext_lazy("Goal 2"),
    "goal_3": gettext_lazy("Goal 3"),
    "actions": gettext_lazy("How: who does what by when"),
    "needs_group": gettext_lazy("THRIVE needs-based group"),
    "signs": gettext_lazy("If things get worse: signs to notice"),
    "what_helps": gettext_lazy("If things get worse: what helps"),
    "who_to_contact": gettext_lazy("If things get worse: who to contact"),
    "next_review_on": gettext_lazy("Next review date"),
}
# Where each field is on the edit page, for links from a conflict or an error.
FIELD_ANCHORS = {
    "may_see": "id_may_see",
    "consent_on": "id_consent_day",
    "actions": "actions",
    "next_review_on": "id_next_review_day",
    **{f"goal_{n}": f"id_goal_{n}_text" for n in (1, 2, 3)},
}
CHOICES = {
    "consent": YesNo,
    "parent_carer_agrees": YesNo,
    "competence": Competence,
    "needs_group": NeedsGroup,
}


def long_date(value):
    return date_format(value, "j F Y") if value else ""


def when(value):
    return date_format(timezone.localtime(value), "j F Y, H:i") if value else ""


def person_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _label(choices, value):
    return str(choices(value).label) if value in choices.values else value


def value_text(name, flat):
    """A field of a draft's flat view (drafts.PlanDraft.fields), as a person reads it."""
    value = flat.get(name)
    if name in CHOICES:
        text = _label(CHOICES[name], value) if value else ""
    elif name == "may_see":
        text = ", ".join(_label(MaySee, choice) for choice in value or [])
    elif name.startswith("goal_"):
        text = f"{value['text']} ({_label(GoalSetBy, value['set_by'])})" if value else ""
    elif name == "actions":
        text = "; ".join(action_text(action) for action in value or [])
    elif name in ("consent_on", "next_review_on"):
        text = long_date(_as_date(value))
    else:
        text = value or ""
    return text or _("(empty)")


def _as_date(value):
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


def action_text(action):
    """ "Who: what (by when) – service" from one action as stored."""
    parts = [part for part in (action.get("who"), action.get("what")) if part]
    text = ": ".join(parts)
    if action.get("by_when"):
        text = _("%(action)s (by %(when)s)") % {"action": text, "when": action["by_when"]}
    if action.get("service_name"):
        text = f"{text} – {action['service_name']}"
    return text


def sections(draft):
    """The plan's sections as NHS.UK summary-list rows, in the plan's order."""
    flat = draft.fields()
    rows = []
    for name in FLAT_FIELDS:
        if name.startswith("goal_") and not flat[name]:
            continue
        rows.append(
            {"key": {"text": str(FIELD_LABELS[name])}, "value": {"text": value_text(name, flat)}}
        )
    return rows


def offer(draft):
    """(level, what it offers) for the plan's needs-based group, or None."""
    return offer_for(draft.content.needs_group)


def goals(draft):
    return [
        {"number": goal.number, "text": goal.text, "set_by": _label(GoalSetBy, goal.set_by)}
        for goal in draft.goals
    ]


def versions(plan_versions):
    """Each agreed version: number, when, by whom, with whom, the review date and its link."""
    return [
        {
            "number": version.number,
            "agreed_at": when(version.agreed_at),
            "agreed_by": person_name(version.agreed_by),
            "agreed_with": ", ".join(_label(RaterRole, role) for role in version.agreed_with),
            "next_review_on": long_date(version.next_review_on),
        }
        for version in plan_versions
    ]


def what_changed(before, after):
    """Field by field, what differs between two drafts (or versions): label, before, after."""
    old, new = before.fields(), after.fields()
    return [
        {
            "label": str(FIELD_LABELS[name]),
            "before": value_text(name, old),
            "after": value_text(name, new),
        }
        for name in FLAT_FIELDS
        if old[name] != new[name]
    ]


def conflict(error):
    """An EditConflict as the edit page shows it: who saved, when, and each field side by side."""
    theirs, yours = error.saved.fields(), error.attempted.fields()
    return {
        "by": person_name(error.plan.updated_by),
        "at": when(error.plan.updated_at),
        "rows": [
            {
                "label": str(FIELD_LABELS[name]),
                "anchor": FIELD_ANCHORS.get(name, f"id_{name}"),
                "theirs": value_text(name, theirs),
                "yours": value_text(name, yours),
            }
            for name in error.fields
        ],
        "taken": [str(FIELD_LABELS[name]) for name in error.taken_from_theirs],
    }


def record_plans(plans, newest_goals=None):
    """The plans on a young person's record (fetched with their versions): status, latest
    version, next review date and a link; the newest plan's goal chart from `newest_goals`
    (its goals with their ratings: older plans' charts are on their own pages)."""
    rows = []
    for plan in plans:
        agreed = sorted(plan.versions.all(), key=lambda version: version.number)
        latest = agreed[-1] if agreed else None
        rows.append(
            {
                "href": reverse("careplans:show_plan", args=[plan.pk]),
                "started": long_date(timezone.localdate(plan.created_at)),
                "status": _("Agreed") if latest else _("Draft"),
                "is_agreed": latest is not None,
                "latest": _("Version %(number)s, agreed %(when)s")
                % {"number": latest.number, "when": when(latest.agreed_at)}
                if latest
                else _("Not agreed yet"),
                "changed_since": bool(latest) and plan.updated_at > latest.agreed_at,
                "next_review_on": long_date(plan.next_review_on) or _("Not set"),
                "overdue": bool(plan.next_review_on) and plan.next_review_on < timezone.localdate(),
                "chart": goal_chart(plan, newest_goals)
                if not rows and newest_goals is not None
                else None,
            }
        )
    return rows


def plans_of(young_person):
    """The young person's plans for their record page, newest first, with their versions (not
    their content, which the page does not show) and the newest plan's goals and ratings: four
    queries however many plans, versions and ratings."""
    versions = PlanVersion.objects.defer("content")
    plans = list(
        young_person.care_plans.prefetch_related(Prefetch("versions", queryset=versions)).order_by(
            "-created_at", "-pk"
        )
    )
    if not plans:
        return []
    return record_plans(plans, goals_with_ratings(plans[0]))
