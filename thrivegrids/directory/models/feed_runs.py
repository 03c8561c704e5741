"""The provenance of directory data: one row per import, export or generation run."""

from django.conf import settings
from django.db import models


class FeedRun(models.Model):
    """One import, export or generation run: the audit target and a provenance history."""

    class Kind(models.TextChoices):
        IMPORT = "import", "Import"
        EXPORT = "export", "Export"
        GENERATE = "generate", "Generate"
        PLACES = "places", "Places import"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    feed = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.kind} {self.feed} {self.started_at:%Y-%m-%d %H:%M}"
