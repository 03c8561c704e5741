"""Every public page, and a team lead's signed-in pages, in English and Arabic, wide and
phone-sized: axe finds nothing, nothing overflows."""

import datetime

import pytest
from axe_playwright_python.base import AxeResults
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.browser.conftest import AXE, PHONE, WIDE
from tests.conversations.factories import started_conversation
from tests.measures.factories import recorded_conversation
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.careplans import drafts, links
from thrivegrids.careplans import services as careplans
from thrivegrids.careplans.goals import rate_goal
from thrivegrids.careplans.models import GoalSetBy, RaterRole, RatingOccasion
from thrivegrids.careplans.reviews import request_review

pytestmark = pytest.mark.browser

GRIDS = [
    f"/grids/{topic}/{setting}/"
    for topic in ("low-mood", "generalised-anxiety", "self-harm", "adhd")
    for setting in ("nhs", "community")
]
PUBLIC_PAGES = [
    "/",
    "/grids/",
    *GRIDS,
    "/grids/low-mood/nhs/versions/1/",
    "/grids/low-mood/nhs/changes/",
]
# axe's colour-contrast rule takes a second or more per grid page; four tabs check four pages at a
# time, each in its own renderer process, so the checks overlap instead of taking turns.
TABS = 4


def _start_checks(tab, url, width):
    """Load url in tab, note what is wrong with its layout, and start axe without waiting for it."""
    response = tab.goto(url)
    if response.status != 200:
        return [f"HTTP {response.status}"]
    problems = []
    scroll_width = tab.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width + 1:
        problems.append(f"scrolls sideways: {scroll_width}px wide")
    tab.evaluate(AXE.axe_script)
    # Start axe from a timer: axe.run works through microtasks, so starting it directly would keep
    # this evaluate (and so this test) waiting until it finished, and the tabs would take turns.
    tab.evaluate("""() => {
      window.tgAxe = new Promise(go => setTimeout(go)).then(() => axe.run({resultTypes: ['violations']}));
    }""")
    return problems


def _finish_checks(tab):
    response = tab.evaluate("window.tgAxe")
    if response is None:  # the page did not load (already reported), so axe never started
        return []
    results = AxeResults(response)
    return [results.generate_report()] if results.violations_count else []


def _sweep(context, site, paths):
    """Every path, English and Arabic, wide and phone-sized: {(path, width): problems}."""
    tabs = [context.new_page() for _ in range(TABS)]
    checks = [
        (viewport, prefix + path)
        for viewport in (WIDE, PHONE)
        for prefix in ("", "/ar")
        for path in paths
    ]
    problems = {}

    for start in range(0, len(checks), TABS):
        # strict=False: the last batch may have fewer checks than there are tabs.
        batch = list(zip(tabs, checks[start : start + TABS], strict=False))
        for tab, (viewport, path) in batch:
            if tab.viewport_size != viewport:
                tab.set_viewport_size(viewport)
            problems[(path, viewport["width"])] = _start_checks(tab, site + path, viewport["width"])
        for tab, (viewport, path) in batch:
            problems[(path, viewport["width"])] += _finish_checks(tab)
    return problems


def _failures(problems):
    return [
        f"{path} at {width}px: " + "\n".join(found)
        for (path, width), found in problems.items()
        if found
    ]


def test_every_public_page_is_accessible_in_both_languages_and_widths(context, site):
    problems = _sweep(context, site, PUBLIC_PAGES)

    assert len(problems) == 48
    failures = _failures(problems)
    assert not failures, "\n\n".join(failures)


