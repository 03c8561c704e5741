import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.directory import feeds
from thrivegrids.core.models import AuditEvent
from thrivegrids.directory import vocabulary
from thrivegrids.directory.models import (
    Attribute,
    FeedRun,
    Location,
    Organization,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
)
from thrivegrids.directory.oruk.dump import read_dump
from thrivegrids.directory.oruk.fields import FeedError
from thrivegrids.directory.oruk.serialise import service_dict

DIRECTORY_TABLES = [Service, Organization, Location, ServiceAtLocation, Schedule, Attribute]


def _problems(tmp_path, records):
    with pytest.raises(FeedError) as caught:
        read_dump(feeds.write(tmp_path / "feed.json", records))
    return [str(problem) for problem in caught.value.problems]


def _counts():
    return {model.__name__: model.objects.count() for model in DIRECTORY_TABLES}


def test_invalid_record_is_reported_with_its_id_and_field(tmp_path):
    record = feeds.service(minimum_age="twelve")
    problems = _problems(tmp_path, [record])
    assert problems == [
        f"service {record['id']}: minimum_age: must be a whole number (feed.json:1, record 1)"
    ]


def test_every_problem_in_every_record_is_reported(tmp_path):
    first = feeds.service(status="open", email="not an email")
    second = feeds.service(maximum_age=3.5)
    second["service_at_locations"][0]["location"]["latitude"] = 123
    second["schedules"][0]["opens_at"] = "25:00"
    problems = _problems(tmp_path, [first, second, "not an object"])
    expected = [
        f"service {first['id']}: status: must be one of",
        f"service {first['id']}: email: must be an email address",
        f"service {second['id']}: maximum_age: must be a whole number",
        f"service {second['id']}: service_at_locations[0].location.latitude: must be a number between -90 and 90",
        f"service {second['id']}: schedules[0].opens_at: must be a time written HH:MM",
        "service (no id): must be an object (feed.json:1, record 3)",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)


def test_shared_location_must_be_the_same_everywhere(tmp_path):
    first, second = feeds.service(), feeds.service()
    location = dict(first["service_at_locations"][0]["location"])
    second["service_at_locations"][0]["location"] = {**location, "name": "Another name"}
    problems = _problems(tmp_path, [first, second])
    assert any(
        "location: differs from the same location in service" in p and "(name)" in p
        for p in problems
    )


def test_duplicate_service_and_child_ids_are_refused(tmp_path):
    first = feeds.service()
    second = feeds.service(phones=first["phones"])
    problems = _problems(tmp_path, [first, second, first])
    assert any("phones[0].id" in p and "is used twice" in p for p in problems)


def test_import_writes_nothing_when_any_record_is_bad(db, tmp_path):
    good, bad = feeds.service(), feeds.service(name="")
    path = feeds.write(tmp_path / "feed.json", [good, bad])
    before = _counts()
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_oruk", str(path), stderr=StringIO())
    assert _counts() == before
    assert not FeedRun.objects.exists()


