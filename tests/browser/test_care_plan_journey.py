"""Journeys through a care and support plan, from a recorded conversation to the young person's
link and back to the team.

1. A practitioner starts a plan from the young person's record (pre-filled from the recorded
   conversation), edits it (autosaved as typed; a goal; a review date), agrees it, rates progress
   and makes a link with a QR code.
2. The young person opens the link on a 320px phone, in English and in Arabic (right to left),
   sees the plan, the goal chart and the urgent-help box, rates a goal, asks for a review with a
   message and downloads the PDF.
3. The team lead's reviews page shows the request; the practitioner holds the review and the
   request is gone.
4. Keyboard only: the edit page and the rate page are completed with Tab, Space and Enter.

Every page is checked with axe; every page the young person sees, and the staff pages at 320px,
do not scroll sideways.
"""

import datetime
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.accounts.factories import OrganisationFactory, member
from tests.browser import test_conversation_journey as conversation_journey
from tests.browser.conftest import (
    PHONE,
    assert_accessible,
    assert_no_horizontal_scroll,
    press_tab_until,
)
from tests.measures.factories import recorded_conversation
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.careplans import drafts, services
from thrivegrids.careplans.models import (
    CarePlan,
    GoalRating,
    GoalSetBy,
    PlanLink,
    RaterRole,
    Review,
)
from thrivegrids.careplans.reviews import request_review

pytestmark = pytest.mark.browser

# The conversation journey's fixtures: pages whose console is watched, and other people's browsers.
watched, new_context = conversation_journey.watched, conversation_journey.new_context
_add_session = conversation_journey._add_session

REVIEW_MESSAGE = "Can we talk about school mornings?"


@pytest.fixture
def team(grids):
    """A CAMHS team with contact details, a practitioner "pat", a team lead "lee", and a young
    person whose conversation has been recorded (what matters to them: "Staying at school")."""
    call_command("load_measures", "content/measures", verbosity=0)
    camhs = OrganisationFactory(
        name="Example Valley CAMHS", contact_phone="0300 123 4567", contact_hours="Weekdays 9 to 5"
    )
    pat = member(Role.PRACTITIONER, camhs, username="pat", first_name="Pat")
    young_person = YoungPersonFactory(organisation=camhs, local_reference="EVC-0001")
    recorded_conversation(young_person=young_person, by=pat)
    return SimpleNamespace(
        camhs=camhs,
        pat=pat,
        lee=member(Role.TEAM_LEAD, camhs, username="lee", first_name="Lee"),
        young_person=young_person,
    )


def _checked(page, *, phone=False):
    assert_accessible(page)
    if phone:
        assert_no_horizontal_scroll(page)


def _agreed_plan(team, *, goals=("Go to school every day",)):
    """A plan agreed through the services: goals set by the young person, reviewed in March."""
    plan = services.start_plan(by=team.pat, young_person=team.young_person)
    draft = drafts.draft_of(plan)
    draft.goals = [
        drafts.GoalDraft(number=n, text=text, set_by=GoalSetBy.YOUNG_PERSON)
        for n, text in enumerate(goals, start=1)
    ]
    draft.next_review_on = datetime.date(2027, 3, 1)
    plan = services.save_plan_draft(
        by=team.pat, plan=plan, base_revision=plan.revision, draft=draft
    )
    services.agree_plan(by=team.pat, plan=plan, agreed_with=[RaterRole.YOUNG_PERSON])
    return plan


