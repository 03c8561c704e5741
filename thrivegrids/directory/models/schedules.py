"""Opening hours of a service, a service at a location, or a location."""

from django.db import models

from thrivegrids.directory.models.base import one_parent, uuid_pk
from thrivegrids.directory.models.locations import Location, ServiceAtLocation
from thrivegrids.directory.models.services import Service


class Schedule(models.Model):
    """Opening hours as RFC 5545 recurrence parts; see hours.py for "open at" evaluation."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    id = uuid_pk()
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, choices=Freq.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=100, blank=True)
    bymonthday = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    # Wall-clock times; `time_offset` ("Z", "+01:00") when the feed gave a fixed offset,
    # otherwise the times are Europe/London local time.
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    time_offset = models.CharField(max_length=6, blank=True)
    schedule_link = models.URLField(max_length=500, blank=True)
    attending_type = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            one_parent("schedule_has_one_parent", "service", "service_at_location", "location")
        ]

    def is_open_at(self, when):
        from thrivegrids.directory.hours import schedule_is_open

        return schedule_is_open(self, when)
