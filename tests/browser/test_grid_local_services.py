"""A grid option's local services: read them on a phone, open one, see all; English and Arabic."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command

from tests.browser.conftest import PHONE, WIDE, assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

create_taxonomies = import_module(
    "thrivegrids.directory.migrations.0002_built_in_taxonomies"
).create_taxonomies


@pytest.fixture
def area(site, settings):
    """The demo grids, the example area's directory and gazetteer, measured from Valleyford."""
    create_taxonomies(apps, schema_editor=None)  # the flush after transactional tests drops them
    call_command("import_oruk", "content/directory/example-valley.json", "--feed", "example-valley")
    call_command("import_places", "content/directory/example-valley-places.csv")
    settings.THRIVEGRIDS_DEFAULT_PLACE = "Valleyford"
    return site


def test_open_a_local_service_from_a_grid_option_on_a_phone(page, area):
    page.set_viewport_size(PHONE)
    page.goto(area + "/grids/low-mood/community/")
    option = page.locator("#option-peer-support-group")
    services = option.locator(".tg-local-services li")
    assert services.count() == 3
    assert services.first.inner_text().startswith("Hub Drop-in Café")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    option.get_by_role("link", name="Tuesday Peer Support Group").click()

    page.wait_for_url(re.compile(r"/services/[0-9a-f-]{36}/\?place=Valleyford$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Tuesday Peer Support Group"


def test_see_all_opens_the_search_from_the_same_place(page, area):
    page.goto(area + "/grids/low-mood/community/")

    page.locator("#option-peer-support-group").get_by_role(
        "link", name="See all services for Peer support group"
    ).click()

    page.wait_for_url(re.compile(r"/services/\?kind=peer-support&topic=low-mood&place=Valleyford$"))
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [WIDE, PHONE])
def test_local_services_in_arabic(page, area, viewport):
    page.set_viewport_size(viewport)
    page.goto(area + "/ar/grids/low-mood/community/")

    section = page.locator("#option-peer-support-group .tg-local-services")
    assert section.get_by_role("heading").inner_text() == "خدمات قريبة منك لهذا الخيار"
    assert section.locator("li").count() == 3
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
