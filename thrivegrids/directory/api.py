"""The Open Referral UK v3 read API: thin endpoints over the directory models and serialisers.

Mounted at /api/openreferral/ by thrivegrids/api/api.py, which also turns every error into
application/problem+json naming the field. Public: no login, no session.
"""

import datetime
import uuid

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from ninja import Query, Router

from thrivegrids.directory.models import (
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    proximity,
)
from thrivegrids.directory.oruk import HSDS_VERSION, PROFILE_URL
from thrivegrids.directory.oruk.dump import page as page_envelope
from thrivegrids.directory.oruk.serialise import (
    location_dict,
    organization_dict,
    schedule_dict,
    service_at_location_dict,
    service_dict,
    taxonomy_dict,
    term_dict,
)

router = Router(tags=["Open Referral UK v3"])
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000


class BadParameter(Exception):
    """A query parameter that passed its type but not its meaning, such as lat without lng."""

    def __init__(self, field, message):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def _paginate(queryset, page_number, per_page, serialise):
    # Bounded, so the database offset stays a number it can hold (a 20-digit page was a 500).
    if not 1 <= page_number <= MAX_PAGE:
        raise BadParameter("page", f"must be between 1 and {MAX_PAGE}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadParameter("per_page", f"must be between 1 and {MAX_PER_PAGE}")
    total = queryset.count()
    start = (page_number - 1) * per_page
    contents = [serialise(item) for item in queryset[start : start + per_page]]
    return page_envelope(contents, total_items=total, page_number=page_number, size=per_page)


def _filter_services(
    services,
    *,
    search=None,
    taxonomy_term_id=None,
    taxonomy_id=None,
    organization_id=None,
    modified_after=None,
    minimum_age=None,
    maximum_age=None,
):
    """The ORUK filters. Ages as ORUK defines them: minimum_age at least, maximum_age at most."""
    if search:
        services = services.search(search)
    if taxonomy_term_id:
        services = services.with_term(taxonomy_term_id)
    if taxonomy_id:
        services = services.in_taxonomy(taxonomy_id)
    if organization_id:
        services = services.filter(organization_id=organization_id)
    if modified_after:
        services = services.filter(last_modified__gte=modified_after)
    if minimum_age is not None:
        services = services.filter(minimum_age__gte=minimum_age)
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=maximum_age)
    return services


def _place(lat, lng, radius_km):
    if (lat is None) != (lng is None):
        raise BadParameter("lng" if lng is None else "lat", "lat and lng must be given together")
    if lat is None and radius_km is not None:
        raise BadParameter("radius_km", "needs lat and lng")
    return None if lat is None else (lat, lng, radius_km or 10.0)


# Shared query parameters (documented in the OpenAPI description of each endpoint).
Lat = Query(None, ge=-90, le=90, description="Latitude of a point for a proximity search.")
Lng = Query(None, ge=-180, le=180, description="Longitude of a point for a proximity search.")
Radius = Query(None, gt=0, le=200, description="Distance from lat/lng in km (default 10).")
MinAge = Query(None, ge=0, le=150, description="Services whose minimum_age is at least this.")
MaxAge = Query(None, ge=0, le=150, description="Services whose maximum_age is at most this.")


@router.get("/", summary="API version and profile", operation_id="getAPIMetaInformation")
def api_meta(request):
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("openreferral:openapi-json")),
    }


@router.get("/services", summary="Services (paginated)", operation_id="getPaginatedListOfServices")
def list_services(
    request,
    search: str | None = None,
    taxonomy_term_id: uuid.UUID | None = None,
    taxonomy_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
    modified_after: datetime.datetime | None = None,
    minimum_age: int | None = MinAge,
    maximum_age: int | None = MaxAge,
    lat: float | None = Lat,
    lng: float | None = Lng,
    radius_km: float | None = Radius,
    page: int = 1,
    per_page: int = 50,
):
    services = _filter_services(
        Service.objects.select_related("organization"),
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=modified_after,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
    )
    place = _place(lat, lng, radius_km)
    if place:
        services = services.near(*place).order_by("distance_sq", "name", "id")
    else:
        services = services.order_by("name", "id")
    return _paginate(services, page, per_page, lambda s: service_dict(s, full=False))


@router.get(
    "/services/{service_id}",
    summary="One service, fully nested",
    operation_id="getFullyNestedServiceById",
)
def show_service(request, service_id: uuid.UUID):
    service = Service.objects.full_records().filter(pk=service_id).first()
    if service is None:
        raise Http404(f"No service has id {service_id}.")
    return service_dict(service)


