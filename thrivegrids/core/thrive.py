"""The THRIVE Framework's five needs-based groups, shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedsGroup(models.TextChoices):
    THRIVING = "thriving", _("Thriving")
    GETTING_ADVICE = "getting-advice", _("Getting advice and signposting")
    GETTING_HELP = "getting-help", _("Getting help")
    GETTING_MORE_HELP = "getting-more-help", _("Getting more help")
    GETTING_RISK_SUPPORT = "getting-risk-support", _("Getting risk support")


NEEDS_GROUP_DESCRIPTIONS = {
    NeedsGroup.THRIVING: _("Doing OK day to day, with support to stay well."),
    NeedsGroup.GETTING_ADVICE: _(
        "Needing advice or information to manage on your own, or with people around you."
    ),
    NeedsGroup.GETTING_HELP: _("Needing focused help for a while, working towards goals you set."),
    NeedsGroup.GETTING_MORE_HELP: _("Needing more, longer or more specialist help."),
    NeedsGroup.GETTING_RISK_SUPPORT: _(
        "Needing support to stay safe when things are risky, often from several services together."
    ),
}


class Setting(models.TextChoices):
    """Where help is given: each topic has a grid for each, and each service is in one."""

    NHS = "nhs", _("Help from the NHS")
    COMMUNITY = "community", _("Help in the community")


# The four grid topics (Current View problem descriptions #9, #3, #10 and #14).
TOPIC_SLUGS = ("low-mood", "generalised-anxiety", "self-harm", "adhd")

# Their names where a list of topics is offered (the directory's filter); the grids' own pages
# show each topic's name from its content.
TOPIC_NAMES = {
    "low-mood": _("Low mood"),
    "generalised-anxiety": _("Worry and anxiety"),
    "self-harm": _("Self-harm"),
    "adhd": _("ADHD: finding it hard to concentrate or sit still"),
}
