"""The Open Referral UK v3 records we read and write, declared once.

These models check a feed (validate.py), carry what the directory exports (serialise.py) and are
the API's response schemas, so the OpenAPI document shows the records as they are. Field names,
required fields and formats follow the vendored ORUK schemas; tests/directory/test_oruk_models.py
compares them and lists where we differ and why.

A feed's nulls and blank text count as absent, so an optional field defaults to None without
admitting null: dumps leave None out (`exclude_none=True`), as ORUK expects. Back-references that
nesting implies (service_id on a schedule, and so on) are not carried.
"""

from typing import Generic, TypeVar

from pydantic import AliasChoices, BaseModel, Field, field_validator, model_validator

from thrivegrids.directory.oruk.fields import (
    Amount,
    ByDay,
    ByMonthDay,
    Country,
    Date,
    DateTime,
    Email,
    Freq,
    Many,
    Record,
    Text,
    Time,
    Url,
    Uuid,
    choice,
    not_before_valid_from,
    number,
    problem,
    text,
    whole,
)

STATUSES = ("active", "inactive", "defunct", "temporarily closed")
LocationType = choice("physical", "postal", "virtual")


class TaxonomyTerm(Record):
    id: Uuid
    name: text(255)
    description: Text
    term: text(100) = None
    parent_id: Uuid = None
    taxonomy: text(255) = None
    taxonomy_id: Uuid = None
    term_uri: Url = None

    @model_validator(mode="wrap")
    @classmethod
    def _known(cls, data, handler, info):
        """A term the reader already knows (context "known_terms", by id) is taken as known."""
        known = (info.context or {}).get("known_terms", {})
        term_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(term_id, str) and term_id.strip().lower() in known:
            return known[term_id.strip().lower()]
        return handler(data)


class Taxonomy(Record):
    id: Uuid
    name: text(255)
    description: Text
    uri: Url = None
    version: text(50) = None
    taxonomy_terms: Many[TaxonomyTerm] = None

    listed_ids = {"taxonomy_terms": "taxonomy_id"}


class Attribute(Record):
    id: Uuid
    link_id: Uuid = None
    link_entity: text(50) = None
    link_type: text(100) = None
    taxonomy_term_id: Uuid = None
    value: text(255) = None
    taxonomy_term: TaxonomyTerm = None

    nested_ids = {"taxonomy_term_id": "taxonomy_term"}


class OrganizationIdentifier(Record):
    id: Uuid
    identifier_scheme: text(100) = None
    identifier_type: text(100)
    identifier: text(100)


class OrganizationBrief(Record):
    """An organization as lists show it, and as a service list item nests it."""

    id: Uuid
    name: text(255)
    description: Text
    email: Email = None
    website: Url = None
    logo: text(500) = None
    uri: Url = None
    parent_organization_id: Uuid = None


class Organization(OrganizationBrief):
    organization_identifiers: Many[OrganizationIdentifier] = None


class Schedule(Record):
    id: Uuid
    valid_from: Date = None
    valid_to: Date = None
    dtstart: Date = None
    freq: Freq = None
    interval: whole(1, 52) = None
    byday: ByDay = None
    bymonthday: ByMonthDay = None
    description: Text = None
    opens_at: Time = None
    closes_at: Time = None
    schedule_link: Url = None
    attending_type: Text = None
    notes: Text = None

    check_valid_to = field_validator("valid_to")(not_before_valid_from)

    @field_validator("byday")
    @classmethod
    def _numbered_days_are_monthly(cls, value, info):
        if info.data.get("freq") != "MONTHLY" and any(c.isdigit() for c in value):
            raise problem("numbered days such as 2MO need freq MONTHLY")
        return value

    @field_validator("closes_at")
    @classmethod
    def _same_offset_as_opens_at(cls, value, info):
        opens_at = info.data.get("opens_at")
        if opens_at and opens_at.lstrip("0123456789:") != value.lstrip("0123456789:"):
            raise problem("must use the same time zone as opens_at")
        return value


class Address(Record):
    id: Uuid
    attention: text(255) = None
    address_1: text(255)
    city: text(100)
    region: text(100) = None
    state_province: text(100)
    postal_code: text(20)
    country: Country
    address_type: LocationType


class Accessibility(Record):
    id: Uuid
    # HSDS 3.0 calls it `accessibility`; the UK profile keeps both names.
    description: Text = Field(None, validation_alias=AliasChoices("description", "accessibility"))
    details: Text = None
    url: Url = None


