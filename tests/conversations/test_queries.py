"""Queries per page: the conversation, summary and record pages with realistic data stay under a
ceiling, and adding voices, options and services adds no queries (an N+1 would).

The ceilings count everything a request does (session, user, membership, second factor, audit
event), so a new per-request query in another app may need one of them raised: raise it knowingly.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.conversations.factories import published_version
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.conversations import services
from thrivegrids.conversations.drafts import ConversationDraft, VoiceDraft
from thrivegrids.conversations.models import Decision
from thrivegrids.conversations.summaries import links
from thrivegrids.core.thrive import NeedsGroup

pytestmark = pytest.mark.django_db

# As measured with the conversations below (three voices, four options each, three services);
# one query per voice, option or service more goes past them. Before the prefetches these pages
# made 22, 29, 21, 17 and 19 queries.
CONVERSATION_PAGE_DRAFT = 19
CONVERSATION_PAGE_RECORDED = 20
SUMMARY_PAGE = 19
SHARED_SUMMARY_PAGE = 15  # 14, and one for whether the record was corrected (and when)
RECORD_PAGE = 16


def _services(count):
    from thrivegrids.directory.models import Organization, Phone, Service

    organization = Organization.objects.create(name="Example Youth Hub (fictional)")
    found = []
    for number in range(count):
        service = Service.objects.create(
            organization=organization,
            name=f"Drop-in {number} (fictional)",
            last_modified=timezone.now(),
        )
        Phone.objects.create(service=service, number=f"01632 960{number:03d}")
        found.append(service.pk)
    return found


def _conversation(by, young_person, *, voices=3, options=4, services_count=3, record=True):
    """A conversation showing two grids, with `voices` voices leaning towards `options` options
    each, as many options discussed and two chosen, a needs-based group and services."""
    versions = [published_version("low-mood"), published_version("low-mood", "community")]
    conversation = services.start_conversation(by=by, young_person=young_person, versions=versions)
    shown = list(services.options_shown(conversation).order_by("version", "position"))
    picked = [option.pk for option in shown[:options]]
    roles = ["young_person", "parent_carer", "practitioner"][:voices]
    draft = ConversationDraft(
        held_on=conversation.held_on,
        parent_carer_present=True,
        options_discussed=picked,
        questions="How long is the wait?",
        decision=Decision.CHOSEN,
        options_chosen=picked[:2],
        next_steps="Ring the school on Friday",
        follow_up_on=conversation.held_on + datetime.timedelta(days=14),
        needs_group=NeedsGroup.GETTING_HELP,
        needs_group_reason="Wants focused help for a few weeks",
        voices={
            role: VoiceDraft(
                what_matters=f"What matters to the {role}",
                priorities=["quick-to-start", "close-to-home"],
                leaning_towards=picked,
            )
            for role in roles
        },
    )
    services.save_draft(by=by, conversation=conversation, base_revision=1, draft=draft)
    services.attach_services(
        by=by, conversation=conversation, service_ids=_services(services_count)
    )
    if record:
        services.record_conversation(by=by, conversation=conversation, base_revision=2)
    conversation.refresh_from_db()
    return conversation


@pytest.fixture
def team():
    return OrganisationFactory(name="Valley CAMHS")


@pytest.fixture
def practitioner(team):
    return member(Role.PRACTITIONER, team, first_name="Sam")


@pytest.fixture
def signed_in(client, practitioner):
    return sign_in_fully(client, practitioner)


def _queries(client, url):
    """How many queries a GET of `url` makes (after one GET, so per-process caches are warm)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _pages(conversation, token):
    return {
        "conversation": reverse("conversations:show_conversation", args=[conversation.pk]),
        "summary": reverse("summaries:show_summary", args=[conversation.pk]),
        "shared": reverse("shared:show_shared_summary", kwargs={"token": token}),
        "record": reverse("caseload:show_young_person", args=[conversation.young_person_id]),
    }


def test_the_draft_conversation_page_stays_under_its_ceiling(
    demo_grids, signed_in, practitioner, team, django_assert_max_num_queries
):
    conversation = _conversation(practitioner, YoungPersonFactory(organisation=team), record=False)
    url = reverse("conversations:show_conversation", args=[conversation.pk])
    signed_in.get(url)

    with django_assert_max_num_queries(CONVERSATION_PAGE_DRAFT):
        response = signed_in.get(url)

    assert "What matters to the practitioner" in response.content.decode()


def test_the_recorded_conversation_page_stays_under_its_ceiling(
    demo_grids, signed_in, practitioner, team, django_assert_max_num_queries
):
    conversation = _conversation(practitioner, YoungPersonFactory(organisation=team))
    url = reverse("conversations:show_conversation", args=[conversation.pk])
    signed_in.get(url)

    with django_assert_max_num_queries(CONVERSATION_PAGE_RECORDED):
        response = signed_in.get(url)

    assert "What matters to the practitioner" in response.content.decode()


def test_the_summary_page_stays_under_its_ceiling(
    demo_grids, signed_in, practitioner, team, django_assert_max_num_queries
):
    conversation = _conversation(practitioner, YoungPersonFactory(organisation=team))
    url = reverse("summaries:show_summary", args=[conversation.pk])
    signed_in.get(url)

    with django_assert_max_num_queries(SUMMARY_PAGE):
        response = signed_in.get(url)

    html = response.content.decode()
    assert "What matters to your parent or carer" in html and "Drop-in 2 (fictional)" in html


def test_the_shared_summary_page_stays_under_its_ceiling(
    demo_grids, client, practitioner, team, django_assert_max_num_queries
):
    conversation = _conversation(practitioner, YoungPersonFactory(organisation=team))
    _link, token = links.create_summary_link(by=practitioner, conversation=conversation)
    url = reverse("shared:show_shared_summary", kwargs={"token": token})
    client.get(url)

    with django_assert_max_num_queries(SHARED_SUMMARY_PAGE):
        response = client.get(url)

    assert "What matters to your parent or carer" in response.content.decode()


def test_the_record_page_with_three_conversations_stays_under_its_ceiling(
    demo_grids, signed_in, practitioner, team, django_assert_max_num_queries
):
    young_person = YoungPersonFactory(organisation=team)
    for _ in range(3):
        _conversation(practitioner, young_person)
    url = reverse("caseload:show_young_person", args=[young_person.pk])
    signed_in.get(url)

    with django_assert_max_num_queries(RECORD_PAGE):
        response = signed_in.get(url)

    assert response.content.decode().count("What matters to the young_person") == 3


def test_more_voices_options_services_and_conversations_add_no_queries(
    demo_grids, signed_in, practitioner, team
):
    small_person = YoungPersonFactory(organisation=team)
    small = _conversation(practitioner, small_person, voices=2, options=2, services_count=1)
    big_person = YoungPersonFactory(organisation=team)
    _conversation(practitioner, big_person)
    big = _conversation(practitioner, big_person, voices=3, options=8, services_count=3)
    small_token = links.create_summary_link(by=practitioner, conversation=small)[1]
    big_token = links.create_summary_link(by=practitioner, conversation=big)[1]

    counts = {
        name: (_queries(signed_in, small_url), _queries(signed_in, big_url))
        for (name, small_url), big_url in zip(
            _pages(small, small_token).items(), _pages(big, big_token).values(), strict=True
        )
    }

    assert {name: big for name, (_small, big) in counts.items()} == {
        name: small for name, (small, _big) in counts.items()
    }
