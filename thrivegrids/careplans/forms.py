"""Forms for a plan: its edit page (every section, the goals, the actions, the review date), the
agree page, and the choice of two versions to compare.

The edit form refuses a text over its limit, a date that is not a real date or in the past, a
goal without who set it and a fourth goal, each beside its field; a refused form saves nothing
and the page shows it again as typed.
"""

import datetime
import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thrivegrids.careplans.content import (
    ACTION_TEXT_LIMITS,
    MAX_ACTIONS,
    TEXT_LIMITS,
    Action,
    Competence,
    IfWorse,
    MaySee,
    PlanContent,
    YesNo,
)
from thrivegrids.careplans.drafts import GoalDraft, PlanDraft
from thrivegrids.careplans.models import GOAL_TEXT_LIMIT, MAX_GOALS, GoalSetBy, RaterRole
from thrivegrids.core.forms import LimitedText
from thrivegrids.core.thrive import NeedsGroup

DATE_PART_LIMITS = {"day": 2, "month": 2, "year": 4}
CONTENT_TEXTS = ("who_involved", "may_see_other", "what_matters", "what_matters_to_others")
IF_WORSE_TEXTS = ("signs", "what_helps", "who_to_contact")


def _date_part(part):
    return forms.CharField(required=False, max_length=DATE_PART_LIMITS[part])


def _choices(choices):
    return [("", _("Not recorded")), *choices]


def _who_set():
    return [("", _("Choose who")), *GoalSetBy.choices]