# 1 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["wide", "phone"])
def test_a_practitioner_writes_agrees_rates_and_shares_a_plan(
    page, context, site, team, watched, viewport
):
    watched.attach(page)
    _add_session(context, site, team.pat)
    phone = viewport is not None
    if phone:
        page.set_viewport_size(viewport)
    page.goto(f"{site}/records/{team.young_person.pk}/")
    _checked(page, phone=phone)

    # Start: the plan is pre-filled from the recorded conversation.
    page.get_by_role("button", name="Start a care and support plan").click()
    page.wait_for_url(re.compile(r"/plans/\d+/edit/$"))
    plan = CarePlan.objects.get()
    what_matters = page.get_by_label("What matters to me, in the young person's words")
    expect(what_matters).to_have_value("Staying at school")
    _checked(page, phone=phone)

    # Typed in a section: saved as typed.
    what_matters.fill("Staying at school and seeing my friends")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Plan saved at", timeout=10_000)
    _checked(page, phone=phone)
    # A goal, who set it, and the review date.
    page.get_by_label("Add a goal").fill("Go to school every day")
    page.locator("#id_new_goal_set_by").select_option(GoalSetBy.YOUNG_PERSON)
    for part, value in (("day", "1"), ("month", "3"), ("year", "2027")):
        page.locator(f"#id_next_review_{part}").fill(value)
    expect(status).to_contain_text("Plan saved at", timeout=10_000)
    page.wait_for_timeout(2_000)  # the last keystroke's autosave lands
    plan.refresh_from_db()
    assert drafts.draft_of(plan).content.what_matters == "Staying at school and seeing my friends"
    assert [(g.number, g.text) for g in plan.goals.all()] == [(1, "Go to school every day")]
    assert plan.next_review_on == datetime.date(2027, 3, 1)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/plans/\d+/\?saved=1$"))
    expect(page.get_by_role("status").filter(has_text="Plan saved.")).to_be_visible()
    _checked(page, phone=phone)

    # Agree it with the young person.
    page.get_by_role("link", name="Agree the plan").click()
    _checked(page, phone=phone)
    page.get_by_label("Young person", exact=True).check()
    page.get_by_role("button", name="Agree this plan").click()
    page.wait_for_url(re.compile(r"/plans/\d+/\?agreed=1$"))
    expect(page.get_by_role("status")).to_contain_text("Plan agreed: version 1")
    _checked(page, phone=phone)
    assert plan.versions.get().agreed_with == [RaterRole.YOUNG_PERSON]

    # Rate progress at the start.
    page.get_by_role("link", name="Rate progress towards the goals").click()
    _checked(page, phone=phone)
    goal = page.get_by_role("group", name=re.compile("Goal 1: Go to school every day"))
    goal.get_by_label("3", exact=True).check()
    page.get_by_role("group", name="Who gave these ratings?").get_by_label("Young person").check()
    page.get_by_label("At the start").check()
    page.get_by_role("button", name="Save the ratings").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The ratings are saved")
    expect(page.locator("svg.tg-goal-chart__svg")).to_be_visible()
    _checked(page, phone=phone)
    assert GoalRating.objects.get().score == 3

    # Versions: the one agreed.
    page.goto(f"{site}/plans/{plan.pk}/versions/")
    _checked(page, phone=phone)

    # A link and QR code for the young person.
    page.goto(f"{site}/plans/{plan.pk}/")
    page.get_by_role("link", name="Share the plan with the young person").click()
    _checked(page, phone=phone)
    page.locator("input[name='language'][value='en']").check()
    page.get_by_role("button", name="Make a new link").click()
    qr = page.locator("svg.tg-qr")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 100  # big enough to scan
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    _checked(page, phone=phone)
    address = page.get_by_label("Link to the plan").input_value()
    assert re.search(r"/p/[\w-]{40,}/$", address)
    assert PlanLink.objects.get().language == "en"
    # A second link the same day: each link's part of the page is still told apart.
    page.get_by_role("button", name="Make a new link").click()
    expect(qr).to_be_visible()
    _checked(page, phone=phone)


# 2 ------------------------------------------------------------------------------------------------


def _make_link(page, site, plan, language):
    page.goto(f"{site}/plans/{plan.pk}/share/")
    page.locator(f"input[name='language'][value='{language}']").check()
    page.get_by_role("button", name="Make a new link").click()
    expect(page.locator("svg.tg-qr")).to_be_visible()
    assert_accessible(page)
    return page.get_by_label("Link to the plan").input_value()


