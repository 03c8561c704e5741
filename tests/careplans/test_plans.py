"""Care and support plans: started pre-filled from the latest recorded conversation (or empty),
goals and review dates checked beside their fields, agreed as immutable versions with "what
changed" between any two, another organisation's plan a 404, one audit event per read or write."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.measures.factories import recorded_conversation
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.careplans import drafts, services
from thrivegrids.careplans.content import Action, PlanContent, offer_for
from thrivegrids.careplans.forms import PlanForm
from thrivegrids.careplans.models import CarePlan, GoalSetBy, PlanVersion
from thrivegrids.core.models import AuditEvent
from thrivegrids.core.thrive import NeedsGroup
from thrivegrids.directory.models import Organization, Service

pytestmark = pytest.mark.django_db

NEXT_MONTH = {"next_review_day": "7", "next_review_month": "1", "next_review_year": "2027"}


@pytest.fixture
def team():
    return OrganisationFactory(name="Plan CAMHS")


@pytest.fixture
def pat_user(team):
    return member(Role.PRACTITIONER, team, username="pat", first_name="Pat", last_name="Lee")


@pytest.fixture
def pat(client, pat_user):
    return sign_in_fully(client, pat_user)


@pytest.fixture
def ours(team):
    return YoungPersonFactory(organisation=team, local_reference="PLAN-OURS")


@pytest.fixture
def plan(pat_user, ours):
    return services.start_plan(by=pat_user, young_person=ours)


def plan_data(plan, **changes):
    """What the edit page posts for the plan as saved, with `changes` typed over it."""
    draft = drafts.draft_of(plan)
    initial = PlanForm.initial_for(plan, draft, editor="page-one")
    data = {
        key: [str(v) for v in value] if isinstance(value, list) else str(value)
        for key, value in initial.items()
        if value not in (None, "", [])
    }
    data.update(changes)
    return data


def url(name, plan):
    return reverse(f"careplans:{name}", kwargs={"pk": plan.pk})


def with_goals(plan, by, count):
    draft = drafts.draft_of(plan)
    draft.goals = [
        drafts.GoalDraft(number=n, text=f"Goal {n} words", set_by=GoalSetBy.YOUNG_PERSON)
        for n in range(1, count + 1)
    ]
    draft.next_review_on = datetime.date(2027, 1, 7)
    return services.save_plan_draft(by=by, plan=plan, base_revision=plan.revision, draft=draft)


def test_start_plan_is_prefilled_from_the_latest_recorded_conversation(demo_grids, pat_user, ours):
    conversation = recorded_conversation(by=pat_user, young_person=ours)
    organization = Organization.objects.create(name="Youth Hub (fictional)")
    service = Service.objects.create(
        organization=organization, name="Drop-in (fictional)", last_modified=timezone.now()
    )
    conversation.services.add(service)
    type(conversation).objects.filter(pk=conversation.pk).update(
        needs_group=NeedsGroup.GETTING_HELP
    )

    plan = services.start_plan(by=pat_user, young_person=ours)

    content = PlanContent.from_json(plan.content)
    assert plan.started_from == conversation and plan.practitioner == pat_user
    assert content.what_matters == "Staying at school"
    assert content.needs_group == NeedsGroup.GETTING_HELP
    assert [(a.service, a.service_name) for a in content.actions] == [
        (str(service.pk), "Drop-in (fictional)")
    ]
    assert offer_for(content.needs_group)[0] == "Targeted personalised care"


def test_start_plan_without_a_recorded_conversation_is_empty(pat_user, ours):
    plan = services.start_plan(by=pat_user, young_person=ours)

    assert plan.started_from is None
    assert PlanContent.from_json(plan.content) == PlanContent()
    assert plan.revision == 1


def test_prefilled_parts_can_be_changed(pat, plan):
    data = plan_data(plan, what_matters="Seeing my friends", **NEXT_MONTH)

    response = pat.post(url("edit_plan", plan), data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert PlanContent.from_json(plan.content).what_matters == "Seeing my friends"


def test_offer_is_written_once_for_every_group():
    assert {group: offer_for(group)[0] for group in NeedsGroup.values} == {
        "thriving": "Universal personalised care",
        "getting-advice": "Targeted personalised care",
        "getting-help": "Targeted personalised care",
        "getting-more-help": "Specialist personalised care",
        "getting-risk-support": "Specialist personalised care",
    }
    assert "personal health budget" in offer_for(NeedsGroup.GETTING_RISK_SUPPORT)[1]


def test_a_fourth_goal_is_refused_beside_the_field_and_kept(pat, pat_user, plan):
    plan = with_goals(plan, pat_user, 3)
    data = plan_data(plan, new_goal_text="A fourth goal", new_goal_set_by="together")

    response = pat.post(url("edit_plan", plan), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "A plan can have up to 3 goals" in page
    assert 'id="id_new_goal_text-error"' in page or "new_goal_text-error" in page
    assert "A fourth goal" in page
    assert plan.goals.count() == 3


def test_the_service_refuses_a_fourth_goal(pat_user, plan):
    draft = drafts.draft_of(plan)
    draft.goals = [drafts.GoalDraft(number=n, text="x", set_by="together") for n in range(1, 5)]

    with pytest.raises(ValidationError) as raised:
        services.save_plan_draft(by=pat_user, plan=plan, base_revision=1, draft=draft)

    assert "new_goal_text" in raised.value.message_dict


def test_a_review_date_in_the_past_is_refused_and_kept(pat, plan):
    data = plan_data(
        plan,
        what_matters="Typed words",
        next_review_day="1",
        next_review_month="12",
        next_review_year="2026",
    )

    response = pat.post(url("edit_plan", plan), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The next review date must be today or in the future" in page
    assert "Typed words" in page
    plan.refresh_from_db()
    assert plan.next_review_on is None and plan.revision == 1


def test_agree_makes_an_immutable_version(pat, pat_user, plan):
    plan = with_goals(plan, pat_user, 2)

    response = pat.post(url("agree_plan", plan), {"agreed_with": ["young_person", "parent_carer"]})

    assert response.status_code == 302
    version = PlanVersion.objects.get(plan=plan)
    assert version.number == 1 and version.agreed_by == pat_user
    assert version.agreed_with == ["parent_carer", "young_person"]
    assert [g["text"] for g in version.content["goals"]] == ["Goal 1 words", "Goal 2 words"]
    assert version.next_review_on == datetime.date(2027, 1, 7)
    # A later change to the draft is not a change to what was agreed.
    draft = drafts.draft_of(plan)
    draft.goals[0].text = "Changed words"
    services.save_plan_draft(by=pat_user, plan=plan, base_revision=plan.revision, draft=draft)
    version.refresh_from_db()
    assert version.content["goals"][0]["text"] == "Goal 1 words"


def test_agree_without_goals_or_people_is_refused_beside_the_field(pat, plan):
    response = pat.post(url("agree_plan", plan), {})

    assert response.status_code == 200
    assert "Choose who agreed the plan with you" in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_what_changed_between_two_versions_field_by_field(pat, pat_user, plan):
    plan = with_goals(plan, pat_user, 1)
    services.agree_plan(by=pat_user, plan=plan, agreed_with=["young_person"])
    draft = drafts.draft_of(plan)
    draft.content.what_matters = "Sleeping better"
    draft.content.actions = [Action(who="Pat", what="Call school", by_when="Friday")]
    plan = services.save_plan_draft(
        by=pat_user, plan=plan, base_revision=plan.revision, draft=draft
    )
    services.agree_plan(by=pat_user, plan=plan, agreed_with=["young_person"])

    response = pat.get(url("compare_versions", plan), {"before": "1", "after": "2"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "What matters to me" in page and "Sleeping better" in page
    assert "Pat: Call school (by Friday)" in page
    assert "Goal 1" not in page.split("<tbody")[1]


def test_another_organisations_plan_is_a_404_with_no_event(client, plan):
    other = member(Role.PRACTITIONER, OrganisationFactory(name="Elsewhere"), username="zed")
    client = sign_in_fully(client, other)
    before = AuditEvent.objects.count()

    for name in ("show_plan", "edit_plan", "agree_plan", "list_versions", "compare_versions"):
        assert client.get(url(name, plan)).status_code == 404, name
    assert client.post(url("autosave_plan", plan), plan_data(plan)).status_code == 404
    assert AuditEvent.objects.count() == before


def test_each_read_and_write_writes_one_audit_event(pat, pat_user, ours):
    def events_for(call):
        before = AuditEvent.objects.count()
        response = call()
        return response, list(
            AuditEvent.objects.order_by("pk")[before:].values_list("action", flat=True)
        )

    response, started = events_for(
        lambda: pat.post(reverse("careplans:start_plan", args=[ours.pk]))
    )
    plan = CarePlan.objects.get(young_person=ours)
    _r, shown = events_for(lambda: pat.get(url("show_plan", plan)))
    _r, saved = events_for(lambda: pat.post(url("edit_plan", plan), plan_data(plan, **NEXT_MONTH)))

    assert response.status_code == 302
    assert started == ["plan.start"]
    assert shown == ["plan.view"]
    assert saved == ["plan.save_draft"]


def test_record_page_shows_plans_and_the_start_button(pat, pat_user, plan, ours):
    plan = with_goals(plan, pat_user, 1)
    services.agree_plan(by=pat_user, plan=plan, agreed_with=["young_person"])

    page = pat.get(reverse("caseload:show_young_person", args=[ours.pk])).content.decode()

    assert "Start a care and support plan" in page
    assert reverse("careplans:show_plan", args=[plan.pk]) in page
    assert "Version 1, agreed" in page
    assert "7 January 2027" in page
