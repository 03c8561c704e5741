"""A synthetic directory for benchmarks: plausible, deterministic for a seed, bulk inserted.

Services spread over England with a fifth of them clustered around Example Valley (the demo
area), so distance searches there find a realistic number of results.
"""

import datetime
import random
import uuid
from decimal import Decimal

from django.db import connection, models

from thrivegrids.directory import text_search, vocabulary
from thrivegrids.directory.models import (
    Attribute,
    CostOption,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)

CENTRE = (52.6, -1.5)
ENGLAND = ((50.6, 54.9), (-3.5, 1.3))
BATCH = 5000
PLACES = ("Ashby", "Brook", "Cliff", "Dale", "Elm", "Fenton", "Glen", "Holt", "Ings", "Kirk")
SUFFIXES = ("ton", "ford", "ley", "bury", "field", "wick", "ham", "thorpe")
WHAT = (
    "youth wellbeing",
    "family support",
    "talking therapy",
    "peer support",
    "counselling",
    "mindfulness",
    "sports club",
    "art group",
    "helpline",
    "school mental health",
    "ADHD clinic",
    "crisis team",
)
OFFERS = (
    "one-to-one sessions",
    "group workshops",
    "online chat",
    "parent drop-ins",
    "after-school clubs",
    "guided self-help",
    "coaching",
    "walk-and-talk",
)


class AlreadyGenerated(Exception):
    pass


def _uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


TAGS = [
    (taxonomy, [taxonomy.term_id(code) for code, *_ in taxonomy.terms])
    for taxonomy in (vocabulary.THRIVE, vocabulary.TOPICS, vocabulary.OPTION_KINDS)
]


def _point(rng):
    if rng.random() < 0.2:
        return CENTRE[0] + rng.uniform(-0.25, 0.25), CENTRE[1] + rng.uniform(-0.4, 0.4)
    (south, north), (west, east) = ENGLAND
    return rng.uniform(south, north), rng.uniform(west, east)


def build(*, services, seed, feed, now):
    """Insert `services` services with organisations, locations, hours, costs and tags."""
    if Service.objects.filter(feed=feed).exists():
        raise AlreadyGenerated(f"{feed} is already in the directory: use another --seed")
    rng = random.Random(seed)  # noqa: S311 -- reproducible benchmark data, not secrets
    organizations = []
    for _ in range(max(1, services // 8)):
        town = rng.choice(PLACES) + rng.choice(SUFFIXES)
        organizations.append(
            {
                "id": _uuid(rng),
                "name": f"{town} {rng.choice(WHAT).title()} Trust",
                "description": f"A synthetic organisation in {town} for benchmarks.",
                "feed": feed,
                "fetched_at": now,
            }
        )
    insert_rows(Organization, organizations)
    organization_ids = [row["id"] for row in organizations]
    counts = {"organizations": len(organizations), "services": 0, "locations": 0, "attributes": 0}
    for start in range(0, services, BATCH):
        tables = _batch(rng, min(BATCH, services - start), organization_ids, now, feed)
        for model, rows in tables.items():
            insert_rows(model, rows)
        counts["services"] += len(tables[Service])
        counts["locations"] += len(tables[Location])
        counts["attributes"] += len(tables[Attribute])
    return counts


def insert_rows(model, rows):
    """Insert plain rows ({attname: value}) fast: COPY on PostgreSQL, executemany elsewhere.

    bulk_create spends most of its time building objects and SQL per row; for a benchmark
    directory of a million rows that is minutes, this is seconds. Missing fields get their
    model default, values are adapted for the database as the ORM would.
    """
    if not rows:
        return
    fields = model._meta.concrete_fields
    defaults = [None if field.primary_key else field.get_default() for field in fields]
    adapters = [_adapter(field) for field in fields]
    names = [field.attname for field in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    values = [
        tuple(
            adapt(row.get(name, default))
            for name, default, adapt in zip(names, defaults, adapters, strict=True)
        )
        for row in rows
    ]
    # Only model metadata (quoted names) goes into the SQL; every value is a parameter.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, values)


def _adapter(field):
    ops, target = connection.ops, getattr(field, "target_field", field)
    if isinstance(target, models.UUIDField):
        native = connection.features.has_native_uuid_field
        return lambda value: value if value is None or native else value.hex
    if isinstance(field, models.DateTimeField):
        adapt = ops.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        adapt = ops.adapt_datefield_value
    elif isinstance(field, models.TimeField):
        adapt = ops.adapt_timefield_value
    elif isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    else:
        return lambda value: value
    return lambda value: None if value is None else adapt(value)


def _batch(rng, size, organization_ids, now, feed):
    tables = {model: [] for model in (Service, Location, ServiceAtLocation, Attribute)}
    tables.update({Schedule: [], CostOption: [], Language: []})
    today = now.date()
    for _ in range(size):
        town = rng.choice(PLACES) + rng.choice(SUFFIXES)
        what, offer = rng.choice(WHAT), rng.choice(OFFERS)
        service_id, location_id = _uuid(rng), _uuid(rng)
        name = f"{town} {what}"
        description = f"{offer.capitalize()} for young people in and around {town}: {what}."
        tables[Service].append(
            {
                "id": service_id,
                "organization_id": rng.choice(organization_ids),
                "name": name,
                "description": description,
                **text_search.search_columns(name, description),
                "status": "active",
                "minimum_age": rng.choice((0, 5, 8, 11, 11, 13, 16)),
                "maximum_age": rng.choice((18, 18, 19, 25)),
                "assured_date": today - datetime.timedelta(days=rng.randint(0, 400)),
                "last_modified": now - datetime.timedelta(minutes=rng.randint(0, 500_000)),
                "setting": rng.choice(("nhs", "community", "community")),
                "access_route": rng.choice(("self-referral", "referral", "drop-in")),
                "feed": feed,
                "fetched_at": now,
            }
        )
        latitude, longitude = _point(rng)
        tables[Location].append(
            {
                "id": location_id,
                "location_type": "physical",
                "name": f"{town} Centre",
                "latitude": round(latitude, 6),
                "longitude": round(longitude, 6),
            }
        )
        tables[ServiceAtLocation].append(
            {"id": _uuid(rng), "service_id": service_id, "location_id": location_id}
        )
        for taxonomy, terms in TAGS:
            tables[Attribute].append(
                {
                    "id": _uuid(rng),
                    "service_id": service_id,
                    "taxonomy_term_id": rng.choice(terms),
                    "link_type": taxonomy.link_type,
                }
            )
        opens = rng.choice((8, 9, 10, 16))
        tables[Schedule].append(
            {
                "id": _uuid(rng),
                "service_id": service_id,
                "freq": "WEEKLY",
                "byday": rng.choice(("MO,TU,WE,TH,FR", "SA", "MO,WE", "TU,TH")),
                "opens_at": datetime.time(opens),
                "closes_at": datetime.time((opens + rng.choice((2, 4, 8))) % 24),
            }
        )
        if rng.random() < 0.6:
            amount = Decimal(0) if rng.random() < 0.8 else Decimal(rng.choice((5, 10, 35)))
            tables[CostOption].append(
                {"id": _uuid(rng), "service_id": service_id, "amount": amount, "currency": "GBP"}
            )
        if rng.random() < 0.1:
            tables[Language].append(
                {"id": _uuid(rng), "service_id": service_id, "name": "Arabic", "code": "ar"}
            )
    return tables
