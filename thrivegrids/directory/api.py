"""The Open Referral UK v3 read API: thin endpoints over the directory models.

Responses are the ORUK records of oruk/schema.py, so the OpenAPI document shows their real shape;
query parameters are declared once, in the Query schemas below. Mounted at /api/openreferral/ by
thrivegrids/api/api.py, which also turns every error into application/problem+json naming the
field. Public: no login, no session.
"""

import datetime
import re
import uuid
from typing import Annotated

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from pydantic import BeforeValidator, StringConstraints, WithJsonSchema, model_validator

from thrivegrids.directory.models import (
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    proximity,
)
from thrivegrids.directory.oruk import HSDS_VERSION, PROFILE_URL, schema
from thrivegrids.directory.oruk.fields import problem, problems_at, reported
from thrivegrids.directory.oruk.serialise import record

# ORUK leaves out what a record does not have: no nulls.
router = Router(tags=["Open Referral UK v3"], exclude_none=True)
MAX_PER_PAGE = 200
# Bounded, so the database offset stays a number it can hold (a 20-digit page was a 500).
MAX_PAGE = 1_000_000
MAX_SEARCH_LENGTH = 200
# Words to search for: bounded, and no control characters (they mean nothing in a search, and
# PostgreSQL refuses NUL; core.middleware turns NUL away before the API sees it).
SearchWords = Annotated[
    str,
    StringConstraints(max_length=MAX_SEARCH_LENGTH, pattern=r"^[^\x00-\x1f\x7f]*$"),
    reported(
        "must be text",
        string_too_long=f"must be at most {MAX_SEARCH_LENGTH} characters",
        string_pattern_mismatch="must not contain control characters",
    ),
]
RFC_3339 = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")


def _no_leap_second(written):
    """`written` (RFC 3339) for datetime.fromisoformat: upper case, seconds 60 read as 59."""
    written = written.upper()
    return written[:17] + "59" + written[19:] if written[17:19] == "60" else written


def _moment(value):
    """An RFC 3339 date-time (the offset is required), in UTC. A leap second counts as the
    second before it; a moment UTC cannot hold (an offset from the first or last moment of
    year 1 or 9999) becomes the first or last."""
    written = isinstance(value, str) and RFC_3339.fullmatch(value)
    try:
        moment = datetime.datetime.fromisoformat(_no_leap_second(value)) if written else None
    except ValueError:
        moment = None
    if moment is None:
        raise problem("must be a date and time with its offset, such as 2026-11-01T09:30:00Z")
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        edge = datetime.datetime.min if moment.year == 1 else datetime.datetime.max
        return edge.replace(tzinfo=datetime.UTC)


Moment = Annotated[
    datetime.datetime,
    BeforeValidator(_moment),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def _one(queryset, pk, kind):
    """The record with this id, or a 404 naming it."""
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404(f"No {kind} has id {pk}.")
    return row


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="The page to return, from 1.")
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE, description="Items on each page.")

    def paginate(self, queryset, model):
        """The page of `queryset` as a Page of `model` records."""
        start = (self.page - 1) * self.per_page
        contents = [record(model, row) for row in queryset[start : start + self.per_page]]
        return schema.Page[model].of(
            contents, total_items=queryset.count(), page_number=self.page, size=self.per_page
        )


class ServiceQuery(PageQuery):
    """The ORUK service filters, with ages as ORUK defines them, and a proximity search."""

    search: SearchWords | None = Field(None, description="Words in the name or description.")
    taxonomy_term_id: uuid.UUID | None = Field(None, description="Tagged with this term.")
    taxonomy_id: uuid.UUID | None = Field(None, description="Tagged with a term of this taxonomy.")
    organization_id: uuid.UUID | None = Field(None, description="Run by this organization.")
    modified_after: Moment | None = Field(
        None, description="Changed at or after this moment (RFC 3339, with its offset)."
    )
    minimum_age: int | None = Field(None, ge=0, le=150, description="minimum_age at least this.")
    maximum_age: int | None = Field(None, ge=0, le=150, description="maximum_age at most this.")
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude to search near; with lng.")
    lng: float | None = Field(
        None, ge=-180, le=180, description="Longitude to search near; with lat."
    )
    radius_km: float | None = Field(
        None, gt=0, le=200, description="Km from lat, lng (default 10); needs lat and lng."
    )

    @model_validator(mode="after")
    def _a_whole_point(self):
        if (self.lat is None) != (self.lng is None):
            missing = "lng" if self.lng is None else "lat"
            raise problems_at([((missing,), "lat and lng must be given together")])
        if self.lat is None and self.radius_km is not None:
            raise problems_at([(("radius_km",), "needs lat and lng")])
        return self

    def place(self):
        return None if self.lat is None else (self.lat, self.lng, self.radius_km or 10.0)

    def services(self, services):
        if self.search:
            services = services.search(self.search)
        if self.taxonomy_term_id:
            services = services.with_term(self.taxonomy_term_id)
        if self.taxonomy_id:
            services = services.in_taxonomy(self.taxonomy_id)
        if self.organization_id:
            services = services.filter(organization_id=self.organization_id)
        if self.modified_after:
            services = services.filter(last_modified__gte=self.modified_after)
        if self.minimum_age is not None:
            services = services.filter(minimum_age__gte=self.minimum_age)
        if self.maximum_age is not None:
            services = services.filter(maximum_age__lte=self.maximum_age)
        return services


