"""A plan's sections (every part but the goals), with their limits, as stored in
`CarePlan.content` and `PlanVersion.content`; and what the Comprehensive Model of Personalised
Care offers each THRIVE needs-based group (declared once, here, as data).

The crisis contacts are never part of the content: every page shows them from core.urgent_help.
"""

import datetime
from dataclasses import asdict, dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from thrivegrids.core.text_limits import LONG, NOTE, SHORT
from thrivegrids.core.thrive import NeedsGroup

# Limits, in characters, of each text (checked by the form, beside the field).
TEXT_LIMITS = {
    "who_involved": LONG,
    "may_see_other": SHORT,
    "what_matters": NOTE,
    "what_matters_to_others": NOTE,
    "what_we_chose": LONG,
    "signs": LONG,
    "what_helps": LONG,
    "who_to_contact": LONG,
}
ACTION_TEXT_LIMITS = {"who": SHORT, "what": LONG, "by_when": SHORT}
MAX_ACTIONS = 10


class MaySee(models.TextChoices):
    PARENT_CARER = "parent_carer", _("Parent or carer")
    GP = "gp", _("GP")
    SCHOOL = "school", _("School or college")
    OTHER = "other", _("Someone else")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Competence(models.TextChoices):
    """For under-16s: judged able to decide for themselves (Gillick competence)?"""

    YES = "yes", _("Yes, judged able to decide for themselves")
    NO = "no", _("No, not judged able to decide for themselves")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class OfferLevel(models.TextChoices):
    UNIVERSAL = "universal", _("Universal personalised care")
    TARGETED = "targeted", _("Targeted personalised care")
    SPECIALIST = "specialist", _("Specialist personalised care")


# What each level offers (seed 001: the Comprehensive Model of Personalised Care); each level
# includes the ones below it.
OFFER_TEXTS = {
    OfferLevel.UNIVERSAL: _(
        "Shared decision making, choice, social prescribing and link workers, and support in "
        "the community."
    ),
    OfferLevel.TARGETED: _(
        "A personalised care and support plan, and support to manage things yourself: health "
        "coaching, peer support and self-management education. Plus the universal offer."
    ),
    OfferLevel.SPECIALIST: _(
        "Personalised care and support planning with a team of different professionals, and a "
        "personal health budget or integrated personal budget. Plus the universal and targeted "
        "offers."
    ),
}
# THRIVE needs-based group -> the level of the personalised care model that fits it (seed 001).
OFFER_FOR_GROUP = {
    NeedsGroup.THRIVING: OfferLevel.UNIVERSAL,
    NeedsGroup.GETTING_ADVICE: OfferLevel.TARGETED,
    NeedsGroup.GETTING_HELP: OfferLevel.TARGETED,
    NeedsGroup.GETTING_MORE_HELP: OfferLevel.SPECIALIST,
    NeedsGroup.GETTING_RISK_SUPPORT: OfferLevel.SPECIALIST,
}


def offer_for(group):
    """(level label, what it offers) for a needs-based group value, or None without a group."""
    level = OFFER_FOR_GROUP.get(group)
    if level is None:
        return None
    return str(level.label), str(OFFER_TEXTS[level])


@dataclass
class Action:
    """Who does what by when, optionally with a directory service (its pk and name as chosen)."""

    who: str = ""
    what: str = ""
    by_when: str = ""
    service: str | None = None  # the directory Service's id, as text
    service_name: str = ""

    def is_empty(self):
        return not (self.who or self.what or self.by_when or self.service)


@dataclass
class IfWorse:
    signs: str = ""
    what_helps: str = ""
    who_to_contact: str = ""


@dataclass
class PlanContent:
    """Every section of a plan but its goals and review date (which are columns and rows)."""

    who_involved: str = ""
    may_see: list = field(default_factory=list)  # MaySee values
    may_see_other: str = ""
    consent: str = ""  # YesNo value, "" for not recorded
    consent_on: datetime.date | None = None
    competence: str = ""  # Competence value, for under-16s
    parent_carer_agrees: str = ""  # YesNo value
    what_matters: str = ""  # in the young person's words
    what_matters_to_others: str = ""
    what_we_chose: str = ""
    actions: list = field(default_factory=list)  # Action
    if_worse: IfWorse = field(default_factory=IfWorse)
    needs_group: str = ""  # NeedsGroup value

    def to_json(self) -> dict:
        data = asdict(self)
        data["consent_on"] = self.consent_on.isoformat() if self.consent_on else None
        return data

    @classmethod
    def from_json(cls, data) -> "PlanContent":
        data = dict(data or {})
        known = set(cls.__dataclass_fields__)
        data = {name: value for name, value in data.items() if name in known}
        consent_on = data.get("consent_on")
        data["consent_on"] = datetime.date.fromisoformat(consent_on) if consent_on else None
        data["actions"] = [Action(**action) for action in data.get("actions") or []]
        data["if_worse"] = IfWorse(**(data.get("if_worse") or {}))
        data["may_see"] = list(data.get("may_see") or [])
        return cls(**data)
