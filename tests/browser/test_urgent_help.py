"""Journey: whoever opens ThriveGrids, wherever, finds urgent help in their language.

Every grid page (4 topics x 2 settings x English and Arabic) at 320px, every in-room grid, one
take-away summary per topic and every PDF: the "If you need help now" box is there, its numbers
are tap-to-call and tap-to-text links, on Arabic pages it is in Arabic (no Latin letters except
numbers and service names marked lang="en"), nothing scrolls sideways, and axe finds nothing.
"""

import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.conftest import PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.browser.test_share_summary import signed_in
from tests.conversations.factories import published_version, started_conversation
from tests.conversations.test_summary import recorded_conversation
from thrivegrids.conversations.summaries import links

pytestmark = pytest.mark.browser

TOPICS = ("low-mood", "generalised-anxiety", "self-harm", "adhd")
SETTINGS = ("nhs", "community")
LANGUAGES = ("en", "ar")
ARABIC_HEADING = "إذا كنت تحتاج إلى مساعدة الآن"


def prefix(language):
    return "" if language == "en" else f"/{language}"


def check_box(page, language):
    box = page.locator("[data-urgent-help]")
    assert box.count() == 1, page.url
    assert box.is_visible()
    assert box.locator('a[href="tel:999"]').count() == 1
    assert box.locator('a[href="tel:116123"]').count() == 1
    assert box.locator('a[href^="sms:85258"]').count() == 1
    if language == "ar":
        heading = box.get_by_role("heading").inner_text()
        assert ARABIC_HEADING in heading
        # Text outside lang="en" spans: Arabic, digits and punctuation only.
        outside = box.evaluate(
            """box => {
                const copy = box.cloneNode(true);
                copy.querySelectorAll('[lang="en"]').forEach(el => el.remove());
                return copy.textContent;
            }"""
        )
        assert not re.search("[A-Za-z]", outside), f"{page.url}: Latin letters in {outside!r}"
        assert box.evaluate("box => getComputedStyle(box).direction") == "rtl"


def test_urgent_help_on_every_grid_page(page, site):
    page.set_viewport_size(PHONE)
    for language in LANGUAGES:
        for topic in TOPICS:
            for setting in SETTINGS:
                page.goto(f"{site}{prefix(language)}/grids/{topic}/{setting}/")
                check_box(page, language)
                if language == "ar":
                    assert page.locator("[data-translation-notice]").is_visible()
                assert_no_horizontal_scroll(page)
                assert_accessible(page)


def test_urgent_help_in_the_room(context, page, site):
    versions = [published_version(topic, setting) for topic in TOPICS for setting in SETTINGS]
    conversation = started_conversation(versions=versions)
    signed_in(context, site, conversation.created_by)
    page.set_viewport_size(PHONE)
    for position in range(1, len(versions) + 1):
        page.goto(f"{site}/conversations/{conversation.pk}/grids/{position}/")
        assert page.locator("[data-in-room]").is_visible(), page.url
        # Inside the part that goes full screen, so it stays in view in the room.
        assert page.locator("[data-in-room] [data-urgent-help]").count() == 1
        check_box(page, "en")
        assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_urgent_help_on_every_summary(page, site, language):
    page.set_viewport_size(PHONE)
    for topic in TOPICS:
        conversation = recorded_conversation(topic=topic, language=language)
        _, token = links.create_summary_link(
            by=conversation.created_by, conversation=conversation, language=language
        )
        page.goto(f"{site}{prefix(language)}/s/{token}/")
        check_box(page, language)
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
        pdf = page.request.get(f"{site}{prefix(language)}/s/{token}/summary.pdf")
        assert pdf.status == 200, pdf.url
        assert_pdf_has_urgent_help(pdf.body(), language)


def pdf_text_and_links(body):
    reader = PdfReader(io.BytesIO(body))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    links = set()
    for pdf_page in reader.pages:
        for annotation in pdf_page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action.get("/URI"):
                links.add(str(action["/URI"]))
    return " ".join(text.split()), links


def assert_pdf_has_urgent_help(body, language):
    text, links = pdf_text_and_links(body)
    assert "999" in text and "116 123" in text
    assert {"tel:999", "tel:116123"} <= links
    if language == "ar":
        assert re.search("[\u0600-\u06ff]", text), "no Arabic text in an Arabic PDF"


def test_urgent_help_in_every_grid_pdf(page, site):
    for language in LANGUAGES:
        for topic in TOPICS:
            for setting in SETTINGS:
                response = page.request.get(
                    f"{site}{prefix(language)}/grids/{topic}/{setting}/print.pdf"
                )
                assert response.status == 200, response.url
                assert_pdf_has_urgent_help(response.body(), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_page_offers_urgent_help_and_a_way_back(page, site, language):
    page.set_viewport_size(PHONE)

    response = page.goto(f"{site}{prefix(language)}/no-such-page/")

    assert response.status == 404
    check_box(page, language)
    assert page.locator("main a[href='/'], main a[href='/ar/']").count() >= 1
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
