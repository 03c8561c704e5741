"""Grid pages list matching directory services for each option, nearest the site's default area."""

import datetime
import io
import re
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from tests import clock
from tests.directory import feeds
from tests.recorded_rows import replay
from thrivegrids.core.content_generation import bump_content_generation
from thrivegrids.directory import vocabulary
from thrivegrids.directory.matching import ServiceMatch
from thrivegrids.directory.models import Service
from thrivegrids.grids import presenters

COMMUNITY = "/grids/low-mood/community/"
NHS = "/grids/low-mood/nhs/"
GAP = "No matching local services listed yet."


@pytest.fixture(scope="module")
def demo_area(demo_grids_recording, demo_directory_recording, django_db_blocker):
    """Demo grids, directory and gazetteer, copied in once per module (the grids and directory
    are loaded once a session: see the root conftest) and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        replay(demo_grids_recording)
        replay(demo_directory_recording)
        call_command(
            "import_places", "content/directory/example-valley-places.csv", stdout=io.StringIO()
        )
        yield
        transaction.set_rollback(True)


# The day these tests run on: every demo service was checked within the freshness limit.
TODAY = datetime.date(2026, 7, 1)


@pytest.fixture
def site(demo_area, db, settings, time_machine):
    settings.THRIVEGRIDS_DEFAULT_PLACE = "Valleyford"
    settings.THRIVEGRIDS_DIRECTORY_FRESHNESS_DAYS = 365
    time_machine.move_to(clock.noon(TODAY), tick=False)


def _option_section(response, key):
    html = response.content.decode()
    match = re.search(rf'<section[^>]*id="option-{key}".*?</section>', html, re.S)
    assert match, f"no section for option {key}"
    return match.group(0)


def _listed(section):
    """The names of the services listed in an option's section, in order."""
    return [unescape(name) for name in re.findall(r"<li>.*?<bdi>(.*?)</bdi>", section, re.S)]


def _import(tmp_path, *records):
    call_command(
        "import_oruk",
        str(feeds.write(tmp_path / "extra.json", list(records))),
        "--feed",
        "extra",
        stdout=io.StringIO(),
    )


def _peer_support_record(name, latitude, longitude):
    record = feeds.service(name=name)
    record["attributes"] += [
        feeds.built_in_attribute(vocabulary.OPTION_KINDS, "peer-support"),
        feeds.built_in_attribute(vocabulary.TOPICS, "low-mood"),
    ]
    location = record["service_at_locations"][0]["location"]
    location["latitude"], location["longitude"] = latitude, longitude
    return record


def test_community_grid_lists_the_three_nearest_matching_services(client, site):
    section = _option_section(client.get(COMMUNITY), "peer-support-group")

    assert "Services near you for this option" in section
    assert _listed(section) == [
        "Hub Drop-in Café",
        "Tuesday Peer Support Group",
        "Sanctuary Evening Crisis Café",
    ]
    assert "(Help in the community, 0.1 miles from Valleyford)" in section


def test_each_listed_service_links_to_its_page(client, site):
    section = _option_section(client.get(COMMUNITY), "peer-support-group")

    service = Service.objects.get(name="Tuesday Peer Support Group")
    href = reverse("directory:show_service", kwargs={"service_id": service.pk})
    assert f'href="{href}?place=Valleyford"' in section


def test_see_all_links_to_the_search_filtered_like_the_list(client, site):
    section = _option_section(client.get(COMMUNITY), "peer-support-group")

    search = reverse("directory:search_services")
    assert f'href="{search}?kind=peer-support&amp;topic=low-mood&amp;place=Valleyford"' in section
    assert "See all" in section


def test_nhs_grid_lists_services_the_same_way(client, site):
    section = _option_section(client.get(NHS), "medicine-with-therapy")

    assert _listed(section) == ["CAMHS Getting More Help Team", "Young Adult Mental Health Team"]
    assert "(Help from the NHS, 0.1 miles from Valleyford)" in section


def test_a_nearer_service_comes_first_whatever_its_name(client, site, tmp_path):
    _import(tmp_path, _peer_support_record("Zebra crossing peer group", 52.6, -1.5))

    section = _option_section(client.get(COMMUNITY), "peer-support-group")

    assert _listed(section)[0] == "Zebra crossing peer group"
    assert "Less than 0.1 miles from Valleyford" in section


def test_without_a_default_place_services_are_listed_by_name(client, site, settings):
    settings.THRIVEGRIDS_DEFAULT_PLACE = ""

    section = _option_section(client.get(COMMUNITY), "peer-support-group")

    assert _listed(section) == [
        "Arabic-speaking Parents' Group",
        "Hub Drop-in Café",
        "Sanctuary Evening Crisis Café",
    ]
    assert "miles from" not in section
    assert "place=" not in section
    assert "(Help in the community)" in section


