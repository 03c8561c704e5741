"""Journeys through a conversation, from sign-in to the team page.

1. A practitioner signs in with the second factor, starts a conversation on two grids, ticks options
   on a grid shown full screen, records three voices (autosaved, the agree/differ panel updating),
   records the decision with a THRIVE needs-based group, and shares the take-away summary.
2. The young person opens the link on a 320px phone, reads it and answers the feedback questions;
   the same through a link made in Arabic (right to left).
3. Two practitioners edit one draft: the second save shows both versions and loses nothing typed.
4. A team lead, and a commissioner of the parent ICS, see the team page's suppressed figures, wide
   and at 320px.
5. Keyboard only: Tab reaches the voices and the Record button.
6. The conversation pages at 320px do not scroll sideways.
7. Nothing typed is lost: a text over its limit is counted, marked beside itself and kept while
   the rest saves; a past follow-up date is marked beside the date; a refused Record, then Record
   again, is never a conflict with oneself.

Every page is checked with axe, and every page's console is watched for Content Security Policy
refusals and script errors.
"""

import datetime
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from tests.accounts.factories import (
    PASSWORD,
    OrganisationFactory,
    confirmed_device,
    current_code,
    member,
    sign_in_fully,
)
from tests.browser.conftest import (
    LOOPBACK_HOSTS,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scroll,
    press_tab_until,
)
from tests.browser.test_sign_in import sign_in
from tests.conversations.factories import published_version
from tests.measures.factories import recorded_conversation
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.accounts.second_factor import requires_second_factor
from thrivegrids.conversations import services as conversations
from thrivegrids.conversations.models import Conversation, NeedsGroupAssignment, SummaryLink
from thrivegrids.measures import services as measures
from thrivegrids.measures.models import Instrument, Response

pytestmark = pytest.mark.browser

CSP_OR_SCRIPT_ERROR = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


@pytest.fixture
def team(grids):
    """An ICS with a CAMHS team: a practitioner "pat" and a young person with a parent or carer."""
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


class Watched:
    """Pages whose console is watched: CSP refusals and uncaught script errors are kept."""

    def __init__(self):
        self.problems = []

    def page(self, context):
        return self.attach(context.new_page())

    def attach(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        return page

    def _console(self, message):
        if CSP_OR_SCRIPT_ERROR.search(message.text):
            self.problems.append(f"{message.type}: {message.text}")

    def assert_clean(self):
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def watched():
    found = Watched()
    yield found
    found.assert_clean()


def _only_loopback(route):
    if urlsplit(route.request.url).hostname in LOOPBACK_HOSTS:
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def new_context(browser):
    """Another browser (another person's device): nothing leaves this machine, as in `context`."""
    made = []

    def make(viewport=None, user=None, site=None):
        context = browser.new_context(**({"viewport": viewport} if viewport else {}))
        context.route("**/*", _only_loopback)
        context.set_default_timeout(15_000)
        if user is not None:
            _add_session(context, site, user)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def _add_session(context, site, user):
    """Signed in with both factors, without typing them (the sign-in journey types them)."""
    client = sign_in_fully(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])


def _voice(page, role, text, priorities, option_index):
    page.locator(f"#id_{role}-what_matters").fill(text)
    for priority in priorities:
        page.locator(f"input[name='{role}-priorities'][value='{priority}']").check()
    page.locator(f"input[name='{role}-leaning_towards']").nth(option_index).check()


def _answer_every_question(page):
    for group in page.get_by_role("group").all():
        if group.locator("input[type=radio]").count():
            group.locator("input[type=radio]").first.check()


# 1 ------------------------------------------------------------------------------------------------