class LocationBrief(Record):
    """A location as the /service_at_locations list shows it."""

    id: Uuid
    location_type: LocationType
    name: text(255) = None
    description: Text = None
    latitude: number(-90, 90) = None
    longitude: number(-180, 180) = None
    external_identifier: text(100) = None
    external_identifier_type: text(50) = None

    @model_validator(mode="after")
    def _both_coordinates_or_neither(self):
        if (self.latitude is None) != (self.longitude is None):
            raise problem("latitude and longitude must be given together")
        return self


class Location(LocationBrief):
    addresses: Many[Address] = None
    accessibility: Many[Accessibility] = None
    schedules: Many[Schedule] = None


class Language(Record):
    id: Uuid
    name: text(100) = None
    code: text(20) = None
    note: Text = None


class Phone(Record):
    id: Uuid
    number: text(50)
    extension: text(20) = None
    type: text(20) = None
    description: Text = None
    languages: Many[Language] = None


class Contact(Record):
    id: Uuid
    name: text(255) = None
    title: text(255) = None
    department: text(255) = None
    email: Email = None
    phones: Many[Phone] = None


class ServiceArea(Record):
    id: Uuid
    name: text(255) = None
    service_area: Text = None
    extent: text(50_000) = None  # a polygon (GeoJSON or WKT) can be long
    extent_type: text(20) = None
    uri: text(500) = None


class Funding(Record):
    id: Uuid
    source: Text = None


class CostOption(Record):
    id: Uuid
    valid_from: Date = None
    valid_to: Date = None
    option: text(255) = None
    amount: Amount = None
    currency: text(3) = None
    amount_description: text(255) = None

    check_valid_to = field_validator("valid_to")(not_before_valid_from)


class ServiceAtLocation(Record):
    """A service at a location, listed in its service: the ids are checked, then implied."""

    id: Uuid
    service_id: Uuid = Field(None, exclude=True)
    location_id: Uuid = Field(None, exclude=True)
    location: Location
    schedules: Many[Schedule] = None

    nested_ids = {"location_id": "location"}


class ServiceBrief(Record):
    """A service as lists show it: its own fields and its organization, no child records."""

    id: Uuid
    organization_id: Uuid = None
    name: text(255)
    description: Text = None
    url: Url = None
    email: Email = None
    status: choice(*STATUSES)
    fees: Text = None
    accreditations: Text = None
    eligibility_description: Text = None
    application_process: Text = None
    minimum_age: whole(0, 150) = None
    maximum_age: whole(0, 150) = None
    assured_date: Date = None
    assurer_email: Email = None
    alert: Text = None
    last_modified: DateTime = None
    organization: OrganizationBrief = Field(description="The organization that runs the service.")

    nested_ids = {"organization_id": "organization"}

    @field_validator("maximum_age")
    @classmethod
    def _not_below_minimum_age(cls, value, info):
        if info.data.get("minimum_age") is not None and value < info.data["minimum_age"]:
            raise problem("must not be below minimum_age")
        return value


class Service(ServiceBrief):
    """A full service record: what the /services/{id} endpoint returns and a feed holds."""

    organization: Organization = Field(description="The organization that runs the service.")
    phones: Many[Phone] = None
    schedules: Many[Schedule] = None
    service_areas: Many[ServiceArea] = None
    service_at_locations: Many[ServiceAtLocation] = None
    languages: Many[Language] = None
    funding: Many[Funding] = None
    cost_options: Many[CostOption] = None
    contacts: Many[Contact] = None
    attributes: Many[Attribute] = None

    listed_ids = {"service_at_locations": "service_id", "attributes": "link_id"}


class ServiceAtLocationBrief(Record):
    """A list item of /service_at_locations."""

    id: Uuid
    service_id: Uuid
    location_id: Uuid
    location: LocationBrief
    service: ServiceBrief


class ServiceAtLocationFull(ServiceAtLocationBrief):
    """/service_at_locations/{id}: the location and the service fully nested."""

    location: Location
    service: Service
    schedules: Many[Schedule] = None


class OrganizationWithServices(Organization):
    """/organizations/{id}: the organization and, beyond ORUK, the services it runs (by name)."""

    services: list[ServiceBrief] = None


Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    """An ORUK page of results (page_number counts from 1)."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[Item]

    @classmethod
    def of(cls, contents, *, total_items, page_number, size):
        """The page holding `contents`, numbered for pages of `size` items."""
        total_pages = max(1, -(-total_items // size)) if size else 1
        return cls(
            total_items=total_items,
            total_pages=total_pages,
            page_number=page_number,
            size=len(contents),
            first_page=page_number == 1,
            last_page=page_number >= total_pages,
            empty=not contents,
            contents=contents,
        )


class ApiMeta(BaseModel):
    version: str
    profile: str
    openapi_url: str
