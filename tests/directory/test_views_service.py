"""A service's public page and reporting a problem with it (no login)."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.directory.pages import report_url, service_named, unescape
from thrivegrids.core.models import AuditEvent
from thrivegrids.directory.models import ProblemReport, Service


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


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


def test_a_notice_from_the_service_shows_as_text_inside_its_markup(directory, anonymous):
    service = service_named("Samaritans")
    Service.objects.filter(pk=service.pk).update(alert="Closed <b>Monday</b> & Tuesday")
    page = anonymous.get(f"/services/{service.pk}/").content.decode()
    assert "Closed &lt;b&gt;Monday&lt;/b&gt; &amp; Tuesday</span>" in page
    assert "&lt;span" not in page


def test_service_page_takes_a_fixed_number_of_queries(
    directory, anonymous, django_assert_max_num_queries
):
    service = service_named("CAMHS Getting Help Team")
    with django_assert_max_num_queries(25):
        anonymous.get(f"/services/{service.pk}/?place=Valleyford")


# Report a problem


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


def test_rate_limit_counts_the_client_behind_the_proxies(directory, settings):
    settings.THRIVEGRIDS_PROXY_COUNT = 1
    service = service_named("Hub Drop-in Café")
    one = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.2")
    for _ in range(5):
        one.post(report_url(service), {"reason": "closed"})

    assert one.post(report_url(service), {"reason": "closed"}).status_code == 429
    assert other.post(report_url(service), {"reason": "closed"}).status_code == 302


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
