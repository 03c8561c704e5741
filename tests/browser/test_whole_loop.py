"""Journeys through the whole loop: sign in with the second factor, hold a conversation with three
voices, record the decision, share the take-away summary, answer feedback on a phone (English and
Arabic), and see the team page. Every page is checked with axe.
"""

import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import (
    PHONE,
    assert_accessible,
    assert_no_horizontal_scroll,
    press_tab_until,
)
from tests.browser.test_sign_in import sign_in
from thrivegrids.accounts.permissions import Role
from thrivegrids.accounts.second_factor import requires_second_factor
from thrivegrids.accounts.tests.factories import (
    PASSWORD,
    OrganisationFactory,
    confirmed_device,
    current_code,
    member,
)
from thrivegrids.conversations import services as conversations
from thrivegrids.conversations.models import Conversation, NeedsGroupAssignment
from thrivegrids.conversations.tests.factories import published_version
from thrivegrids.measures import services as measures
from thrivegrids.measures.models import Instrument, Response
from thrivegrids.measures.tests.factories import recorded_conversation, summary_token
from thrivegrids.records.tests.factories import YoungPersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def team(grids):
    """An ICS with a CAMHS team: a practitioner "pat", a team lead, a commissioner, a young person."""
    call_command("load_measures", "content/measures", verbosity=0)
    ics = OrganisationFactory(name="Example Valley ICS", kind="ics")
    camhs = OrganisationFactory(name="Example Valley CAMHS", parent=ics)
    return SimpleNamespace(
        ics=ics,
        camhs=camhs,
        pat=member(Role.PRACTITIONER, camhs, username="pat", first_name="Pat"),
        young_person=YoungPersonFactory(
            organisation=camhs, local_reference="EVC-0001", parent_carer_name="Jordan Example"
        ),
    )


def _voice(page, role, text, priority, option_index):
    page.locator(f"#id_{role}-what_matters").fill(text)
    page.locator(f"input[name='{role}-priorities'][value='{priority}']").check()
    page.locator(f"input[name='{role}-leaning_towards']").nth(option_index).check()


def test_a_conversation_from_sign_in_to_a_shared_summary_and_feedback_on_a_phone(
    page, browser, live_server, team
):
    sign_in(page, live_server.url, confirmed_device(team.pat))
    page.wait_for_url(re.compile(r"/records/$"))
    page.get_by_role("link", name="EVC-0001").click()
    assert_accessible(page)

    # Start: two grids for low mood, the NHS one and the community one.
    page.get_by_role("link", name="Start a conversation").click()
    assert_accessible(page)
    low_mood = page.get_by_role("group", name="Low mood")
    low_mood.get_by_label(re.compile("Help from the NHS")).check()
    low_mood.get_by_label(re.compile("Help in the community")).check()
    page.get_by_role("button", name="Start the conversation").click()
    page.wait_for_url(re.compile(r"/conversations/\d+/$"))
    conversation = Conversation.objects.get()
    assert conversation.grids.count() == 2
    assert_accessible(page)

    # In the room: one grid full screen, ticking what was talked about there.
    page.get_by_role("link", name=re.compile("full screen")).first.click()
    page.wait_for_url(re.compile(r"/grids/1/$"))
    assert_accessible(page)
    page.locator("input[name='options_discussed']").nth(0).check()
    page.locator("input[name='options_discussed']").nth(1).check()
    page.get_by_role("button", name="Save and go back to the conversation").click()
    page.wait_for_url(re.compile(r"/conversations/\d+/(\?|#|$)"))
    assert conversation.options_discussed.count() == 2

    # Three voices; the second option is what everyone leans towards.
    page.get_by_label("A parent or carer took part").check()
    _voice(page, "young_person", "Not missing football on Saturdays", "quick-to-start", 1)
    _voice(page, "parent_carer", "Knowing how to help at home", "family-involved", 1)
    _voice(page, "practitioner", "Starting something soon", "quick-to-start", 1)
    expect(page.locator("#autosave-status")).to_contain_text("saved", timeout=10_000)
    expect(page.locator("#agreement")).to_contain_text("Everyone agrees on")
    assert_accessible(page)
    conversation.refresh_from_db()
    assert conversation.voices.get(role="parent_carer").what_matters == (
        "Knowing how to help at home"
    )

    # Keyboard only: the voices and the Record button are reachable with Tab.
    page.locator("h1").click()
    press_tab_until(page, "#id_young_person-what_matters")
    press_tab_until(page, "button[value='record']", limit=400)

    # The outcome: chosen, a follow-up, the needs-based group with a reason.
    page.get_by_label("An option or options were chosen").check()
    page.locator("input[name='options_chosen']").nth(1).check()
    page.get_by_label("Getting help", exact=True).check()
    page.get_by_label("Why this group, in a sentence or two").fill("Wants focused help for now")
    page.get_by_role("button", name="Record the conversation").click()
    expect(page.locator("h1")).to_contain_text("Recorded")
    assert_accessible(page)
    assignment = NeedsGroupAssignment.objects.get()
    assert (assignment.group, assignment.conversation_id) == ("getting-help", conversation.pk)

    # The take-away summary, then a link and QR code for the young person.
    page.get_by_role("link", name="Take-away summary").click()
    expect(page.locator("main")).to_contain_text("Not missing football on Saturdays")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Share with the young person")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Make a new link").click()
    expect(page.locator("svg.tg-qr")).to_be_visible()
    assert_accessible(page)
    address = page.locator("#summary-link").input_value()
    assert re.search(r"/s/[\w-]{40,}/$", address)

    # The young person, on their own phone, not signed in.
    phone = browser.new_context(viewport=PHONE)
    young_person = phone.new_page()
    young_person.goto(address)
    expect(young_person.locator("main")).to_contain_text("Not missing football on Saturdays")
    assert_accessible(young_person)
    assert_no_horizontal_scroll(young_person)
    young_person.get_by_role("link", name=re.compile("Tell us how the conversation went")).click()
    young_person.get_by_label("I am the young person").check()
    young_person.get_by_role("button", name="Continue").click()
    assert_accessible(young_person)
    assert_no_horizontal_scroll(young_person)
    for group in young_person.get_by_role("group").all():
        if group.locator("input[type=radio]").count():
            group.locator("input[type=radio]").first.check()
    young_person.get_by_role("button", name="Send my answers").click()
    expect(young_person.locator("h1")).to_contain_text("Thank you")
    assert_accessible(young_person)
    phone.close()
    response = Response.objects.get()
    assert (response.respondent_role, response.language) == ("young_person", "en")
    assert response.conversation == conversation


