"""Journey: from a grid, open the other grid of its pair (NHS and community help as equals) and back."""

import re

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_nhs_grid_links_to_community_grid_and_back(page, site):
    page.goto(site + "/grids/low-mood/nhs/")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(r"^Help in the community: Low mood$")).click()

    page.wait_for_url(re.compile(r"/grids/low-mood/community/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Help in the community"
    assert page.locator(".tg-grid-table thead th").count() >= 3
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(r"^Help from the NHS: Low mood$")).click()

    page.wait_for_url(re.compile(r"/grids/low-mood/nhs/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Help from the NHS"
    assert_accessible(page)
