"""Shared shortlists: read-only lists of services that anyone with the link can see."""

from django.db import models


class Shortlist(models.Model):
    """A shared, read-only list of services, reached by an unguessable token."""

    token = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField()
    services = models.ManyToManyField(
        "directory.Service", through="ShortlistEntry", related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Shortlist of {self.created_at:%Y-%m-%d %H:%M}"


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["shortlist", "position"]
        verbose_name_plural = "shortlist entries"
        constraints = [
            models.UniqueConstraint(
                fields=["shortlist", "service"], name="shortlist_entry_unique_service"
            )
        ]
