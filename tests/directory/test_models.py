import datetime
import glob

import pytest
import yaml
from django.utils import timezone

from thrivegrids.core.thrive import NeedsGroup
from thrivegrids.directory import vocabulary
from thrivegrids.directory.hours import is_open_at
from thrivegrids.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from thrivegrids.grids.content import TOPICS

UTC = datetime.UTC


def _service(**fields):
    organization, _ = Organization.objects.get_or_create(name="Org", description="An organisation.")
    fields.setdefault("name", "A service")
    return Service.objects.create(organization=organization, last_modified=timezone.now(), **fields)


def _schedule(service=None, location=None, **fields):
    return Schedule.objects.create(service=service, location=location, **fields)


@pytest.fixture
def weekday_service(db):
    service = _service()
    _schedule(
        service,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    return service


def test_is_open_at_uses_london_time_in_summer(weekday_service):
    # Monday 2026-06-01 08:30 UTC is 09:30 BST: open. 07:30 UTC is 08:30 BST: not yet.
    assert is_open_at(weekday_service, datetime.datetime(2026, 6, 1, 8, 30, tzinfo=UTC)) is True
    assert is_open_at(weekday_service, datetime.datetime(2026, 6, 1, 7, 30, tzinfo=UTC)) is False
    # 16:30 UTC is 17:30 BST: closed.
    assert is_open_at(weekday_service, datetime.datetime(2026, 6, 1, 16, 30, tzinfo=UTC)) is False


def test_is_open_at_uses_london_time_in_winter(weekday_service):
    # Monday 2026-01-05 in GMT: 08:30 UTC is 08:30 local, still closed; 16:30 UTC is open.
    assert is_open_at(weekday_service, datetime.datetime(2026, 1, 5, 8, 30, tzinfo=UTC)) is False
    assert is_open_at(weekday_service, datetime.datetime(2026, 1, 5, 16, 30, tzinfo=UTC)) is True


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Clocks go forward at 01:00 UTC on Sunday 29 March 2026; the service opens 09:00-10:00.
        (datetime.datetime(2026, 3, 22, 8, 30, tzinfo=UTC), False),  # 08:30 GMT
        (datetime.datetime(2026, 3, 29, 8, 30, tzinfo=UTC), True),  # 09:30 BST
        (datetime.datetime(2026, 3, 29, 9, 30, tzinfo=UTC), False),  # 10:30 BST
        # Clocks go back at 01:00 UTC on Sunday 25 October 2026.
        (datetime.datetime(2026, 10, 18, 8, 30, tzinfo=UTC), True),  # 09:30 BST
        (datetime.datetime(2026, 10, 25, 8, 30, tzinfo=UTC), False),  # 08:30 GMT
        (datetime.datetime(2026, 10, 25, 9, 30, tzinfo=UTC), True),  # 09:30 GMT
    ],
)
def test_is_open_at_across_the_bst_boundary(db, moment, expected):
    service = _service()
    _schedule(
        service, freq="WEEKLY", byday="SU", opens_at=datetime.time(9), closes_at=datetime.time(10)
    )
    assert is_open_at(service, moment) is expected


def test_is_open_at_takes_the_weekday_in_london(db):
    service = _service()
    _schedule(
        service,
        freq="WEEKLY",
        byday="SA",
        opens_at=datetime.time(22),
        closes_at=datetime.time(23, 59),
    )
    # 23:30 UTC on Saturday is 23:30 GMT in March (Saturday) but 00:30 BST on Sunday in June.
    assert is_open_at(service, datetime.datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) is True
    assert is_open_at(service, datetime.datetime(2026, 6, 6, 23, 30, tzinfo=UTC)) is False


def test_is_open_at_past_midnight(db):
    service = _service()
    _schedule(
        service, freq="WEEKLY", byday="FR", opens_at=datetime.time(18), closes_at=datetime.time(2)
    )
    friday_late = datetime.datetime(2026, 6, 5, 23, 0, tzinfo=UTC)  # 00:00 BST Saturday
    saturday_late = datetime.datetime(2026, 6, 6, 23, 0, tzinfo=UTC)  # 00:00 BST Sunday
    assert is_open_at(service, friday_late) is True
    assert is_open_at(service, saturday_late) is False


def test_is_open_at_all_day_and_naive_times_are_london(db):
    service = _service()
    _schedule(
        service,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR,SA,SU",
        opens_at=datetime.time(0),
        closes_at=datetime.time(0),
    )
    assert is_open_at(service, datetime.datetime(2026, 6, 7, 3, 0)) is True


