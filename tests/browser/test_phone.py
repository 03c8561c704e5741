"""Journey: a young person on a small phone finds the NHS grid for low mood and can read it."""

import re

import pytest

from tests.browser.conftest import PHONE, assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_phone_reader_finds_and_reads_low_mood_nhs_grid(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + "/")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.locator("#topic-low-mood").get_by_role(
        "link", name=re.compile("Help from the NHS")
    ).click()

    page.wait_for_url("**/grids/low-mood/nhs/")
    assert page.get_by_role("heading", level=1).inner_text() == "Help from the NHS"
    assert_no_horizontal_scroll(page)
    table = page.locator(".tg-grid-table table")
    options = [h.strip() for h in table.locator("thead th").all_inner_texts()][1:]
    assert len(options) >= 2
    rows = table.locator("tbody tr")
    assert rows.count() >= 3
    for row_index in range(rows.count()):
        cells = rows.nth(row_index).locator("td")
        assert cells.count() == len(options)
        for cell_index, option in enumerate(options):
            label = cells.nth(cell_index).locator(".nhsuk-table__heading")
            assert label.is_visible(), f"row {row_index}: no visible label for {option}"
            assert label.inner_text().strip() == option
            box = cells.nth(cell_index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
    assert_accessible(page)
