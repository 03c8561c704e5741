"""The rows a canonical Open Referral record becomes (plain {attname: value} dicts), for the
feed writer (feed_records.py) to insert in bulk."""

import datetime
import functools
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
    OrganizationIdentifier,
    Phone,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
)


@functools.cache
def column_terms():
    """Term id -> (Service column, code) for the built-in setting and access-route terms."""
    return {
        str(taxonomy.term_id(code)): (column, code)
        for column, taxonomy in vocabulary.COLUMN_TAXONOMIES.items()
        for code, *_ in taxonomy.terms
    }


def date(value):
    return datetime.date.fromisoformat(value) if value else None


def copy(data, keys):
    return {key: data.get(key, "") for key in keys}


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
    return {
        "id": data["id"],
        **parent,
        **copy(data, ("freq", "byday", "bymonthday", "description", "schedule_link")),
        **copy(data, ("attending_type", "notes")),
        "valid_from": date(data.get("valid_from")),
        "valid_to": date(data.get("valid_to")),
        "dtstart": date(data.get("dtstart")),
        "interval": data.get("interval"),
        **times,
    }


def _phones(items, tables, **parent):
    for data in items:
        fields = ("number", "extension", "type", "description")
        tables[Phone].append({"id": data["id"], **parent, **copy(data, fields)})
        tables[Language] += [
            _language(item, phone_id=data["id"]) for item in data.get("languages", [])
        ]


def _language(data, **parent):
    return {"id": data["id"], **parent, **copy(data, ("name", "code", "note"))}


def service_children(record, tables):
    """Every row a service record holds besides the service, organisation and locations."""
    service = {"service_id": record["id"]}
    _phones(record.get("phones", []), tables, **service)
    for data in record.get("contacts", []):
        fields = ("name", "title", "department", "email")
        tables[Contact].append({"id": data["id"], **service, **copy(data, fields)})
        _phones(data.get("phones", []), tables, contact_id=data["id"])
    tables[Language] += [_language(item, **service) for item in record.get("languages", [])]
    tables[Schedule] += [_schedule(item, **service) for item in record.get("schedules", [])]
    for data in record.get("service_at_locations", []):
        link = {"id": data["id"], **service, "location_id": data["location"]["id"]}
        tables[ServiceAtLocation].append(link)
        tables[Schedule] += [
            _schedule(item, service_at_location_id=data["id"]) for item in data.get("schedules", [])
        ]
    area_fields = ("name", "service_area", "extent", "extent_type", "uri")
    for item in record.get("service_areas", []):
        tables[ServiceArea].append({"id": item["id"], **service, **copy(item, area_fields)})
    for item in record.get("funding", []):
        tables[Funding].append({"id": item["id"], **service, **copy(item, ("source",))})
    for item in record.get("cost_options", []):
        amount = Decimal(str(item["amount"])) if "amount" in item else None
        tables[CostOption].append(
            {
                "id": item["id"],
                **service,
                "valid_from": date(item.get("valid_from")),
                "valid_to": date(item.get("valid_to")),
                "amount": amount,
                **copy(item, ("option", "currency", "amount_description")),
            }
        )
    for item in record.get("attributes", []):
        if item["taxonomy_term_id"] not in column_terms():
            tables[Attribute].append(
                {
                    "id": item["id"],
                    **service,
                    "taxonomy_term_id": item["taxonomy_term_id"],
                    **copy(item, ("link_type", "value")),
                }
            )


def organization_rows(data, feed_name, now):
    fields = {
        **copy(data, ("name", "description", "email", "website", "logo", "uri")),
        "parent_organization_id": data.get("parent_organization_id"),
        "feed": feed_name,
        "fetched_at": now,
    }
    keys = ("identifier_scheme", "identifier_type", "identifier")
    identifiers = [
        {"id": item["id"], "organization_id": data["id"], **copy(item, keys)}
        for item in data.get("organization_identifiers", [])
    ]
    return {"id": data["id"], **fields}, {OrganizationIdentifier: identifiers}


def location_rows(data, feed_name, now):
    fields = {
        **copy(data, ("location_type", "name", "description")),
        **copy(data, ("external_identifier", "external_identifier_type")),
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "feed": feed_name,
    }
    parent = {"location_id": data["id"]}
    address_keys = ("attention", "address_1", "city", "region", "state_province", "postal_code")
    children = {
        Address: [
            {"id": item["id"], **parent, **copy(item, (*address_keys, "country", "address_type"))}
            for item in data.get("addresses", [])
        ],
        Accessibility: [
            {"id": item["id"], **parent, **copy(item, ("description", "details", "url"))}
            for item in data.get("accessibility", [])
        ],
        Schedule: [_schedule(item, **parent) for item in data.get("schedules", [])],
    }
    return {"id": data["id"], **fields}, children