def test_is_open_at_monthly_nth_weekday(db):
    service = _service()
    _schedule(
        service,
        freq="MONTHLY",
        byday="1TH,-1FR",
        opens_at=datetime.time(18),
        closes_at=datetime.time(20),
    )
    assert is_open_at(service, datetime.datetime(2026, 1, 1, 19, 0)) is True  # first Thursday
    assert is_open_at(service, datetime.datetime(2026, 1, 8, 19, 0)) is False  # second Thursday
    assert is_open_at(service, datetime.datetime(2026, 1, 30, 19, 0)) is True  # last Friday


def test_is_open_at_fortnightly_from_dtstart(db):
    service = _service()
    _schedule(
        service,
        freq="WEEKLY",
        interval=2,
        byday="SA",
        dtstart=datetime.date(2026, 1, 3),
        opens_at=datetime.time(11),
        closes_at=datetime.time(13),
    )
    assert is_open_at(service, datetime.datetime(2026, 1, 3, 12, 0)) is True
    assert is_open_at(service, datetime.datetime(2026, 1, 10, 12, 0)) is False
    assert is_open_at(service, datetime.datetime(2026, 1, 17, 12, 0)) is True


def test_is_open_at_fixed_offset_times(db):
    service = _service()
    _schedule(
        service,
        freq="WEEKLY",
        byday="MO",
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
        time_offset="Z",
    )
    # 09:30 BST is 08:30 UTC: before 09:00Z.
    assert is_open_at(service, datetime.datetime(2026, 6, 1, 9, 30)) is False


def test_is_open_at_without_hours_is_unknown_and_location_hours_are_the_fallback(db):
    service = _service()
    assert is_open_at(service, timezone.now()) is None
    location = Location.objects.create(location_type="physical", name="Hub")
    ServiceAtLocation.objects.create(service=service, location=location)
    _schedule(
        location=location,
        freq="WEEKLY",
        byday="MO",
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    assert is_open_at(location, datetime.datetime(2026, 6, 1, 10, 0)) is True
    assert is_open_at(service, datetime.datetime(2026, 6, 1, 10, 0)) is True
    assert is_open_at(service, datetime.datetime(2026, 6, 2, 10, 0)) is False


def test_is_free_and_stale(db):
    service = _service(assured_date=datetime.date(2026, 1, 1))
    service.cost_options.create(amount=0, option="Free")
    assert service.is_free
    assert Service.objects.free().get() == service
    assert service.is_stale(datetime.date(2026, 7, 1))  # 181 days
    assert not service.is_stale(datetime.date(2026, 6, 30))


def test_near_finds_services_within_the_radius_sorted_by_distance(db):
    near, far = _service(name="Near"), _service(name="Far")
    for service, (lat, lng) in ((near, (52.61, -1.5)), (far, (52.7, -1.5))):
        location = Location.objects.create(location_type="physical", latitude=lat, longitude=lng)
        ServiceAtLocation.objects.create(service=service, location=location)
    found = list(Service.objects.near(52.6, -1.5, 5).order_by("distance_sq"))
    assert found == [near]
    assert found[0].distance_km == pytest.approx(1.11, abs=0.02)
    assert list(Service.objects.near(52.6, -1.5, 20).order_by("distance_sq")) == [near, far]


def test_for_age_treats_missing_limits_as_open(db):
    teen = _service(minimum_age=13, maximum_age=18)
    anyone = _service()
    assert set(Service.objects.for_age(15)) == {teen, anyone}
    assert set(Service.objects.for_age(10)) == {anyone}


def test_setting_and_access_route_terms_filter_the_columns(db):
    nhs = _service(setting="nhs", access_route="referral")
    _service(setting="community", access_route="self-referral")
    assert list(Service.objects.with_term(vocabulary.SETTINGS.term_id("nhs"))) == [nhs]
    assert Service.objects.in_taxonomy(vocabulary.ACCESS_ROUTES.id).count() == 2


def test_built_in_taxonomies_match_the_vocabulary(db):
    for taxonomy in vocabulary.TAXONOMIES:
        stored = Taxonomy.objects.get(pk=taxonomy.id)
        assert stored.name == taxonomy.name
        terms = {t.term: (t.name, t.description, t.taxonomy_text) for t in stored.terms.all()}
        assert terms == {code: (name, desc, taxonomy.name) for code, name, desc in taxonomy.terms}
    assert TaxonomyTerm.objects.count() == sum(len(t.terms) for t in vocabulary.TAXONOMIES)


def test_vocabulary_covers_thrive_groups_topics_and_every_grid_option_kind():
    assert [code for code, *_ in vocabulary.THRIVE.terms] == [g.value for g in NeedsGroup]
    assert [code for code, *_ in vocabulary.TOPICS.terms] == list(TOPICS)
    kinds = set()
    for path in glob.glob("content/grids/*.yaml"):
        with open(path, encoding="utf-8") as handle:
            kinds |= {o["kind"] for o in yaml.safe_load(handle)["options"] if o.get("kind")}
    assert kinds <= {code for code, *_ in vocabulary.OPTION_KINDS.terms}
