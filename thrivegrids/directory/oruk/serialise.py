"""Directory rows -> Open Referral UK v3 JSON, shared by the API and export_oruk.

One canonical form: empty values and empty lists are left out, child lists are sorted by id,
dates are YYYY-MM-DD, times HH:MM, date-times UTC with milliseconds. The importer normalises a
feed to exactly this form, so "unchanged" is a dictionary comparison and a round trip is exact.
Back-references (service_id on a schedule, and so on) are implied by nesting and left out.
"""

import datetime

from thrivegrids.directory import vocabulary


def compact(mapping):
    return {key: value for key, value in mapping.items() if value not in (None, "", [])}


def by_id(items):
    return sorted(items, key=lambda item: item.get("id", ""))


def text(value):
    return str(value) if value is not None else None


def fmt_date(value):
    return value.isoformat() if value else None


def fmt_datetime(value):
    if value is None:
        return None
    value = value.astimezone(datetime.UTC)
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fmt_time(value, offset=""):
    if value is None:
        return None
    shown = value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return shown + offset


def fmt_amount(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def term_dict(term):
    return compact(
        {
            "id": str(term.id),
            "name": term.name,
            "description": term.description,
            "term": term.term,
            "parent_id": text(term.parent_id),
            "taxonomy": term.taxonomy_text,
            "taxonomy_id": text(term.taxonomy_id),
            "term_uri": term.term_uri,
        }
    )


def taxonomy_dict(taxonomy, terms=None):
    result = {
        "id": str(taxonomy.id),
        "name": taxonomy.name,
        "description": taxonomy.description,
        "uri": taxonomy.uri,
        "version": taxonomy.version,
    }
    if terms is not None:
        result["taxonomy_terms"] = by_id(term_dict(term) for term in terms)
    return compact(result)


def organization_dict(organization, *, full=True):
    result = {
        "id": str(organization.id),
        "name": organization.name,
        "description": organization.description,
        "email": organization.email,
        "website": organization.website,
        "logo": organization.logo,
        "uri": organization.uri,
        "parent_organization_id": text(organization.parent_organization_id),
    }
    if full:
        result["organization_identifiers"] = by_id(
            compact(
                {
                    "id": str(identifier.id),
                    "identifier_scheme": identifier.identifier_scheme,
                    "identifier_type": identifier.identifier_type,
                    "identifier": identifier.identifier,
                }
            )
            for identifier in organization.organization_identifiers.all()
        )
    return compact(result)


def schedule_dict(schedule):
    return compact(
        {
            "id": str(schedule.id),
            "valid_from": fmt_date(schedule.valid_from),
            "valid_to": fmt_date(schedule.valid_to),
            "dtstart": fmt_date(schedule.dtstart),
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "bymonthday": schedule.bymonthday,
            "description": schedule.description,
            "opens_at": fmt_time(schedule.opens_at, schedule.time_offset),
            "closes_at": fmt_time(schedule.closes_at, schedule.time_offset),
            "schedule_link": schedule.schedule_link,
            "attending_type": schedule.attending_type,
            "notes": schedule.notes,
        }
    )


def location_dict(location, *, full=True):
    result = {
        "id": str(location.id),
        "location_type": location.location_type,
        "name": location.name,
        "description": location.description,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "external_identifier": location.external_identifier,
        "external_identifier_type": location.external_identifier_type,
    }
    if full:
        result["addresses"] = by_id(
            compact(
                {
                    "id": str(address.id),
                    "attention": address.attention,
                    "address_1": address.address_1,
                    "city": address.city,
                    "region": address.region,
                    "state_province": address.state_province,
                    "postal_code": address.postal_code,
                    "country": address.country,
                    "address_type": address.address_type,
                }
            )
            for address in location.addresses.all()
        )
        result["accessibility"] = by_id(
            compact(
                {
                    "id": str(item.id),
                    "description": item.description,
                    "details": item.details,
                    "url": item.url,
                }
            )
            for item in location.accessibility.all()
        )
        result["schedules"] = by_id(schedule_dict(s) for s in location.schedules.all())
    return compact(result)


def language_dict(language):
    return compact(
        {
            "id": str(language.id),
            "name": language.name,
            "code": language.code,
            "note": language.note,
        }
    )


def phone_dict(phone):
    return compact(
        {
            "id": str(phone.id),
            "number": phone.number,
            "extension": phone.extension,
            "type": phone.type,
            "description": phone.description,
            "languages": by_id(language_dict(lang) for lang in phone.languages.all()),
        }
    )


def attribute_dicts(service):
    """Stored attributes, plus setting and access route expressed as built-in terms."""
    result = [
        compact(
            {
                "id": str(attribute.id),
                "link_id": str(service.id),
                "link_entity": "service",
                "link_type": attribute.link_type,
                "taxonomy_term_id": str(attribute.taxonomy_term_id),
                "value": attribute.value,
                "taxonomy_term": term_dict(attribute.taxonomy_term),
            }
        )
        for attribute in service.attributes.all()
    ]
    for column in vocabulary.COLUMN_TAXONOMIES:
        code = getattr(service, column)
        if code:
            result.append(column_attribute(service.id, column, code))
    return by_id(result)


def column_attribute(service_id, column, code):
    """The attribute that carries a Service column (setting, access route) in Open Referral."""
    taxonomy, term = vocabulary.column_term(column, code)
    return {
        "id": str(vocabulary.vocabulary_id("attribute", service_id, column)),
        "link_id": str(service_id),
        "link_entity": "service",
        "link_type": taxonomy.link_type,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def service_dict(service, *, full=True):
    """A service record: one-to-one fields (list form) or fully nested (full=True)."""
    result = {
        "id": str(service.id),
        "organization_id": str(service.organization_id),
        "name": service.name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "fees": service.fees,
        "accreditations": service.accreditations,
        "eligibility_description": service.eligibility_description,
        "application_process": service.application_process,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": fmt_date(service.assured_date),
        "assurer_email": service.assurer_email,
        "alert": service.alert,
        "last_modified": fmt_datetime(service.last_modified),
        "organization": organization_dict(service.organization, full=full),
    }
    if full:
        result.update(
            {
                "phones": by_id(phone_dict(phone) for phone in service.phones.all()),
                "schedules": by_id(schedule_dict(s) for s in service.schedules.all()),
                "service_areas": by_id(
                    compact(
                        {
                            "id": str(area.id),
                            "name": area.name,
                            "service_area": area.service_area,
                            "extent": area.extent,
                            "extent_type": area.extent_type,
                            "uri": area.uri,
                        }
                    )
                    for area in service.service_areas.all()
                ),
                "service_at_locations": by_id(
                    compact(
                        {
                            "id": str(link.id),
                            "location": location_dict(link.location),
                            "schedules": by_id(schedule_dict(s) for s in link.schedules.all()),
                        }
                    )
                    for link in service.service_at_locations.all()
                ),
                "languages": by_id(language_dict(lang) for lang in service.languages.all()),
                "funding": by_id(
                    {"id": str(item.id), "source": item.source} for item in service.funding.all()
                ),
                "cost_options": by_id(
                    compact(
                        {
                            "id": str(option.id),
                            "valid_from": fmt_date(option.valid_from),
                            "valid_to": fmt_date(option.valid_to),
                            "option": option.option,
                            "amount": fmt_amount(option.amount),
                            "currency": option.currency,
                            "amount_description": option.amount_description,
                        }
                    )
                    for option in service.cost_options.all()
                ),
                "contacts": by_id(
                    compact(
                        {
                            "id": str(contact.id),
                            "name": contact.name,
                            "title": contact.title,
                            "department": contact.department,
                            "email": contact.email,
                            "phones": by_id(phone_dict(phone) for phone in contact.phones.all()),
                        }
                    )
                    for contact in service.contacts.all()
                ),
                "attributes": attribute_dicts(service),
            }
        )
    return compact(result)


def service_at_location_dict(link):
    """The list form: the link, its location and its service without nested lists."""
    return compact(
        {
            "id": str(link.id),
            "service_id": str(link.service_id),
            "location_id": str(link.location_id),
            "location": location_dict(link.location, full=False),
            "service": service_dict(link.service, full=False),
        }
    )
