"""Journeys through the directory of help: search on a phone, filter, open a service, report a
problem, make and share a shortlist; in English and Arabic, with and without JavaScript."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import (
    PHONE,
    WIDE,
    assert_accessible,
    assert_no_horizontal_scroll,
)

pytestmark = pytest.mark.browser

BROOKMERE = {"latitude": 52.631, "longitude": -1.472}


create_taxonomies = import_module(
    "thrivegrids.directory.migrations.0002_built_in_taxonomies"
).create_taxonomies


@pytest.fixture
def directory(site):
    """The example area's services and places, on the live server (with the demo grids).

    The built-in taxonomies come from a data migration that the flush after each transactional
    test deletes, so put them back first with the migration's own (idempotent) function.
    """
    create_taxonomies(apps, schema_editor=None)
    call_command("import_oruk", "content/directory/example-valley.json", "--feed", "example-valley")
    call_command("import_places", "content/directory/example-valley-places.csv")
    return site


def _results_heading(page):
    return page.locator("#results-heading").inner_text()


def _result_names(page):
    return page.locator(".tg-service-card .nhsuk-card__heading").all_inner_texts()


def _button(page, action, service):
    """A shortlist button: its accessible name is the action, then the service's name."""
    return page.get_by_role("button", name=re.compile(rf"^{action}\W+{re.escape(service)}$"))


def _wait_for_results_change(page, before):
    expect(page.locator("#results-heading")).not_to_have_text(before)


def test_search_on_a_phone_filter_and_open_a_service(page, directory):
    page.set_viewport_size(PHONE)
    page.goto(directory + "/services/")
    assert _results_heading(page) == "40 services found"
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    # Choosing a place and a filter updates the results in place (htmx), and the address bar.
    page.get_by_label("Town or area").fill("Brookmere")
    page.get_by_label("Town or area").press("Tab")
    expect(page.locator(".tg-order")).to_contain_text("Brookmere")
    assert _result_names(page)[0] == "Youth Clinic at Brookmere Health Centre"
    before = _results_heading(page)
    page.get_by_text("Filters").click()
    page.get_by_label("NHS or community").select_option("community")
    _wait_for_results_change(page, before)
    assert "place=Brookmere" in page.url and "setting=community" in page.url
    assert page.locator("#results-status").inner_text() == _results_heading(page)
    community = _result_names(page)
    assert community and "Youth Clinic at Brookmere Health Centre" not in community
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_role("link", name=community[0]).click()

    page.wait_for_url(re.compile(r"/services/[0-9a-f-]{36}/\?place=Brookmere$"))
    assert page.get_by_role("heading", level=1).inner_text() == community[0]
    assert page.get_by_text(re.compile(r"miles from Brookmere")).first.is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_a_mistake_in_a_filter_is_shown_beside_the_field_and_can_be_fixed(page, directory):
    page.goto(directory + "/services/")
    page.get_by_text("Filters").click()
    age = page.get_by_label("Age of the young person")

    age.fill("fifteen")
    age.press("Tab")

    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    assert "Enter the age as a number, like 15" in summary.inner_text()
    expect(summary).to_be_focused()
    assert page.get_by_label("Age of the young person").input_value() == "fifteen"
    assert_accessible(page)

    page.get_by_role("link", name="Enter the age as a number, like 15").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("15")
    page.keyboard.press("Tab")

    page.locator("#results-heading").wait_for()
    assert page.locator(".nhsuk-error-summary").count() == 0
    assert "age=15" in page.url
    assert_accessible(page)


def test_use_my_location_sorts_by_distance(browser, directory):
    context = browser.new_context(viewport=WIDE, geolocation=BROOKMERE, permissions=["geolocation"])
    page = context.new_page()
    page.goto(directory + "/services/")

    page.get_by_role("button", name="Use my location").click()

    expect(page.locator(".tg-order")).to_contain_text("your location")
    assert "lat=52.631" in page.url
    assert _result_names(page)[0] == "Youth Clinic at Brookmere Health Centre"
    context.close()


