"""Journey: a practitioner signs in with password and authenticator code and finds their records."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import (
    PASSWORD,
    OrganisationFactory,
    confirmed_device,
    current_code,
    member,
)
from tests.browser.conftest import assert_accessible
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role

pytestmark = pytest.mark.browser


@pytest.fixture
def practitioner(transactional_db):
    team = OrganisationFactory(name="Example Valley CAMHS")
    user = member(Role.PRACTITIONER, team, username="pat")
    YoungPersonFactory(organisation=team, local_reference="EVC-0001")
    YoungPersonFactory(local_reference="ELSEWHERE-1")  # another organisation's: never shown
    return user


def sign_in(page, base_url, device):
    page.goto(base_url + "/records/")
    page.wait_for_url(re.compile(r"/accounts/sign-in/\?next="))
    assert_accessible(page)
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r"/accounts/sign-in/code/"))
    assert_accessible(page)
    page.get_by_label("Security code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()


def test_sign_in_with_two_factors_and_see_the_records_list(page, live_server, practitioner):
    device = confirmed_device(practitioner)

    sign_in(page, live_server.url, device)

    page.wait_for_url(re.compile(r"/records/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Young people")
    expect(page.get_by_role("link", name="EVC-0001")).to_be_visible()
    expect(page.get_by_text("ELSEWHERE-1")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Example Valley CAMHS")
    assert_accessible(page)


def test_a_wrong_code_is_explained_accessibly(page, live_server, practitioner):
    confirmed_device(practitioner)
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Security code").fill("12")
    page.get_by_role("button", name="Continue").click()

    expect(page.locator(".nhsuk-error-summary")).to_contain_text("6-digit")
    assert_accessible(page)


def test_idle_warning_offers_to_stay_signed_in(page, live_server, practitioner, settings):
    # The warning opens 2 minutes before the idle limit: a limit of 2 minutes 3 seconds opens it in 3.
    settings.THRIVEGRIDS_SESSION_IDLE_SECONDS = 123
    device = confirmed_device(practitioner)
    sign_in(page, live_server.url, device)
    page.wait_for_url(re.compile(r"/records/$"))

    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    expect(dialog).to_be_visible(timeout=10_000)
    assert_accessible(page)
    with page.expect_response(re.compile(r"/accounts/session/keep-alive/$")) as kept:
        dialog.get_by_role("button", name="Stay signed in").click()

    assert kept.value.ok
    expect(dialog).to_be_hidden()
    assert page.url.endswith("/records/")
