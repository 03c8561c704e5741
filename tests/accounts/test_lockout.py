"""Sign-in lockout (accounts/lockout.py through django-axes): three limits, each with a cool-off
that doubles with every lockout of the same key, up to a cap, and a clear page."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests import clock
from tests.accounts.factories import PASSWORD, confirmed_device, current_code, member
from thrivegrids.accounts.permissions import Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SIGN_IN = "/accounts/sign-in/"
CODE = "/accounts/sign-in/code/"
TEAM_ADDRESS = "10.20.30.40"
ELSEWHERE = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"]


@pytest.fixture
def pat(db):
    user = member(Role.PRACTITIONER, username="pat")
    confirmed_device(user)
    return user


@pytest.fixture
def stopped_clock(time_machine):
    """The clock stands at clock.NOW until the test moves it (cool-offs are counted in seconds)."""
    time_machine.move_to(clock.NOW, tick=False)
    return time_machine


def attempt(username, password="wrong-password", address=TEAM_ADDRESS):
    return Client(REMOTE_ADDR=address).post(SIGN_IN, {"username": username, "password": password})


def lock_out(username, address=TEAM_ADDRESS, limit=5):
    for _ in range(limit):
        response = attempt(username, address=address)
    return response


def signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_limits_are_five_per_address_ten_per_username_and_twenty_per_address(settings):
    assert settings.THRIVEGRIDS_SIGN_IN_LIMITS == {
        "username_address": 5,
        "username": 10,
        "address": 20,
    }
    assert settings.THRIVEGRIDS_LOCKOUT_MINUTES == 15
    assert settings.THRIVEGRIDS_LOCKOUT_MAX_HOURS == 24


def test_limits_and_cool_offs_are_read_from_the_environment():
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "THRIVEGRIDS_"))
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "thrivegrids.config.settings",
        "PYTHONPATH": str(ROOT),
        "DJANGO_DEBUG": "true",
        "THRIVEGRIDS_SIGN_IN_ATTEMPTS": "3",
        "THRIVEGRIDS_SIGN_IN_ATTEMPTS_PER_USERNAME": "7",
        "THRIVEGRIDS_SIGN_IN_ATTEMPTS_PER_ADDRESS": "0",
        "THRIVEGRIDS_LOCKOUT_MINUTES": "5",
        "THRIVEGRIDS_LOCKOUT_MAX_HOURS": "2",
    }
    script = (
        "from django.conf import settings as s; "
        "print(s.THRIVEGRIDS_SIGN_IN_LIMITS, s.THRIVEGRIDS_LOCKOUT_MINUTES, "
        "s.THRIVEGRIDS_LOCKOUT_MAX_HOURS)"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "{'username_address':",
        "3,",
        "'username':",
        "7,",
        "'address':",
        "0}",
        "5",
        "2",
    ]


def test_fifth_wrong_password_shows_the_locked_out_page(pat):
    for _ in range(4):
        assert attempt("pat").status_code == 200
    response = attempt("pat")

    html = response.content.decode()
    assert response.status_code == 429
    assert "You cannot sign in for now" in html and "wait 15 minutes" in html
    assert "with this username from this network" in html


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


def test_guesses_from_four_addresses_lock_the_username_everywhere(pat):
    """Ten wrong passwords for one username lock it from every address, though no one address
    reached its own limit of five."""
    statuses = [attempt("pat", address=address).status_code for address in ELSEWHERE[:4] * 3]

    assert statuses == [200] * 9 + [429] * 3
    response = attempt("pat", address=ELSEWHERE[4])
    assert response.status_code == 429
    assert "with this username." in response.content.decode()


def test_right_password_while_the_username_is_locked_elsewhere_is_refused(pat):
    lock_out("pat", address=ELSEWHERE[0])
    lock_out("pat", address=ELSEWHERE[1])

    response = attempt("pat", password=PASSWORD, address=TEAM_ADDRESS)

    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_code_page_refuses_a_user_whose_username_was_locked_elsewhere(pat):
    client = Client(REMOTE_ADDR=TEAM_ADDRESS)
    client.post(SIGN_IN, {"username": "pat", "password": PASSWORD})
    lock_out("pat", address=ELSEWHERE[0])
    lock_out("pat", address=ELSEWHERE[1])

    response = client.post(CODE, {"code": current_code(confirmed_device(pat))})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_many_usernames_from_one_address_are_throttled(pat):
    """Forty usernames, one guess each, from one address: the twentieth locks the address."""
    statuses = [attempt(f"guess{number}").status_code for number in range(40)]

    assert statuses == [200] * 19 + [429] * 21
    refused = attempt("pat", password=PASSWORD)
    assert refused.status_code == 429
    assert "from this network." in refused.content.decode()
    assert "_auth_user_id" not in refused.client.session
    assert signed_in(attempt("pat", password=PASSWORD, address=ELSEWHERE[0]))


def test_a_limit_of_zero_turns_that_limit_off(pat, settings):
    settings.THRIVEGRIDS_SIGN_IN_LIMITS = settings.THRIVEGRIDS_SIGN_IN_LIMITS | {"address": 0}

    statuses = {attempt(f"guess{number}").status_code for number in range(25)}

    assert statuses == {200}


def test_a_success_does_not_reset_other_addresses_counts(pat):
    for address in ELSEWHERE[:3] * 3:
        attempt("pat", address=address)

    assert signed_in(attempt("pat", password=PASSWORD, address=TEAM_ADDRESS))
    assert attempt("pat", address=ELSEWHERE[3]).status_code == 429
    assert attempt("pat", password=PASSWORD, address=TEAM_ADDRESS).status_code == 429


def test_lockout_lifts_after_the_cool_off(pat, stopped_clock):
    lock_out("pat")

    stopped_clock.shift(datetime.timedelta(minutes=14, seconds=59))
    assert attempt("pat", password=PASSWORD).status_code == 429
    stopped_clock.shift(datetime.timedelta(seconds=2))
    assert signed_in(attempt("pat", password=PASSWORD))


def test_cool_off_doubles_with_each_lockout_and_stops_at_the_cap(pat, stopped_clock):
    expected = [15, 30, 60, 120, 240, 480, 960, 1440, 1440]
    wording = {120: "wait 2 hours", 240: "wait 4 hours", 480: "wait 8 hours"}
    wording |= {960: "wait 16 hours", 1440: "wait 24 hours"}

    for minutes in expected:
        page = lock_out("pat").content.decode()
        assert wording.get(minutes, f"wait {minutes} minutes") in page

        stopped_clock.shift(datetime.timedelta(minutes=minutes, seconds=-1))
        assert attempt("pat", password=PASSWORD).status_code == 429
        stopped_clock.shift(datetime.timedelta(seconds=2))


def test_back_off_is_per_key(pat, db, stopped_clock):
    """Locking one username twice doubles its cool-off, not a colleague's on the same network."""
    member(Role.PRACTITIONER, username="sam")
    lock_out("pat")
    stopped_clock.shift(datetime.timedelta(minutes=16))
    assert "wait 30 minutes" in lock_out("pat").content.decode()

    assert "wait 15 minutes" in lock_out("sam").content.decode()