def test_a_practitioner_holds_records_and_shares_a_conversation(
    page, context, live_server, team, watched, new_context
):
    watched.attach(page)
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
    assert sorted(conversation.grids.values_list("version__grid__setting", flat=True)) == [
        "community",
        "nhs",
    ]
    agreement = page.locator("#agreement")
    expect(agreement).to_contain_text("Nothing to compare yet")
    # The parent or carer's column shows only once they are said to have taken part (script).
    expect(page.locator("#id_parent_carer-what_matters")).to_be_hidden()
    assert_accessible(page)

    # In the room: the community grid full screen, ticking what was talked about there.
    page.get_by_role("link", name=re.compile("community full screen", re.IGNORECASE)).click()
    page.wait_for_url(re.compile(r"/grids/\d/$"))
    expect(page.get_by_role("button", name="Show full screen")).to_be_visible()  # the script
    assert_accessible(page)
    page.locator("input[name='options_discussed']").nth(0).check()
    page.locator("input[name='options_discussed']").nth(1).check()
    page.get_by_role("button", name="Save and go back to the conversation").click()
    page.wait_for_url(re.compile(r"/conversations/\d+/\?saved=1"))
    expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
    assert conversation.options_discussed.count() == 2
    assert_accessible(page)

    # Three voices, saved as they are typed; the second option is what everyone leans towards.
    page.get_by_label("A parent or carer took part").check()
    expect(page.locator("#id_parent_carer-what_matters")).to_be_visible()
    _voice(page, "young_person", "Not missing football on Saturdays", ["quick-to-start"], 1)
    _voice(page, "parent_carer", "Knowing how to help at home", ["family-involved"], 1)
    _voice(page, "practitioner", "Starting something soon", ["quick-to-start"], 1)
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    expect(agreement).to_contain_text("Everyone agrees on")
    expect(agreement).to_contain_text("Only some of you")
    expect(agreement.locator("li").filter(has_text="My family being involved")).to_contain_text(
        "Parent or carer"
    )
    expect(agreement.locator("li").filter(has_text="Quick to start")).to_have_count(1)
    assert_accessible(page)
    conversation.refresh_from_db()
    voices = {voice.role: voice for voice in conversation.voices.all()}
    assert voices["parent_carer"].what_matters == "Knowing how to help at home"
    assert voices["practitioner"].priorities == ["quick-to-start"]
    assert voices["young_person"].leaning_towards.count() == 1

    # The outcome: an option chosen, the needs-based group with a reason.
    page.get_by_label("An option or options were chosen").check()
    page.locator("input[name='options_chosen']").nth(1).check()
    page.get_by_label("Getting help", exact=True).check()
    page.get_by_label("Why this group, in a sentence or two").fill("Wants focused help for now")
    page.get_by_role("button", name="Record the conversation").click()
    expect(page.locator("h1")).to_contain_text("Recorded")
    expect(page.locator("main")).to_contain_text("Wants focused help for now")
    assert_accessible(page)
    assignment = NeedsGroupAssignment.objects.get()
    assert (assignment.group, assignment.conversation_id) == ("getting-help", conversation.pk)
    assert assignment.reason == "Wants focused help for now"

    # The take-away summary, then a link and QR code for the young person.
    page.get_by_role("link", name="Take-away summary").click()
    expect(page.locator("main")).to_contain_text("Not missing football on Saturdays")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Share with the young person")).click()
    assert_accessible(page)
    page.locator("input[name='language'][value='en']").check()
    page.get_by_role("button", name="Make a new link").click()
    qr = page.locator("svg.tg-qr")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 100  # big enough to scan
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()  # the script showed it
    assert_accessible(page)
    address = page.get_by_label("Link to the summary").input_value()
    assert re.search(r"/s/[\w-]{40,}/$", address)
    assert SummaryLink.objects.get().language == "en"
    feedback_address = _young_persons_feedback_link(page)

    # 2. The young person, on their own small phone, not signed in.
    phone = watched.page(new_context(viewport=PHONE))
    _read_summary_and_answer_feedback(
        phone, address, feedback_address, "Not missing football on Saturdays"
    )
    response = Response.objects.get()
    assert (response.respondent_role, response.language) == ("young_person", "en")
    assert response.conversation == conversation


def _young_persons_feedback_link(page, language=None):
    """The practitioner opens each person's feedback links and reads the young person's."""
    page.get_by_role("link", name="Show each person's feedback link and QR code").click()
    if language == "ar":
        page.get_by_role("link", name="show the links in Arabic").click()
    assert_accessible(page)
    link = page.get_by_label("Feedback link for the young person").input_value()
    assert re.search(r"/s/[\w.-]+/feedback/$", link)
    return link


