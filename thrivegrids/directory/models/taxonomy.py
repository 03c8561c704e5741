"""Taxonomies and their terms (Open Referral UK), including the built-in ones in vocabulary.py."""

from django.db import models

from thrivegrids.directory.models.base import uuid_pk


class Taxonomy(models.Model):
    id = uuid_pk()
    name = models.CharField(max_length=255)
    description = models.TextField()
    uri = models.URLField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "taxonomies"

    def __str__(self):
        return self.name


class TaxonomyTerm(models.Model):
    id = uuid_pk()
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.PROTECT, related_name="terms"
    )
    # The term's code within its taxonomy ("term" in Open Referral UK, "code" in HSDS).
    term = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=255)
    description = models.TextField()
    # Not a foreign key: a feed may name a parent it does not include.
    parent_id = models.UUIDField(null=True, blank=True)
    # Free text naming an established taxonomy ("taxonomy" in Open Referral).
    taxonomy_text = models.CharField(max_length=255, blank=True)
    term_uri = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["taxonomy__name", "name", "id"]
        indexes = [models.Index(fields=["taxonomy", "term"])]

    def __str__(self):
        return self.name
