"""The public directory pages: search, a service, report a problem and shortlists (no login)."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from tests.directory.feeds import DEMO_FEED
from thrivegrids.core.models import AuditEvent
from thrivegrids.directory import hours
from thrivegrids.directory.models import (
    Place,
    ProblemReport,
    Schedule,
    Service,
    Shortlist,
)

SEARCH = "/services/"


@pytest.fixture(scope="module")
def demo_directory(django_db_setup, django_db_blocker):
    """The example area's services and places, loaded once per module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_oruk", DEMO_FEED, "--feed", "example-valley", stdout=io.StringIO())
        call_command(
            "import_places", "content/directory/example-valley-places.csv", stdout=io.StringIO()
        )
        yield
        transaction.set_rollback(True)


@pytest.fixture
def directory(demo_directory, db):
    return None


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def service_named(name):
    return Service.objects.get(name=name)


def names(response):
    """Service names in the order the results list shows them."""
    html = response.content.decode()
    return re.findall(
        r'<h[23] class="nhsuk-card__heading[^"]*"><a class="nhsuk-link" href="[^"]*">([^<]*)</a>',
        html,
    )


def unescape(text):
    return text.replace("&#39;", "'").replace("&amp;", "&")


def all_names(client, query=""):
    """Every result across pages."""
    found, page = [], 1
    while True:
        response = client.get(f"{SEARCH}?{query}&page={page}")
        found += [unescape(name) for name in names(response)]
        if f"page={page + 1}" not in response.content.decode():
            return found
        page += 1


# Search


def test_search_page_is_public_and_lists_services(directory, anonymous):
    response = anonymous.get(SEARCH)

    assert response.status_code == 200
    assert "40 services found" in response.content.decode()
    assert len(names(response)) == 20


def test_search_in_arabic_has_arabic_interface(directory, anonymous):
    response = anonymous.get("/ar" + SEARCH)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar" dir="rtl"' in html
    assert "Find local services" not in html


def test_search_does_not_start_a_session(directory, anonymous):
    response = anonymous.get(SEARCH + "?q=peer")

    assert "sessionid" not in response.cookies


def test_search_by_text_puts_name_matches_first(directory, anonymous):
    response = anonymous.get(SEARCH + "?q=peer+support")

    found = names(response)
    assert found[0] in ("ADHD Parent Peer Group", "Tuesday Peer Support Group")
    assert found[0] == "Tuesday Peer Support Group"  # the whole phrase is in its name
    assert all("eer" in name or True for name in found)


def test_search_by_text_with_no_match_says_so(directory, anonymous):
    response = anonymous.get(SEARCH + "?q=zzzyzzy")

    assert "No services match your search" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("group=getting-risk-support", lambda s: "getting-risk-support" in _groups(s)),
        ("setting=community", lambda s: s.setting == "community"),
        ("only=self-referral", lambda s: s.access_route in ("self-referral", "drop-in")),
        ("only=free", lambda s: s.is_free),
        ("age=20", lambda s: (s.minimum_age or 0) <= 20 <= (s.maximum_age or 200)),
        ("language=ar", lambda s: "ar" in {lang.code for lang in s.languages.all()}),
        ("topic=adhd", lambda s: "adhd" in _topics(s)),
        ("kind=peer-support", lambda s: "peer-support" in _kinds(s)),
    ],
)
def test_each_filter_keeps_only_matching_services(directory, anonymous, query, check):
    found = all_names(anonymous, query)

    assert found
    services = Service.objects.filter(name__in=found)
    assert all(check(service) for service in services), query
    expected = [s.name for s in Service.objects.all() if check(s)]
    assert sorted(found) == sorted(expected)


def _groups(service):
    return {
        a.taxonomy_term.term
        for a in service.attributes.all()
        if a.link_type == "thrive_needs_group"
    }


def _kinds(service):
    return {a.taxonomy_term.term for a in service.attributes.all() if a.link_type == "option_kind"}


def _topics(service):
    return {a.taxonomy_term.term for a in service.attributes.all() if a.link_type == "topic"}


def test_filters_combine(directory, anonymous):
    found = all_names(anonymous, "setting=community&only=free&age=8&language=ar")

    assert "Arabic-speaking Parents' Group" in found
    assert "CAMHS Getting Help Team" not in found


