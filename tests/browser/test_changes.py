"""Journey: see what changed in a grid between two versions."""

import re

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_changes_between_versions(page, site):
    page.goto(site + "/grids/low-mood/nhs/")
    page.get_by_role("link", name="See what changed from the last version").click()

    page.wait_for_url(re.compile(r"/grids/low-mood/nhs/changes/$"))
    assert page.get_by_role("heading", name="From version 1 to version 2").is_visible()
    changes = page.locator("ol.tg-changes > li")
    assert changes.count() >= 1
    assert changes.first.locator("h3").inner_text().strip()
    assert page.get_by_label("From version").input_value() == "1"
    assert page.get_by_label("To version").input_value() == "2"
    assert_accessible(page)

    page.get_by_label("From version").select_option("2")
    page.get_by_label("To version").select_option("1")
    page.get_by_role("button", name="Show changes").click()

    page.wait_for_url(re.compile(r"/changes/\?from=2&to=1$"))
    assert page.get_by_role("heading", name="From version 2 to version 1").is_visible()
    assert page.locator("ol.tg-changes > li").count() == changes.count()
    assert_accessible(page)

    page.get_by_label("To version").select_option("2")
    page.get_by_role("button", name="Show changes").click()

    page.wait_for_url(re.compile(r"/changes/\?from=2&to=2$"))
    assert page.get_by_text("Choose two different versions.").is_visible()
    assert page.locator("ol.tg-changes").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Back to the grid").click()
    page.wait_for_url(re.compile(r"/grids/low-mood/nhs/$"))
