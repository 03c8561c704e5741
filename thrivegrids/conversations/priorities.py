"""Common priorities a voice can pick ("what matters to me"), as a fixed vocabulary.

Stored as slugs so the team page and the timeline can compare voices and conversations; shown in
the reader's language. Free text sits beside them for everything else.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Priority(models.TextChoices):
    TALKING_TO_SOMEONE = "talking-to-someone", _("Talking to someone")
    NOT_TAKING_MEDICINE = "not-taking-medicine", _("Not taking medicine")
    SOMETHING_AT_SCHOOL = "something-at-school", _("Something at school or college")
    QUICK_TO_START = "quick-to-start", _("Quick to start")
    CLOSE_TO_HOME = "close-to-home", _("Close to home")
    ONLINE_OR_APP = "online-or-app", _("Online or on an app")
    FAMILY_INVOLVED = "family-involved", _("My family being involved")
    ON_MY_OWN = "on-my-own", _("Doing it on my own, in private")
    SAME_PERSON = "same-person", _("Seeing the same person each time")
    EVIDENCE = "evidence", _("Good evidence that it works")


def priority_label(slug):
    """A priority's label in the reader's language; a slug no longer in the list, as it is."""
    return str(Priority(slug).label) if slug in Priority.values else slug
