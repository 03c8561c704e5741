"""Error pages are NHS.UK pages in the address's language, with a way back and urgent help."""

import pytest
from django.test import Client

from thrivegrids.core import views

ARABIC_URGENT = "إذا كنت تحتاج إلى مساعدة الآن"


@pytest.mark.parametrize(
    ("url", "heading", "urgent"),
    [
        ("/no-such-page/", "Page not found", "If you need help now"),
        ("/ar/no-such-page/", "لم يتم العثور على الصفحة", ARABIC_URGENT),
    ],
)
def test_a_missing_page_is_an_nhs_page_in_its_language_with_urgent_help(db, url, heading, urgent):
    response = Client().get(url)

    html = response.content.decode()
    assert response.status_code == 404
    assert heading in html and urgent in html
    assert 'href="tel:999"' in html
    assert "nhsuk-header" in html


@pytest.mark.parametrize(
    ("path", "urgent"), [("/x/", "If you need help now"), ("/ar/x/", ARABIC_URGENT)]
)
def test_a_server_error_is_an_nhs_page_with_urgent_help(rf, db, path, urgent):
    response = views.server_error(rf.get(path))

    html = response.content.decode()
    assert response.status_code == 500
    assert urgent in html and 'href="tel:999"' in html
    assert "no-store" in response["Cache-Control"]


def test_a_server_error_page_that_cannot_render_still_gives_urgent_help(rf, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("templates are broken")

    monkeypatch.setattr(views, "render_to_string", broken)

    response = views.server_error(rf.get("/x/"))

    assert response.status_code == 500
    assert b"call 999" in response.content and b"111" in response.content


def test_a_refused_form_is_an_nhs_page_in_its_language(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/ar/accounts/sign-in/", {"username": "x", "password": "y"})

    html = response.content.decode()
    assert response.status_code == 403
    assert ARABIC_URGENT in html
    assert "nhsuk-header" in html
