"""The urgent-help box on the directory's public pages and the shortlist PDF, in every language."""

import io
import re

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation
from markupsafe import escape
from pypdf import PdfReader

from tests.recorded_rows import replay
from thrivegrids.core.urgent_help import urgent_help_box
from thrivegrids.directory.models import Service

ARABIC_LETTER = re.compile("[\u0621-\u064a]")
LANGUAGES = [("en", ""), ("ar", "/ar")]
# Not a helpline itself, so every number in a page's or PDF's text that is one comes from the box.
SERVICE = "Art for Wellbeing"


@pytest.fixture(scope="module")
def demo_directory(demo_directory_recording, django_db_blocker):
    """The example area's services, copied in once per module
    (imported once a session: see the root conftest) and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        replay(demo_directory_recording)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def directory(demo_directory, db):
    return Service.objects.get(name=SERVICE)


def _shortlisted(client, service, prefix):
    client.post(f"{prefix}/services/shortlist/add/", {"service": service.pk})
    return client


def _shared(client, service, prefix):
    _shortlisted(client, service, prefix)
    return client.post(f"{prefix}/services/shortlist/share/")["Location"]


def _page(kind, service, prefix):
    """The HTML of one public directory page, and where its main content starts."""
    client = Client()
    if kind == "service":
        address, main = f"{prefix}/services/{service.pk}/", 'id="what-it-offers"'
    elif kind == "shortlist":
        address, main = f"{prefix}/services/shortlist/", 'class="nhsuk-list tg-service-list"'
        _shortlisted(client, service, prefix)
    elif kind == "empty shortlist":
        address, main = f"{prefix}/services/shortlist/", ">Find local services</a></p>"
    else:
        address, main = _shared(client, service, prefix), 'class="tg-shared-service"'
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode(), main


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
@pytest.mark.parametrize("kind", ["service", "shortlist", "empty shortlist", "shared shortlist"])
def test_directory_pages_show_the_urgent_help_box_in_their_language(
    directory, kind, language, prefix
):
    html, _main = _page(kind, directory, prefix)

    box = urgent_help_box(language=language)
    with translation.override(language):
        heading = translation.gettext("If you need help now")
    assert html.count("data-urgent-help") == 1
    assert 'href="tel:999"' in html
    assert heading in html
    assert all(str(escape(contact["name"])) in html for contact in box["contacts"])
    if language == "ar":
        assert ARABIC_LETTER.search(heading)


@pytest.mark.parametrize("kind", ["service", "shortlist", "empty shortlist", "shared shortlist"])
def test_urgent_help_comes_after_the_heading_and_before_the_main_content(directory, kind):
    html, main = _page(kind, directory, "")

    heading, box = html.index("<h1"), html.index("data-urgent-help")
    assert heading < box < html.index(main, box)


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_shortlist_pdf_has_urgent_help_on_its_first_page(directory, language, prefix):
    location = _shared(Client(), directory, prefix)

    response = Client().get(location + "print.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    first_page = PdfReader(io.BytesIO(response.content)).pages[0]
    text = first_page.extract_text()
    # Text pulled from a right-to-left page can come out in another order: the numbers are
    # checked as the links printed on the page (tap to call from a PDF on a phone).
    links = {
        str((annotation.get_object().get("/A") or {}).get("/URI", ""))
        for annotation in first_page.get("/Annots") or []
    }
    for contact in urgent_help_box(language=language)["contacts"]:
        assert (contact["call_href"] or contact["text_href"]) in links
        if language == "en":
            assert (contact["call"] or contact["text_number"]) in text
    if language == "en":
        assert "If you need help now" in text
        assert "Call 999" in text
