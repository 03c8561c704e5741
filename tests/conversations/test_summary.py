"""The take-away summary: what it says (in English and Arabic), and the staff pages that show it."""

import datetime
import re

import pytest

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.conversations.factories import published_version, started_conversation
from tests.grids.factories import english_only_version
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.conversations import services
from thrivegrids.conversations.drafts import ConversationDraft, VoiceDraft
from thrivegrids.conversations.models import Decision, SummaryLink
from thrivegrids.conversations.summaries import links
from thrivegrids.conversations.summaries.presenters import build_summary
from thrivegrids.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2027, 3, 5)
FOLLOW_UP = datetime.date(2027, 4, 2)
NHS_NUMBER = "9990001231"


def recorded_conversation(
    *,
    organisation=None,
    topic="low-mood",
    decision=Decision.CHOSEN,
    language="en",
    record=True,
):
    """A conversation about `topic`, saved and (unless record=False) recorded through services."""
    organisation = organisation or OrganisationFactory(name="Valley CAMHS")
    young_person = YoungPersonFactory(
        organisation=organisation, local_reference="EV-SECRET-REF", nhs_number=NHS_NUMBER
    )
    by = member(Role.PRACTITIONER, organisation, first_name="Sam", last_name="Okonkwo-Smith")
    conversation = started_conversation(
        by=by, young_person=young_person, versions=[published_version(topic)]
    )
    options = list(services.options_shown(conversation).order_by("position"))
    draft = ConversationDraft(
        held_on=HELD_ON,
        summary_language=language,
        options_discussed=[options[0].pk, options[1].pk],
        questions="How long is the wait?",
        decision=decision,
        options_chosen=[options[1].pk] if decision == Decision.CHOSEN else [],
        next_steps="Sam will ask the school nurse about a group.",
        follow_up_on=FOLLOW_UP,
        voices={
            "young_person": VoiceDraft(
                what_matters="Not missing football practice",
                priorities=["quick-to-start"],
                leaning_towards=[options[1].pk],
            ),
            "parent_carer": VoiceDraft(what_matters="That she sleeps better"),
        },
    )
    services.save_draft(by=by, conversation=conversation, base_revision=1, draft=draft)
    if record:
        services.record_conversation(by=by, conversation=conversation, base_revision=2)
    conversation.refresh_from_db()
    return conversation


def audit_mark():
    """The newest audit event's id now: events after it are the ones a request wrote."""
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def events_since(mark):
    return AuditEvent.objects.filter(pk__gt=mark).order_by("pk")


