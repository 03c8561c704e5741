"""Writing a checked Open Referral feed into the directory's rows, for feeds.import_feed.

Records come in canonical form (oruk/serialise.py) and are compared with the stored rows in that
form, so only what differs is written: organisations and locations first (each once, however
many services share it), then services in batches, each batch's stored rows fetched in one go
and its new rows inserted in one statement per table (bulk_rows.py).

Provenance: services, organisations and locations remember the feed that wrote them. A feed
may change only its own; each record it would change that another feed wrote (or staff entered,
feed "") is a Claim, and the writer raises ClaimedRecords listing them unless told to take over.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from thrivegrids.directory import text_search, vocabulary
from thrivegrids.directory.bulk_rows import insert_rows, stored_ids
from thrivegrids.directory.feed_rows import (
    column_terms,
    copy,
    date,
    location_rows,
    organization_rows,
    service_children,
)
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
    service_dict,
    taxonomy_dict,
    term_dict,
)

BATCH = 500  # SQLite refuses a larger IN list in some prefetch queries
SERVICE_TEXT = ("name", "description", "url", "email", "status", "fees", "accreditations")
SERVICE_TEXT += ("eligibility_description", "application_process", "assurer_email", "alert")
SERVICE_COLUMNS = (*SERVICE_TEXT, "organization_id", "minimum_age", "maximum_age")
SERVICE_COLUMNS += ("assured_date", "last_modified", "setting", "access_route", "feed")
SERVICE_COLUMNS += ("fetched_at", *text_search.COLUMNS)
# The rows a service record holds, in the order they are inserted (parents first).
SERVICE_CHILDREN = (Contact, Phone, Language, ServiceAtLocation, Schedule, ServiceArea)
SERVICE_CHILDREN += (Funding, CostOption, Attribute)
# (related name, model) of the rows an organisation or a location holds.
SHARED_CHILDREN = {
    Organization: [("organization_identifiers", OrganizationIdentifier)],
    Location: [("addresses", Address), ("accessibility", Accessibility), ("schedules", Schedule)],
}


@dataclass(frozen=True)
class Claim:
    """A stored record a feed would change that another feed wrote or staff entered."""

    kind: str
    id: str
    name: str
    owner: str

    def __str__(self):
        owner = f"feed {self.owner}" if self.owner else "staff (entered by hand)"
        return f"{self.kind} {self.id} ({self.name}): belongs to {owner}"


class ClaimedRecords(Exception):
    def __init__(self, claims):
        self.claims = list(claims)
        super().__init__("\n".join(str(claim) for claim in self.claims))


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
    return {"id": data["id"], **copy(data, ("name", "description", "uri", "version"))}


def _upsert(model, data, serialise, fields):
    """Create, or update only when the stored row's canonical form differs."""
    existing = model.objects.filter(pk=data["id"]).first()
    if existing is None:
        model.objects.create(**fields)
    elif serialise(existing) != data:
        model.objects.filter(pk=data["id"]).update(**fields)