@pytest.mark.parametrize("language", ["en", "ar"], ids=["english", "arabic"])
def test_the_young_person_reads_rates_and_asks_for_a_review_on_a_phone(
    page, context, site, team, watched, new_context, language
):
    plan = _agreed_plan(team)
    services_rating = GoalRating.objects.count()
    _add_session(context, site, team.pat)
    watched.attach(page)
    address = _make_link(page, site, plan, language)
    assert urlsplit(address).path.startswith("/ar/p/" if language == "ar" else "/p/")

    phone = watched.page(new_context(viewport=PHONE))
    phone.goto(address)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(phone.locator("html")).to_have_attribute("lang", language)
    main = phone.locator("main")
    expect(main).to_contain_text("Go to school every day")
    expect(phone.locator("[data-urgent-help]")).to_be_visible()
    expect(phone.locator("[data-team-contact]")).to_contain_text("0300 123 4567")
    _checked(phone, phone=True)

    # Rate goal 1 (the chart appears), then ask for a review with a message.
    rate = phone.locator("#rate-goal-1")
    rate.locator("input[type=radio][value='6']").check()
    rate.get_by_role("button").click()
    expect(phone.locator(".nhsuk-notification-banner--success")).to_be_visible()
    chart = phone.locator("svg.tg-goal-chart__svg")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("title").first).not_to_be_empty()
    _checked(phone, phone=True)
    rating = GoalRating.objects.order_by("-pk").first()
    assert GoalRating.objects.count() == services_rating + 1
    assert (rating.score, rating.rater_role, rating.occasion) == (6, "young_person", "link")

    phone.locator("#id_message").fill(REVIEW_MESSAGE)
    phone.locator("form").filter(has=phone.locator("#id_message")).get_by_role("button").click()
    banner = phone.locator(".nhsuk-notification-banner--success")
    expect(banner).to_be_visible()
    if language == "en":
        expect(banner).to_contain_text("Your team knows you would like a review")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    _checked(phone, phone=True)
    review = Review.objects.get()
    assert (review.kind, review.request_message) == ("requested", REVIEW_MESSAGE)

    # A message over the limit is refused beside the box, and kept.
    phone.locator("#id_message").fill("x" * 1001)
    phone.locator("form").filter(has=phone.locator("#id_message")).get_by_role("button").click()
    expect(phone.locator("#id_message-error")).to_be_visible()
    expect(phone.locator("#id_message")).to_have_value("x" * 1001)
    _checked(phone, phone=True)
    assert Review.objects.count() == 1

    # The PDF.
    pdf_href = phone.locator("a[href$='plan.pdf']").get_attribute("href")
    response = phone.request.get(urlsplit(address)._replace(path=pdf_href).geturl())
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_a_stopped_link_gets_the_friendly_page(context, site, team, watched, new_context):
    plan = _agreed_plan(team)
    page = watched.page(new_context(user=team.pat, site=site))
    address = _make_link(page, site, plan, "en")
    page.get_by_role("button", name="Stop this link working").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("stopped working")
    assert_accessible(page)

    phone = watched.page(new_context(viewport=PHONE))
    response = phone.goto(address)
    assert response.status == 404
    expect(phone.locator("h1")).to_have_text("This link does not work")
    expect(phone.locator("[data-urgent-help]")).to_be_visible()
    _checked(phone, phone=True)


