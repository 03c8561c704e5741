"""Services and the details that belong to one service: funding, costs, contacts, phones,
languages, areas served and taxonomy attributes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Min, Q
from django.db.models.functions import Sqrt
from django.utils.translation import gettext_lazy as _

from thrivegrids.core.thrive import Setting
from thrivegrids.directory import text_search, vocabulary
from thrivegrids.directory.models.base import one_parent, uuid_pk
from thrivegrids.directory.models.organizations import Organization
from thrivegrids.directory.models.places import proximity
from thrivegrids.directory.models.taxonomy import TaxonomyTerm


class AccessRoute(models.TextChoices):
    SELF_REFERRAL = "self-referral", _("You can refer yourself")
    REFERRAL = "referral", _("Needs a referral")
    DROP_IN = "drop-in", _("Drop in, no appointment needed")


class ServiceQuerySet(models.QuerySet):
    def full_records(self):
        """Everything an Open Referral full service record needs, in a fixed number of queries."""
        return self.select_related("organization").prefetch_related(
            "organization__organization_identifiers",
            "phones__languages",
            "schedules",
            "service_areas",
            "service_at_locations__schedules",
            "service_at_locations__location__addresses",
            "service_at_locations__location__accessibility",
            "service_at_locations__location__schedules",
            "languages",
            "funding",
            "cost_options",
            "contacts__phones__languages",
            "attributes__taxonomy_term",
        )

    def with_term(self, term_id):
        """Services tagged with a term; built-in setting and access-route terms are columns."""
        column = vocabulary.column_for_term(term_id)
        if column is not None:
            return self.filter(**{column[0]: column[1]})
        return self.filter(
            pk__in=Attribute.objects.filter(taxonomy_term_id=term_id).values("service_id")
        )

    def in_taxonomy(self, taxonomy_id):
        column = vocabulary.column_for_taxonomy(taxonomy_id)
        if column is not None:
            return self.exclude(**{column: ""})
        return self.filter(
            pk__in=Attribute.objects.filter(taxonomy_term__taxonomy_id=taxonomy_id).values(
                "service_id"
            )
        )

    def search(self, text):
        """Every word appears in the name or description, in any case or Arabic spelling."""
        query = self
        for word in text_search.words(text):
            query = query.filter(search_text__contains=word)
        return query

    def for_age(self, age):
        """Services that take a young person of this age (missing limits take everyone)."""
        return self.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
        )

    def free(self):
        """Free for at least some people: a cost option with amount 0."""
        return self.filter(pk__in=CostOption.objects.filter(amount=0).values("service_id"))

    def near(self, latitude, longitude, radius_km):
        """Services with a location within radius_km, annotated with distance_km to the nearest.

        Uses the equirectangular approximation: plain arithmetic (no trigonometry in SQL, so
        SQLite and PostgreSQL agree) and well under 1% off within the tens of kilometres a
        directory search uses. A bounding box first lets the latitude index do the work.
        """
        prefix = "service_at_locations__location__"
        box, distance_sq = proximity(prefix, latitude, longitude, radius_km)
        return (
            self.filter(**box)
            .annotate(distance_sq=Min(distance_sq))
            .filter(distance_sq__lte=radius_km**2)
            .annotate(distance_km=Sqrt("distance_sq"))
        )


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    id = uuid_pk()
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    fees = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    application_process = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    # Last checked, and by whom: a staff user here, or the feed's assurer.
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(db_index=True)
    setting = models.CharField(max_length=10, choices=Setting.choices, blank=True, db_index=True)
    access_route = models.CharField(
        max_length=20, choices=AccessRoute.choices, blank=True, db_index=True
    )
    # Provenance: the feed this record came from and when its current content was fetched.
    feed = models.CharField(max_length=100, blank=True, db_index=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    # The name, and the name and description, folded for search (text_search.py). Not part of
    # the Open Referral record: every write (services.py, feed_records.py) refreshes them.
    search_name = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name", "id"])]

    def __str__(self):
        return self.name

    def refresh_search_columns(self):
        """Fold the name and description into the search columns (before saving a change)."""
        for column, value in text_search.search_columns(self.name, self.description).items():
            setattr(self, column, value)

    @property
    def is_free(self):
        return any(option.amount == 0 for option in self.cost_options.all())

    def is_stale(self, today, limit_days=180):
        """Not checked for longer than the freshness limit (never checked counts as stale)."""
        return self.assured_date is None or (today - self.assured_date).days > limit_days


class Funding(models.Model):
    id = uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.TextField()

    class Meta:
        ordering = ["id"]


class CostOption(models.Model):
    id = uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=255, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount_description = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["amount", "service"])]


class Contact(models.Model):
    id = uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=255, blank=True)
    department = models.CharField(max_length=255, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["id"]


class Phone(models.Model):
    id = uuid_pk()
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(max_length=50)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [one_parent("phone_has_one_parent", "service", "contact")]


class Language(models.Model):
    id = uuid_pk()
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    name = models.CharField(max_length=100, blank=True)
    # ISO 639 code, such as "ar".
    code = models.CharField(max_length=20, blank=True, db_index=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [one_parent("language_has_one_parent", "service", "phone")]


class ServiceArea(models.Model):
    id = uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=255, blank=True)
    service_area = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]


class Attribute(models.Model):
    """A taxonomy term applied to a service, such as THRIVE group "getting-help"."""

    id = uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes"
    )
    link_type = models.CharField(max_length=100, blank=True)
    value = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["taxonomy_term", "service"])]
