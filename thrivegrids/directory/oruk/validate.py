"""Checking a whole Open Referral UK v3 feed without touching the database.

Every service record is checked field by field; shared things (organisations, locations,
taxonomy terms) must be the same wherever they appear; child ids must be unique. The result is
either every record in canonical form (serialise.py) or every problem found.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from thrivegrids.directory import vocabulary
from thrivegrids.directory.oruk.fields import Checker, FeedError, Problem, optional, required
from thrivegrids.directory.oruk.serialise import by_id, column_attribute, compact

STATUSES = ("active", "inactive", "defunct", "temporarily closed")
LOCATION_TYPES = ("physical", "postal", "virtual")

SERVICE = {
    "id": required("uuid"),
    "organization_id": optional("uuid"),
    "name": required("text", max=255),
    "description": optional("text"),
    "url": optional("url"),
    "email": optional("email"),
    "status": required("choice", choices=STATUSES),
    "fees": optional("text"),
    "accreditations": optional("text"),
    "eligibility_description": optional("text"),
    "application_process": optional("text"),
    "minimum_age": optional("whole", low=0, high=150),
    "maximum_age": optional("whole", low=0, high=150),
    "assured_date": optional("date"),
    "assurer_email": optional("email"),
    "alert": optional("text"),
    "last_modified": optional("datetime"),
}
ORGANIZATION = {
    "id": required("uuid"),
    "name": required("text", max=255),
    "description": required("text"),
    "email": optional("email"),
    "website": optional("url"),
    "logo": optional("text", max=500),
    "uri": optional("url"),
    "parent_organization_id": optional("uuid"),
}
ORGANIZATION_IDENTIFIER = {
    "id": required("uuid"),
    "identifier_scheme": optional("text", max=100),
    "identifier_type": required("text", max=100),
    "identifier": required("text", max=100),
}
LOCATION = {
    "id": required("uuid"),
    "location_type": required("choice", choices=LOCATION_TYPES),
    "name": optional("text", max=255),
    "description": optional("text"),
    "latitude": optional("number", low=-90, high=90),
    "longitude": optional("number", low=-180, high=180),
    "external_identifier": optional("text", max=100),
    "external_identifier_type": optional("text", max=50),
}
ADDRESS = {
    "id": required("uuid"),
    "attention": optional("text", max=255),
    "address_1": required("text", max=255),
    "city": required("text", max=100),
    "region": optional("text", max=100),
    "state_province": required("text", max=100),
    "postal_code": required("text", max=20),
    "country": required("country"),
    "address_type": required("choice", choices=LOCATION_TYPES),
}
ACCESSIBILITY = {
    "id": required("uuid"),
    "description": optional("text"),
    "details": optional("text"),
    "url": optional("url"),
}
SCHEDULE = {
    "id": required("uuid"),
    "valid_from": optional("date"),
    "valid_to": optional("date"),
    "dtstart": optional("date"),
    "freq": optional("choice", choices=("WEEKLY", "MONTHLY")),
    "interval": optional("whole", low=1, high=52),
    "byday": optional("byday"),
    "bymonthday": optional("bymonthday"),
    "description": optional("text"),
    "schedule_link": optional("url"),
    "attending_type": optional("text"),
    "notes": optional("text"),
}
PHONE = {
    "id": required("uuid"),
    "number": required("text", max=50),
    "extension": optional("text", max=20),
    "type": optional("text", max=20),
    "description": optional("text"),
}
LANGUAGE = {
    "id": required("uuid"),
    "name": optional("text", max=100),
    "code": optional("text", max=20),
    "note": optional("text"),
}
CONTACT = {
    "id": required("uuid"),
    "name": optional("text", max=255),
    "title": optional("text", max=255),
    "department": optional("text", max=255),
    "email": optional("email"),
}
SERVICE_AREA = {
    "id": required("uuid"),
    "name": optional("text", max=255),
    "service_area": optional("text"),
    "extent": optional("text"),
    "extent_type": optional("text", max=20),
    "uri": optional("text", max=500),
}
FUNDING = {"id": required("uuid"), "source": optional("text")}
COST_OPTION = {
    "id": required("uuid"),
    "valid_from": optional("date"),
    "valid_to": optional("date"),
    "option": optional("text", max=255),
    "amount": optional("amount"),
    "currency": optional("text", max=3),
    "amount_description": optional("text", max=255),
}
ATTRIBUTE = {
    "id": required("uuid"),
    "link_id": optional("uuid"),
    "link_entity": optional("text", max=50),
    "link_type": optional("text", max=100),
    "taxonomy_term_id": optional("uuid"),
    "value": optional("text", max=255),
}
TERM = {
    "id": required("uuid"),
    "name": required("text", max=255),
    "description": required("text"),
    "term": optional("text", max=100),
    "parent_id": optional("uuid"),
    "taxonomy": optional("text", max=255),
    "taxonomy_id": optional("uuid"),
    "term_uri": optional("url"),
}
TAXONOMY = {
    "id": required("uuid"),
    "name": required("text", max=255),
    "description": required("text"),
    "uri": optional("url"),
    "version": optional("text", max=50),
}
BUILT_IN_TAXONOMY_IDS = {str(taxonomy.id) for taxonomy in vocabulary.TAXONOMIES}


@dataclass
class Feed:
    """A checked feed: canonical service records and the taxonomies they use."""

    services: list = field(default_factory=list)
    taxonomies: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    # Taxonomies named only by a term's taxonomy_id: created if missing, never overwritten.
    implied_taxonomies: list = field(default_factory=list)


class FeedChecker:
    """Feed taxonomy pages (first) and service records (then) in; `result()` out."""

    def __init__(self):
        self.problems = []
        self.services = {}
        self.taxonomies = {}
        self.shared = defaultdict(dict)  # kind -> id -> (canonical, owner)
        self.child_ids = defaultdict(dict)  # table -> id -> owner
        self.built_in_terms = vocabulary.built_in_terms()

    def add_problem(self, record, message, source=""):
        self.problems.append(Problem(record, "", message, source))

    def result(self):
        if self.problems:
            raise FeedError(self.problems)
        implied = {}
        for term, owner in self.shared["taxonomy_term"].values():
            taxonomy_id = term.get("taxonomy_id")
            known = taxonomy_id in self.taxonomies or taxonomy_id in BUILT_IN_TAXONOMY_IDS
            if taxonomy_id and not known and taxonomy_id not in implied:
                implied[taxonomy_id] = {
                    "id": taxonomy_id,
                    "name": term.get("taxonomy") or "Imported taxonomy",
                    "description": f"Named by taxonomy terms in {owner}.",
                }
        return Feed(
            services=[record for record, _ in self.services.values()],
            taxonomies=by_id(self.taxonomies.values()),
            implied_taxonomies=by_id(implied.values()),
            terms=by_id(term for term, _ in self.shared["taxonomy_term"].values()),
        )

    def add_taxonomy(self, data, source):
        check = Checker(_label("taxonomy", data), source)
        if not check.is_object(data, ""):
            self.problems += check.problems
            return
        taxonomy = check.fields(data, "", TAXONOMY)
        terms = []
        for path, item in check.objects(data, "taxonomy_terms", ""):
            term = self._term(check, item, path)
            if (
                term
                and taxonomy.get("id")
                and term.get("taxonomy_id", taxonomy["id"]) != taxonomy["id"]
            ):
                check.problem(
                    f"{path}.taxonomy_id", "must be the id of the taxonomy it is listed in"
                )
            terms.append(term)
        self.problems += check.problems
        if check.problems or taxonomy["id"] in BUILT_IN_TAXONOMY_IDS:
            return
        if taxonomy["id"] in self.taxonomies:
            self.add_problem(check.record, "appears more than once", source)
        self.taxonomies[taxonomy["id"]] = compact(taxonomy)

    def add_service(self, data, source):
        check = Checker(_label("service", data), source)
        if not check.is_object(data, ""):
            self.problems += check.problems
            return
        record = check.fields(data, "", SERVICE)
        service_id = record.get("id")
        low, high = record.get("minimum_age"), record.get("maximum_age")
        if low is not None and high is not None and high < low:
            check.problem("maximum_age", "must not be below minimum_age")
        organization = data.get("organization")
        if organization is None:
            check.problem("organization", "is required (the organisation that runs the service)")
        elif check.is_object(organization, "organization"):
            record["organization"] = self._organization(check, organization)
            organization_id = record["organization"].get("id")
            if record.get("organization_id", organization_id) != organization_id:
                check.problem("organization_id", "must be the id of the nested organization")
            record["organization_id"] = organization_id
        record["phones"] = self._phones(check, data, "")
        record["schedules"] = self._schedules(check, data, "")
        record["service_areas"] = self._list(check, data, "", "service_areas", SERVICE_AREA)
        record["service_at_locations"] = self._service_at_locations(check, data, service_id)
        record["languages"] = self._list(check, data, "", "languages", LANGUAGE, table="language")
        record["funding"] = self._list(check, data, "", "funding", FUNDING)
        record["cost_options"] = self._cost_options(check, data)
        record["contacts"] = self._contacts(check, data)
        record["attributes"] = self._attributes(check, data, service_id)
        self.problems += check.problems
        if check.problems:
            return
        if service_id in self.services:
            self.add_problem(
                check.record,
                f"appears more than once (also {self.services[service_id][1]})",
                source,
            )
            return
        self.services[service_id] = (compact(record), source)

    def _list(self, check, data, path, key, spec, table=None):
        items = []
        for where, item in check.objects(data, key, path):
            value = check.fields(item, where, spec)
            self._claim(check, table or key, value.get("id"), where)
            items.append(compact(value))
        return by_id(items)

    def _claim(self, check, table, item_id, where):
        """Child ids are unique across the whole feed, per kind of record."""
        if item_id is None:
            return
        owner = self.child_ids[table].get(item_id)
        if owner is not None:
            check.problem(f"{where}.id", f"{item_id} is used twice (also {owner})")
        else:
            self.child_ids[table][item_id] = f"{check.record} {where}"

    def _shared(self, check, kind, value, where, children=(), problems_before=None):
        """An organisation, location or term repeated across records must be identical."""
        if value.get("id") is None or len(check.problems) != problems_before:
            return value
        seen = self.shared[kind].get(value["id"])
        if seen is None:
            self.shared[kind][value["id"]] = (value, check.record)
            for key, table in children:
                for item in value.get(key, []):
                    self._claim(check, table, item["id"], f"{where}.{key}")
        elif seen[0] != value:
            differing = sorted(
                k for k in seen[0].keys() | value.keys() if seen[0].get(k) != value.get(k)
            )
            check.problem(
                where, f"differs from the same {kind} in {seen[1]} ({', '.join(differing)})"
            )
        return value

    def _organization(self, check, data):
        before = len(check.problems)
        value = check.fields(data, "organization", ORGANIZATION)
        identifiers = []
        for where, item in check.objects(data, "organization_identifiers", "organization"):
            identifiers.append(compact(check.fields(item, where, ORGANIZATION_IDENTIFIER)))
        value["organization_identifiers"] = by_id(identifiers)
        children = [("organization_identifiers", "organization_identifiers")]
        return self._shared(check, "organization", compact(value), "organization", children, before)

    def _schedules(self, check, data, path, claim=True):
        schedules = []
        for where, item in check.objects(data, "schedules", path):
            if isinstance(item.get("freq"), str):
                item = {**item, "freq": item["freq"].strip().upper()}
            value = check.fields(item, where, SCHEDULE)
            times = [
                check.time(item[key], f"{where}.{key}") if item.get(key) else None
                for key in ("opens_at", "closes_at")
            ]
            offsets = {parsed[1] for parsed in times if parsed}
            if len(offsets) > 1:
                check.problem(f"{where}.closes_at", "must use the same time zone as opens_at")
            for key, parsed in zip(("opens_at", "closes_at"), times, strict=True):
                if parsed:
                    moment, offset = parsed
                    shown = moment.strftime("%H:%M:%S" if moment.second else "%H:%M")
                    value[key] = shown + offset
            if value.get("freq") != "MONTHLY" and any(c.isdigit() for c in value.get("byday", "")):
                check.problem(f"{where}.byday", "numbered days such as 2MO need freq MONTHLY")
            if value.get("valid_from", "") > value.get("valid_to", "9999"):
                check.problem(f"{where}.valid_to", "must not be before valid_from")
            if claim:
                self._claim(check, "schedules", value.get("id"), where)
            schedules.append(compact(value))
        return by_id(schedules)

    def _phones(self, check, data, path):
        phones = []
        for where, item in check.objects(data, "phones", path):
            value = check.fields(item, where, PHONE)
            self._claim(check, "phones", value.get("id"), where)
            value["languages"] = self._list(check, item, where, "languages", LANGUAGE, "language")
            phones.append(compact(value))
        return by_id(phones)

    def _contacts(self, check, data):
        contacts = []
        for where, item in check.objects(data, "contacts", ""):
            value = check.fields(item, where, CONTACT)
            self._claim(check, "contacts", value.get("id"), where)
            value["phones"] = self._phones(check, item, where)
            contacts.append(compact(value))
        return by_id(contacts)

    def _cost_options(self, check, data):
        options = self._list(check, data, "", "cost_options", COST_OPTION)
        for index, option in enumerate(options):
            if option.get("valid_from", "") > option.get("valid_to", "9999"):
                check.problem(f"cost_options[{index}].valid_to", "must not be before valid_from")
        return options

    def _service_at_locations(self, check, data, service_id):
        links = []
        for where, item in check.objects(data, "service_at_locations", ""):
            value = check.fields(item, where, {"id": required("uuid")})
            self._claim(check, "service_at_locations", value.get("id"), where)
            for key, expected in (("service_id", service_id), ("location_id", None)):
                given = item.get(key)
                if given is not None and expected and str(given).strip().lower() != expected:
                    check.problem(f"{where}.{key}", "must match the service it is listed in")
            location = item.get("location")
            if location is None:
                check.problem(f"{where}.location", "is required (the location itself)")
            elif check.is_object(location, f"{where}.location"):
                value["location"] = self._location(check, location, f"{where}.location")
                if item.get("location_id") not in (None, value["location"].get("id")):
                    check.problem(f"{where}.location_id", "must be the id of the nested location")
            value["schedules"] = self._schedules(check, item, where)
            links.append(compact(value))
        return by_id(links)

    def _location(self, check, data, where):
        before = len(check.problems)
        value = check.fields(data, where, LOCATION)
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            check.problem(where, "latitude and longitude must be given together")
        value["addresses"] = by_id(
            compact(check.fields(item, path, ADDRESS))
            for path, item in check.objects(data, "addresses", where)
        )
        accessibility = []
        for path, item in check.objects(data, "accessibility", where):
            if not item.get("description") and item.get("accessibility"):
                item = {**item, "description": item["accessibility"]}
            accessibility.append(compact(check.fields(item, path, ACCESSIBILITY)))
        value["accessibility"] = by_id(accessibility)
        value["schedules"] = self._schedules(check, data, where, claim=False)
        children = [("addresses", "addresses"), ("accessibility", "accessibility")]
        children.append(("schedules", "schedules"))
        return self._shared(check, "location", compact(value), where, children, before)

    def _term(self, check, data, where):
        before = len(check.problems)
        term_id = check.fields(data, where, {"id": required("uuid")}).get("id")
        if term_id in self.built_in_terms:
            return self.built_in_terms[term_id]
        value = compact(check.fields(data, where, TERM))
        if value.get("taxonomy_id") in BUILT_IN_TAXONOMY_IDS:
            check.problem(f"{where}.taxonomy_id", "a feed cannot add terms to a built-in taxonomy")
        return self._shared(check, "taxonomy_term", value, where, (), before)

    def _attributes(self, check, data, service_id):
        attributes, columns = {}, defaultdict(set)
        for where, item in check.objects(data, "attributes", ""):
            value = check.fields(item, where, ATTRIBUTE)
            if item.get("taxonomy_term") is not None:
                if not check.is_object(item["taxonomy_term"], f"{where}.taxonomy_term"):
                    continue
                term = self._term(check, item["taxonomy_term"], f"{where}.taxonomy_term")
            else:
                term = self._known_term(value.get("taxonomy_term_id"))
                if term is None:
                    check.problem(f"{where}.taxonomy_term", "is required (the term itself)")
                    continue
            if value.get("taxonomy_term_id", term.get("id")) != term.get("id"):
                check.problem(f"{where}.taxonomy_term_id", "must be the id of the nested term")
            if value.get("link_id", service_id) != service_id:
                check.problem(f"{where}.link_id", "must be the id of the service it is listed in")
            if value.get("link_entity", "service") != "service":
                check.problem(f"{where}.link_entity", "must be service")
            column = vocabulary.column_for_term(term.get("id"))
            if column is not None:
                columns[column[0]].add(column[1])
                continue
            self._claim(check, "attributes", value.get("id"), where)
            value.update(link_id=service_id, link_entity="service", taxonomy_term=term)
            value["taxonomy_term_id"] = term.get("id")
            attributes[value.get("id")] = compact(value)
        for column, codes in columns.items():
            if len(codes) > 1:
                check.problem(
                    "attributes", f"more than one {column} term: {', '.join(sorted(codes))}"
                )
            elif service_id:
                attribute = column_attribute(service_id, column, codes.pop())
                attributes[attribute["id"]] = attribute
        return by_id(attributes.values())

    def _known_term(self, term_id):
        if term_id in self.built_in_terms:
            return self.built_in_terms[term_id]
        seen = self.shared["taxonomy_term"].get(term_id)
        return seen[0] if seen else None


def _label(kind, data):
    """`service 3fa8...` when the record has a usable id."""
    record_id = data.get("id") if isinstance(data, dict) else None
    if isinstance(record_id, str) and record_id.strip():
        return f"{kind} {record_id.strip()[:40]}"
    return f"{kind} (no id)"
