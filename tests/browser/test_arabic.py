"""Journey: switch a grid to Arabic (right to left, columns mirrored) and back to English."""

import re

import pytest

from tests.browser.conftest import WIDE, assert_accessible

pytestmark = pytest.mark.browser


def _header_boxes(page):
    headers = page.locator(".tg-grid-table thead th")
    return (
        headers.nth(0).bounding_box(),
        headers.nth(1).bounding_box(),
        headers.nth(headers.count() - 1).bounding_box(),
    )


def test_switch_grid_to_arabic_and_back(page, site):
    page.set_viewport_size(WIDE)
    page.goto(site + "/grids/low-mood/nhs/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    question, first, last = _header_boxes(page)
    assert question["x"] < first["x"] < last["x"]

    page.get_by_role("link", name="العربية").click()

    page.wait_for_url(re.compile(r"/ar/grids/low-mood/nhs/$"))
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.tg-grid-table table')).direction")
        == "rtl"
    )
    question, first, last = _header_boxes(page)
    assert question["x"] > first["x"] > last["x"], "columns should run right to left"
    assert first["x"] + first["width"] <= question["x"] + 1
    assert_accessible(page)

    page.get_by_role("link", name="English").click()

    page.wait_for_url(re.compile(r"/grids/low-mood/nhs/$"))
    assert "/ar/" not in page.url
    assert html.get_attribute("lang") == "en"
    assert html.get_attribute("dir") == "ltr"
    question, first, last = _header_boxes(page)
    assert question["x"] < first["x"] < last["x"]
    assert_accessible(page)
