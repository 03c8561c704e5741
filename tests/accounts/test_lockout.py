"""Lockout (django-axes): by username and address together, with a cool-off and a clear page."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.accounts.factories import PASSWORD, confirmed_device, current_code, member
from thrivegrids.accounts.permissions import Role

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"
CODE = "/accounts/sign-in/code/"
TEAM_ADDRESS = "10.20.30.40"


@pytest.fixture
def pat(db):
    user = member(Role.PRACTITIONER, username="pat")
    confirmed_device(user)
    return user


def attempt(username, password="wrong-password", address=TEAM_ADDRESS):
    return Client(REMOTE_ADDR=address).post(SIGN_IN, {"username": username, "password": password})


def lock_out(username, address=TEAM_ADDRESS, limit=5):
    for _ in range(limit):
        response = attempt(username, address=address)
    return response


def test_fifth_wrong_password_shows_the_locked_out_page(pat, settings):
    assert settings.AXES_FAILURE_LIMIT == 5

    for _ in range(4):
        assert attempt("pat").status_code == 200
    response = attempt("pat")

    html = response.content.decode()
    assert response.status_code == 429
    assert "You cannot sign in for now" in html and "wait 15 minutes" in html


def test_locked_out_username_cannot_sign_in_even_with_the_right_password(pat):
    lock_out("pat")

    response = attempt("pat", password=PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session


def test_colleague_on_the_same_network_can_still_sign_in(pat, db):
    member(Role.PRACTITIONER, username="sam")
    lock_out("pat")

    response = attempt("sam", password=PASSWORD)

    assert response.status_code == 302


def test_same_username_from_another_network_is_not_locked_out(pat):
    lock_out("pat")

    response = attempt("pat", password=PASSWORD, address="192.0.2.7")

    assert response.status_code == 302


def test_lockout_lifts_after_the_cool_off(pat, settings):
    lock_out("pat")
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(seconds=1)
    )

    assert attempt("pat", password=PASSWORD).status_code == 302


def test_wrong_codes_count_towards_the_same_lockout_and_end_the_session(pat):
    client = Client(REMOTE_ADDR=TEAM_ADDRESS)
    client.post(SIGN_IN, {"username": "pat", "password": PASSWORD})

    for _ in range(4):
        assert client.post(CODE, {"code": "000000"}).status_code == 200
    response = client.post(CODE, {"code": "000000"})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_code_page_refuses_a_locked_out_user_even_with_a_right_code(pat):
    client = Client(REMOTE_ADDR=TEAM_ADDRESS)
    client.post(SIGN_IN, {"username": "pat", "password": PASSWORD})
    lock_out("pat")

    response = client.post(CODE, {"code": current_code(confirmed_device(pat))})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_proxies_lockout_keys_on_the_client_not_the_load_balancer(pat, settings, proxies):
    """DJANGO_PROXY_COUNT works: through the same load balancer, one client's wrong guesses do
    not lock out another client; a made-up X-Forwarded-For entry does not move the lockout."""
    settings.THRIVEGRIDS_PROXY_COUNT = proxies
    inner = ["10.0.0.2"] * (proxies - 1)

    def through_proxies(client_address, *, spoofed=None, password="wrong-password"):
        hops = ([spoofed] if spoofed else []) + [client_address, *inner]
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=", ".join(hops))
        return client.post(SIGN_IN, {"username": "pat", "password": password})

    for attempt_number in range(5):
        # The attacker makes up a different left-most entry each time: still one address.
        through_proxies("203.0.113.66", spoofed=f"198.51.100.{attempt_number}")

    assert AccessAttempt.objects.get().ip_address == "203.0.113.66"
    assert through_proxies("203.0.113.66", password=PASSWORD).status_code == 429
    colleague = through_proxies("203.0.113.7", password=PASSWORD)
    assert colleague.status_code == 302
