"""Journey: compare two options using the keyboard only, then make a mistake and recover from it."""

import pytest

from tests.browser.conftest import assert_accessible, press_tab_until

pytestmark = pytest.mark.browser

COMPARE_BUTTON = "#compare-options button"


def _option_headers(page):
    return [text.strip() for text in page.locator(".tg-grid-table thead th").all_inner_texts()][1:]


def test_compare_two_options_with_keyboard_only(page, site):
    page.goto(site + "/grids/low-mood/nhs/")
    assert_accessible(page)
    boxes = page.locator("input[name=compare]")
    assert boxes.count() >= 3
    all_names = _option_headers(page)
    first, second = boxes.nth(0).get_attribute("value"), boxes.nth(2).get_attribute("value")
    first_name, second_name = all_names[0], all_names[2]

    press_tab_until(page, f"input[name=compare][value='{first}']")
    page.keyboard.press("Space")
    press_tab_until(page, f"input[name=compare][value='{second}']")
    page.keyboard.press("Space")
    press_tab_until(page, COMPARE_BUTTON)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert f"compare={first}" in page.url and f"compare={second}" in page.url
    assert _option_headers(page) == [first_name, second_name]
    assert page.locator(".tg-option-detail h3").all_inner_texts() == [first_name, second_name]
    assert page.locator("input[name=compare]:checked").count() == 2
    assert page.locator(".nhsuk-error-summary").count() == 0
    assert_accessible(page)

    # Untick one of the two, so only one is chosen: that is not a comparison.
    press_tab_until(page, f"input[name=compare][value='{second}']")
    page.keyboard.press("Space")
    press_tab_until(page, COMPARE_BUTTON)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible()
    assert "Choose at least 2 options to compare." in summary.inner_text()
    # The NHS.UK error summary takes focus on load, so a screen reader announces it first.
    page.wait_for_function("document.activeElement.classList.contains('nhsuk-error-summary')")
    assert page.locator("#compare-error").is_visible()
    assert _option_headers(page) == all_names
    assert_accessible(page)

    # Its link takes keyboard focus to the first checkbox of the question in error.
    press_tab_until(page, ".nhsuk-error-summary a")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.name === 'compare'")
    assert page.evaluate("document.activeElement.id") == "compare"
    legend = page.locator("#compare-options legend").bounding_box()
    assert 0 <= legend["y"] < page.viewport_size["height"], (
        "the question should be scrolled into view"
    )