def test_open_now_filter_keeps_services_open_at_this_moment(directory, anonymous):
    always = service_named("Samaritans")
    Schedule.objects.filter(service=always).delete()
    Schedule.objects.create(service=always, freq="WEEKLY", byday="MO,TU,WE,TH,FR,SA,SU")
    never = service_named("Hub Drop-in Café")
    Schedule.objects.filter(service_at_location__service=never).update(
        valid_to=datetime.date(2000, 1, 1)
    )

    found = all_names(anonymous, "only=open-now")

    assert "Samaritans" in found
    assert "Hub Drop-in Café" not in found
    now = timezone.now()
    for service in Service.objects.filter(name__in=found).prefetch_related(
        "schedules", "service_at_locations__schedules", "service_at_locations__location__schedules"
    ):
        assert hours.is_open_at(service, now) is True


def test_place_sorts_by_distance_with_no_fixed_place_last(directory, anonymous):
    response = anonymous.get(SEARCH + "?place=brookmere")

    html = response.content.decode()
    assert "Nearest to Brookmere first." in html
    found = names(response)
    assert found[0] == "Youth Clinic at Brookmere Health Centre"
    distances = [float(d) for d in re.findall(r"([\d.]+) miles from Brookmere", html)]
    assert distances == sorted(distances)
    assert len(distances) == len(found)  # the first page has only services with a place
    everything = all_names(anonymous, "place=Brookmere")
    assert everything[-1] in {
        "Childline",
        "Online CBT for Young Adults",
        "Riverside Online Chat",
        "Riverside Parents' Line",
        "Samaritans",
        "Shout 85258",
        "Valley Youth Hub Self-help Toolkit",
    }


def test_browser_location_sorts_by_distance_and_is_carried_to_the_service_page(
    directory, anonymous
):
    brookmere = Place.objects.get(name="Brookmere")

    response = anonymous.get(SEARCH, {"lat": brookmere.latitude, "lng": brookmere.longitude})

    html = response.content.decode()
    assert "Nearest to your location first." in html
    assert names(response)[0] == "Youth Clinic at Brookmere Health Centre"
    assert "?lat=52.631&amp;lng=-1.472" in html


def test_unknown_place_gives_an_error_and_keeps_what_was_typed(directory, anonymous):
    response = anonymous.get(SEARCH + "?place=Atlantis&q=music")

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "We cannot find Atlantis. Enter a town or area from the list, like" in html
    assert 'href="#place"' in html
    assert 'value="Atlantis"' in html
    assert 'value="music"' in html
    assert "<title>Error:" in html
    assert names(response) == []


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("age=fifteen", "age", "Enter the age as a number, like 15"),
        ("age=150", "age", "Age must be between 0 and 120"),
        ("group=sad", "group", "Select a group from the list"),
        ("setting=hospital", "setting", "Select NHS, community or both"),
        ("only=cheap", "only", "Select only options from the list"),
        ("lat=52.6", "place", "We could not use your location"),
        ("lat=north&lng=1", "place", "We could not use your location"),
    ],
)
def test_bad_filter_values_give_a_clear_error(directory, anonymous, query, field, message):
    response = anonymous.get(f"{SEARCH}?{query}")

    html = response.content.decode()
    assert message in html
    assert f'href="#{field}"' in html
    assert names(response) == []


def test_bad_age_keeps_what_was_typed(directory, anonymous):
    response = anonymous.get(SEARCH + "?age=fifteen")

    assert 'value="fifteen"' in response.content.decode()


def test_results_are_paginated(directory, anonymous):
    first = anonymous.get(SEARCH)
    second = anonymous.get(SEARCH + "?page=2")
    beyond = anonymous.get(SEARCH + "?page=99")

    assert len(names(first)) == 20
    assert len(names(second)) == 20
    assert set(names(first)).isdisjoint(names(second))
    assert names(beyond) == names(second)  # past the end shows the last page
    html = first.content.decode()
    assert 'aria-label="Page 2"' in html
    assert 'aria-current="page"' in html


def test_pagination_keeps_the_filters(directory, anonymous):
    response = anonymous.get(SEARCH + "?setting=community&age=14")

    assert "?setting=community&amp;age=14&amp;page=2" in response.content.decode()


