"""The shortlist pages: adding, removing and sharing services (no login)."""

import io

from django.test import Client

from tests.directory.pages import SEARCH, add, names, service_named
from thrivegrids.core.models import AuditEvent
from thrivegrids.directory.models import Shortlist


def test_shortlist_starts_empty(directory, anonymous):
    html = anonymous.get("/services/shortlist/").content.decode()

    assert "Your shortlist is empty" in html


def test_add_and_remove_services_keeps_them_in_the_session_in_order(directory, anonymous):
    first, second = service_named("Samaritans"), service_named("Art for Wellbeing")

    response = add(anonymous, first, next="/services/?q=art")
    add(anonymous, second)
    add(anonymous, first)  # again: moves to the end, not a duplicate

    assert response.status_code == 302
    assert response["Location"] == "/services/?q=art"
    assert names(anonymous.get("/services/shortlist/")) == ["Art for Wellbeing", "Samaritans"]
    anonymous.post("/services/shortlist/remove/", {"service": second.pk})
    assert names(anonymous.get("/services/shortlist/")) == ["Samaritans"]


def test_shortlist_will_not_redirect_to_another_site(directory, anonymous):
    response = add(anonymous, service_named("Samaritans"), next="https://example.com/")

    assert response["Location"] == "/services/shortlist/"


def test_shortlist_button_shows_state_in_search_results(directory, anonymous):
    add(anonymous, service_named("Samaritans"))

    html = anonymous.get(SEARCH + "?q=samaritans").content.decode()

    assert "Remove from shortlist" in html
    assert '<span id="shortlist-size">1</span>' in html


def test_htmx_add_returns_the_new_button(directory, anonymous):
    service = service_named("Samaritans")

    response = add(anonymous, service, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Remove from shortlist" in html
    assert '<span id="shortlist-size" hx-swap-oob="innerHTML">1</span>' in html


def test_shortlist_change_with_a_bad_service_id_is_400(directory, anonymous):
    assert anonymous.post("/services/shortlist/add/", {"service": "x"}).status_code == 400


def test_share_creates_a_read_only_link_with_the_services_in_order(directory, anonymous):
    first, second = service_named("Samaritans"), service_named("Art for Wellbeing")
    add(anonymous, first)
    add(anonymous, second)

    response = anonymous.post("/services/shortlist/share/")

    shortlist = Shortlist.objects.get()
    assert len(shortlist.token) >= 20
    assert response["Location"] == f"/services/shortlist/{shortlist.token}/"
    assert [e.service.name for e in shortlist.entries.all()] == ["Samaritans", "Art for Wellbeing"]
    shared = Client().get(response["Location"])  # someone else, with no session
    html = shared.content.decode()
    assert shared.status_code == 200
    assert html.index("Samaritans") < html.index("Art for Wellbeing")
    assert "Add to shortlist" not in html and "csrfmiddlewaretoken" not in html
    assert '<meta name="robots" content="noindex">' in html
    assert "sessionid" not in shared.cookies
    assert AuditEvent.objects.filter(action="directory.shortlist.share").count() == 1


def test_sharing_the_same_list_twice_reuses_the_link(directory, anonymous):
    add(anonymous, service_named("Samaritans"))

    first = anonymous.post("/services/shortlist/share/")
    second = anonymous.post("/services/shortlist/share/")

    assert first["Location"] == second["Location"]
    assert Shortlist.objects.count() == 1


def test_sharing_an_empty_shortlist_goes_back_to_it(directory, anonymous):
    response = anonymous.post("/services/shortlist/share/")

    assert response["Location"] == "/services/shortlist/"
    assert not Shortlist.objects.exists()


def test_unknown_share_token_is_404(directory, anonymous):
    assert anonymous.get("/services/shortlist/not-a-real-token/").status_code == 404


def test_shared_shortlist_pdf(directory, anonymous):
    from pypdf import PdfReader

    add(anonymous, service_named("Samaritans"))
    location = anonymous.post("/services/shortlist/share/")["Location"]

    response = anonymous.get(location + "print.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Samaritans" in text


def test_shortlist_pages_need_post_to_change(directory, anonymous):
    assert anonymous.get("/services/shortlist/add/").status_code == 405
    assert anonymous.get("/services/shortlist/share/").status_code == 405


def test_shared_shortlist_in_arabic_page_and_pdf(directory, anonymous):
    add(anonymous, service_named("Samaritans"))
    location = anonymous.post("/ar/services/shortlist/share/")["Location"]

    page = anonymous.get(location)
    pdf = anonymous.get(location + "print.pdf")

    assert location.startswith("/ar/services/shortlist/")
    assert 'dir="rtl"' in page.content.decode()
    assert f'href="{location}print.pdf"' in page.content.decode()
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
