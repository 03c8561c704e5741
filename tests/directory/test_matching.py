import pytest
from django.utils import timezone

from thrivegrids.directory import vocabulary
from thrivegrids.directory.matching import (
    LOCAL_RADIUS_KM,
    default_place,
    services_for_option,
    services_for_options,
)
from thrivegrids.directory.models import (
    Attribute,
    Location,
    Organization,
    Place,
    Service,
    ServiceAtLocation,
)

# 0.01 degrees of latitude is about 1.1 km.
CENTRE = (52.6, -1.5)


@pytest.fixture
def valleyford(db):
    return Place.objects.create(
        name="Valleyford", slug="valleyford", latitude=CENTRE[0], longitude=CENTRE[1]
    )


def _service(name, *, kinds=("peer-support",), topics=("low-mood",), at=(), **fields):
    organization, _ = Organization.objects.get_or_create(name="Org", description="A charity.")
    service = Service.objects.create(
        organization=organization, name=name, last_modified=timezone.now(), **fields
    )
    for taxonomy, codes in ((vocabulary.OPTION_KINDS, kinds), (vocabulary.TOPICS, topics)):
        for code in codes:
            Attribute.objects.create(
                service=service, taxonomy_term_id=taxonomy.term_id(code), link_type="tag"
            )
    for latitude, longitude in at:
        location = Location.objects.create(
            location_type="physical", latitude=latitude, longitude=longitude
        )
        ServiceAtLocation.objects.create(service=service, location=location)
    return service


def _names(matches):
    return [match.name for match in matches]


def test_nearest_services_come_first_then_those_without_a_location(valleyford):
    _service("Alpha far", at=[(CENTRE[0] + 0.2, CENTRE[1])])  # about 22 km
    _service("Zulu near", at=[(CENTRE[0] + 0.01, CENTRE[1])])
    _service("Bravo phone line")
    _service("Mike middle", at=[(CENTRE[0] + 0.05, CENTRE[1])])

    matches = services_for_option("peer-support", "low-mood", valleyford)

    assert _names(matches) == ["Zulu near", "Mike middle", "Alpha far"]
    assert matches[0].distance_km == pytest.approx(1.11, abs=0.01)


def test_locationless_services_fill_up_to_the_limit(valleyford):
    _service("Near", at=[CENTRE])
    _service("Online B")
    _service("Online A")

    matches = services_for_option("peer-support", "low-mood", valleyford, limit=5)

    assert _names(matches) == ["Near", "Online A", "Online B"]
    assert [m.distance_km for m in matches] == [0, None, None]


def test_services_beyond_the_local_radius_are_left_out(valleyford):
    degrees = (LOCAL_RADIUS_KM + 5) / 111.2
    _service("Far away", at=[(CENTRE[0] + degrees, CENTRE[1])])

    assert services_for_option("peer-support", "low-mood", valleyford) == []


def test_the_nearest_of_a_services_locations_counts(valleyford):
    _service("Two sites", at=[(CENTRE[0] + 0.5, CENTRE[1]), (CENTRE[0] + 0.02, CENTRE[1])])

    [match] = services_for_option("peer-support", "low-mood", valleyford)

    assert match.distance_km == pytest.approx(2.22, abs=0.01)


def test_without_a_place_services_are_listed_by_name(db):
    _service("Charlie", at=[CENTRE])
    _service("Alpha", at=[(CENTRE[0] + 3, CENTRE[1])])
    _service("Bravo")
    _service("Delta")

    matches = services_for_option("peer-support", "low-mood", None)

    assert _names(matches) == ["Alpha", "Bravo", "Charlie"]
    assert {m.distance_km for m in matches} == {None}


def test_topic_must_match_when_the_grid_topic_has_a_term(db):
    _service("Low mood group", topics=["low-mood"])
    _service("ADHD group", topics=["adhd"])
    _service("Untagged group", topics=[])

    assert _names(services_for_option("peer-support", "low-mood", None)) == ["Low mood group"]
    assert _names(services_for_option("peer-support", "no-such-topic", None)) == [
        "ADHD group",
        "Low mood group",
        "Untagged group",
    ]


def test_only_active_services_match(db):
    _service("Open group")
    _service("Closed group", status=Service.Status.DEFUNCT)
    _service("Paused group", status=Service.Status.TEMPORARILY_CLOSED)

    assert _names(services_for_option("peer-support", "low-mood", None)) == ["Open group"]


def test_a_service_tagged_twice_with_a_kind_is_listed_once(db):
    _service("Twice tagged", kinds=["peer-support", "peer-support"])

    assert _names(services_for_option("peer-support", "low-mood", None)) == ["Twice tagged"]


def test_every_kind_is_matched_in_one_query(valleyford, django_assert_num_queries):
    for index in range(5):
        _service(f"Peer {index}", kinds=["peer-support", "helpline"], at=[CENTRE])
        _service(f"Coach {index}", kinds=["coaching"])

    with django_assert_num_queries(1):
        matches = services_for_options(
            ["peer-support", "helpline", "coaching", "medication", "not-a-kind", ""],
            "low-mood",
            valleyford,
        )

    assert {kind: len(found) for kind, found in matches.items()} == {
        "peer-support": 3,
        "helpline": 3,
        "coaching": 3,
        "medication": 0,
    }


def test_default_place_is_read_from_the_setting(valleyford, settings):
    settings.THRIVEGRIDS_DEFAULT_PLACE = "Valleyford"
    assert default_place() == valleyford
    settings.THRIVEGRIDS_DEFAULT_PLACE = "Nowhere"
    assert default_place() is None
    settings.THRIVEGRIDS_DEFAULT_PLACE = ""
    assert default_place() is None