def _read_summary_and_answer_feedback(
    phone, address, feedback_address, expected_text, *, rtl=False
):
    phone.goto(address)
    direction = "rtl" if rtl else "ltr"
    expect(phone.locator("html")).to_have_attribute("dir", direction)
    expect(phone.locator("main")).to_contain_text(expected_text)
    assert_accessible(phone)
    assert_no_horizontal_scroll(phone)

    # Each person answers through their own link (scanned from the practitioner's screen).
    phone.goto(feedback_address)
    expect(phone.locator("html")).to_have_attribute("dir", direction)
    assert_accessible(phone)
    assert_no_horizontal_scroll(phone)
    _answer_every_question(phone)
    phone.locator("main form button").click()

    expect(phone.locator(".nhsuk-panel")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("dir", direction)
    assert_accessible(phone)
    assert_no_horizontal_scroll(phone)


# 2, in Arabic -------------------------------------------------------------------------------------


def test_a_link_made_in_arabic_is_read_and_answered_right_to_left_on_a_phone(
    page, context, site, team, watched, new_context
):
    conversation = recorded_conversation(young_person=team.young_person, by=team.pat)
    _add_session(context, site, team.pat)
    watched.attach(page)
    page.goto(f"{site}/conversations/{conversation.pk}/share/")
    page.locator("input[name='language'][value='ar']").check()
    page.get_by_role("button", name="Make a new link").click()
    expect(page.locator("svg.tg-qr")).to_be_visible()
    assert_accessible(page)
    address = page.get_by_label("Link to the summary").input_value()
    assert urlsplit(address).path.startswith("/ar/s/")
    assert SummaryLink.objects.get().language == "ar"
    feedback_address = _young_persons_feedback_link(page, language="ar")
    assert urlsplit(feedback_address).path.startswith("/ar/s/")

    phone = watched.page(new_context(viewport=PHONE))
    _read_summary_and_answer_feedback(
        phone, address, feedback_address, "Staying at school", rtl=True
    )

    response = Response.objects.get()
    assert (response.respondent_role, response.language) == ("young_person", "ar")


# 3 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["wide", "phone"])
def test_two_practitioners_editing_one_draft_see_both_versions_and_lose_nothing(
    live_server, team, watched, new_context, viewport
):
    sam = member(Role.PRACTITIONER, team.camhs, username="sam", first_name="Sam")
    draft = conversations.start_conversation(
        by=team.pat, young_person=team.young_person, versions=[published_version()]
    )
    pages = {}
    for user in (team.pat, sam):
        page = watched.page(new_context(viewport=viewport, user=user, site=live_server.url))
        page.goto(f"{live_server.url}/conversations/{draft.pk}/")
        pages[user.username] = page
    pat, sam_page = pages["pat"], pages["sam"]

    pat.locator("#id_young_person-what_matters").fill("Pat: seeing friends after school")
    pat.locator("#id_questions").fill("How long is the wait? (Pat)")
    expect(pat.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)

    sam_page.locator("#id_young_person-what_matters").fill("Sam: not being taken out of lessons")
    status = sam_page.locator("#autosave-status")
    expect(status).to_contain_text("Not saved", timeout=10_000)
    expect(status).to_contain_text("Pat")
    assert_accessible(sam_page)
    if viewport:
        assert_no_horizontal_scroll(sam_page)
    draft.refresh_from_db()
    assert draft.questions == "How long is the wait? (Pat)"  # Pat's save stands

    status.get_by_role("button", name="Compare their changes with yours").click()
    panel = sam_page.locator(".tg-conflict")
    expect(panel).to_be_visible()
    expect(sam_page.locator(".nhsuk-error-summary")).to_contain_text("Pat saved this conversation")
    # Both versions of each field they differ on, side by side; what Sam typed is still in the form.
    expect(panel).to_contain_text("Pat: seeing friends after school")
    expect(panel).to_contain_text("Sam: not being taken out of lessons")
    # Only Pat changed the questions: Pat's text is taken into Sam's form, not offered to choose.
    expect(panel).to_contain_text("their changes are now on this page with yours")
    expect(sam_page.locator("#id_questions")).to_have_value("How long is the wait? (Pat)")
    expect(sam_page.locator("#id_young_person-what_matters")).to_have_value(
        "Sam: not being taken out of lessons"
    )
    assert_accessible(sam_page)
    if viewport:
        assert_no_horizontal_scroll(sam_page)

    # Sam keeps both: a question added to Pat's, their own words beside Pat's.
    sam_page.locator("#id_questions").fill("How long is the wait? (Pat) Can school know? (Sam)")
    sam_page.locator("#id_young_person-what_matters").fill(
        "Pat: seeing friends after school. Sam: not being taken out of lessons"
    )
    expect(status).to_contain_text("Draft saved", timeout=10_000)
    draft.refresh_from_db()
    assert draft.questions == "How long is the wait? (Pat) Can school know? (Sam)"
    assert draft.voices.get(role="young_person").what_matters == (
        "Pat: seeing friends after school. Sam: not being taken out of lessons"
    )


# 4 ------------------------------------------------------------------------------------------------


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


def _answer(conversation, role, instrument, value):
    measures.record_responses(
        by=None,
        actor_label="test",
        conversation=conversation,
        respondent_role=role,
        language="en",
        answers_by_instrument={instrument: {item.key: value for item in instrument.items.all()}},
        # The team page shows months that have ended: by default November on the test clock.
        answered_on=datetime.date(2026, 11, 20),
    )


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["wide", "phone"])
def test_team_leads_and_commissioners_see_figures_with_small_numbers_hidden(
    live_server, team, watched, new_context, viewport
):
    lead = member(Role.TEAM_LEAD, team.camhs, username="lee")
    commissioner = member(Role.COMMISSIONER, team.ics, username="cam")
    after = Instrument.objects.get(slug="thrivegrids-after-the-conversation")
    # 7 young people (shown as 5, all with enough information), 2 parents or carers (shown as *).
    for index in range(7):
        conversation = recorded_conversation(
            young_person=YoungPersonFactory(organisation=team.camhs), by=team.pat
        )
        _answer(conversation, "young_person", after, max(after.items.first().values))
        if index < 2:
            _answer(conversation, "parent_carer", after, 0)

    for user in (lead, commissioner):
        page = watched.page(new_context(viewport=viewport))
        _sign_in_as(page, live_server.url, user)
        page.goto(f"{live_server.url}/measures/team/")
        expect(page.locator("h1")).to_have_text("Shared decision making feedback")
        headline = page.locator("table").first
        young_people = headline.locator("tbody tr").filter(has_text="Young people")
        expect(young_people.get_by_role("rowheader")).to_have_text("Young people")
        expect(young_people.locator("td")).to_have_text(["5", "100%"])
        parents = headline.locator("tbody tr").filter(has_text="Parents and carers")
        expect(parents.locator("td")).to_have_text(["*", "*"])
        # The audit's figures are named for what they are, beside the item they compare with.
        expect(page.locator("main")).to_contain_text("CYP IAPT rapid internal audit, 2015")
        by_grid = page.locator("table").nth(1)
        expect(by_grid).to_contain_text("Low mood")
        expect(
            by_grid.locator("td").filter(has_text=re.compile(r"^\s*\d+%?\s*$")).first
        ).to_be_visible()
        expect(
            by_grid.locator("td").filter(has_text=re.compile(r"^\s*\*\s*$")).first
        ).to_be_visible()
        assert_accessible(page)
        assert_no_horizontal_scroll(page)
        # The wide tables scroll inside their own box, which takes keyboard focus.
        press_tab_until(page, ".tg-team-table")


