"""A plan's draft saves as people type (htmx) and with Save without JavaScript; a save from a
page that did not see someone else's save is a conflict shown side by side, never a silent
overwrite; a page's own earlier saves are never a conflict with itself."""

import pytest

from tests.accounts.factories import member
from tests.careplans.test_plans import NEXT_MONTH, ours, pat, pat_user, plan, plan_data, team, url  # noqa: F401
from thrivegrids.accounts.permissions import Role
from thrivegrids.careplans import drafts, services
from thrivegrids.careplans.content import PlanContent

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def sam(team):  # noqa: F811
    return member(Role.PRACTITIONER, team, username="sam", first_name="Sam", last_name="Khan")


def _saved_by_sam(plan, sam, **content):  # noqa: F811
    draft = drafts.draft_of(plan)
    for name, value in content.items():
        setattr(draft.content, name, value)
    return services.save_plan_draft(
        by=sam, plan=plan, base_revision=plan.revision, draft=draft, editor="sams-page"
    )


def test_autosave_stores_what_is_typed(pat, plan):  # noqa: F811
    response = pat.post(
        url("autosave_plan", plan), plan_data(plan, what_matters="Football"), headers=HTMX
    )

    assert response.status_code == 200
    assert 'name="revision" id="id_revision" value="2"' in response.content.decode()
    plan.refresh_from_db()
    assert PlanContent.from_json(plan.content).what_matters == "Football"
    assert plan.revision == 2


def test_own_earlier_autosave_is_not_a_conflict(pat, plan):  # noqa: F811
    pat.post(url("autosave_plan", plan), plan_data(plan, what_matters="Foot"), headers=HTMX)

    # The page still names revision 1, and saves again (autosave then Save).
    response = pat.post(
        url("edit_plan", plan), plan_data(plan, revision="1", what_matters="Football")
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert PlanContent.from_json(plan.content).what_matters == "Football"


def test_someone_elses_save_is_a_conflict_shown_side_by_side(pat, plan, sam):  # noqa: F811
    typed = plan_data(plan, what_matters="Mine: football")
    _saved_by_sam(plan, sam, what_matters="Theirs: music", who_involved="Sam and Pat")

    response = pat.post(url("edit_plan", plan), typed)

    page = response.content.decode()
    assert response.status_code == 409
    assert "Sam Khan saved this plan" in page
    assert "Theirs: music" in page and "Mine: football" in page
    # Their change to a field this page did not touch is taken in, not overwritten.
    assert "Sam and Pat" in page
    plan.refresh_from_db()
    assert PlanContent.from_json(plan.content).what_matters == "Theirs: music"


def test_a_conflicting_autosave_saves_nothing(pat, plan, sam):  # noqa: F811
    typed = plan_data(plan, what_matters="Mine")
    _saved_by_sam(plan, sam, what_matters="Theirs")

    response = pat.post(url("autosave_plan", plan), typed, headers=HTMX)

    assert response.status_code == 409
    assert "What you typed is still on this page" in response.content.decode()
    plan.refresh_from_db()
    assert PlanContent.from_json(plan.content).what_matters == "Theirs"


def test_saving_after_a_conflict_keeps_both_peoples_work(pat, plan, sam):  # noqa: F811
    typed = plan_data(plan, what_matters="Mine")
    _saved_by_sam(plan, sam, who_involved="Sam and Pat")
    pat.post(url("edit_plan", plan), typed)
    plan.refresh_from_db()

    response = pat.post(url("edit_plan", plan), plan_data(plan, what_matters="Mine", **NEXT_MONTH))

    assert response.status_code == 302
    plan.refresh_from_db()
    content = PlanContent.from_json(plan.content)
    assert (content.what_matters, content.who_involved) == ("Mine", "Sam and Pat")


def test_a_refused_autosave_saves_nothing_and_says_why(pat, plan):  # noqa: F811
    data = plan_data(plan, what_matters="x" * 4001)

    response = pat.post(url("autosave_plan", plan), data, headers=HTMX)

    assert response.status_code == 422
    assert "4,000 characters or fewer" in response.content.decode()
    plan.refresh_from_db()
    assert plan.revision == 1