# 3 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["wide", "phone"])
def test_a_requested_review_shows_for_the_team_lead_until_it_is_held(
    site, team, watched, new_context, viewport
):
    plan = _agreed_plan(team)
    request_review(
        by=None,
        actor_label="test",
        plan=plan,
        requested_by_role=RaterRole.YOUNG_PERSON,
        message=REVIEW_MESSAGE,
    )
    phone = viewport is not None
    lead = watched.page(new_context(viewport=viewport, user=team.lee, site=site))
    lead.goto(f"{site}/plans/reviews/")
    requested = lead.locator("table").filter(has_text=REVIEW_MESSAGE)
    expect(requested).to_contain_text("EVC-0001")
    expect(requested).to_contain_text("Pat")
    _checked(lead, phone=phone)

    pat = watched.page(new_context(viewport=viewport, user=team.pat, site=site))
    pat.goto(f"{site}/plans/{plan.pk}/")
    expect(pat.locator("main")).to_contain_text(REVIEW_MESSAGE)
    _checked(pat, phone=phone)
    pat.get_by_role("link", name="Hold a review").click()
    expect(pat.locator("main")).to_contain_text(REVIEW_MESSAGE)
    _checked(pat, phone=phone)
    pat.get_by_label("Asked for by the young person or family").check()
    pat.get_by_label("What is working", exact=True).fill("Going in most mornings")
    # A next review date in the past is refused beside the date; nothing typed is lost.
    for part, value in (("day", "1"), ("month", "1"), ("year", "2020")):
        pat.locator(f"#id_next_review_{part}").fill(value)
    pat.get_by_role("button", name="Record the review").click()
    expect(pat.locator(".nhsuk-error-summary")).to_be_visible()
    expect(pat.locator("#id_next_review-error")).to_be_visible()
    expect(pat.get_by_label("What is working", exact=True)).to_have_value("Going in most mornings")
    _checked(pat, phone=phone)
    pat.locator("#id_next_review_year").fill("2027")
    pat.get_by_role("button", name="Record the review").click()
    pat.wait_for_url(re.compile(r"/plans/reviews/\?held="))
    expect(pat.locator("main")).to_contain_text("The review was recorded")
    expect(pat.locator("main")).not_to_contain_text(REVIEW_MESSAGE)
    _checked(pat, phone=phone)

    lead.reload()
    expect(lead.locator("main")).not_to_contain_text(REVIEW_MESSAGE)
    expect(lead.locator("main")).to_contain_text("No reviews have been asked for.")
    _checked(lead, phone=phone)
    assert Review.objects.get().held_on is not None


# 4 ------------------------------------------------------------------------------------------------


def test_the_edit_and_rate_pages_work_with_the_keyboard_alone(page, context, site, team, watched):
    watched.attach(page)
    _add_session(context, site, team.pat)
    plan = services.start_plan(by=team.pat, young_person=team.young_person)
    page.goto(f"{site}/plans/{plan.pk}/edit/")

    press_tab_until(page, "#id_what_matters")
    page.keyboard.press("Control+End")
    page.keyboard.type(", and football")
    press_tab_until(page, "#id_new_goal_text")
    page.keyboard.type("Play football on Saturdays")
    press_tab_until(page, "#id_new_goal_set_by")
    page.keyboard.press("ArrowDown")  # the first choice after "Choose who"
    press_tab_until(page, "#id_next_review_day")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("2027")
    expect(page.locator("#autosave-status")).to_contain_text("Plan saved at", timeout=10_000)
    press_tab_until(page, "#plan-form button[type=submit]", limit=400)
    outline = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline not in ("", "none")  # the focus can be seen
    assert_accessible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/plans/\d+/\?saved=1$"))
    plan.refresh_from_db()
    assert drafts.draft_of(plan).content.what_matters == "Staying at school, and football"
    assert plan.goals.get().text == "Play football on Saturdays"
    assert plan.next_review_on == datetime.date(2027, 3, 1)

    # The rate page: a score for the goal by arrow keys, who and when by Space, saved by Enter.
    page.goto(f"{site}/plans/{plan.pk}/goals/rate/")
    press_tab_until(page, "input[name='goal_1']")
    # Focus lands on "Not rated this time" (checked); the arrow wraps round to 0, then on to 4.
    for _ in range(5):
        page.keyboard.press("ArrowDown")
    press_tab_until(page, "input[name='rater_role']")
    page.keyboard.press("Space")
    press_tab_until(page, "input[name='occasion']")
    page.keyboard.press("Space")
    press_tab_until(page, "main form button")
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The ratings are saved")
    assert_accessible(page)
    rating = GoalRating.objects.get()
    assert (rating.score, rating.rater_role, rating.occasion) == (4, "young_person", "start")
