"""A feed changes only its own records: another feed's, or staff's, are refused with a list,
unless the import is told to take them over."""

import copy
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.directory import feeds
from thrivegrids.core.models import AuditEvent
from thrivegrids.directory import services
from thrivegrids.directory.models import FeedRun, Location, Organization, Service
from thrivegrids.directory.synthetic import feed_records


def _import(tmp_path, records, feed, *options):
    path = feeds.write(tmp_path / f"{feed}.json", records)
    out, err = StringIO(), StringIO()
    call_command("import_oruk", str(path), "--feed", feed, *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _refused(tmp_path, records, feed):
    errors = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: .* Import with --take-over"):
        call_command(
            "import_oruk",
            str(feeds.write(tmp_path / "b.json", records)),
            "--feed",
            feed,
            stderr=errors,
        )
    return errors.getvalue().splitlines()


def test_import_records_its_feed_on_services_organisations_and_locations(db, tmp_path):
    record = feeds.service()
    _import(tmp_path, [record], "county")
    location_id = record["service_at_locations"][0]["location"]["id"]
    assert Service.objects.get().feed == "county"
    assert Organization.objects.get().feed == "county"
    assert Location.objects.get(pk=location_id).feed == "county"


def test_another_feeds_service_is_refused_with_a_list_and_nothing_changes(db, tmp_path):
    first, second = feeds.service(), feeds.service()
    _import(tmp_path, [first, second], "county")
    changed = copy.deepcopy([first, second])
    changed[0]["description"] = "Taken by another feed."
    changed[1]["description"] = "Also taken."
    runs = FeedRun.objects.count()

    lines = _refused(tmp_path, changed, "city")

    assert sorted(lines) == sorted(
        [
            f"service {first['id']} (Test youth counselling): belongs to feed county",
            f"service {second['id']} (Test youth counselling): belongs to feed county",
        ]
    )
    assert set(Service.objects.values_list("feed", "description")) == {
        ("county", first["description"])
    }
    assert FeedRun.objects.count() == runs


def test_take_over_changes_them_says_which_and_audits_each(db, tmp_path):
    record = feeds.service()
    _import(tmp_path, [record], "county")
    record = copy.deepcopy(record)
    record["description"] = "Now the city's."

    out, _ = _import(tmp_path, [record], "city", "--take-over")

    service = Service.objects.get()
    assert (service.feed, service.description) == ("city", "Now the city's.")
    assert f"Took over service {record['id']} (Test youth counselling): belongs to feed county" in (
        out
    )
    event = AuditEvent.objects.get(action="directory.service.import_taken_over")
    assert event.target_id == str(service.pk)
    assert event.details["from_feed"] == "county"
    assert FeedRun.objects.first().counts["taken_over"] == [
        f"service {record['id']} (Test youth counselling): belongs to feed county"
    ]


def test_a_service_entered_by_staff_is_refused(db, tmp_path):
    record = feeds.service()
    _import(tmp_path, [record], "county")
    Service.objects.update(feed="")  # as if staff had entered it in the admin
    record = copy.deepcopy(record)
    record["name"] = "Renamed by a feed"
    assert _refused(tmp_path, [record], "county") == [
        f"service {record['id']} (Renamed by a feed): belongs to staff (entered by hand)"
    ]


def test_another_feeds_organisation_and_location_are_refused(db, tmp_path):
    record = feeds.service()
    _import(tmp_path, [record], "county")
    other = feeds.service(organization={**record["organization"], "name": "Renamed trust"})
    other["service_at_locations"][0]["location"] = {
        **record["service_at_locations"][0]["location"],
        "name": "Renamed centre",
    }
    lines = _refused(tmp_path, [other], "city")
    assert sorted(lines) == [
        f"location {other['service_at_locations'][0]['location']['id']} (Renamed centre): "
        "belongs to feed county",
        f"organization {record['organization']['id']} (Renamed trust): belongs to feed county",
    ]
    assert Organization.objects.get().name == "Test charity"


def test_the_same_record_in_another_feed_is_left_with_its_owner(db, tmp_path):
    record = feeds.service()
    _import(tmp_path, [record], "county")
    out, _ = _import(tmp_path, [record], "city")
    assert "0 new, 0 updated, 1 unchanged" in out
    assert Service.objects.get().feed == "county"


def test_staff_services_are_untouched_by_a_feed_of_new_services(db, tmp_path):
    organization = Organization.objects.create(name="Staff org", description="Entered by hand.")
    staff = services.create_service(
        by=None, service=Service(organization=organization, name="Staff club", description="")
    )
    _import(tmp_path, [feeds.service()], "county")
    staff.refresh_from_db()
    assert (staff.feed, staff.name) == ("", "Staff club")


def test_a_synthetic_feed_imports_then_reimports_unchanged(db, tmp_path):
    records = list(feed_records(services=30, seed=4))
    out, _ = _import(tmp_path, records, "synthetic")
    assert "30 new, 0 updated, 0 unchanged" in out
    assert AuditEvent.objects.filter(action="directory.service.import_created").count() == 30
    out, _ = _import(tmp_path, records, "synthetic")
    assert "0 new, 0 updated, 30 unchanged" in out


def test_progress_is_shown_on_stderr_when_asked(db, tmp_path):
    _, err = _import(tmp_path, list(feed_records(services=3, seed=1)), "small", "--progress")
    assert "Wrote 3 of 3 service records" in err


def test_a_changed_organisation_is_counted_on_its_own(db, tmp_path):
    record = feeds.service()
    _import(tmp_path, [record], "county")
    record = copy.deepcopy(record)
    record["organization"]["name"] = "Renamed trust"

    out, _ = _import(tmp_path, [record], "county")

    assert "0 new, 0 updated, 1 unchanged" in out
    assert Organization.objects.get().name == "Renamed trust"
    assert FeedRun.objects.first().counts == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
        "organizations_updated": 1,
    }


def test_locations_imported_before_provenance_get_their_services_feed(db, tmp_path):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("thrivegrids.directory.migrations.0006_location_feed")
    record = feeds.service()
    _import(tmp_path, [record], "county")
    Location.objects.update(feed="")  # as the column was added
    unused = Location.objects.create(location_type="physical", name="No services here")

    migration.feed_of_its_services(apps, None)

    location_id = record["service_at_locations"][0]["location"]["id"]
    assert Location.objects.get(pk=location_id).feed == "county"
    assert Location.objects.get(pk=unused.pk).feed == ""
