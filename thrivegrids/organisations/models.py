"""Organisations: teams, services and sites, each optionally within an Integrated Care System."""

from django.db import models


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

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
