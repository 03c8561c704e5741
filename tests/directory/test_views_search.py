"""The public directory search page (no login)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Q
from django.utils import timezone

from tests.directory.pages import SEARCH, all_names, names, service_named, unescape
from thrivegrids.directory import hours
from thrivegrids.directory.models import Place, Schedule, Service


def test_search_page_is_public_and_lists_services(directory, anonymous):
    response = anonymous.get(SEARCH)

    assert response.status_code == 200
    assert "40 services found" in response.content.decode()
    assert len(names(response)) == 20


def test_search_in_arabic_has_arabic_interface(directory, anonymous):
    response = anonymous.get("/ar" + SEARCH)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar" dir="rtl"' in html
    assert "Find local services" not in html


def test_search_does_not_start_a_session(directory, anonymous):
    response = anonymous.get(SEARCH + "?q=peer")

    assert "sessionid" not in response.cookies


def test_search_by_text_puts_name_matches_first(directory, anonymous):
    response = anonymous.get(SEARCH + "?q=peer+support")

    found = names(response)
    assert found[0] in ("ADHD Parent Peer Group", "Tuesday Peer Support Group")
    assert found[0] == "Tuesday Peer Support Group"  # the whole phrase is in its name
    assert all("eer" in name or True for name in found)


def test_search_by_text_with_no_match_says_so(directory, anonymous):
    response = anonymous.get(SEARCH + "?q=zzzyzzy")

    assert "No services match your search" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("group=getting-risk-support", lambda s: "getting-risk-support" in _groups(s)),
        ("setting=community", lambda s: s.setting == "community"),
        ("only=self-referral", lambda s: s.access_route in ("self-referral", "drop-in")),
        ("only=free", lambda s: s.is_free),
        ("age=20", lambda s: (s.minimum_age or 0) <= 20 <= (s.maximum_age or 200)),
        ("language=ar", lambda s: "ar" in {lang.code for lang in s.languages.all()}),
        ("topic=adhd", lambda s: "adhd" in _topics(s)),
        ("kind=peer-support", lambda s: "peer-support" in _kinds(s)),
    ],
)
def test_each_filter_keeps_only_matching_services(directory, anonymous, query, check):
    found = all_names(anonymous, query)

    assert found
    services = Service.objects.filter(name__in=found)
    assert all(check(service) for service in services), query
    expected = [s.name for s in Service.objects.all() if check(s)]
    assert sorted(found) == sorted(expected)


def _groups(service):
    return {
        a.taxonomy_term.term
        for a in service.attributes.all()
        if a.link_type == "thrive_needs_group"
    }


def _kinds(service):
    return {a.taxonomy_term.term for a in service.attributes.all() if a.link_type == "option_kind"}


def _topics(service):
    return {a.taxonomy_term.term for a in service.attributes.all() if a.link_type == "topic"}


def test_filters_combine(directory, anonymous):
    found = all_names(anonymous, "setting=community&only=free&age=8&language=ar")

    assert "Arabic-speaking Parents' Group" in found
    assert "CAMHS Getting Help Team" not in found


# A Friday at 5.30pm in London, when the Hub Drop-in Café's own hours (Wednesdays and Fridays,
# 3.30pm to 7pm) have it open: the filter is tested at a moment its answer depends on.
FRIDAY_EVENING = datetime.datetime(2026, 6, 5, 17, 30, tzinfo=ZoneInfo("Europe/London"))


@time_machine.travel(FRIDAY_EVENING, tick=False)
def test_open_now_filter_keeps_services_open_at_this_moment(directory, anonymous):
    always = service_named("Samaritans")
    Schedule.objects.filter(service=always).delete()
    Schedule.objects.create(service=always, freq="WEEKLY", byday="MO,TU,WE,TH,FR,SA,SU")
    never = service_named("Hub Drop-in Café")
    assert hours.is_open_at(never, timezone.now()) is True
    # Every schedule of its own and of its locations ended long ago.
    Schedule.objects.filter(Q(service=never) | Q(service_at_location__service=never)).update(
        valid_to=datetime.date(2000, 1, 1)
    )
    assert hours.is_open_at(service_named("Hub Drop-in Café"), timezone.now()) is False

    found = all_names(anonymous, "only=open-now")

    assert "Samaritans" in found
    assert "Hub Drop-in Café" not in found
    now = timezone.now()
    for service in Service.objects.filter(name__in=found).prefetch_related(
        "schedules", "service_at_locations__schedules", "service_at_locations__location__schedules"
    ):
        assert hours.is_open_at(service, now) is True


def test_place_sorts_by_distance_with_no_fixed_place_last(directory, anonymous):
    response = anonymous.get(SEARCH + "?place=brookmere")

    html = response.content.decode()
    assert "Nearest to Brookmere first." in html
    found = names(response)
    assert found[0] == "Youth Clinic at Brookmere Health Centre"
    distances = [float(d) for d in re.findall(r"([\d.]+) miles from Brookmere", html)]
    assert distances == sorted(distances)
    assert len(distances) == len(found)  # the first page has only services with a place
    everything = all_names(anonymous, "place=Brookmere")
    assert everything[-1] in {
        "Childline",
        "Online CBT for Young Adults",
        "Riverside Online Chat",
        "Riverside Parents' Line",
        "Samaritans",
        "Shout 85258",
        "Valley Youth Hub Self-help Toolkit",
    }


def test_browser_location_sorts_by_distance_and_is_carried_to_the_service_page(
    directory, anonymous
):
    brookmere = Place.objects.get(name="Brookmere")

    response = anonymous.get(SEARCH, {"lat": brookmere.latitude, "lng": brookmere.longitude})

    html = response.content.decode()
    assert "Nearest to your location first." in html
    assert names(response)[0] == "Youth Clinic at Brookmere Health Centre"
    assert "?lat=52.631&amp;lng=-1.472" in html


def test_unknown_place_gives_an_error_and_keeps_what_was_typed(directory, anonymous):
    response = anonymous.get(SEARCH + "?place=Atlantis&q=music")

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "We cannot find Atlantis. Enter a town or area from the list, like" in html
    assert 'href="#place"' in html
    assert 'value="Atlantis"' in html
    assert 'value="music"' in html
    assert "<title>Error:" in html
    assert names(response) == []


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("age=fifteen", "age", "Enter the age as a number, like 15"),
        ("age=150", "age", "Age must be between 0 and 120"),
        ("group=sad", "group", "Select a group from the list"),
        ("setting=hospital", "setting", "Select NHS, community or both"),
        ("only=cheap", "only", "Select only options from the list"),
        ("lat=52.6", "place", "We could not use your location"),
        ("lat=north&lng=1", "place", "We could not use your location"),
    ],
)
def test_bad_filter_values_give_a_clear_error(directory, anonymous, query, field, message):
    response = anonymous.get(f"{SEARCH}?{query}")

    html = response.content.decode()
    assert message in html
    assert f'href="#{field}"' in html
    assert names(response) == []


def test_bad_age_keeps_what_was_typed(directory, anonymous):
    response = anonymous.get(SEARCH + "?age=fifteen")

    assert 'value="fifteen"' in response.content.decode()


def test_results_are_paginated(directory, anonymous):
    first = anonymous.get(SEARCH)
    second = anonymous.get(SEARCH + "?page=2")
    beyond = anonymous.get(SEARCH + "?page=99")

    assert len(names(first)) == 20
    assert len(names(second)) == 20
    assert set(names(first)).isdisjoint(names(second))
    assert names(beyond) == names(second)  # past the end shows the last page
    html = first.content.decode()
    assert 'aria-label="Page 2"' in html
    assert 'aria-current="page"' in html


def test_pagination_keeps_the_filters(directory, anonymous):
    response = anonymous.get(SEARCH + "?setting=community&age=14")

    assert "?setting=community&amp;age=14&amp;page=2" in response.content.decode()


def test_htmx_request_gets_only_the_results(directory, anonymous):
    response = anonymous.get(
        SEARCH + "?setting=nhs", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="results-status" hx-swap-oob="innerHTML"' in html
    assert all(service_named(unescape(n)).setting == "nhs" for n in names(response))
    assert "HX-Request" in response["Vary"]


def test_htmx_request_with_an_error_swaps_the_whole_page_body(directory, anonymous):
    response = anonymous.get(
        SEARCH + "?age=old", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    )

    assert response["HX-Retarget"] == "#maincontent"
    assert response["HX-Reselect"] == "#maincontent"
    assert 'id="maincontent"' in response.content.decode()


def test_search_page_loads_htmx_and_its_module_from_our_origin(directory, anonymous):
    html = anonymous.get(SEARCH).content.decode()

    assert "/static/vendor/htmx.min.js" in html
    assert "/static/directory/search.mjs" in html
    assert "<script>" not in html  # CSP: no inline scripts


def test_htmx_results_push_a_tidy_address(directory, anonymous):
    response = anonymous.get(
        SEARCH + "?q=&place=Brookmere&lat=&lng=&age=&only=free&only=open-now",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="search-results",
    )

    assert response["HX-Push-Url"] == "/services/?place=Brookmere&only=free&only=open-now"


def test_search_rejects_an_unknown_kind_of_help_and_keeps_what_was_typed(directory, anonymous):
    response = anonymous.get(f"{SEARCH}?q=football&kind=juggling")

    text = response.content.decode()
    assert "Select a kind of help from the list" in text
    assert 'value="football"' in text


@pytest.mark.parametrize("query", ["", "?q=group", "?place=Valleyford&only=free&age=12"])
def test_search_takes_a_fixed_number_of_queries(
    directory, anonymous, django_assert_max_num_queries, query
):
    with django_assert_max_num_queries(12):
        anonymous.get(SEARCH + query)


def test_layout_links_to_the_directory(db, anonymous):
    html = anonymous.get("/grids/").content.decode()

    assert 'href="/services/"' in html
    assert "Find local services" in html
