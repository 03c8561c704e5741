"""Writing checked Open Referral records into the directory's rows, for feeds.import_feed.

Records come in canonical form (oruk/serialise.py). Taxonomies, terms, organisations and
locations are compared with the stored row in that form and written only when they differ;
import_feed has already compared the service itself before calling store_service.
"""

import datetime
from decimal import Decimal

from thrivegrids.directory import vocabulary
from thrivegrids.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from thrivegrids.directory.oruk.serialise import (
    location_dict,
    organization_dict,
    taxonomy_dict,
    term_dict,
)


def store_taxonomies(feed):
    """Store the feed's taxonomies and terms, and any taxonomy its terms imply."""
    for data in feed.implied_taxonomies:
        if not Taxonomy.objects.filter(pk=data["id"]).exists():
            Taxonomy.objects.create(**_taxonomy_fields(data))
    for data in feed.taxonomies:
        _upsert(Taxonomy, data, taxonomy_dict, _taxonomy_fields(data))
    for data in feed.terms:
        fields = {
            "id": data["id"],
            "taxonomy_id": data.get("taxonomy_id"),
            "term": data.get("term", ""),
            "name": data["name"],
            "description": data["description"],
            "parent_id": data.get("parent_id"),
            "taxonomy_text": data.get("taxonomy", ""),
            "term_uri": data.get("term_uri", ""),
        }
        _upsert(TaxonomyTerm, data, term_dict, fields)


def _taxonomy_fields(data):
    return {
        "id": data["id"],
        "name": data["name"],
        "description": data["description"],
        "uri": data.get("uri", ""),
        "version": data.get("version", ""),
    }


def _upsert(model, data, serialise, fields):
    """Create, or update only when the stored row's canonical form differs."""
    existing = model.objects.filter(pk=data["id"]).first()
    if existing is None:
        return model.objects.create(**fields), True
    if serialise(existing) == data:
        return existing, False
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.save()
    return existing, True


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _text(data, key):
    return data.get(key, "")


def _copy(data, keys):
    return {key: data.get(key, "") for key in keys}


def store_service(record, service, feed_name, now):
    """Create or replace a service (`None` to create) and everything in its record."""
    organization = _store_organization(record["organization"], feed_name, now)
    columns = dict.fromkeys(vocabulary.COLUMN_TAXONOMIES, "")
    for attribute in record.get("attributes", []):
        column = vocabulary.column_for_term(attribute["taxonomy_term_id"])
        if column:
            columns[column[0]] = column[1]
    last_modified = record.get("last_modified")
    fields = {
        "organization": organization,
        **_copy(record, ("name", "description", "url", "email", "status", "fees")),
        **_copy(record, ("accreditations", "eligibility_description", "application_process")),
        **_copy(record, ("assurer_email", "alert")),
        "minimum_age": record.get("minimum_age"),
        "maximum_age": record.get("maximum_age"),
        "assured_date": _date(record.get("assured_date")),
        "last_modified": datetime.datetime.fromisoformat(last_modified) if last_modified else now,
        **columns,
        "feed": feed_name,
        "fetched_at": now,
    }
    created = service is None
    if created:
        service = Service(id=record["id"])
    for name, value in fields.items():
        setattr(service, name, value)
    service.refresh_search_columns()
    service.save(force_insert=created)
    if not created:
        for related in ("service_at_locations", "schedules", "phones", "contacts", "languages"):
            getattr(service, related).all().delete()
        for related in ("service_areas", "funding", "cost_options", "attributes"):
            getattr(service, related).all().delete()
    _store_children(service, record, feed_name, now)
    return service


def _fresh(model, rows):
    """Insert rows, first removing any row with the same id that a feed moved elsewhere."""
    if rows:
        model.objects.filter(pk__in=[row.pk for row in rows]).delete()
        model.objects.bulk_create(rows)


def _clock(value):
    """(time, offset) from a canonical "09:30", "09:30:15", "09:30Z" or "09:30+01:00"."""
    offset = "Z" if value.endswith("Z") else ""
    if len(value) > 6 and value[-6] in "+-":
        offset = value[-6:]
    return datetime.time.fromisoformat(value[: len(value) - len(offset)]), offset


def _schedule(data, **parent):
    times = {}
    for key in ("opens_at", "closes_at"):
        if data.get(key):
            times[key], times["time_offset"] = _clock(data[key])
    return Schedule(
        id=data["id"],
        **parent,
        **_copy(data, ("freq", "byday", "bymonthday", "description", "schedule_link")),
        **_copy(data, ("attending_type", "notes")),
        valid_from=_date(data.get("valid_from")),
        valid_to=_date(data.get("valid_to")),
        dtstart=_date(data.get("dtstart")),
        interval=data.get("interval"),
        **times,
    )


