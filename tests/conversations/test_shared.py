"""The take-away summary through a shared link: no sign-in, private headers, one audit per view."""

import datetime

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.conversations.test_summary import (
    NHS_NUMBER,
    audit_mark,
    events_since,
    recorded_conversation,
    text_of,
)
from thrivegrids.conversations.models import Decision, SummaryLink
from thrivegrids.conversations.summaries import links

pytestmark = pytest.mark.django_db


def shared_link(conversation, language="en"):
    link, token = links.create_summary_link(
        by=conversation.created_by, conversation=conversation, language=language
    )
    prefix = "" if language == "en" else f"/{language}"
    return link, f"{prefix}/s/{token}/"


@pytest.fixture
def conversation(demo_grids):
    return recorded_conversation()


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_shared_summary_opens_without_signing_in(client, conversation):
    _, url = shared_link(conversation)

    response = client.get(url)

    text = text_of(response)
    assert response.status_code == 200
    assert "Your summary" in text
    assert "You chose to try:" in text
    assert "Not missing football practice" in text
    assert "That she sleeps better" in text
    assert "Sam will ask the school nurse about a group." in text
    assert "2 April 2027" in text
    assert_private(response)


def test_shared_summary_reveals_nothing_identifying(client, conversation):
    _, url = shared_link(conversation)

    html = client.get(url).content.decode()

    assert "EV-SECRET-REF" not in html
    assert NHS_NUMBER not in html and "999 000 1231" not in html
    assert "Okonkwo-Smith" not in html
    assert "Sign out" not in html
    assert "Valley CAMHS" in html


def test_shared_summary_sets_no_cookie_and_does_not_vary_on_one(client, conversation):
    _, url = shared_link(conversation)

    response = client.get(url)

    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_each_view_writes_one_audit_event_and_counts(client, conversation):
    link, url = shared_link(conversation)
    mark = audit_mark()

    client.get(url)
    client.get(url)

    events = list(events_since(mark).values_list("action", "actor", "details"))
    assert events == [
        ("summary_link.view", None, {"link": link.pk, "purpose": "summary"}),
        ("summary_link.view", None, {"link": link.pk, "purpose": "summary"}),
    ]
    link.refresh_from_db()
    assert link.view_count == 2


def test_arabic_link_shows_an_arabic_right_to_left_page(client, demo_grids):
    conversation = recorded_conversation(language="ar")
    _, url = shared_link(conversation, language="ar")

    response = client.get(url)

    html = response.content.decode()
    assert url.startswith("/ar/s/")
    assert '<html lang="ar" dir="rtl"' in html
    assert "الانتظار والمتابعة، مع المساعدة الذاتية" in html
    assert response["Content-Language"] == "ar"


def test_the_links_language_decides_even_under_another_prefix(client, demo_grids):
    conversation = recorded_conversation(language="ar")
    _, url = shared_link(conversation, language="ar")

    html = client.get(url.removeprefix("/ar")).content.decode()

    assert '<html lang="ar" dir="rtl"' in html


def test_english_link_is_left_to_right(client, conversation):
    _, url = shared_link(conversation)

    html = client.get(url).content.decode()

    assert '<html lang="en" dir="ltr"' in html


def test_not_decided_yet_on_the_shared_page(client, demo_grids):
    conversation = recorded_conversation(decision=Decision.NOT_YET)
    _, url = shared_link(conversation)

    text = text_of(client.get(url))

    assert "You have not decided yet." in text
    assert "You can come back to this" in text


@pytest.mark.parametrize("topic", ["low-mood", "generalised-anxiety", "self-harm", "adhd"])
def test_every_summary_shows_the_urgent_help_box(client, demo_grids, topic):
    conversation = recorded_conversation(topic=topic)
    _, url = shared_link(conversation)

    html = client.get(url).content.decode()

    assert "If you need help now" in html
    assert 'href="tel:999"' in html
    assert 'href="tel:116123"' in html


def test_arabic_summary_has_urgent_help_in_arabic_and_the_draft_notice(client, demo_grids):
    conversation = recorded_conversation(topic="self-harm")
    _, url = shared_link(conversation, language="ar")

    html = client.get(url).content.decode()

    assert "إذا كنت تحتاج إلى مساعدة الآن" in html
    assert "If you need help now" not in html
    assert "data-translation-notice" in html


def test_a_link_that_does_not_work_still_shows_urgent_help(client, conversation):
    response = client.get("/s/not-a-real-token-at-all-000000000000/")

    assert response.status_code == 404
    assert 'href="tel:999"' in response.content.decode()


def _not_found_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert_private(response)
    assert not response.cookies
    return text_of(response)


def test_unknown_expired_and_stopped_links_get_the_same_404(client, conversation):
    expired, expired_url = shared_link(conversation)
    SummaryLink.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    stopped, stopped_url = shared_link(conversation)
    links.revoke_summary_link(by=conversation.created_by, link=stopped)
    mark = audit_mark()

    pages = {
        _not_found_page(client, url)
        for url in ("/s/not-a-real-token/", expired_url, stopped_url, expired_url + "summary.pdf")
    }

    assert len(pages) == 1
    assert "This link does not work" in pages.pop()
    assert not events_since(mark).exists()


def test_a_link_stops_working_when_revoked(client, conversation):
    link, url = shared_link(conversation)
    assert client.get(url).status_code == 200

    links.revoke_summary_link(by=conversation.created_by, link=link)

    assert client.get(url).status_code == 404


def test_shared_page_offers_the_pdf(client, conversation):
    _, url = shared_link(conversation)

    html = client.get(url).content.decode()

    assert f'href="{url}summary.pdf"' in html


def test_shared_page_asks_for_feedback_when_that_page_is_installed(client, conversation):
    _, url = shared_link(conversation)

    response = client.get(url)

    # The feedback page belongs to another part of the project; the summary must not depend on it.
    assert response.status_code == 200
    try:
        feedback = reverse("feedback:answer_feedback", kwargs={"token": url.split("/")[2]})
    except NoReverseMatch:
        return
    assert f'href="{feedback}"' in response.content.decode()
    assert "Tell us how the conversation went" in text_of(response)