# 5 ------------------------------------------------------------------------------------------------


def test_the_conversation_page_works_with_the_keyboard_alone(page, context, site, team, watched):
    watched.attach(page)
    _add_session(context, site, team.pat)
    draft = conversations.start_conversation(
        by=team.pat, young_person=team.young_person, versions=[published_version()]
    )
    page.goto(f"{site}/conversations/{draft.pk}/")

    press_tab_until(page, "#id_parent_carer_present")
    page.keyboard.press("Space")
    for role in ("young_person", "parent_carer", "practitioner"):
        press_tab_until(page, f"#id_{role}-what_matters")
        page.keyboard.type(f"Typed by keyboard for {role}")
    press_tab_until(page, "input[name='practitioner-priorities']")
    page.keyboard.press("Space")
    press_tab_until(page, "button[value='record']", limit=400)

    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    draft.refresh_from_db()
    # Tabbing onto "Record the conversation" while an autosave waited did not record it.
    assert not draft.is_recorded
    voices = {voice.role: voice for voice in draft.voices.all()}
    assert draft.parent_carer_present
    assert voices["parent_carer"].what_matters == "Typed by keyboard for parent_carer"
    assert len(voices["practitioner"].priorities) == 1
    # Focus can be seen where it lands (NHS.UK's yellow focus ring).
    outline = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline not in ("", "none")
    assert_accessible(page)


# 6 ------------------------------------------------------------------------------------------------


