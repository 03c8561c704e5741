"""Journey: a young person opens their take-away summary link on a small phone (320px)."""

import pytest

from tests.browser.conftest import PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.conversations.test_summary import recorded_conversation
from thrivegrids.conversations.summaries import links

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("topic", "language"), [("self-harm", "en"), ("low-mood", "ar")])
def test_young_person_reads_their_summary_on_a_phone(page, site, topic, language):
    conversation = recorded_conversation(topic=topic, language=language)
    _, token = links.create_summary_link(
        by=conversation.created_by, conversation=conversation, language=language
    )
    prefix = "" if language == "en" else f"/{language}"
    page.set_viewport_size(PHONE)

    page.goto(f"{site}{prefix}/s/{token}/")

    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_an_expired_link_page_is_accessible(page, site):
    page.set_viewport_size(PHONE)

    page.goto(f"{site}/s/no-such-link/")

    assert_no_horizontal_scroll(page)
    assert_accessible(page)
