"""Journey: the practitioner who recorded a conversation corrects it, by keyboard, and at 320 px
the correction page, the summary that says it was corrected and the corrections page still fit."""

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    press_tab_until,
)
from tests.browser.test_share_summary import signed_in
from tests.conversations.test_summary import recorded_conversation
from thrivegrids.conversations.models import Correction

pytestmark = pytest.mark.browser


def test_practitioner_corrects_a_recorded_conversation(context, page, site):
    conversation = recorded_conversation()
    signed_in(context, site, conversation.recorded_by)
    page.set_viewport_size({"width": 320, "height": 800})

    page.goto(f"{site}/conversations/{conversation.pk}/summary/")
    page.get_by_role("link", name="Correct this record").click()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    # Saving without a reason: the problem is named beside the field, and the typing is kept.
    page.locator("#id_young_person-what_matters").fill("Football and band practice")
    page.get_by_role("button", name="Save the correction").click()
    expect_text = page.locator(".nhsuk-error-summary").inner_text()
    assert "Say why you are correcting the record" in expect_text
    assert page.locator("#id_young_person-what_matters").input_value() == (
        "Football and band practice"
    )
    assert_accessible(page)
    # By keyboard: the reason, then the button.
    press_tab_until(page, "#id_reason")
    page.keyboard.type("She said band practice matters as much.")
    press_tab_until(page, "button.nhsuk-button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/summary/?corrected=1")
    assert "This summary was corrected on" in page.locator(".tg-summary").inner_text()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="See what changed (1 correction)").click()
    assert "Football and band practice" in page.content()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    assert Correction.objects.count() == 1