def test_every_signed_in_page_is_accessible_in_both_languages_and_widths(context, site):
    """A team lead's pages: records, a draft and a recorded conversation, summary, team page."""
    call_command("load_measures", "content/measures", verbosity=0)
    team = OrganisationFactory(name="Example Valley CAMHS")
    lead = member(Role.TEAM_LEAD, team, username="lee", first_name="Lee")
    young_person = YoungPersonFactory(organisation=team, parent_carer_name="Sam Example")
    recorded = recorded_conversation(young_person=young_person, by=lead)
    draft = started_conversation(young_person=young_person, by=lead)
    client = sign_in_fully(Client(), lead)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])
    paths = [
        "/accounts/",
        "/records/",
        f"/records/{young_person.pk}/",
        f"/records/{young_person.pk}/edit/",
        "/records/new/",
        "/records/audit/",
        f"/conversations/young-people/{young_person.pk}/new/",
        f"/conversations/{draft.pk}/",
        f"/conversations/{draft.pk}/grids/1/",
        f"/conversations/{recorded.pk}/",
        f"/conversations/{recorded.pk}/summary/",
        f"/conversations/{recorded.pk}/share/",
        f"/measures/conversations/{recorded.pk}/feedback/",
        "/measures/team/",
    ]

    problems = _sweep(context, site, paths)

    assert len(problems) == 4 * len(paths)
    failures = _failures(problems)
    assert not failures, "\n\n".join(failures)


def _plan_with_history(young_person, by):
    """A plan started from the recorded conversation: two goals rated over two months, agreed
    twice (so there is something to compare), and a review asked for through the link."""
    plan = careplans.start_plan(by=by, young_person=young_person)
    draft = drafts.draft_of(plan)
    draft.goals = [
        drafts.GoalDraft(
            number=1, text="Go to football every Saturday", set_by=GoalSetBy.YOUNG_PERSON
        ),
        drafts.GoalDraft(
            number=2, text="Sleep before eleven most nights", set_by=GoalSetBy.TOGETHER
        ),
    ]
    draft.next_review_on = datetime.date(2027, 3, 1)
    plan = careplans.save_plan_draft(by=by, plan=plan, base_revision=plan.revision, draft=draft)
    careplans.agree_plan(by=by, plan=plan, agreed_with=[RaterRole.YOUNG_PERSON])
    draft.content.what_matters = "Seeing my friends and playing football"
    plan = careplans.save_plan_draft(by=by, plan=plan, base_revision=plan.revision, draft=draft)
    careplans.agree_plan(by=by, plan=plan, agreed_with=[RaterRole.YOUNG_PERSON])
    for goal, scores in zip(plan.goals.order_by("number"), ((2, 4, 7), (5, 5, 3)), strict=True):
        for month, score in zip((10, 11, 12), scores, strict=True):
            rate_goal(
                by=by,
                goal=goal,
                score=score,
                rater_role=RaterRole.YOUNG_PERSON,
                occasion=RatingOccasion.CONTACT,
                rated_on=datetime.date(2026, month, 1),
            )
    request_review(
        by=None,
        actor_label="test",
        plan=plan,
        requested_by_role=RaterRole.YOUNG_PERSON,
        message="Can we talk about school?",
    )
    return plan


def test_every_care_plan_page_is_accessible_in_both_languages_and_widths(context, site):
    """A team lead's care plan pages, the record page showing the plan, and the young person's
    copy through links made in English and in Arabic."""
    call_command("load_measures", "content/measures", verbosity=0)
    team = OrganisationFactory(
        name="Example Valley CAMHS", contact_phone="0300 123 4567", contact_hours="Weekdays 9 to 5"
    )
    lead = member(Role.TEAM_LEAD, team, username="lee", first_name="Lee")
    young_person = YoungPersonFactory(organisation=team, local_reference="EVC-0001")
    recorded_conversation(young_person=young_person, by=lead)
    plan = _plan_with_history(young_person, lead)
    tokens = [
        links.create_plan_link(by=lead, plan=plan, days=30, language=language)[1]
        for language in ("en", "ar")
    ]
    client = sign_in_fully(Client(), lead)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])
    paths = [
        f"/records/{young_person.pk}/",
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/edit/",
        f"/plans/{plan.pk}/agree/",
        f"/plans/{plan.pk}/versions/",
        f"/plans/{plan.pk}/versions/compare/?before=1&after=2",
        f"/plans/{plan.pk}/goals/rate/",
        f"/plans/{plan.pk}/review/",
        f"/plans/{plan.pk}/share/",
        "/plans/reviews/",
        # The link's language decides the copy's, whatever the address's prefix.
        *(f"/p/{token}/" for token in tokens),
    ]

    problems = _sweep(context, site, paths)

    assert len(problems) == 4 * len(paths)
    failures = _failures(problems)
    assert not failures, "\n\n".join(failures)