def test_the_conversation_pages_fit_a_320px_phone(context, page, site, team, watched):
    watched.attach(page)
    _add_session(context, site, team.pat)
    page.set_viewport_size(PHONE)

    page.goto(f"{site}/conversations/young-people/{team.young_person.pk}/new/")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.get_by_role("group", name="Low mood").get_by_label(re.compile("Help from the NHS")).check()
    page.get_by_role("group", name="Self-harm").get_by_label(re.compile("community")).check()
    page.get_by_role("button", name="Start the conversation").click()
    page.wait_for_url(re.compile(r"/conversations/\d+/$"))
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_label("A parent or carer took part").check()
    long_word = "Supercalifragilisticexpialidocious-and-then-some-more-text"
    _voice(page, "young_person", f"Football {long_word}", ["quick-to-start"], 0)
    _voice(page, "parent_carer", "Knowing how to help at home", ["family-involved"], 1)
    _voice(page, "practitioner", "Starting something soon", ["quick-to-start"], 0)
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    expect(page.locator("#agreement")).to_contain_text("Only some of you")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    conversation = Conversation.objects.get()
    for position in (1, 2):
        page.goto(f"{site}/conversations/{conversation.pk}/grids/{position}/")
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
        page.get_by_role("link", name="Back to the conversation").click()

    page.get_by_label("Not decided yet", exact=True).check()
    page.get_by_label("What happens next", exact=True).fill(f"Talk again {long_word}")
    page.get_by_role("button", name="Record the conversation").click()
    expect(page.locator("h1")).to_contain_text("Recorded")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_role("link", name="Take-away summary").click()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Share with the young person")).click()
    page.get_by_role("button", name="Make a new link").click()
    expect(page.locator("svg.tg-qr")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


# 7 ------------------------------------------------------------------------------------------------


def test_nothing_typed_is_lost_on_a_phone(context, page, site, team, watched):
    watched.attach(page)
    _add_session(context, site, team.pat)
    page.set_viewport_size(PHONE)
    draft = conversations.start_conversation(
        by=team.pat, young_person=team.young_person, versions=[published_version()]
    )
    page.goto(f"{site}/conversations/{draft.pk}/")
    status = page.locator("#autosave-status")
    questions = page.locator("#id_questions")
    questions_group = page.locator(".nhsuk-form-group").filter(has=questions)

    # The limit is shown; the count warns past it but never stops typing.
    expect(questions_group).to_contain_text("You can enter up to 4,000 characters")
    questions.fill("x" * 4001)
    expect(questions).to_have_value("x" * 4001)
    expect(questions_group).to_contain_text("You have 1 character too many")
    page.locator("#id_young_person-what_matters").fill("Football")
    expect(status).to_contain_text("apart from", timeout=10_000)
    # The long text is marked beside itself and kept as typed; the rest is saved.
    expect(page.locator("#id_questions-error")).to_contain_text("must be 4,000 characters or fewer")
    expect(questions_group).to_have_class(re.compile("nhsuk-form-group--error"))
    expect(questions).to_have_value("x" * 4001)
    draft.refresh_from_db()
    assert draft.questions == ""
    assert draft.voices.get(role="young_person").what_matters == "Football"
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    questions.fill("Is there a waiting list?")
    expect(page.locator("#id_questions-error")).to_have_count(0, timeout=10_000)
    expect(status).to_contain_text("Draft saved at")
    draft.refresh_from_db()
    assert draft.questions == "Is there a waiting list?"

    # A follow-up date in the past is marked beside the date.
    for part, value in (("day", "1"), ("month", "1"), ("year", "2020")):
        page.locator(f"#id_follow_up_{part}").fill(value)
    expect(page.locator("#id_follow_up-error")).to_contain_text(
        "today or in the future", timeout=10_000
    )
    assert_accessible(page)
    page.locator("#id_follow_up_year").fill("2027")
    expect(page.locator("#id_follow_up-error")).to_have_count(0, timeout=10_000)

    # Record straight after choosing, refused; then tick an option and record: no conflict.
    page.get_by_label("An option or options were chosen").check()
    page.get_by_role("button", name="Record the conversation").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the option or options")
    expect(page.locator("#id_follow_up_year")).to_have_value("2027")
    page.wait_for_timeout(2_000)  # room for the first page's autosave to land late
    page.locator("input[name='options_chosen']").first.check()
    page.get_by_role("button", name="Record the conversation").click()
    expect(page.locator("h1")).to_contain_text("Recorded")
    draft.refresh_from_db()
    assert draft.is_recorded and str(draft.follow_up_on) == "2027-01-01"
