"""Journey: a practitioner looks at the take-away summary and makes a link to share it."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.accounts.factories import sign_in_fully
from tests.browser.conftest import assert_accessible
from tests.conversations.test_summary import recorded_conversation
from thrivegrids.conversations.models import SummaryLink

pytestmark = pytest.mark.browser


def signed_in(context, site, user):
    client = sign_in_fully(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])


def test_practitioner_shares_the_summary(context, page, site):
    conversation = recorded_conversation(topic="self-harm")
    signed_in(context, site, conversation.created_by)

    page.goto(f"{site}/conversations/{conversation.pk}/summary/")
    assert_accessible(page)
    page.get_by_role("link", name="Share with the young person (link and QR code)").click()
    assert_accessible(page)
    page.get_by_label("7 days").check()
    page.get_by_role("button", name="Make a new link").click()

    address = page.get_by_label("Link to the summary").input_value()
    assert "/s/" in address
    assert page.locator("svg.tg-qr").is_visible()
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()  # the script showed it
    assert SummaryLink.objects.count() == 1
    assert_accessible(page)
