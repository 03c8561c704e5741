"""Reports from the public that a service's details are wrong, for staff to review."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemReport(models.Model):
    """Someone told us a service's details are wrong; staff review these in admin."""

    class Reason(models.TextChoices):
        CLOSED = "closed", _("The service has closed")
        WRONG_CONTACT = "wrong-contact", _("The contact details are wrong")
        WRONG_HOURS = "wrong-hours", _("The opening hours are wrong")
        OTHER = "other", _("Something else is wrong")

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="problem_reports"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.service} ({self.get_reason_display()}, {self.created_at:%Y-%m-%d})"
