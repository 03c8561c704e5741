"""Journeys: a practitioner adds their authenticator app through a set-up link; signs in with password
and authenticator code and finds their records."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.accounts.factories import (
    PASSWORD,
    OrganisationFactory,
    confirmed_device,
    current_code,
    member,
)
from tests.browser.conftest import PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts import services
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


def code_for(secret):
    key = secret.replace(" ", "")
    return f"{totp(base64.b32decode(key + '=' * (-len(key) % 8))):06d}"


def test_add_the_app_through_a_set_up_link_on_a_phone(page, live_server, practitioner):
    _link, token = services.create_set_up_link(by=None, user=practitioner)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/accounts/set-up/{token}/")
    page.wait_for_url(re.compile(r"/accounts/sign-in/\?next="))
    assert token not in page.url
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r"/accounts/sign-in/set-up/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Security code").fill("12")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("6-digit")
    page.get_by_label("Security code").fill(code_for(page.locator(".tg-secret").inner_text()))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.locator(".tg-recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="I have saved my recovery codes").click()
    page.wait_for_url(re.compile(r"/accounts/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ThriveGrids")


def test_a_team_lead_makes_a_set_up_link_and_a_used_one_is_refused(page, live_server, practitioner):
    lead = member(Role.TEAM_LEAD, practitioner.memberships.get().organisation, username="lee")
    device = confirmed_device(lead)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/set-up-links/")
    page.get_by_label("Username").fill("lee")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Security code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r"/accounts/set-up-links/$"))
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Make a set-up link for pat").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set-up link for pat")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    link = page.locator(".tg-set-up-link code").inner_text()
    page.get_by_role("link", name="Back to set-up links").click()
    page.get_by_role("button", name="Make a new set-up link for pat").click()
    page.goto(link)  # the first link stopped when the second was made
    expect(page.get_by_role("heading", level=1)).to_have_text("This set-up link does not work")
    expect(page.locator(".tg-refusal-reason")).to_contain_text("A newer link was made")
    assert_accessible(page)
