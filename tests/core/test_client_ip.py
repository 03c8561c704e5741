"""The client's address behind 0, 1 or 2 proxies, and what a client cannot fake."""

import pytest
from django.test import RequestFactory, override_settings
from hypothesis import given
from hypothesis import strategies as st

from thrivegrids.core.client_ip import client_ip

PROXY = "10.0.0.1"


def _request(forwarded_for=None, remote_addr=PROXY):
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


@pytest.mark.parametrize("count", [None, 0])
def test_client_ip_without_proxies_ignores_the_header(settings, count):
    settings.THRIVEGRIDS_PROXY_COUNT = count

    assert client_ip(_request("198.51.100.7", remote_addr="203.0.113.5")) == "203.0.113.5"


def test_client_ip_behind_one_proxy_is_the_address_it_appended(settings):
    settings.THRIVEGRIDS_PROXY_COUNT = 1

    assert client_ip(_request("203.0.113.5")) == "203.0.113.5"


def test_client_ip_behind_two_proxies_is_the_address_the_outer_one_appended(settings):
    settings.THRIVEGRIDS_PROXY_COUNT = 2

    assert client_ip(_request("203.0.113.5, 10.0.0.2")) == "203.0.113.5"


@pytest.mark.parametrize(
    ("count", "forwarded_for"),
    [
        (1, "198.51.100.66, 203.0.113.5"),
        (1, "198.51.100.66,198.51.100.67 ,  203.0.113.5"),
        (2, "198.51.100.66, 203.0.113.5, 10.0.0.2"),
        (2, "1.1.1.1, 198.51.100.66, 203.0.113.5, 10.0.0.2"),
    ],
)
def test_client_ip_ignores_hops_the_client_made_up(settings, count, forwarded_for):
    settings.THRIVEGRIDS_PROXY_COUNT = count

    assert client_ip(_request(forwarded_for)) == "203.0.113.5"


@pytest.mark.parametrize(("count", "forwarded_for"), [(1, None), (1, " , "), (2, "203.0.113.5")])
def test_client_ip_with_fewer_hops_than_proxies_is_the_connecting_address(
    settings, count, forwarded_for
):
    settings.THRIVEGRIDS_PROXY_COUNT = count

    assert client_ip(_request(forwarded_for)) == PROXY


def test_client_ip_without_any_address_is_empty(settings):
    settings.THRIVEGRIDS_PROXY_COUNT = 0
    request = _request()
    del request.META["REMOTE_ADDR"]

    assert client_ip(request) == ""


hop = st.text(alphabet="0123456789abcdef.:", min_size=1, max_size=39)


@given(
    spoofed=st.lists(hop, max_size=5),
    inner=st.lists(hop, min_size=0, max_size=2),
    client=hop,
)
def test_client_ip_is_what_the_outer_proxy_saw_whatever_the_client_sends(spoofed, inner, client):
    header = ", ".join([*spoofed, client, *inner])

    with override_settings(THRIVEGRIDS_PROXY_COUNT=len(inner) + 1):
        assert client_ip(_request(header)) == client