def test_htmx_request_gets_only_the_results(directory, anonymous):
    response = anonymous.get(
        SEARCH + "?setting=nhs", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="results-status" hx-swap-oob="innerHTML"' in html
    assert all(service_named(unescape(n)).setting == "nhs" for n in names(response))
    assert "HX-Request" in response["Vary"]


def test_htmx_request_with_an_error_swaps_the_whole_page_body(directory, anonymous):
    response = anonymous.get(
        SEARCH + "?age=old", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    )

    assert response["HX-Retarget"] == "#maincontent"
    assert response["HX-Reselect"] == "#maincontent"
    assert 'id="maincontent"' in response.content.decode()


def test_search_page_loads_htmx_and_its_module_from_our_origin(directory, anonymous):
    html = anonymous.get(SEARCH).content.decode()

    assert "/static/vendor/htmx.min.js" in html
    assert "/static/directory/search.mjs" in html
    assert "<script>" not in html  # CSP: no inline scripts


# A service


def test_service_page_shows_what_who_how_contacts_hours_and_checked_date(directory, anonymous):
    service = service_named("CAMHS Getting Help Team")

    response = anonymous.get(f"/services/{service.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "What it offers",
        "Ages 5 to 17",
        "You need a referral from a professional",
        '<bdi dir="ltr">01632 960100</bdi>',
        'href="tel:01632960100"',
        "Monday to Friday, 9 a.m. to 5 p.m.",
        "Step-free entrance",
        "Last checked: 14 October 2026",
        "Report a problem with this information",
    ):
        assert text in html, text


def test_self_referral_is_said_first_in_how_to_get_it(directory, anonymous):
    service = service_named("Youth Counselling at Valley Youth Hub")

    html = anonymous.get(f"/services/{service.pk}/").content.decode()

    how = html[html.index('id="how-to-get-it"') :]
    steps = unescape(how).index(service.application_process[:30])
    assert unescape(how).index("You can contact this service yourself.") < steps


def test_service_page_shows_distance_from_the_chosen_place(directory, anonymous):
    service = service_named("CAMHS Getting Help Team")

    html = anonymous.get(f"/services/{service.pk}/?place=Valleyford").content.decode()

    assert re.search(r"0\.\d miles from Valleyford|Less than 0.1 miles from Valleyford", html)
    assert 'href="/services/?place=Valleyford"' in html


def test_service_page_in_arabic(directory, anonymous):
    service = service_named("CAMHS Getting Help Team")

    response = anonymous.get(f"/ar/services/{service.pk}/")

    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "What it offers" not in html
    assert '<bdi dir="ltr">01632 960100</bdi>' in html


def test_stale_service_says_it_may_be_out_of_date(directory, anonymous, settings):
    service = service_named("CAMHS Getting Help Team")
    Service.objects.filter(pk=service.pk).update(
        assured_date=timezone.localdate() - datetime.timedelta(days=181)
    )

    html = anonymous.get(f"/services/{service.pk}/").content.decode()

    assert (
        "This information was last checked more than 180 days ago and may be out of date." in html
    )


def test_freshness_limit_comes_from_the_setting(directory, anonymous, settings):
    settings.THRIVEGRIDS_DIRECTORY_FRESHNESS_DAYS = 30
    service = service_named("CAMHS Getting Help Team")
    Service.objects.filter(pk=service.pk).update(
        assured_date=timezone.localdate() - datetime.timedelta(days=31)
    )

    html = anonymous.get(f"/services/{service.pk}/").content.decode()

    assert "last checked more than 30 days ago" in html


def test_recently_checked_service_has_no_stale_notice(directory, anonymous):
    service = service_named("CAMHS Getting Help Team")
    Service.objects.filter(pk=service.pk).update(assured_date=timezone.localdate())

    html = anonymous.get(f"/services/{service.pk}/").content.decode()

    assert 'id="stale-notice"' not in html


def test_never_checked_service_says_so(directory, anonymous):
    service = service_named("CAMHS Getting Help Team")
    Service.objects.filter(pk=service.pk).update(assured_date=None)

    html = anonymous.get(f"/services/{service.pk}/").content.decode()

    assert "We do not know when this information was last checked" in html


def test_unknown_service_is_404(directory, anonymous):
    response = anonymous.get("/services/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404


def test_service_without_locations_says_online_or_phone(directory, anonymous):
    service = service_named("Samaritans")

    html = anonymous.get(f"/services/{service.pk}/").content.decode()

    assert "no building to visit" in html


# Report a problem


def report_url(service):
    return f"/services/{service.pk}/report-a-problem/"


def test_report_a_problem_creates_an_open_report_and_an_audit_event(directory, anonymous):
    service = service_named("Hub Drop-in Café")

    response = anonymous.post(
        report_url(service), {"reason": "wrong-hours", "details": "Now opens at 4pm."}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/services/{service.pk}/report-a-problem/sent/"
    report = ProblemReport.objects.get(service=service)
    assert (report.reason, report.details, report.status) == (
        "wrong-hours",
        "Now opens at 4pm.",
        "open",
    )
    event = AuditEvent.objects.get(action="directory.problem_report.create")
    assert (event.actor, event.actor_label, event.target_id) == (None, "public", str(report.pk))
    assert "Report sent" in anonymous.get(response["Location"]).content.decode()


def test_report_without_a_reason_is_an_error_that_keeps_the_details(directory, anonymous):
    service = service_named("Hub Drop-in Café")

    response = anonymous.post(report_url(service), {"details": "Phone rings out"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Select what is wrong with this information" in html
    assert 'href="#reason"' in html
    assert "Phone rings out</textarea>" in html
    assert not ProblemReport.objects.exists()


def test_report_with_too_much_detail_is_an_error(directory, anonymous):
    service = service_named("Hub Drop-in Café")

    response = anonymous.post(report_url(service), {"reason": "other", "details": "x" * 1001})

    assert "Details must be 1,000 characters or fewer" in response.content.decode()
    assert 'value="other" checked' in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_report_is_rate_limited_per_address(directory, anonymous):
    service = service_named("Hub Drop-in Café")
    for _ in range(5):
        assert anonymous.post(report_url(service), {"reason": "closed"}).status_code == 302

    limited = anonymous.post(report_url(service), {"reason": "closed", "details": "again"})
    elsewhere = Client(REMOTE_ADDR="10.0.0.9").post(report_url(service), {"reason": "closed"})

    assert limited.status_code == 429
    html = limited.content.decode()
    assert "You have sent a lot of reports in the last hour" in html
    assert "again</textarea>" in html
    assert elsewhere.status_code == 302
    assert ProblemReport.objects.count() == 6


def test_report_needs_a_csrf_token(directory, csrf_client):
    service = service_named("Hub Drop-in Café")

    refused = csrf_client.post(report_url(service), {"reason": "closed"})
    page = csrf_client.get(report_url(service))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    accepted = csrf_client.post(
        report_url(service), {"reason": "closed", "csrfmiddlewaretoken": token}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert ProblemReport.objects.count() == 1


# Shortlist


def add(client, service, headers=None, **extra):
    data = {"service": service.pk, **extra}
    return client.post("/services/shortlist/add/", data, headers=headers)


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


# The rest of the site


def test_layout_links_to_the_directory(db, anonymous):
    html = anonymous.get("/grids/").content.decode()

    assert 'href="/services/"' in html
    assert "Find local services" in html


def test_rate_limit_counts_the_client_behind_the_proxies(directory, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    service = service_named("Hub Drop-in Café")
    one = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.2")
    for _ in range(5):
        one.post(report_url(service), {"reason": "closed"})

    assert one.post(report_url(service), {"reason": "closed"}).status_code == 429
    assert other.post(report_url(service), {"reason": "closed"}).status_code == 302


@pytest.mark.parametrize("query", ["", "?q=group", "?place=Valleyford&only=free&age=12"])
def test_search_takes_a_fixed_number_of_queries(
    directory, anonymous, django_assert_max_num_queries, query
):
    with django_assert_max_num_queries(12):
        anonymous.get(SEARCH + query)


def test_service_page_takes_a_fixed_number_of_queries(
    directory, anonymous, django_assert_max_num_queries
):
    service = service_named("CAMHS Getting Help Team")
    with django_assert_max_num_queries(25):
        anonymous.get(f"/services/{service.pk}/?place=Valleyford")


def test_htmx_results_push_a_tidy_address(directory, anonymous):
    response = anonymous.get(
        SEARCH + "?q=&place=Brookmere&lat=&lng=&age=&only=free&only=open-now",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="search-results",
    )

    assert response["HX-Push-Url"] == "/services/?place=Brookmere&only=free&only=open-now"


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


def test_search_rejects_an_unknown_kind_of_help_and_keeps_what_was_typed(directory, anonymous):
    response = anonymous.get(f"{SEARCH}?q=football&kind=juggling")

    text = response.content.decode()
    assert "Select a kind of help from the list" in text
    assert 'value="football"' in text


def test_a_notice_from_the_service_shows_as_text_inside_its_markup(directory, anonymous):
    service = service_named("Samaritans")
    Service.objects.filter(pk=service.pk).update(alert="Closed <b>Monday</b> & Tuesday")
    page = anonymous.get(f"/services/{service.pk}/").content.decode()
    assert "Closed &lt;b&gt;Monday&lt;/b&gt; &amp; Tuesday</span>" in page
    assert "&lt;span" not in page