MUTATIONS = {
    "id": ["not-a-uuid", 42],
    "name": [None, "", 7, "x" * 300],
    "status": ["open", None],
    "minimum_age": ["twelve", -1, 3.5, True],
    "maximum_age": [200, "18"],
    "assured_date": ["2026-13-01", "yesterday", 20260101],
    "last_modified": ["soon", 5],
    "email": ["nobody", 5],
    "url": ["ftp://example.org", "not a url"],
    "organization": [None, "Org", {"id": "x"}],
    "schedules": ["MO", [{"id": "1"}], [{"id": feeds.new_id(), "byday": "XX"}]],
    "phones": [[{"id": feeds.new_id()}], {"number": "1"}],
    "cost_options": [
        [{"id": feeds.new_id(), "amount": "free"}],
        [{"id": feeds.new_id(), "amount": 1.234}],
    ],
    "attributes": [
        [{"id": feeds.new_id()}],
        [{"id": feeds.new_id(), "taxonomy_term": {"id": feeds.new_id()}}],
    ],
    "service_at_locations": [
        [{"id": feeds.new_id()}],
        [{"id": feeds.new_id(), "location": {"id": feeds.new_id(), "location_type": "moon"}}],
    ],
}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    size=st.integers(min_value=1, max_value=4),
    data=st.data(),
)
def test_malformed_feeds_are_rejected_whole_and_write_nothing(db, tmp_path, size, data):
    records = [feeds.service() for _ in range(size)]
    victim = data.draw(st.integers(min_value=0, max_value=size - 1))
    field = data.draw(st.sampled_from(sorted(MUTATIONS)))
    value = data.draw(st.sampled_from(MUTATIONS[field]))
    records[victim][field] = value  # None only for required fields: present but null
    path = feeds.write(tmp_path / "feed.json", records)
    before = _counts()
    with pytest.raises(FeedError) as caught:
        read_dump(path)
    problems = caught.value.problems
    assert problems
    assert all(p.record.startswith("service") for p in problems)
    assert any(p.field.split(".")[0].split("[")[0] == field for p in problems)
    with pytest.raises(CommandError):
        call_command("import_oruk", str(path), stderr=StringIO())
    assert _counts() == before


def test_reimport_changes_nothing(db):
    call_command("import_oruk", feeds.DEMO_FEED, "--feed", "example-valley", stdout=StringIO())
    stored = {s.id: (s.last_modified, s.fetched_at) for s in Service.objects.all()}
    events = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        call_command(
            "import_oruk",
            feeds.DEMO_FEED,
            "--feed",
            "example-valley",
            stdout=StringIO(),
        )
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "directory_feedrun" not in q["sql"]
        and "core_auditevent" not in q["sql"]
    ]
    assert writes == []
    assert {s.id: (s.last_modified, s.fetched_at) for s in Service.objects.all()} == stored
    assert AuditEvent.objects.count() == events + 1  # the run itself, no service events
    assert FeedRun.objects.first().counts == {"created": 0, "updated": 0, "unchanged": 40}


def test_import_keeps_provenance_and_audits_each_new_service(db):
    call_command("import_oruk", feeds.DEMO_FEED, "--feed", "example-valley", stdout=StringIO())
    service = Service.objects.get(name="Tuesday Peer Support Group")
    assert service.feed == "example-valley"
    assert service.fetched_at is not None
    assert service.setting == "community"
    assert service.access_route == "drop-in"
    assert AuditEvent.objects.filter(action="directory.service.import_created").count() == 40


def test_changed_record_is_updated_and_others_untouched(db, tmp_path):
    records = feeds.demo_records()
    call_command("import_oruk", feeds.DEMO_FEED, stdout=StringIO())
    untouched = Service.objects.exclude(pk=records[0]["id"]).values_list("id", "fetched_at")
    untouched = set(untouched)
    records[0]["description"] = "A new description."
    records[0]["languages"] = []
    records[0]["last_modified"] = "2026-11-20T10:00:00.000Z"
    changed_feed = str(feeds.write(tmp_path / "f.json", records))
    call_command("import_oruk", changed_feed, "--feed", "example-valley", stdout=StringIO())
    changed = Service.objects.get(pk=records[0]["id"])
    assert changed.description == "A new description."
    assert not changed.languages.exists()
    assert set(Service.objects.exclude(pk=changed.pk).values_list("id", "fetched_at")) == untouched


def test_export_then_import_is_the_same_directory(db, tmp_path):
    call_command("import_oruk", feeds.DEMO_FEED, stdout=StringIO())
    before = [service_dict(s) for s in Service.objects.full_records().order_by("id")]
    call_command("export_oruk", str(tmp_path / "one"), stdout=StringIO())
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    call_command("import_oruk", str(tmp_path / "one"), stdout=StringIO())
    after = [service_dict(s) for s in Service.objects.full_records().order_by("id")]
    assert after == before
    call_command("export_oruk", str(tmp_path / "two"), stdout=StringIO())
    for name in ("services-0001.json", "taxonomies.json"):
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()


