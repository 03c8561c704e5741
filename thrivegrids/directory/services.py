"""Writes to the directory. Every function is atomic and audited; the actor is `by`.

Imports compare each checked record with the stored one in canonical Open Referral form
(oruk/serialise.py) and write only what differs, so importing the same feed twice writes nothing
to the directory: no row updates, last_modified untouched.

Grid pages list matching services and are cached whole, so every write that changes what they
show bumps the grids' content generation.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from thrivegrids.core.audit import record_event
from thrivegrids.core.content_generation import bump_content_generation
from thrivegrids.directory import text_search, vocabulary
from thrivegrids.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    FeedRun,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Place,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from thrivegrids.directory.oruk.dump import write_dump
from thrivegrids.directory.oruk.serialise import (
    location_dict,
    organization_dict,
    service_dict,
    taxonomy_dict,
    term_dict,
)

BATCH = 500


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _start_run(by, kind, feed="", source="", now=None):
    return FeedRun.objects.create(
        kind=kind,
        feed=feed,
        source=str(source)[:500],
        started_at=now or timezone.now(),
        by=_user(by),
    )


def _finish_run(by, run, counts, request, action):
    run.counts = counts
    run.save(update_fields=["counts"])
    record_event(by=by, action=action, target=run, request=request, details=counts)


@transaction.atomic
def import_feed(*, by, feed, feed_name, source="", request=None, now=None):
    """Upsert a checked Feed by Open Referral id; returns counts of created/updated/unchanged."""
    now = now or timezone.now()
    run = _start_run(by, FeedRun.Kind.IMPORT, feed_name, source, now)
    _store_taxonomies(feed)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for start in range(0, len(feed.services), BATCH):
        batch = feed.services[start : start + BATCH]
        stored = Service.objects.filter(pk__in=[r["id"] for r in batch]).full_records()
        existing = {str(service.id): service for service in stored}
        for record in batch:
            service = existing.get(record["id"])
            if service is not None and _same_service(service, record):
                counts["unchanged"] += 1
                continue
            change = "created" if service is None else "updated"
            service = _store_service(record, service, feed_name, now)
            counts[change] += 1
            record_event(
                by=by,
                action=f"directory.service.import_{change}",
                target=service,
                request=request,
                details={"feed": feed_name, "run": run.pk},
            )
    _finish_run(by, run, counts, request, "directory.feed.import")
    if counts["created"] or counts["updated"]:
        bump_content_generation()
    return counts


def _same_service(service, record):
    current = service_dict(service)
    if "last_modified" not in record:
        current.pop("last_modified", None)
    return current == record


def _store_taxonomies(feed):
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


def _store_service(record, service, feed_name, now):
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


@transaction.atomic
def export_feed(*, by, directory, request=None):
    """Write every service, organisation, location and taxonomy as a dump import_oruk reads."""
    run = _start_run(by, FeedRun.Kind.EXPORT, source=directory)
    services = Service.objects.full_records().order_by("id")
    total = services.count()
    taxonomies = [
        taxonomy_dict(taxonomy, terms=taxonomy.terms.all())
        for taxonomy in Taxonomy.objects.prefetch_related("terms").order_by("id")
    ]
    files = write_dump(
        directory,
        services=(service_dict(s) for s in services.iterator(chunk_size=BATCH)),
        total=total,
        taxonomies=taxonomies,
    )
    counts = {"services": total, "taxonomies": len(taxonomies), "files": len(files)}
    _finish_run(by, run, counts, request, "directory.feed.export")
    return counts


@transaction.atomic
def mark_service_checked(*, by, service, on=None, request=None):
    """Record that someone checked the service's details: sets the assured date and checker."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.assured_date = on or timezone.localdate()
    service.checked_by = _user(by)
    service.last_modified = timezone.now()
    service.save(update_fields=["assured_date", "checked_by", "last_modified"])
    record_event(
        by=by,
        action="directory.service.mark_checked",
        target=service,
        request=request,
        details={"assured_date": service.assured_date.isoformat()},
    )
    bump_content_generation()
    return service


@transaction.atomic
def create_service(*, by, service, request=None):
    """Store a new service built by staff (not yet saved), stamping last_modified."""
    service.last_modified = timezone.now()
    service.refresh_search_columns()
    service.save(force_insert=True)
    record_event(by=by, action="directory.service.create", target=service, request=request)
    bump_content_generation()
    return service


@transaction.atomic
def update_service(*, by, service, related=(), request=None, **fields):
    """Change a service's fields (and note which related records changed); stamps last_modified.

    `related` names child records an editor changed alongside, such as ("phones",), so the audit
    event says what was edited even when no column of the service itself changed.
    """
    stored = Service.objects.select_for_update().get(pk=service.pk)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.last_modified = timezone.now()
    stored.refresh_search_columns()
    stored.save(update_fields=[*fields, "last_modified", *text_search.COLUMNS])
    record_event(
        by=by,
        action="directory.service.update",
        target=stored,
        request=request,
        details={"fields": sorted(fields), "related": sorted(related)},
    )
    bump_content_generation()
    return stored


@transaction.atomic
def import_places(*, by, places, source="", request=None):
    """Upsert gazetteer places by name (all or nothing: `places` is already checked)."""
    run = _start_run(by, FeedRun.Kind.PLACES, source=source)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {place.name: place for place in Place.objects.all()}
    for data in places:
        place = existing.get(data["name"])
        if place is None:
            Place.objects.create(**data)
            counts["created"] += 1
        elif (place.slug, place.latitude, place.longitude) != (
            data["slug"],
            data["latitude"],
            data["longitude"],
        ):
            place.slug, place.latitude, place.longitude = (
                data["slug"],
                data["latitude"],
                data["longitude"],
            )
            place.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    _finish_run(by, run, counts, request, "directory.places.import")
    if counts["created"] or counts["updated"]:
        bump_content_generation()  # the default place may have moved
    return counts


@transaction.atomic
def save_place(*, by, place, request=None):
    """Create or change one gazetteer place (staff admin)."""
    created = place._state.adding
    place.save()
    record_event(
        by=by,
        action="directory.place.create" if created else "directory.place.update",
        target=place,
        request=request,
        details={"name": place.name},
    )
    bump_content_generation()
    return place


@transaction.atomic
def generate_directory(*, by, services, seed=0, request=None):
    """Create a synthetic directory of `services` services for benchmarks (bulk inserts)."""
    from thrivegrids.directory import synthetic

    run = _start_run(by, FeedRun.Kind.GENERATE, feed=f"synthetic-{seed}")
    counts = synthetic.build(services=services, seed=seed, feed=run.feed, now=run.started_at)
    _finish_run(by, run, counts, request, "directory.feed.generate")
    bump_content_generation()
    return counts
