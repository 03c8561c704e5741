"""Where services are offered: locations, their addresses and accessibility, and the link
between a service and a location.
"""

from django.db import models

from thrivegrids.directory.models.base import uuid_pk
from thrivegrids.directory.models.services import Service


class Location(models.Model):
    class Type(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        POSTAL = "postal", "Postal"
        VIRTUAL = "virtual", "Virtual"

    id = uuid_pk()
    location_type = models.CharField(max_length=10, choices=Type.choices)
    name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)
    # Provenance: the feed that last wrote this location ("" when entered by hand).
    feed = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return self.name or str(self.id)


class Address(models.Model):
    id = uuid_pk()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=255, blank=True)
    address_1 = models.CharField(max_length=255)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2)
    address_type = models.CharField(max_length=10, choices=Location.Type.choices)

    class Meta:
        ordering = ["id"]


class Accessibility(models.Model):
    id = uuid_pk()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "accessibility"


class ServiceAtLocation(models.Model):
    id = uuid_pk()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="service_at_locations"
    )

    class Meta:
        ordering = ["id"]
