"""Per-address rate limits (core.throttle): the secret-link pages' limit and its 429 page."""

import datetime

import pytest
from django.test import Client

from tests import clock
from thrivegrids.core import throttle
from thrivegrids.directory import throttle as directory_throttle

pytestmark = pytest.mark.django_db

# Unknown tokens: the limit is counted before the link is looked up, so guessing is limited too.
SUMMARY = "/s/no-such-token/"
PDF = "/s/no-such-token/summary.pdf"
FEEDBACK = "/s/no-such-token/feedback/"
ARABIC_FEEDBACK = "/ar/s/no-such-token/feedback/"
ADDRESS = "203.0.113.9"


@pytest.fixture
def limit_of_three(settings, time_machine):
    """Three link pages a minute, from the start of a minute on a stopped clock."""
    settings.THRIVEGRIDS_LINK_PAGE_REQUESTS_PER_MINUTE = 3
    time_machine.move_to(clock.NOW, tick=False)
    return time_machine


def statuses(urls, address=ADDRESS, method="get"):
    client = Client(REMOTE_ADDR=address)
    return [getattr(client, method)(url).status_code for url in urls]


def test_link_pages_allow_sixty_requests_a_minute_from_an_address_by_default(settings):
    assert settings.THRIVEGRIDS_LINK_PAGE_REQUESTS_PER_MINUTE == 60


@pytest.mark.parametrize("url", [SUMMARY, PDF, FEEDBACK])
def test_a_link_page_past_the_limit_is_a_429_page_with_urgent_help(limit_of_three, url):
    assert statuses([url] * 3) == [404] * 3

    response = Client(REMOTE_ADDR=ADDRESS).get(url)

    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many requests" in html and "Wait a minute, then try again." in html
    assert "If you need help now" in html and 'href="tel:999"' in html
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_limit_counts_every_link_page_together(limit_of_three):
    assert statuses([SUMMARY, PDF, FEEDBACK, FEEDBACK]) == [404, 404, 404, 429]


def test_posted_feedback_counts_too(limit_of_three):
    assert statuses([FEEDBACK] * 4, method="post") == [404, 404, 404, 429]


def test_the_429_page_is_in_the_addresss_language(limit_of_three):
    statuses([FEEDBACK] * 3)

    response = Client(REMOTE_ADDR=ADDRESS).get(ARABIC_FEEDBACK)

    assert response.status_code == 429
    assert "إذا كنت تحتاج إلى مساعدة الآن" in response.content.decode()


def test_another_address_is_not_limited(limit_of_three):
    statuses([SUMMARY] * 4)

    assert statuses([SUMMARY], address="198.51.100.20") == [404]


def test_the_limit_lifts_when_the_minute_is_over(limit_of_three):
    statuses([SUMMARY] * 4)

    limit_of_three.shift(datetime.timedelta(seconds=59))
    assert statuses([SUMMARY]) == [429]
    limit_of_three.shift(datetime.timedelta(seconds=1))
    assert statuses([SUMMARY]) == [404]


def test_retry_after_says_the_seconds_left_in_the_minute(limit_of_three):
    limit_of_three.shift(datetime.timedelta(seconds=45))
    statuses([SUMMARY] * 3)

    assert Client(REMOTE_ADDR=ADDRESS).get(SUMMARY)["Retry-After"] == "15"


def test_a_limit_of_zero_turns_it_off(settings):
    settings.THRIVEGRIDS_LINK_PAGE_REQUESTS_PER_MINUTE = 0

    assert set(statuses([SUMMARY] * 70)) == {404}


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_proxies_the_limit_keys_on_the_client(limit_of_three, settings, proxies):
    settings.THRIVEGRIDS_PROXY_COUNT = proxies

    def through_proxies(client_address, spoofed):
        hops = [spoofed, client_address] + ["10.0.0.2"] * (proxies - 1)
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=", ".join(hops))
        return client.get(SUMMARY).status_code

    made_up = [through_proxies("203.0.113.66", f"198.51.100.{n}") for n in range(4)]

    assert made_up == [404, 404, 404, 429]
    assert through_proxies("203.0.113.7", "198.51.100.1") == 404


def test_the_directory_keeps_its_own_counts(rf):
    request = rf.post("/", REMOTE_ADDR=ADDRESS)

    counted = [directory_throttle.allow(request, "report", limit=2) for _ in range(3)]

    assert counted == [True, True, False]
    assert throttle.allow(request, "report", limit=1)