def test_option_without_matching_services_shows_the_gap(client, site):
    peer_support = vocabulary.OPTION_KINDS.term_id("peer-support")
    Service.objects.filter(attributes__taxonomy_term_id=peer_support).update(status="inactive")

    page = client.get(COMMUNITY)

    gap = _option_section(page, "peer-support-group")
    assert GAP in gap
    assert _listed(gap) == []
    assert "Search the directory of services" in gap
    assert GAP not in _option_section(page, "physical-activity")


def test_every_option_shows_the_gap_when_the_directory_is_empty(client, demo_area, db):
    Service.objects.update(status="defunct")

    html = client.get(COMMUNITY).content.decode()

    assert html.count(GAP) == 6


def test_grid_page_queries_do_not_grow_with_the_directory(client, site):
    with CaptureQueriesContext(connection) as small:
        assert client.get(COMMUNITY).status_code == 200
    call_command("generate_directory", "--services", "400", stdout=io.StringIO())

    with CaptureQueriesContext(connection) as large:
        assert client.get(COMMUNITY).status_code == 200

    assert len(large) == len(small)


def test_grid_page_makes_a_bounded_number_of_queries(client, site, django_assert_max_num_queries):
    # Ten for the grid itself, two for local services: the place, and one for every option.
    with django_assert_max_num_queries(12) as queries:
        client.get(COMMUNITY)

    directory = [query for query in queries.captured_queries if "directory_" in query["sql"]]
    assert len(directory) == 2


def test_importing_services_refreshes_the_cached_grid_page(client, site, tmp_path):
    before = client.get(COMMUNITY)
    with CaptureQueriesContext(connection) as cached:
        assert client.get(COMMUNITY).content == before.content
    assert len(cached) <= 1  # only the content generation is read

    _import(tmp_path, _peer_support_record("Brand new peer group", 52.6, -1.5))

    after = client.get(COMMUNITY)
    assert after["ETag"] != before["ETag"]
    assert "Brand new peer group" in _listed(_option_section(after, "peer-support-group"))


def test_arabic_grid_page_translates_the_section(client, site):
    with translation.override("ar"):
        heading = translation.gettext("Services near you for this option")
    assert heading != "Services near you for this option"

    section = _option_section(client.get("/ar" + COMMUNITY), "peer-support-group")

    assert heading in section


def test_grid_pdf_does_not_query_the_directory(client, site):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(COMMUNITY + "print.pdf").status_code == 200

    assert not any("directory_" in query["sql"] for query in queries)


def test_demo_make_target_sets_a_default_place_that_exists():
    makefile = Path("Makefile").read_text(encoding="utf-8")
    match = re.search(r"THRIVEGRIDS_DEFAULT_PLACE=(\S+)", makefile)
    assert match
    places = Path("content/directory/example-valley-places.csv").read_text(encoding="utf-8")
    names = [line.split(",")[0] for line in places.splitlines()]
    assert match.group(1) in names


def test_demo_directory_covers_every_community_option_kind():
    """Each option kind used on a grid has a demo service, so no demo grid shows a false gap."""
    tagged = {
        attribute["taxonomy_term"]["term"]
        for record in feeds.demo_records()
        for attribute in record.get("attributes", [])
        if attribute.get("link_type") == vocabulary.OPTION_KINDS.link_type
    }
    assert {code for code, *_ in vocabulary.OPTION_KINDS.terms} <= tagged


def test_without_the_directory_pages_services_are_listed_unlinked(monkeypatch):
    def no_directory_pages(name, kwargs=None):
        raise NoReverseMatch(name)

    monkeypatch.setattr(presenters, "reverse", no_directory_pages)

    # Outside a request: fix the language, which an earlier test on this worker may have changed.
    with translation.override("en"):
        items = presenters.local_service_items([ServiceMatch("1", "Peer group", "community", 1.0)])

    assert items[0]["href"] == ""
    assert items[0]["facts"] == "Help in the community"
    assert presenters.search_services_href("peer-support", "low-mood") == ""


def test_a_service_not_checked_within_the_freshness_limit_is_not_listed(client, site, settings):
    before = _listed(_option_section(client.get(COMMUNITY), "peer-support-group"))
    stale = Service.objects.get(name=before[0])
    Service.objects.filter(pk=stale.pk).update(assured_date=TODAY - datetime.timedelta(days=366))
    bump_content_generation()

    after = _listed(_option_section(client.get(COMMUNITY), "peer-support-group"))

    assert before[0] not in after


def test_a_service_for_other_ages_is_not_listed(client, site):
    before = _listed(_option_section(client.get(COMMUNITY), "peer-support-group"))
    adults_only = Service.objects.get(name=before[0])
    Service.objects.filter(pk=adults_only.pk).update(minimum_age=19, maximum_age=None)
    bump_content_generation()

    after = _listed(_option_section(client.get(COMMUNITY), "peer-support-group"))

    assert before[0] not in after
