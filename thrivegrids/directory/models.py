"""The directory of help, shaped as Open Referral UK v3 (HSDS 3.0): ids are the feed's UUIDs.

Field names follow the standard so that import and export are plain copies. Our extras are
typed columns on Service (setting, access route) or Attribute rows linking a service to the
built-in taxonomies in vocabulary.py (THRIVE group, topic, option kind).
"""

import math
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Min, Q
from django.db.models.functions import Sqrt
from django.utils.translation import gettext_lazy as _

from thrivegrids.core.thrive import Setting
from thrivegrids.directory import text_search, vocabulary

KM_PER_DEGREE = 6371.0088 * math.pi / 180


def _uuid_pk():
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class Taxonomy(models.Model):
    id = _uuid_pk()
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
    id = _uuid_pk()
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


class Organization(models.Model):
    id = _uuid_pk()
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
    id = _uuid_pk()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="organization_identifiers"
    )
    identifier_scheme = models.CharField(max_length=100, blank=True)
    identifier_type = models.CharField(max_length=100)
    identifier = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]


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


def proximity(prefix, latitude, longitude, radius_km):
    """A bounding-box filter and a squared-distance (km²) expression around a point."""
    lng_scale = max(math.cos(math.radians(latitude)), 0.01)
    dlat = radius_km / KM_PER_DEGREE
    dlng = radius_km / (KM_PER_DEGREE * lng_scale)
    box = {
        f"{prefix}latitude__range": (latitude - dlat, latitude + dlat),
        f"{prefix}longitude__range": (longitude - dlng, longitude + dlng),
    }
    y = (F(f"{prefix}latitude") - latitude) * KM_PER_DEGREE
    x = (F(f"{prefix}longitude") - longitude) * (KM_PER_DEGREE * lng_scale)
    return box, x * x + y * y


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    id = _uuid_pk()
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
    # the Open Referral record: services.py refreshes them on every write.
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


class Location(models.Model):
    class Type(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        POSTAL = "postal", "Postal"
        VIRTUAL = "virtual", "Virtual"

    id = _uuid_pk()
    location_type = models.CharField(max_length=10, choices=Type.choices)
    name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return self.name or str(self.id)


class Address(models.Model):
    id = _uuid_pk()
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
    id = _uuid_pk()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "accessibility"


class ServiceAtLocation(models.Model):
    id = _uuid_pk()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="service_at_locations"
    )

    class Meta:
        ordering = ["id"]


def _one_parent(name, *fields):
    """A check that exactly one of the parent foreign keys is set."""
    options = [
        Q(
            **{f"{field}__isnull": False},
            **{f"{other}__isnull": True for other in fields if other != field},
        )
        for field in fields
    ]
    condition = options[0]
    for option in options[1:]:
        condition |= option
    return models.CheckConstraint(condition=condition, name=name)


class Schedule(models.Model):
    """Opening hours as RFC 5545 recurrence parts; see hours.py for "open at" evaluation."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    id = _uuid_pk()
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
            _one_parent("schedule_has_one_parent", "service", "service_at_location", "location")
        ]

    def is_open_at(self, when):
        from thrivegrids.directory.hours import schedule_is_open

        return schedule_is_open(self, when)


class Funding(models.Model):
    id = _uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.TextField()

    class Meta:
        ordering = ["id"]


class CostOption(models.Model):
    id = _uuid_pk()
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
    id = _uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=255, blank=True)
    department = models.CharField(max_length=255, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["id"]


class Phone(models.Model):
    id = _uuid_pk()
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
        constraints = [_one_parent("phone_has_one_parent", "service", "contact")]


class Language(models.Model):
    id = _uuid_pk()
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
        constraints = [_one_parent("language_has_one_parent", "service", "phone")]


class ServiceArea(models.Model):
    id = _uuid_pk()
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

    id = _uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes"
    )
    link_type = models.CharField(max_length=100, blank=True)
    value = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["taxonomy_term", "service"])]


class Place(models.Model):
    """A named place in the site's gazetteer, for "near me" searches without a postcode service."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


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


# Problem reports and shared shortlists live in their own module to keep this one readable.
from thrivegrids.directory.public_models import (  # noqa: E402, F401
    ProblemReport,
    Shortlist,
    ShortlistEntry,
)