def _chunks(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class FeedWriter:
    """Writes one checked feed as `feed_name`; `counts`, `created`, `updated`, `claims` after.

    `counts` holds services created, updated and unchanged, and organisations and locations
    created or updated (such as "locations_updated") when there were any.
    """

    def __init__(self, feed_name, now, *, take_over=False):
        self.feed_name, self.now, self.take_over = feed_name, now, take_over
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}
        self.created, self.updated, self.claims = [], [], []

    def write(self, feed, progress=None):
        """Write everything; raises ClaimedRecords (having written) when claims are not allowed."""
        if connection.vendor == "postgresql":
            # Tables this transaction fills still have the statistics of before, so the planner
            # would scan them whole to find a batch's ids: use the primary keys instead.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        store_taxonomies(feed)
        self._shared(feed, "organization", Organization, organization_rows, organization_dict)
        self._shared(feed, "location", Location, location_rows, location_dict)
        for done, batch in enumerate(_chunks(feed.services), start=1):
            self._services(batch)
            if progress is not None:
                progress(min(done * BATCH, len(feed.services)), len(feed.services))
        if self.claims and not self.take_over:
            raise ClaimedRecords(self.claims)

    def _claim(self, kind, stored, name):
        if stored.feed != self.feed_name:
            self.claims.append(Claim(kind, str(stored.pk), name, stored.feed))

    def _shared(self, feed, kind, model, rows_of, serialise):
        """Organisations or locations: each written once, when new or different."""
        records = {}
        for service in feed.services:
            for data in _nested(service, kind):
                records.setdefault(data["id"], data)
        children = SHARED_CHILDREN[model]
        for chunk in _chunks(list(records.values())):
            stored = model.objects.filter(pk__in=stored_ids(model, [data["id"] for data in chunk]))
            stored = stored.prefetch_related(*(related for related, _ in children))
            stored = {str(row.pk): row for row in stored}
            tables, changed = defaultdict(list), []
            for data in chunk:
                row = stored.get(data["id"])
                if row is not None and serialise(row) == data:
                    continue
                fields, child_rows = rows_of(data, self.feed_name, self.now)
                if row is None:
                    tables[model].append(fields)
                else:
                    self._claim(kind, row, data.get("name", ""))
                    model.objects.filter(pk=row.pk).update(**fields)
                    changed.append(row.pk)
                # Services compare equal once these are written: count them on their own.
                key = f"{kind}s_{'created' if row is None else 'updated'}"
                self.counts[key] = self.counts.get(key, 0) + 1
                for child_model, rows in child_rows.items():
                    tables[child_model] += rows
            for related, child_model in children:
                parent = model._meta.get_field(related).field.attname
                child_model.objects.filter(**{f"{parent}__in": changed}).delete()
            _fresh(model, tables.pop(model, []), new=True)
            for child_model, rows in tables.items():
                _fresh(child_model, rows)

    def _services(self, batch):
        stored = Service.objects.filter(pk__in=stored_ids(Service, [r["id"] for r in batch]))
        stored = {str(service.id): service for service in stored.full_records()}
        tables, changed = defaultdict(list), []
        for record in batch:
            service = stored.get(record["id"])
            if service is not None and _same_service(service, record):
                self.counts["unchanged"] += 1
                continue
            row = self._service_row(record)
            if service is None:
                self.counts["created"] += 1
                self.created.append(record["id"])
                tables[Service].append(row)
            else:
                self.counts["updated"] += 1
                self._claim("service", service, record["name"])
                self.updated.append((record["id"], service.feed))
                for name, value in row.items():
                    setattr(service, name, value)
                changed.append(service)
            service_children(record, tables)
        if changed:
            ids = [service.pk for service in changed]
            for model in SERVICE_CHILDREN:  # a contact's phones go with it
                model.objects.filter(service_id__in=ids).delete()
            Service.objects.bulk_update(changed, SERVICE_COLUMNS)
        _fresh(Service, tables.pop(Service, []), new=True)
        for model in SERVICE_CHILDREN:
            _fresh(model, tables[model])

    def _service_row(self, record):
        columns = dict.fromkeys(vocabulary.COLUMN_TAXONOMIES, "")
        for attribute in record.get("attributes", []):
            column = column_terms().get(attribute["taxonomy_term_id"])
            if column:
                columns[column[0]] = column[1]
        last_modified = record.get("last_modified")
        return {
            "id": record["id"],
            "organization_id": record["organization"]["id"],
            **copy(record, SERVICE_TEXT),
            "minimum_age": record.get("minimum_age"),
            "maximum_age": record.get("maximum_age"),
            "assured_date": date(record.get("assured_date")),
            "last_modified": (
                datetime.datetime.fromisoformat(last_modified) if last_modified else self.now
            ),
            **columns,
            "feed": self.feed_name,
            "fetched_at": self.now,
            **text_search.search_columns(record["name"], record.get("description", "")),
        }


def _same_service(service, record):
    current = service_dict(service)
    if "last_modified" not in record:
        current.pop("last_modified", None)
    return current == record


def _nested(service, kind):
    if kind == "organization":
        return [service["organization"]]
    return [link["location"] for link in service.get("service_at_locations", [])]


def _fresh(model, rows, *, new=False):
    """Insert rows; a child row's id may be stored elsewhere (a feed moved it): that goes first."""
    if rows:
        moved = [] if new else stored_ids(model, [row["id"] for row in rows])
        if moved:
            model.objects.filter(pk__in=moved).delete()
        insert_rows(model, rows)