def test_report_a_problem(page, directory):
    page.goto(directory + "/services/?q=hub+drop-in")
    page.get_by_role("link", name="Hub Drop-in Café").click()
    page.get_by_role("link", name="Report a problem with this information").click()
    assert_accessible(page)

    page.get_by_label("Tell us more (optional)").fill("It now opens at 4pm on Wednesdays.")
    page.get_by_role("button", name="Send report").click()

    summary = page.locator(".nhsuk-error-summary")
    assert "Select what is wrong with this information" in summary.inner_text()
    expect(summary).to_be_focused()
    assert "4pm" in page.get_by_label("Tell us more (optional)").input_value()
    assert_accessible(page)

    page.get_by_label("The opening hours are wrong").check()
    page.get_by_role("button", name="Send report").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Report sent"
    assert_accessible(page)


def test_make_and_share_a_shortlist(page, browser, directory):
    page.goto(directory + "/services/?setting=community")
    first, second = _result_names(page)[:2]

    for name in (first, second):
        _button(page, "Add to shortlist", name).click()
        _button(page, "Remove from shortlist", name).wait_for()
    assert page.locator("#shortlist-size").inner_text() == "2"
    assert_accessible(page)

    page.get_by_role("link", name="Your shortlist").click()
    assert _result_names(page) == [first, second]
    assert_accessible(page)
    page.get_by_role("button", name="Get a link to share").click()

    page.wait_for_url(re.compile(r"/services/shortlist/[\w-]{20,}/$"))
    shared_url = page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Shortlist of services"
    assert_accessible(page)

    # Someone else opens the link: no session of theirs, the same list, read-only.
    other = browser.new_context(viewport=PHONE)
    other_page = other.new_page()
    other_page.goto(shared_url)
    headings = other_page.locator(".tg-shared-service h2").all_inner_texts()
    assert headings == [first, second]
    assert other_page.get_by_role("button", name=re.compile("shortlist")).count() == 0
    assert_no_horizontal_scroll(other_page)
    other.close()


def test_search_and_shortlist_work_without_javascript(browser, directory):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(directory + "/services/")

    page.get_by_label("What are you looking for?").fill("football")
    page.get_by_role("button", name="Search", exact=True).click()

    page.wait_for_url(re.compile(r"q=football"))
    assert _result_names(page)[0] == "Move Your Mood Football"
    _button(page, "Add to shortlist", "Move Your Mood Football").click()
    _button(page, "Remove from shortlist", "Move Your Mood Football").wait_for()
    assert "q=football" in page.url
    assert page.get_by_role("button", name="Use my location").is_hidden()
    context.close()


@pytest.mark.parametrize("width", [PHONE, WIDE], ids=["phone", "wide"])
def test_directory_pages_in_arabic(page, directory, width):
    page.set_viewport_size(width)
    page.goto(directory + "/ar/services/?place=Valleyford")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.locator(".tg-service-card .nhsuk-card__heading a").first.click()
    page.wait_for_url(re.compile(r"/ar/services/[0-9a-f-]{36}/"))
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.locator(".tg-shortlist-form button").click()
    page.wait_for_url(re.compile(r"/ar/services/[0-9a-f-]{36}/"))

    page.goto(directory + "/ar/services/shortlist/")
    assert page.locator(".tg-service-card").count() == 1
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.locator(".tg-share-actions button").click()
    page.wait_for_url(re.compile(r"/ar/services/shortlist/[\w-]{20,}/$"))
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.goto(directory + "/ar/services/")
    page.locator(".tg-service-card .nhsuk-card__heading a").first.click()
    page.locator("a[href$='/report-a-problem/']").click()
    page.wait_for_url(re.compile(r"/ar/services/[0-9a-f-]{36}/report-a-problem/$"))
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.locator("main form button").click()  # no reason chosen: the error, in Arabic
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