def _phones(items, phones, languages, **parent):
    for data in items:
        phone = Phone(id=data["id"], **parent, **_copy(data, ("number", "extension", "type")))
        phone.description = _text(data, "description")
        phones.append(phone)
        languages += [_language(item, phone=phone) for item in data.get("languages", [])]


def _language(data, **parent):
    return Language(id=data["id"], **parent, **_copy(data, ("name", "code", "note")))


def _store_children(service, record, feed_name, now):
    phones, languages, contacts, schedules, links = [], [], [], [], []
    _phones(record.get("phones", []), phones, languages, service=service)
    for data in record.get("contacts", []):
        contact = Contact(
            id=data["id"], service=service, **_copy(data, ("name", "title", "department", "email"))
        )
        contacts.append(contact)
        _phones(data.get("phones", []), phones, languages, contact=contact)
    languages += [_language(item, service=service) for item in record.get("languages", [])]
    schedules += [_schedule(item, service=service) for item in record.get("schedules", [])]
    for data in record.get("service_at_locations", []):
        location = _store_location(data["location"])
        link = ServiceAtLocation(id=data["id"], service=service, location=location)
        links.append(link)
        schedules += [
            _schedule(item, service_at_location=link) for item in data.get("schedules", [])
        ]
    _fresh(Contact, contacts)
    _fresh(Phone, phones)
    _fresh(Language, languages)
    _fresh(ServiceAtLocation, links)
    _fresh(Schedule, schedules)
    _fresh(
        ServiceArea,
        [
            ServiceArea(
                id=item["id"],
                service=service,
                **_copy(item, ("name", "service_area", "extent", "extent_type", "uri")),
            )
            for item in record.get("service_areas", [])
        ],
    )
    _fresh(
        Funding,
        [
            Funding(id=i["id"], service=service, source=_text(i, "source"))
            for i in record.get("funding", [])
        ],
    )
    _fresh(
        CostOption,
        [
            CostOption(
                id=item["id"],
                service=service,
                valid_from=_date(item.get("valid_from")),
                valid_to=_date(item.get("valid_to")),
                amount=Decimal(str(item["amount"])) if "amount" in item else None,
                **_copy(item, ("option", "currency", "amount_description")),
            )
            for item in record.get("cost_options", [])
        ],
    )
    _fresh(
        Attribute,
        [
            Attribute(
                id=item["id"],
                service=service,
                taxonomy_term_id=item["taxonomy_term_id"],
                **_copy(item, ("link_type", "value")),
            )
            for item in record.get("attributes", [])
            if vocabulary.column_for_term(item["taxonomy_term_id"]) is None
        ],
    )


def _store_organization(data, feed_name, now):
    existing = (
        Organization.objects.filter(pk=data["id"])
        .prefetch_related("organization_identifiers")
        .first()
    )
    if existing is not None and organization_dict(existing) == data:
        return existing
    fields = {
        **_copy(data, ("name", "description", "email", "website", "logo", "uri")),
        "parent_organization_id": data.get("parent_organization_id"),
        "feed": feed_name,
        "fetched_at": now,
    }
    organization, _ = Organization.objects.update_or_create(id=data["id"], defaults=fields)
    organization.organization_identifiers.all().delete()
    _fresh(
        OrganizationIdentifier,
        [
            OrganizationIdentifier(
                id=item["id"],
                organization=organization,
                **_copy(item, ("identifier_scheme", "identifier_type", "identifier")),
            )
            for item in data.get("organization_identifiers", [])
        ],
    )
    return organization


def _store_location(data):
    existing = (
        Location.objects.filter(pk=data["id"])
        .prefetch_related("addresses", "accessibility", "schedules")
        .first()
    )
    if existing is not None and location_dict(existing) == data:
        return existing
    fields = {
        **_copy(data, ("location_type", "name", "description")),
        **_copy(data, ("external_identifier", "external_identifier_type")),
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
    }
    location, _ = Location.objects.update_or_create(id=data["id"], defaults=fields)
    for related in ("addresses", "accessibility", "schedules"):
        getattr(location, related).all().delete()
    address_keys = ("attention", "address_1", "city", "region", "state_province", "postal_code")
    _fresh(
        Address,
        [
            Address(
                id=item["id"],
                location=location,
                **_copy(item, (*address_keys, "country", "address_type")),
            )
            for item in data.get("addresses", [])
        ],
    )
    _fresh(
        Accessibility,
        [
            Accessibility(
                id=item["id"], location=location, **_copy(item, ("description", "details", "url"))
            )
            for item in data.get("accessibility", [])
        ],
    )
    _fresh(Schedule, [_schedule(item, location=location) for item in data.get("schedules", [])])
    return location