def test_export_refuses_a_folder_with_json_in_it(db, tmp_path):
    (tmp_path / "old.json").write_text("[]")
    with pytest.raises(CommandError, match="export into an empty folder"):
        call_command("export_oruk", str(tmp_path))


def test_folder_of_pages_is_read_and_a_missing_page_is_noticed(db, tmp_path):
    records = [feeds.service() for _ in range(3)]
    for number, chunk in enumerate(([records[0], records[1]], [records[2]]), start=1):
        body = {"total_items": 3, "page_number": number, "contents": chunk}
        (tmp_path / f"page-{number}.json").write_text(json.dumps(body))
    assert len(read_dump(tmp_path).services) == 3
    (tmp_path / "page-2.json").unlink()
    (tmp_path / "page-3.json").write_text(json.dumps({"total_items": 3, "contents": []}))
    with pytest.raises(FeedError, match="the pages hold 2 services but total_items says 3"):
        read_dump(tmp_path)


def test_foreign_taxonomy_terms_are_kept_and_round_trip(db, tmp_path):
    taxonomy_id, term_id = feeds.new_id(), feeds.new_id()
    term = {
        "id": term_id,
        "name": "Counselling",
        "description": "Talking help.",
        "taxonomy_id": taxonomy_id,
        "taxonomy": "LGA",
    }
    record = feeds.service(
        attributes=[{"id": feeds.new_id(), "link_type": "category", "taxonomy_term": term}]
    )
    call_command(
        "import_oruk",
        str(feeds.write(tmp_path / "f.json", [record])),
        stdout=StringIO(),
    )
    service = Service.objects.full_records().get()
    assert service.attributes.get().taxonomy_term.taxonomy.name == "LGA"
    assert service_dict(service)["attributes"][0]["taxonomy_term"] == term


def test_setting_attribute_from_a_feed_sets_the_column(db, tmp_path):
    record = feeds.service(attributes=[feeds.built_in_attribute(vocabulary.SETTINGS, "nhs")])
    call_command(
        "import_oruk",
        str(feeds.write(tmp_path / "f.json", [record])),
        stdout=StringIO(),
    )
    assert Service.objects.get().setting == "nhs"
    assert not Attribute.objects.exists()


def test_import_places_is_all_or_nothing_with_line_numbers(db, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(
        "name,latitude,longitude\nValleyford,52.6,-1.5\nNowhere,95,-1.5\nValleyford,52.6,x\n"
    )
    with pytest.raises(CommandError, match="No places were loaded: 3 problem"):
        call_command("import_places", str(path), stderr=StringIO())
    assert not Place.objects.exists()
    call_command(
        "import_places",
        "content/directory/example-valley-places.csv",
        stdout=StringIO(),
    )
    assert Place.objects.count() == 15
    assert Place.objects.get(slug="valleyford").latitude == 52.6


def test_place_problems_name_file_line_and_column(tmp_path):
    from thrivegrids.directory.places import parse_places

    path = tmp_path / "places.csv"
    path.write_text("name,latitude,longitude\nNowhere,95,-1.5\n")
    with pytest.raises(FeedError) as caught:
        parse_places(path)
    assert [str(p) for p in caught.value.problems] == [
        "places.csv:2: latitude: must be a number between -90 and 90"
    ]


def test_generate_directory_builds_a_searchable_directory(db):
    call_command("generate_directory", "--services", "300", "--seed", "3", stdout=StringIO())
    assert Service.objects.count() == 300
    assert Service.objects.near(52.6, -1.5, 30).exists()
    assert Attribute.objects.count() == 900
    with pytest.raises(CommandError, match="already in the directory"):
        call_command("generate_directory", "--services", "1", "--seed", "3")


@pytest.mark.parametrize(
    ("field", "value"), [(field, value) for field, values in MUTATIONS.items() for value in values]
)
def test_each_malformed_value_is_reported_on_its_field(tmp_path, field, value):
    record = feeds.service(**{field: value})
    with pytest.raises(FeedError) as caught:
        read_dump(feeds.write(tmp_path / "feed.json", [feeds.service(), record]))
    assert any(p.field.split(".")[0].split("[")[0] == field for p in caught.value.problems)
