"""Security defaults: login required unless a view is marked public, headers, request ids."""

import pytest
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path

from thrivegrids.grids import urls as grid_urls


def private_page(request):
    return HttpResponse("private")


@login_not_required
def public_page(request):
    return HttpResponse("public")


# A URLconf for these tests only (pytest.mark.urls points at this module).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("thrivegrids.accounts.urls")),
    path("private/", private_page),
    path("public/", public_page),
]


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


@pytest.mark.urls("tests.core.test_security")
def test_view_without_a_public_marker_sends_anonymous_visitors_to_log_in(client, db):
    response = client.get("/private/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?next=/private/"


@pytest.mark.urls("tests.core.test_security")
def test_view_marked_public_answers_anonymous_visitors_without_touching_the_session(client, db):
    response = client.get("/public/")

    assert response.status_code == 200
    assert "cookie" not in response.get("Vary", "").lower()


@pytest.mark.urls("tests.core.test_security")
def test_signed_in_user_reaches_a_private_view(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("someone", password="x" * 16))

    assert client.get("/private/").status_code == 200


# Pages anyone may see without signing in. Adding a public page means adding it here, on purpose.
# (The admin guards its own pages; the Open Referral API's access is tested with the API; the FHIR
# API needs an API client's token instead of a session, tested in tests/api/test_fhir.py.)
PUBLIC_ROUTES = {
    "health/",
    "",
    "grids/",
    "grids/<slug:topic>/<setting:setting>/",
    "grids/<slug:topic>/<setting:setting>/print.pdf",
    "grids/<slug:topic>/<setting:setting>/versions/<int:number>/",
    "grids/<slug:topic>/<setting:setting>/versions/<int:number>/print.pdf",
    "grids/<slug:topic>/<setting:setting>/changes/",
    # The directory of help: search, service pages, problem reports and shortlists.
    "services/",
    "services/<uuid:service_id>/",
    "services/<uuid:service_id>/report-a-problem/",
    "services/<uuid:service_id>/report-a-problem/sent/",
    "services/shortlist/",
    "services/shortlist/add/",
    "services/shortlist/remove/",
    "services/shortlist/share/",
    "services/shortlist/<slug:token>/",
    "services/shortlist/<slug:token>/print.pdf",
    # A take-away summary through its shared link (the token is the key; no-store, no-referrer).
    "s/<str:token>/",
    "s/<str:token>/summary.pdf",
    # Feedback on the conversation, answered through the same link.
    "s/<str:token>/feedback/",
    # Signing in, and the page that says you were signed out.
    "accounts/sign-in/",
    "accounts/signed-out/",
    # A young person's care and support plan through its link: the page, its PDF, rating a goal
    # and asking for a review (the token is the key; no-store, noindex).
    "p/<str:token>/",
    "p/<str:token>/plan.pdf",
    "p/<str:token>/goals/<int:number>/rate/",
    "p/<str:token>/review/",
    # An authenticator set-up link (the token is the key; it only leads on to signing in).
    "accounts/set-up/<str:token>/",
}


def test_only_the_listed_pages_are_public():
    public = {
        route
        for route, view in _views(get_resolver().url_patterns)
        if not getattr(view, "login_required", True)
        and not route.startswith(("admin/", "api/", "fhir/"))
    }

    assert public == PUBLIC_ROUTES


def test_every_grid_page_is_public():
    routes = dict(_views(grid_urls.urlpatterns))

    private = {route for route, view in routes.items() if getattr(view, "login_required", True)}

    assert routes and private == set()


def test_pages_send_the_security_headers(client, db):
    response = client.get("/health/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_request_id_is_echoed_when_given(client, db):
    response = client.get("/health/", HTTP_X_REQUEST_ID="trace-123")

    assert response["X-Request-ID"] == "trace-123"


def test_request_id_is_made_up_when_missing(client, db):
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]

    assert len(first) == 32 and first != second


def test_admin_login_refuses_a_post_without_a_csrf_token(db):
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "x", "password": "y"}
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    "given", ["x" * 65, "has spaces in it", "new\u2028line", "<script>", "emoji-\U0001f600"]
)
def test_a_request_id_that_is_too_long_or_odd_is_replaced(client, db, given):
    response = client.get("/health/", HTTP_X_REQUEST_ID=given)

    assert response.status_code == 200
    assert response["X-Request-ID"] != given
    assert len(response["X-Request-ID"]) == 32


def test_a_64_character_request_id_is_kept(client, db):
    given = "a" * 64

    assert client.get("/health/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


def test_every_response_has_a_permissions_policy(client, db):
    policy = client.get("/health/")["Permissions-Policy"]

    assert "camera=()" in policy and "microphone=()" in policy


def test_public_pages_keep_their_own_caching(client, db):
    response = client.get("/health/")

    assert "no-store" not in response.get("Cache-Control", "")


def test_the_session_cookie_ends_with_the_browser(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.mark.parametrize("url", ["/grids/?q=%00", "/records/?q=a%00b", "/services/?q=%00"])
def test_a_nul_character_in_the_query_is_a_clear_400(client, db, url):
    response = client.get(url)

    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_nul_character_in_a_form_is_a_clear_400(client, db):
    response = client.post("/accounts/sign-in/", {"username": "a\x00b", "password": "x"})

    assert response.status_code == 400


def test_kept_database_connections_are_checked_before_reuse(settings):
    # With DATABASE_CONN_MAX_AGE set, a connection dropped by a database restart is replaced
    # before the next query instead of failing that request.
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