class OrganizationQuery(PageQuery):
    search: SearchWords | None = Field(None, description="Words in the name.")


class TaxonomyTermQuery(PageQuery):
    taxonomy_id: uuid.UUID | None = Field(None, description="Only the terms of this taxonomy.")


@router.get(
    "/",
    response=schema.ApiMeta,
    summary="API version and profile",
    operation_id="getAPIMetaInformation",
)
def api_meta(request):
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("openreferral:openapi-json")),
    }


@router.get(
    "/services",
    response=schema.Page[schema.ServiceBrief],
    summary="Services (paginated)",
    operation_id="getPaginatedListOfServices",
)
def list_services(request, query: Query[ServiceQuery]):
    services = query.services(Service.objects.select_related("organization"))
    place = query.place()
    if place:
        services = services.near(*place).order_by("distance_sq", "name", "id")
    else:
        services = services.order_by("name", "id")
    return query.paginate(services, schema.ServiceBrief)


@router.get(
    "/services/{service_id}",
    response=schema.Service,
    summary="One service, fully nested",
    operation_id="getFullyNestedServiceById",
)
def show_service(request, service_id: uuid.UUID):
    return record(schema.Service, _one(Service.objects.full_records(), service_id, "service"))


@router.get(
    "/service_at_locations",
    response=schema.Page[schema.ServiceAtLocationBrief],
    summary="Services at locations (paginated); proximity search with lat, lng, radius_km",
    operation_id="getPaginatedListOfServiceAtLocation",
)
def list_service_at_locations(request, query: Query[ServiceQuery]):
    services = query.services(Service.objects.all())
    links = ServiceAtLocation.objects.select_related("service__organization", "location")
    if services.query.has_filters():
        links = links.filter(service__in=services)
    place = query.place()
    if place:
        box, distance_sq = proximity("location__", *place)
        links = links.filter(**box).alias(distance_sq=distance_sq)
        links = links.filter(distance_sq__lte=place[2] ** 2).order_by("distance_sq", "id")
    else:
        links = links.order_by("service__name", "id")
    return query.paginate(links, schema.ServiceAtLocationBrief)


@router.get(
    "/service_at_locations/{link_id}",
    response=schema.ServiceAtLocationFull,
    summary="One service at a location, fully nested",
    operation_id="getServiceAtLocationWithNestedDataById",
)
def show_service_at_location(request, link_id: uuid.UUID):
    links = ServiceAtLocation.objects.prefetch_related(
        Prefetch("service", Service.objects.full_records()),
        "location__addresses",
        "location__accessibility",
        "location__schedules",
        "schedules",
    )
    return record(schema.ServiceAtLocationFull, _one(links, link_id, "service_at_location"))


@router.get(
    "/organizations",
    response=schema.Page[schema.OrganizationBrief],
    summary="Organizations (paginated)",
    operation_id="getPaginatedListOfOrganizations",
)
def list_organizations(request, query: Query[OrganizationQuery]):
    organizations = Organization.objects.order_by("name", "id")
    if query.search:
        organizations = organizations.filter(name__icontains=query.search)
    return query.paginate(organizations, schema.OrganizationBrief)


@router.get(
    "/organizations/{organization_id}",
    response=schema.OrganizationWithServices,
    summary="One organization with its services",
    operation_id="getOrganizationById",
)
def show_organization(request, organization_id: uuid.UUID):
    services = Service.objects.select_related("organization").order_by("name", "id")
    organizations = Organization.objects.prefetch_related(
        "organization_identifiers", Prefetch("services", services)
    )
    organization = _one(organizations, organization_id, "organization")
    return record(schema.OrganizationWithServices, organization)


@router.get(
    "/taxonomies",
    response=schema.Page[schema.Taxonomy],
    summary="Taxonomies (paginated)",
    operation_id="getPaginatedListOfTaxonomies",
)
def list_taxonomies(request, query: Query[PageQuery]):
    return query.paginate(Taxonomy.objects.order_by("name", "id"), schema.Taxonomy)


@router.get(
    "/taxonomies/{taxonomy_id}",
    response=schema.Taxonomy,
    summary="One taxonomy with its terms",
    operation_id="getTaxonomyById",
)
def show_taxonomy(request, taxonomy_id: uuid.UUID):
    taxonomy = _one(Taxonomy.objects.prefetch_related("terms"), taxonomy_id, "taxonomy")
    return record(schema.Taxonomy, taxonomy, taxonomy_terms=taxonomy.terms.all())


@router.get(
    "/taxonomy_terms",
    response=schema.Page[schema.TaxonomyTerm],
    summary="Taxonomy terms (paginated), optionally of one taxonomy",
    operation_id="getPaginatedListOfTaxonomyTerms",
)
def list_taxonomy_terms(request, query: Query[TaxonomyTermQuery]):
    terms = TaxonomyTerm.objects.order_by("taxonomy_text", "name", "id")
    if query.taxonomy_id:
        terms = terms.filter(taxonomy_id=query.taxonomy_id)
    return query.paginate(terms, schema.TaxonomyTerm)


@router.get(
    "/taxonomy_terms/{term_id}",
    response=schema.TaxonomyTerm,
    summary="One taxonomy term",
    operation_id="getTaxonomyTermById",
)
def show_taxonomy_term(request, term_id: uuid.UUID):
    return record(schema.TaxonomyTerm, _one(TaxonomyTerm.objects, term_id, "taxonomy term"))