class PlanForm(forms.Form):
    """Everything typed on the plan's edit page. `draft()` turns it into a drafts.PlanDraft."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # The page's token, kept through refusals, so its own earlier saves are never a conflict.
    editor = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    who_involved = LimitedText(label=_("Who is involved"), limit=TEXT_LIMITS["who_involved"])
    may_see = forms.MultipleChoiceField(
        label=_("Who the young person agrees may see the plan"),
        choices=MaySee.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    may_see_other = LimitedText(label=_("Who else may see it"), limit=TEXT_LIMITS["may_see_other"])
    consent = forms.ChoiceField(
        label=_("Has the young person consented to this plan?"),
        choices=YesNo.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    consent_day, consent_month, consent_year = (_date_part(p) for p in ("day", "month", "year"))
    competence = forms.ChoiceField(
        label=_("If under 16: were they judged able to decide for themselves?"),
        choices=Competence.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    parent_carer_agrees = forms.ChoiceField(
        label=_("Does a parent or carer agree with the plan?"),
        choices=YesNo.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    what_matters = LimitedText(
        label=_("What matters to me, in the young person's words"),
        limit=TEXT_LIMITS["what_matters"],
    )
    what_matters_to_others = LimitedText(
        label=_("What matters to the others involved"),
        limit=TEXT_LIMITS["what_matters_to_others"],
    )
    what_we_chose = LimitedText(
        label=_("What we chose together"), limit=TEXT_LIMITS["what_we_chose"]
    )
    new_goal_text = LimitedText(label=_("Add a goal"), limit=GOAL_TEXT_LIMIT)
    new_goal_set_by = forms.ChoiceField(
        label=_("Who set this goal"), choices=_who_set(), required=False
    )
    signs = LimitedText(label=_("Signs to notice"), limit=TEXT_LIMITS["signs"])
    what_helps = LimitedText(label=_("What helps"), limit=TEXT_LIMITS["what_helps"])
    who_to_contact = LimitedText(label=_("Who to contact"), limit=TEXT_LIMITS["who_to_contact"])
    needs_group = forms.ChoiceField(
        label=_("THRIVE needs-based group"), choices=_choices(NeedsGroup.choices), required=False
    )
    next_review_day, next_review_month, next_review_year = (
        _date_part(p) for p in ("day", "month", "year")
    )

    def __init__(self, *args, action_rows=1, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_GOALS + 1):
            self.fields[f"goal_{number}_text"] = LimitedText(
                label=_("Goal %(number)s") % {"number": number}, limit=GOAL_TEXT_LIMIT
            )
            self.fields[f"goal_{number}_set_by"] = forms.ChoiceField(
                label=_("Who set goal %(number)s") % {"number": number},
                choices=_who_set(),
                required=False,
            )
        self.action_rows = max(1, min(action_rows, MAX_ACTIONS))
        self.services = dict(services)
        for number in range(1, self.action_rows + 1):
            self._add_action_fields(number)

    def _add_action_fields(self, number):
        labels = {"who": _("Who"), "what": _("Does what"), "by_when": _("By when")}
        for name, label in labels.items():
            self.fields[f"action_{number}_{name}"] = LimitedText(
                label=label, limit=ACTION_TEXT_LIMITS[name]
            )
        self.fields[f"action_{number}_service"] = forms.TypedChoiceField(
            label=_("Service from the directory (optional)"),
            choices=[("", _("None"))] + [(str(pk), name) for pk, name in self.services.items()],
            coerce=str,
            empty_value=None,
            required=False,
        )

    @classmethod
    def initial_for(cls, plan, draft: PlanDraft, *, editor=""):
        """The form as `draft` fills it at the plan's revision; a new page gets a new token."""
        content = draft.content
        initial = {
            "revision": plan.revision,
            "editor": editor or secrets.token_urlsafe(16),
            **{name: getattr(content, name) for name in CONTENT_TEXTS},
            "what_we_chose": content.what_we_chose,
            "may_see": list(content.may_see),
            "consent": content.consent,
            "competence": content.competence,
            "parent_carer_agrees": content.parent_carer_agrees,
            "needs_group": content.needs_group,
            **{name: getattr(content.if_worse, name) for name in IF_WORSE_TEXTS},
        }
        initial |= _date_initial("consent", content.consent_on)
        initial |= _date_initial("next_review", draft.next_review_on)
        for goal in draft.goals:
            initial[f"goal_{goal.number}_text"] = goal.text
            initial[f"goal_{goal.number}_set_by"] = goal.set_by
        for number, action in enumerate(content.actions, start=1):
            initial |= {
                f"action_{number}_who": action.who,
                f"action_{number}_what": action.what,
                f"action_{number}_by_when": action.by_when,
                f"action_{number}_service": action.service or "",
            }
        return initial

    def clean(self):
        cleaned = super().clean()
        cleaned["consent_on"] = self._date(cleaned, "consent", _("consent date"), future=False)
        cleaned["next_review_on"] = self._date(
            cleaned, "next_review", _("next review date"), past=False
        )
        self._check_goals(cleaned)
        return cleaned

    def _check_goals(self, cleaned):
        numbers = [n for n in range(1, MAX_GOALS + 1) if cleaned.get(f"goal_{n}_text")]
        for number in numbers:
            if not cleaned.get(f"goal_{number}_set_by"):
                self.add_error(
                    f"goal_{number}_set_by",
                    _("Choose who set goal %(number)s") % {"number": number},
                )
        if cleaned.get("new_goal_text"):
            if len(numbers) >= MAX_GOALS:
                self.add_error(
                    "new_goal_text",
                    _("A plan can have up to %(count)s goals. Change or remove one to add another.")
                    % {"count": MAX_GOALS},
                )
            elif not cleaned.get("new_goal_set_by"):
                self.add_error("new_goal_set_by", _("Choose who set the new goal"))

    def _date(self, cleaned, prefix, name, *, past=True, future=True):
        parts = [cleaned.get(f"{prefix}_{part}", "").strip() for part in DATE_PART_LIMITS]
        field = f"{prefix}_day"
        if not any(parts):
            return None
        if not all(part.isdigit() for part in parts):
            self.add_error(
                field, _("Enter the %(name)s as numbers, like 27 3 2027") % {"name": name}
            )
            return None
        day, month, year = (int(part) for part in parts)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            self.add_error(field, _("Enter a real %(name)s, like 27 3 2027") % {"name": name})
            return None
        if not 2000 <= date.year <= 2100:
            self.add_error(field, _("Enter the %(name)s with a 4-digit year") % {"name": name})
            return None
        today = timezone.localdate()
        if not past and date < today:
            self.add_error(field, _("The %(name)s must be today or in the future") % {"name": name})
            return None
        if not future and date > today:
            self.add_error(field, _("The %(name)s cannot be in the future") % {"name": name})
            return None
        return date

    def draft(self) -> PlanDraft:
        """What the (valid) form holds, as a draft."""
        data = self.cleaned_data
        goals = [
            GoalDraft(number=n, text=data[f"goal_{n}_text"], set_by=data[f"goal_{n}_set_by"])
            for n in range(1, MAX_GOALS + 1)
            if data.get(f"goal_{n}_text")
        ]
        if data.get("new_goal_text"):
            free = [n for n in range(1, MAX_GOALS + 2) if n not in {g.number for g in goals}]
            goals.append(
                GoalDraft(
                    number=free[0], text=data["new_goal_text"], set_by=data["new_goal_set_by"]
                )
            )
        content = PlanContent(
            **{name: data[name] for name in CONTENT_TEXTS},
            what_we_chose=data["what_we_chose"],
            may_see=sorted(data["may_see"]),
            consent=data["consent"],
            consent_on=data["consent_on"],
            competence=data["competence"],
            parent_carer_agrees=data["parent_carer_agrees"],
            actions=self._actions(data),
            if_worse=IfWorse(**{name: data[name] for name in IF_WORSE_TEXTS}),
            needs_group=data["needs_group"],
        )
        return PlanDraft(
            content=content,
            goals=sorted(goals, key=lambda goal: goal.number),
            next_review_on=data["next_review_on"],
        )

    def _actions(self, data):
        actions = []
        for number in range(1, self.action_rows + 1):
            service = data.get(f"action_{number}_service")
            action = Action(
                who=data[f"action_{number}_who"],
                what=data[f"action_{number}_what"],
                by_when=data[f"action_{number}_by_when"],
                service=service,
                service_name=self.services.get(service, "") if service else "",
            )
            if not action.is_empty():
                actions.append(action)
        return actions

    def accepted_nothing(self):
        """Whether nothing can be saved: without the revision it started from, not even a field."""
        return "revision" in self.errors


def _date_initial(prefix, date):
    if date is None:
        return {}
    return {
        f"{prefix}_day": str(date.day),
        f"{prefix}_month": str(date.month),
        f"{prefix}_year": str(date.year),
    }


class AgreePlanForm(forms.Form):
    agreed_with = forms.MultipleChoiceField(
        label=_("Who agreed this plan with you?"),
        choices=[
            (role.value, role.label) for role in (RaterRole.YOUNG_PERSON, RaterRole.PARENT_CARER)
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose who agreed the plan with you")},
    )


class CompareVersionsForm(forms.Form):
    """Two agreed versions of a plan, by number."""

    before = forms.TypedChoiceField(label=_("Earlier version"), coerce=int)
    after = forms.TypedChoiceField(label=_("Later version"), coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(n), _("Version %(number)s") % {"number": n}) for n in numbers]
        self.fields["before"].choices = choices
        self.fields["after"].choices = choices