@router.get(
    "/service_at_locations",
    summary="Services at locations (paginated); proximity search with lat, lng, radius_km",
    operation_id="getPaginatedListOfServiceAtLocation",
)
def list_service_at_locations(
    request,
    search: str | None = None,
    taxonomy_term_id: uuid.UUID | None = None,
    taxonomy_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
    modified_after: datetime.datetime | None = None,
    minimum_age: int | None = MinAge,
    maximum_age: int | None = MaxAge,
    lat: float | None = Lat,
    lng: float | None = Lng,
    radius_km: float | None = Radius,
    page: int = 1,
    per_page: int = 50,
):
    services = _filter_services(
        Service.objects.all(),
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=modified_after,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
    )
    links = ServiceAtLocation.objects.select_related("service__organization", "location")
    if services.query.has_filters():
        links = links.filter(service__in=services)
    place = _place(lat, lng, radius_km)
    if place:
        box, distance_sq = proximity("location__", *place)
        links = links.filter(**box).alias(distance_sq=distance_sq)
        links = links.filter(distance_sq__lte=place[2] ** 2).order_by("distance_sq", "id")
    else:
        links = links.order_by("service__name", "id")
    return _paginate(links, page, per_page, service_at_location_dict)


@router.get(
    "/service_at_locations/{link_id}",
    summary="One service at a location, fully nested",
    operation_id="getServiceAtLocationWithNestedDataById",
)
def show_service_at_location(request, link_id: uuid.UUID):
    link = (
        ServiceAtLocation.objects.prefetch_related(
            Prefetch("service", Service.objects.full_records()),
            "location__addresses",
            "location__accessibility",
            "location__schedules",
            "schedules",
        )
        .filter(pk=link_id)
        .first()
    )
    if link is None:
        raise Http404(f"No service_at_location has id {link_id}.")
    result = {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": location_dict(link.location),
        "service": service_dict(link.service),
    }
    schedules = [schedule_dict(s) for s in link.schedules.all()]
    return result | ({"schedules": sorted(schedules, key=lambda s: s["id"])} if schedules else {})


@router.get(
    "/organizations",
    summary="Organizations (paginated)",
    operation_id="getPaginatedListOfOrganizations",
)
def list_organizations(request, search: str | None = None, page: int = 1, per_page: int = 50):
    organizations = Organization.objects.order_by("name", "id")
    if search:
        organizations = organizations.filter(name__icontains=search)
    return _paginate(organizations, page, per_page, lambda o: organization_dict(o, full=False))


@router.get(
    "/organizations/{organization_id}",
    summary="One organization with its services",
    operation_id="getOrganizationById",
)
def show_organization(request, organization_id: uuid.UUID):
    organization = (
        Organization.objects.prefetch_related(
            "organization_identifiers",
            Prefetch(
                "services", Service.objects.select_related("organization").order_by("name", "id")
            ),
        )
        .filter(pk=organization_id)
        .first()
    )
    if organization is None:
        raise Http404(f"No organization has id {organization_id}.")
    result = organization_dict(organization)
    services = [service_dict(s, full=False) for s in organization.services.all()]
    return result | ({"services": services} if services else {})


@router.get(
    "/taxonomies", summary="Taxonomies (paginated)", operation_id="getPaginatedListOfTaxonomies"
)
def list_taxonomies(request, page: int = 1, per_page: int = 50):
    return _paginate(Taxonomy.objects.order_by("name", "id"), page, per_page, taxonomy_dict)


@router.get(
    "/taxonomies/{taxonomy_id}",
    summary="One taxonomy with its terms",
    operation_id="getTaxonomyById",
)
def show_taxonomy(request, taxonomy_id: uuid.UUID):
    taxonomy = Taxonomy.objects.prefetch_related("terms").filter(pk=taxonomy_id).first()
    if taxonomy is None:
        raise Http404(f"No taxonomy has id {taxonomy_id}.")
    return taxonomy_dict(taxonomy, terms=taxonomy.terms.all())


@router.get(
    "/taxonomy_terms",
    summary="Taxonomy terms (paginated), optionally of one taxonomy",
    operation_id="getPaginatedListOfTaxonomyTerms",
)
def list_taxonomy_terms(
    request, taxonomy_id: uuid.UUID | None = None, page: int = 1, per_page: int = 50
):
    terms = TaxonomyTerm.objects.order_by("taxonomy_text", "name", "id")
    if taxonomy_id:
        terms = terms.filter(taxonomy_id=taxonomy_id)
    return _paginate(terms, page, per_page, term_dict)


@router.get(
    "/taxonomy_terms/{term_id}", summary="One taxonomy term", operation_id="getTaxonomyTermById"
)
def show_taxonomy_term(request, term_id: uuid.UUID):
    term = TaxonomyTerm.objects.filter(pk=term_id).first()
    if term is None:
        raise Http404(f"No taxonomy term has id {term_id}.")
    return term_dict(term)
