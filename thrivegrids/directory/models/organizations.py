"""The organisations that run services (Open Referral UK `organization`)."""

from django.db import models

from thrivegrids.directory.models.base import uuid_pk


class Organization(models.Model):
    id = uuid_pk()
    name = models.CharField(max_length=255)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    logo = models.CharField(max_length=500, blank=True)
    uri = models.URLField(max_length=500, blank=True)
    # Not a foreign key: a feed may name a parent it does not include.
    parent_organization_id = models.UUIDField(null=True, blank=True)
    feed = models.CharField(max_length=100, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class OrganizationIdentifier(models.Model):
    id = uuid_pk()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="organization_identifiers"
    )
    identifier_scheme = models.CharField(max_length=100, blank=True)
    identifier_type = models.CharField(max_length=100)
    identifier = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]
