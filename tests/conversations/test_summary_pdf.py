"""The take-away summary as an A4 PDF, in English and Arabic, for staff and through a link."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.accounts.factories import member, sign_in_fully
from tests.conversations.test_summary import (
    audit_mark,
    events_since,
    recorded_conversation,
)
from thrivegrids.accounts.permissions import Role
from thrivegrids.conversations.models import Decision
from thrivegrids.conversations.summaries import links

pytestmark = pytest.mark.django_db

A4_PORTRAIT = (595, 842)  # points, rounded


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages)), size


def shared_pdf_url(conversation, language="en"):
    _, token = links.create_summary_link(
        by=conversation.created_by, conversation=conversation, language=language
    )
    prefix = "" if language == "en" else f"/{language}"
    return f"{prefix}/s/{token}/summary.pdf"


def shared_pdf(client, conversation, language="en"):
    return client.get(shared_pdf_url(conversation, language))


def test_english_pdf_is_a4_portrait_with_the_summary_and_footer(client, demo_grids):
    conversation = recorded_conversation()

    response = shared_pdf(client, conversation)

    text, size = pdf_text(response)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert size == A4_PORTRAIT
    assert "Your summary" in text
    assert "Digital CBT or guided self-help" in text
    assert "Not missing football practice" in text
    assert "version 2" in text  # the footer names the grid version
    assert "EV-SECRET-REF" not in text


def test_arabic_pdf_has_arabic_text(client, demo_grids):
    conversation = recorded_conversation(language="ar")

    response = shared_pdf(client, conversation, language="ar")

    text, _ = pdf_text(response)
    assert response.status_code == 200
    # Extraction of shaped Arabic varies by font; look for Arabic letters and an option's words.
    assert re.search(r"[\u0600-\u06FF\uFE70-\uFEFF]{3,}", text)
    assert "Not missing football practice" in text


def test_not_decided_pdf_says_you_can_come_back(client, demo_grids):
    conversation = recorded_conversation(decision=Decision.NOT_YET)

    text, _ = pdf_text(shared_pdf(client, conversation))

    assert "You can come back to this" in text


@pytest.mark.parametrize("topic", ["low-mood", "self-harm"])
def test_every_summary_pdf_has_urgent_help(client, demo_grids, topic):
    conversation = recorded_conversation(topic=topic)

    text, _ = pdf_text(shared_pdf(client, conversation))

    assert "Samaritans" in text and "116 123" in text and "999" in text


def test_pdf_through_a_link_writes_one_audit_event(client, demo_grids):
    url = shared_pdf_url(recorded_conversation())
    mark = audit_mark()

    client.get(url)

    assert list(events_since(mark).values_list("action", "details__purpose")) == [
        ("summary_link.view", "pdf")
    ]


def test_staff_pdf_is_audited_as_a_read(client, demo_grids):
    conversation = recorded_conversation()
    sign_in_fully(client, member(Role.PRACTITIONER, conversation.organisation))
    mark = audit_mark()

    response = client.get(f"/conversations/{conversation.pk}/summary.pdf?language=ar")

    assert response.status_code == 200
    assert "summary-2027-03-05-ar.pdf" in response["Content-Disposition"]
    event = events_since(mark).get()
    assert (event.action, event.details["purpose"]) == ("conversation.view", "summary_pdf")
