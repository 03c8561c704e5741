"""Small Open Referral UK feeds for tests, built as plain dicts."""

import copy
import json
import uuid

from thrivegrids.directory import vocabulary

DEMO_FEED = "content/directory/example-valley.json"


def new_id():
    return str(uuid.uuid4())


def built_in_attribute(taxonomy, code):
    for term_code, name, description in taxonomy.terms:
        if term_code == code:
            return {
                "id": new_id(),
                "link_type": taxonomy.link_type,
                "taxonomy_term": vocabulary.term_dict(taxonomy, code, name, description),
            }
    raise KeyError(code)


def service(**overrides):
    """A valid full service record with a location, hours, a phone and THRIVE/setting tags."""
    record = {
        "id": new_id(),
        "name": "Test youth counselling",
        "description": "Counselling for young people (test data).",
        "status": "active",
        "minimum_age": 11,
        "maximum_age": 18,
        "assured_date": "2026-10-01",
        "last_modified": "2026-10-01T09:30:00.000Z",
        "organization": {"id": new_id(), "name": "Test charity", "description": "A test charity."},
        "phones": [{"id": new_id(), "number": "01632 960999"}],
        "schedules": [
            {
                "id": new_id(),
                "freq": "WEEKLY",
                "byday": "MO,TU",
                "opens_at": "09:00",
                "closes_at": "17:00",
            }
        ],
        "service_at_locations": [
            {
                "id": new_id(),
                "location": {
                    "id": new_id(),
                    "location_type": "physical",
                    "name": "Test centre",
                    "latitude": 52.6,
                    "longitude": -1.5,
                },
            }
        ],
        "cost_options": [{"id": new_id(), "option": "Free", "amount": 0}],
        "languages": [{"id": new_id(), "name": "Arabic", "code": "ar"}],
        "attributes": [
            built_in_attribute(vocabulary.THRIVE, "getting-help"),
            built_in_attribute(vocabulary.SETTINGS, "community"),
            built_in_attribute(vocabulary.ACCESS_ROUTES, "self-referral"),
        ],
    }
    record.update(overrides)
    return record


def write(path, records):
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def demo_records():
    with open(DEMO_FEED, encoding="utf-8") as handle:
        return json.load(handle)


def copied(records):
    return copy.deepcopy(records)