def text_of(response):
    """The page's words without tags or extra spaces."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def team():
    return OrganisationFactory(name="Valley CAMHS")


@pytest.fixture
def conversation(demo_grids, team):
    return recorded_conversation(organisation=team)


@pytest.fixture
def pat(client, team):
    sign_in_fully(client, member(Role.PRACTITIONER, team, username="pat"))
    return client


# The presenter ---------------------------------------------------------------------------------


def test_summary_uses_the_grid_content_of_the_version_shown(conversation):
    summary = build_summary(conversation, "en")

    names = [str(option.name) for option in summary.options]
    assert names == ["Wait and see, with self-help", "Digital CBT or guided self-help"]
    assert [option.chosen for option in summary.options] == [False, True]
    question, answer = summary.options[0].answers[0]
    assert str(question) and str(answer)
    assert summary.grids[0].number == 2
    assert not summary.has_english


def test_summary_in_arabic_uses_arabic_text_and_marks_english_fallback(conversation):
    summary = build_summary(conversation, "ar")

    assert str(summary.options[0].name) == "الانتظار والمتابعة، مع المساعدة الذاتية"
    assert not summary.options[0].name.in_english
    assert summary.direction == "rtl"


def test_summary_falls_back_to_english_where_a_grid_is_not_translated(demo_grids):
    english_only_version("self-harm", "nhs")
    conversation = recorded_conversation(topic="self-harm", language="ar")

    summary = build_summary(conversation, "ar")

    assert summary.has_english
    assert summary.options[0].name.in_english
    assert 'lang="en"' in summary.options[0].name.attributes


def test_summary_names_the_practitioner_by_first_name_and_the_team(conversation):
    summary = build_summary(conversation, "en")

    assert summary.practitioner == "Sam"
    assert summary.team == "Valley CAMHS"


def test_urgent_help_for_every_topic_starts_with_999(demo_grids):
    low_mood = build_summary(recorded_conversation(topic="low-mood"), "en")
    self_harm = build_summary(recorded_conversation(topic="self-harm"), "en")

    for summary in (low_mood, self_harm):
        keys = [contact["key"] for contact in summary.urgent_help["contacts"]]
        assert keys[0] == "emergency"
        assert "samaritans" in keys


def test_voices_without_anything_said_are_left_out(conversation):
    summary = build_summary(conversation, "en")

    assert [voice.heading for voice in summary.voices] == [
        "What matters to you",
        "What matters to your parent or carer",
    ]
    assert summary.voices[0].priorities == ["Quick to start"]
    assert [str(name) for name in summary.voices[0].leaning_towards] == [
        "Digital CBT or guided self-help"
    ]


# The staff summary page ----------------------------------------------------------------------


def test_staff_summary_shows_what_the_young_person_sees_and_audits_the_read(pat, conversation):
    mark = audit_mark()

    response = pat.get(f"/conversations/{conversation.pk}/summary/")

    text = text_of(response)
    assert response.status_code == 200
    assert "Take-away summary" in text
    assert "This is what you talked about with Sam from Valley CAMHS on 5 March 2027." in text
    assert "You chose to try:" in text
    assert "Not missing football practice" in text
    assert "Digital CBT or guided self-help" in text
    assert "You will talk again on or around 2 April 2027." in text
    assert "Okonkwo-Smith" not in text
    event = events_since(mark).get()
    assert (event.action, event.details["purpose"]) == ("conversation.view", "summary")
    assert "no-store" in response["Cache-Control"]


def test_staff_summary_body_is_marked_with_its_language(pat, team, demo_grids):
    conversation = recorded_conversation(organisation=team, language="ar")

    response = pat.get(f"/conversations/{conversation.pk}/summary/")

    html = response.content.decode()
    assert 'class="tg-summary-preview" lang="ar" dir="rtl"' in html
    assert "الانتظار والمتابعة، مع المساعدة الذاتية" in html


def test_staff_summary_of_another_organisation_is_404(pat, demo_grids):
    theirs = recorded_conversation()

    assert pat.get(f"/conversations/{theirs.pk}/summary/").status_code == 404
    assert pat.get(f"/conversations/{theirs.pk}/summary.pdf").status_code == 404
    assert pat.get(f"/conversations/{theirs.pk}/share/").status_code == 404
    assert pat.post(f"/conversations/{theirs.pk}/share/", {"lifetime": "7"}).status_code == 404
    assert SummaryLink.objects.count() == 0


def test_not_decided_says_you_can_come_back(client, demo_grids):
    conversation = recorded_conversation(decision=Decision.NOT_YET)
    sign_in_fully(client, member(Role.PRACTITIONER, conversation.organisation))

    text = text_of(client.get(f"/conversations/{conversation.pk}/summary/"))

    assert "You have not decided yet." in text
    assert "You can come back to this" in text
    assert "You chose to try:" not in text


def test_a_draft_summary_can_be_seen_but_not_shared(client, demo_grids):
    conversation = recorded_conversation(record=False)
    sign_in_fully(client, member(Role.PRACTITIONER, conversation.organisation))

    page = text_of(client.get(f"/conversations/{conversation.pk}/summary/"))
    share = client.post(
        f"/conversations/{conversation.pk}/share/", {"lifetime": "7", "language": "en"}
    )

    assert "This conversation is a draft" in page
    assert "Record the conversation before sharing its summary" in text_of(share)
    assert SummaryLink.objects.count() == 0


# Sharing ---------------------------------------------------------------------------------------


def test_share_page_lists_links_with_state_and_views(pat, conversation):
    by = conversation.created_by
    live, _ = links.create_summary_link(by=by, conversation=conversation)
    stopped, _ = links.create_summary_link(by=by, conversation=conversation)
    links.revoke_summary_link(by=by, link=stopped)
    SummaryLink.objects.filter(pk=live.pk).update(view_count=3)

    text = text_of(pat.get(f"/conversations/{conversation.pk}/share/"))

    assert "Works" in text and "Stopped" in text
    assert "Times opened 3" in text


def test_making_a_link_shows_it_once_with_a_qr_code(pat, conversation):
    mark = audit_mark()

    made = pat.post(f"/conversations/{conversation.pk}/share/", {"lifetime": "7", "language": "ar"})
    # Post, then redirect: refreshing the page that shows the link cannot make another.
    assert made.status_code == 302
    response = pat.get(made["Location"])

    html = response.content.decode()
    link = SummaryLink.objects.get()
    address = re.search(r'id="summary-link" type="text" value="([^"]+)"', html).group(1)
    assert address.startswith("http://testserver/ar/s/")
    assert links.live_summary_link(address.rstrip("/").rsplit("/", 1)[1]) == link
    assert link.language == "ar"
    assert datetime.timedelta(days=6, hours=23) < link.expires_at - link.created_at
    assert link.expires_at - link.created_at <= datetime.timedelta(days=7, seconds=1)
    assert '<svg class="tg-qr"' in html
    assert "no-store" in response["Cache-Control"]
    assert [e.action for e in events_since(mark)] == [
        "summary_link.create",
        "conversation.view",
    ]
    # The page after it (a refresh) does not show the address again, nor make a link.
    assert address not in pat.get(f"/conversations/{conversation.pk}/share/").content.decode()
    assert SummaryLink.objects.count() == 1


def test_making_a_link_needs_a_lifetime(pat, conversation):
    response = pat.post(f"/conversations/{conversation.pk}/share/", {"language": "en"})

    assert response.status_code == 200
    assert "Choose how long the link should work" in text_of(response)
    assert SummaryLink.objects.count() == 0


def test_a_link_can_be_stopped(pat, conversation):
    link, _ = links.create_summary_link(by=conversation.created_by, conversation=conversation)

    response = pat.post(f"/conversations/{conversation.pk}/share/{link.pk}/", {"action": "revoke"})

    link.refresh_from_db()
    assert response.status_code == 302
    assert link.revoked_at is not None
    assert AuditEvent.objects.filter(action="summary_link.revoke").count() == 1


def test_a_links_expiry_can_change(pat, conversation):
    link, _ = links.create_summary_link(by=conversation.created_by, conversation=conversation)

    pat.post(
        f"/conversations/{conversation.pk}/share/{link.pk}/",
        {"action": "change_expiry", "lifetime": "90"},
    )

    link.refresh_from_db()
    assert link.expires_at > link.created_at + datetime.timedelta(days=89)


def test_a_link_of_another_conversation_cannot_be_changed(pat, conversation, demo_grids):
    theirs = recorded_conversation()
    link, _ = links.create_summary_link(by=theirs.created_by, conversation=theirs)

    response = pat.post(f"/conversations/{conversation.pk}/share/{link.pk}/", {"action": "revoke"})

    link.refresh_from_db()
    assert response.status_code == 404
    assert link.revoked_at is None


def test_roles_without_records_cannot_share(client, conversation):
    sign_in_fully(client, member(Role.CONTENT_EDITOR, conversation.organisation))

    assert client.get(f"/conversations/{conversation.pk}/share/").status_code == 403
    assert client.get(f"/conversations/{conversation.pk}/summary/").status_code == 403