def test_the_summary_and_feedback_in_arabic_on_a_phone(browser, live_server, team):
    conversation = recorded_conversation(young_person=team.young_person, by=team.pat)
    token = summary_token(conversation, language="ar")
    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()

    page.goto(f"{live_server.url}/ar/s/{token}/")

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.locator("a[href*='/feedback/']").first.click()
    page.wait_for_url(re.compile(r"/ar/s/.+/feedback/"))
    page.locator("input[type=radio][value='young_person']").check()
    page.locator("form button").click()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    for group in page.get_by_role("group").all():
        if group.locator("input[type=radio]").count():
            group.locator("input[type=radio]").first.check()
    page.locator("form button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    assert Response.objects.get().language == "ar"
    phone.close()


def test_two_practitioners_editing_one_draft_see_both_versions(browser, live_server, team):
    sam = member(Role.PRACTITIONER, team.camhs, username="sam", first_name="Sam")
    draft = conversations.start_conversation(
        by=team.pat, young_person=team.young_person, versions=[published_version()]
    )
    pages = {}
    for user in (team.pat, sam):
        context = browser.new_context()
        page = context.new_page()
        _sign_in_as(page, live_server.url, user)
        page.goto(f"{live_server.url}/conversations/{draft.pk}/")
        pages[user.username] = page

    pages["pat"].locator("#id_questions").fill("How long is the wait? (Pat)")
    expect(pages["pat"].locator("#autosave-status")).to_contain_text("saved", timeout=10_000)
    pages["sam"].locator("#id_questions").fill("Can school know? (Sam)")
    status = pages["sam"].locator("#autosave-status")
    expect(status).to_contain_text("Not saved", timeout=10_000)
    assert_accessible(pages["sam"])
    status.get_by_role("button", name="Compare their changes with yours").click()

    sam_page = pages["sam"]
    expect(sam_page.locator("main")).to_contain_text("How long is the wait? (Pat)")
    expect(sam_page.locator("#id_questions")).to_have_value("Can school know? (Sam)")
    assert_accessible(sam_page)
    draft.refresh_from_db()
    assert draft.questions == "How long is the wait? (Pat)"


def _sign_in_as(page, base_url, user):
    device = confirmed_device(user) if requires_second_factor(user) else None
    page.goto(base_url + "/accounts/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    if "/sign-in/code/" in page.url:  # roles that never see a record have no second step
        page.get_by_label("Security code").fill(current_code(device))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/accounts/$"))


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["wide", "phone"])
def test_team_leads_and_commissioners_see_suppressed_feedback_figures(
    browser, live_server, team, viewport
):
    lead = member(Role.TEAM_LEAD, team.camhs, username="lee")
    commissioner = member(Role.COMMISSIONER, team.ics, username="cam")
    instrument = Instrument.objects.get(slug="thrivegrids-after-the-conversation")
    for _ in range(7):
        conversation = recorded_conversation(
            young_person=YoungPersonFactory(organisation=team.camhs), by=team.pat
        )
        top = {item.key: max(item.values) for item in instrument.items.all()}
        measures.record_responses(
            by=None,
            actor_label="test",
            conversation=conversation,
            respondent_role="young_person",
            language="en",
            answers_by_instrument={instrument: top},
        )
    for user in (lead, commissioner):
        context = browser.new_context(**({"viewport": viewport} if viewport else {}))
        page = context.new_page()
        _sign_in_as(page, live_server.url, user)
        page.goto(f"{live_server.url}/measures/team/")
        expect(page.locator("h1")).to_have_text("Shared decision making feedback")
        # 7 young people: shown rounded to 5; parents (none) and small cells as *.
        headline = page.locator("table").first
        expect(headline).to_contain_text("Young people")
        expect(headline).to_contain_text("100%")
        expect(page.locator("main")).to_contain_text("*")
        assert_accessible(page)
        assert_no_horizontal_scroll(page)
        context.close()
