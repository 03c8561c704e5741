"""Organisations: teams, services and sites, each optionally within an Integrated Care System."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        TEAM = "team", "Team or service"
        SITE = "site", "Local site (trust, council or partnership)"
        ICS = "ics", "Integrated Care System"

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # How a young person reaches the team: shown on their care plan's copy and take-away summary.
    contact_name = models.CharField(
        _("Team name for young people"),
        max_length=150,
        blank=True,
        help_text=_("As young people know the team, for example Northtown CAMHS duty team"),
    )
    contact_phone = models.CharField(
        _("Team phone number"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ]{2,28}$",
                _("Enter a phone number in digits, like 0300 123 4567"),
            )
        ],
    )
    contact_hours = models.CharField(
        _("When the phone is answered"),
        max_length=150,
        blank=True,
        help_text=_("For example Monday to Friday, 9am to 5pm"),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def team_contact(self):
        """The team's contact details for young people: None until a phone number is set."""
        if not self.contact_phone.strip():
            return None
        return {
            "name": self.contact_name.strip() or self.name,
            "phone": self.contact_phone.strip(),
            "hours": self.contact_hours.strip(),
        }
