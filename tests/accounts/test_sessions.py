"""Sessions end after 15 minutes idle and 12 hours after signing in; public pages never use them."""

import time

import pytest

from tests import clock
from tests.accounts.factories import sign_in_fully
from thrivegrids.accounts.middleware import SEEN_KEY, STARTED_KEY

pytestmark = pytest.mark.django_db

HOME = "/accounts/"


@pytest.fixture(autouse=True)
def stopped_clock(time_machine):
    """The clock stands still, so the idle and session times these tests set are exact however
    long a request takes (a one-minute margin is not a guarantee on a busy machine)."""
    time_machine.move_to(clock.NOW, tick=False)


def shift_clock(client, *, seen_ago=0, started_ago=0):
    session = client.session
    now = time.time()
    session[SEEN_KEY] = now - seen_ago
    session[STARTED_KEY] = now - started_ago
    session.save()


@pytest.fixture
def signed_in(client, practitioner):
    return sign_in_fully(client, practitioner)


def test_session_survives_fourteen_idle_minutes(signed_in):
    shift_clock(signed_in, seen_ago=14 * 60, started_ago=14 * 60)

    assert signed_in.get(HOME).status_code == 200


def test_session_ends_after_fifteen_idle_minutes_and_says_why(signed_in):
    shift_clock(signed_in, seen_ago=15 * 60 + 1, started_ago=15 * 60 + 1)

    response = signed_in.get("/records/?q=a")

    assert response["Location"] == "/accounts/signed-out/?reason=idle&next=%2Frecords%2F%3Fq%3Da"
    assert "_auth_user_id" not in signed_in.session
    page = signed_in.get(response["Location"]).content.decode()
    assert "had not done anything for 15 minutes" in page
    assert 'href="/accounts/sign-in/?next=%2Frecords%2F%3Fq%3Da"' in page


def test_session_ends_twelve_hours_after_signing_in_however_busy(signed_in):
    shift_clock(signed_in, seen_ago=1, started_ago=12 * 60 * 60 + 1)

    response = signed_in.get(HOME)

    assert response["Location"].startswith("/accounts/signed-out/?reason=limit")
    assert "_auth_user_id" not in signed_in.session


def test_each_request_restarts_the_idle_timer(signed_in):
    shift_clock(signed_in, seen_ago=10 * 60, started_ago=10 * 60)

    signed_in.get(HOME)

    assert time.time() - signed_in.session[SEEN_KEY] < 5


def test_asking_how_long_is_left_does_not_count_as_activity(signed_in):
    shift_clock(signed_in, seen_ago=14 * 60, started_ago=14 * 60)

    response = signed_in.get("/accounts/session/")

    assert 55 <= response.json()["seconds_left"] <= 60
    assert time.time() - signed_in.session[SEEN_KEY] >= 14 * 60


def test_stay_signed_in_restarts_the_idle_timer(signed_in):
    shift_clock(signed_in, seen_ago=14 * 60, started_ago=14 * 60)

    response = signed_in.post("/accounts/session/keep-alive/")

    assert response.json()["seconds_left"] >= 15 * 60 - 5


def test_keep_alive_cannot_revive_an_ended_session(signed_in):
    shift_clock(signed_in, seen_ago=16 * 60, started_ago=16 * 60)

    response = signed_in.post("/accounts/session/keep-alive/")

    assert response.status_code == 302
    assert "_auth_user_id" not in signed_in.session


def test_signed_in_pages_carry_the_idle_warning_dialog_and_its_script(signed_in):
    html = signed_in.get(HOME).content.decode()

    assert '<dialog id="tg-session-warning"' in html
    assert 'data-keep-alive-url="/accounts/session/keep-alive/"' in html
    assert "accounts/session-timeout.mjs" in html


def test_public_grid_page_does_not_touch_the_session_even_when_signed_in(signed_in, demo_grids):
    response = signed_in.get("/grids/low-mood/nhs/")

    assert response.status_code == 200
    assert "cookie" not in response.get("Vary", "").lower()
    assert "nhsuk-header__account" not in response.content.decode()


def test_public_grid_page_does_not_touch_the_session_for_anonymous_visitors(client, demo_grids):
    response = client.get("/grids/low-mood/nhs/")

    assert "cookie" not in response.get("Vary", "").lower()
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
