"""The pages a limit shows: the sign-in lockout page and the secret-link pages' 429 page pass axe
and fit a 320 px screen."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import member
from tests.browser.conftest import PHONE, assert_accessible, assert_no_horizontal_scroll
from thrivegrids.accounts.permissions import Role

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["wide", "phone"])
def test_the_locked_out_page_is_accessible(page, live_server, transactional_db, viewport):
    member(Role.PRACTITIONER, username="pat")
    if viewport:
        page.set_viewport_size(viewport)

    for _ in range(5):
        page.goto(live_server.url + "/accounts/sign-in/")
        page.get_by_label("Username").fill("pat")
        page.get_by_label("Password", exact=True).fill("wrong-password")
        page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot sign in for now")
    expect(page.get_by_text("wait 15 minutes")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["wide", "phone"])
def test_the_too_many_requests_page_is_accessible(
    page, live_server, transactional_db, settings, viewport
):
    settings.THRIVEGRIDS_LINK_PAGE_REQUESTS_PER_MINUTE = 1
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(live_server.url + "/s/no-such-token/")

    response = page.goto(live_server.url + "/s/no-such-token/")

    assert response.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many requests")
    expect(page.locator("[data-urgent-help]")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
