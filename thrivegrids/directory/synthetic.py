"""A synthetic directory for benchmarks: plausible, deterministic for a seed, bulk inserted.

Services spread over England with a fifth of them clustered around Example Valley (the demo
area), so distance searches there find a realistic number of results.
"""

import datetime
import json
import random
import uuid
from decimal import Decimal

from thrivegrids.directory import text_search, vocabulary
from thrivegrids.directory.bulk_rows import insert_rows
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


def feed_records(*, services, seed):
    """`services` Open Referral UK service records for a synthetic feed (import benchmarks).

    The same kind of services as `build`, as a feed holds them: each nests its organisation (an
    eighth as many, shared), a location of its own, opening hours, a phone, costs and tags.
    """
    rng = random.Random(seed)  # noqa: S311 -- reproducible benchmark data, not secrets
    organizations = []
    for _ in range(max(1, services // 8)):
        town = rng.choice(PLACES) + rng.choice(SUFFIXES)
        organizations.append(
            {
                "id": str(_uuid(rng)),
                "name": f"{town} {rng.choice(WHAT).title()} Trust",
                "description": f"A synthetic organisation in {town} for benchmarks.",
            }
        )
    for _ in range(services):
        yield _feed_record(rng, rng.choice(organizations))


def _feed_record(rng, organization):
    town = rng.choice(PLACES) + rng.choice(SUFFIXES)
    what, offer = rng.choice(WHAT), rng.choice(OFFERS)
    latitude, longitude = _point(rng)
    opens = rng.choice((8, 9, 10, 16))
    tags = [rng.choice(terms) for _, terms in TAGS]
    tags.append(vocabulary.SETTINGS.term_id(rng.choice(("nhs", "community", "community"))))
    tags.append(vocabulary.ACCESS_ROUTES.term_id(rng.choice(("self-referral", "referral"))))
    record = {
        "id": str(_uuid(rng)),
        "name": f"{town} {what}",
        "description": f"{offer.capitalize()} for young people in and around {town}: {what}.",
        "status": "active",
        "minimum_age": rng.choice((0, 5, 8, 11, 11, 13, 16)),
        "maximum_age": rng.choice((18, 18, 19, 25)),
        "assured_date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
        "organization": organization,
        "phones": [{"id": str(_uuid(rng)), "number": f"01632 96{rng.randint(0, 9999):04d}"}],
        "schedules": [
            {
                "id": str(_uuid(rng)),
                "freq": "WEEKLY",
                "byday": rng.choice(("MO,TU,WE,TH,FR", "SA", "MO,WE", "TU,TH")),
                "opens_at": f"{opens:02d}:00",
                "closes_at": f"{opens + rng.choice((2, 4, 7)):02d}:00",
            }
        ],
        "service_at_locations": [
            {
                "id": str(_uuid(rng)),
                "location": {
                    "id": str(_uuid(rng)),
                    "location_type": "physical",
                    "name": f"{town} Centre",
                    "latitude": round(latitude, 6),
                    "longitude": round(longitude, 6),
                },
            }
        ],
        "attributes": [{"id": str(_uuid(rng)), "taxonomy_term_id": str(term)} for term in tags],
    }
    if rng.random() < 0.6:
        amount = 0 if rng.random() < 0.8 else rng.choice((5, 10, 35))
        record["cost_options"] = [{"id": str(_uuid(rng)), "amount": amount, "currency": "GBP"}]
    if rng.random() < 0.1:
        record["languages"] = [{"id": str(_uuid(rng)), "name": "Arabic", "code": "ar"}]
    return record


def write_feed(path, *, services, seed=0):
    """Write a synthetic feed as a JSON list, one service record a line; returns its path."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("[\n")
        for index, record in enumerate(feed_records(services=services, seed=seed)):
            handle.write(("" if index == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
        handle.write("\n]\n")
    return path