def test_back_off_is_forgotten_a_cap_after_the_last_lockout(pat, stopped_clock):
    lock_out("pat")
    stopped_clock.shift(datetime.timedelta(minutes=16))
    lock_out("pat")
    stopped_clock.shift(datetime.timedelta(minutes=30, hours=24, seconds=1))

    assert "wait 15 minutes" in lock_out("pat").content.decode()


def test_staff_can_lift_a_username_lockout_with_the_axes_command(pat):
    lock_out("pat", address=ELSEWHERE[0])
    lock_out("pat", address=ELSEWHERE[1])

    call_command("axes_reset_username", "pat", verbosity=0)

    assert signed_in(attempt("pat", password=PASSWORD, address=ELSEWHERE[0]))


def test_wrong_codes_count_towards_the_same_lockout_and_end_the_session(pat):
    client = Client(REMOTE_ADDR=TEAM_ADDRESS)
    client.post(SIGN_IN, {"username": "pat", "password": PASSWORD})

    for _ in range(4):
        assert client.post(CODE, {"code": "000000"}).status_code == 200
    response = client.post(CODE, {"code": "000000"})

    assert response.status_code == 429
    assert "wait 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_code_page_refuses_a_locked_out_user_even_with_a_right_code(pat):
    client = Client(REMOTE_ADDR=TEAM_ADDRESS)
    client.post(SIGN_IN, {"username": "pat", "password": PASSWORD})
    lock_out("pat")

    response = client.post(CODE, {"code": current_code(confirmed_device(pat))})

    assert response.status_code == 429
    assert "wait 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def through_proxies(proxies, client_address, username="pat", *, spoofed=None, password=None):
    """A sign-in through `proxies` proxies of ours; the client may make up entries on the left."""
    hops = ([spoofed] if spoofed else []) + [client_address] + ["10.0.0.2"] * (proxies - 1)
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=", ".join(hops))
    data = {"username": username, "password": password or "wrong-password"}
    return client.post(SIGN_IN, data)


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_proxies_lockout_keys_on_the_client_not_the_load_balancer(pat, settings, proxies):
    """DJANGO_PROXY_COUNT works: through the same load balancer, one client's wrong guesses do
    not lock out another client; a made-up X-Forwarded-For entry does not move the lockout."""
    settings.THRIVEGRIDS_PROXY_COUNT = proxies

    for attempt_number in range(5):
        # The attacker makes up a different left-most entry each time: still one address.
        through_proxies(proxies, "203.0.113.66", spoofed=f"198.51.100.{attempt_number}")

    assert through_proxies(proxies, "203.0.113.66", password=PASSWORD).status_code == 429
    colleague = through_proxies(proxies, "203.0.113.7", password=PASSWORD)
    assert colleague.status_code == 302


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_proxies_the_address_limit_keys_on_the_client(pat, settings, proxies):
    settings.THRIVEGRIDS_PROXY_COUNT = proxies

    for number in range(20):
        through_proxies(proxies, "203.0.113.66", f"guess{number}", spoofed=f"198.51.100.{number}")

    assert through_proxies(proxies, "203.0.113.66", password=PASSWORD).status_code == 429
    assert through_proxies(proxies, "203.0.113.7", password=PASSWORD).status_code == 302


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_proxies_the_username_limit_counts_every_client(pat, settings, proxies):
    settings.THRIVEGRIDS_PROXY_COUNT = proxies

    for number in range(10):
        through_proxies(proxies, f"203.0.113.{number}")

    assert through_proxies(proxies, "203.0.113.200", password=PASSWORD).status_code == 429
