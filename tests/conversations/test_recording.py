"""Recording a conversation from its page: what is on the page is saved and recorded in one
service call, one transaction and one audit event; if recording is refused nothing is saved, and a
recorded conversation is read-only."""

import pytest

from tests.conversations.pages import events, form_data, last_event, option_pks, url
from thrivegrids.conversations import drafts, services
from thrivegrids.conversations.models import Decision, NeedsGroupAssignment
from thrivegrids.core.models import AuditEvent
from thrivegrids.core.thrive import NeedsGroup

pytestmark = pytest.mark.django_db


def test_record_with_no_decision_shows_errors_linking_to_the_fields(conversation, pat):
    since = last_event()

    response = pat.post(url("record_conversation", conversation), form_data(conversation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_decision"' in html
    assert 'href="#id_young_person-what_matters"' in html
    conversation.refresh_from_db()
    assert not conversation.is_recorded
    assert events(since) == ["conversation.view"]


def test_record_saves_records_and_adds_the_needs_group_to_the_history(conversation, pat, ours):
    chosen = option_pks(conversation, 1)
    data = form_data(
        conversation,
        decision=Decision.CHOSEN,
        options_chosen=chosen,
        needs_group=NeedsGroup.GETTING_HELP,
        needs_group_reason="Wants focused help for a few weeks",
        **{"young_person-what_matters": "Talking to someone my age"},
    )
    since = last_event()

    response = pat.post(url("record_conversation", conversation), data)

    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.is_recorded
    assert [str(o.pk) for o in conversation.options_chosen.all()] == chosen
    assignment = NeedsGroupAssignment.objects.get()
    assert assignment.group == NeedsGroup.GETTING_HELP
    assert assignment.conversation == conversation
    assert assignment.assigned_by.username == "pat"
    # Saving what was typed is part of recording: one audit event, naming the fields saved.
    assert events(since) == ["conversation.record"]
    event = AuditEvent.objects.latest("pk")
    assert set(event.details["changed"]) >= {
        "decision",
        "options_chosen",
        "needs_group",
        "voice:young_person:what_matters",
    }
    record_page = pat.get(f"/records/{ours.pk}/").content.decode()
    assert "Getting help" in record_page and "Wants focused help for a few weeks" in record_page
    assert "Talking to someone my age" in record_page


def test_a_needs_group_saves_with_the_draft_and_enters_the_history_only_when_recorded(
    conversation, pat
):
    data = form_data(conversation, needs_group=NeedsGroup.THRIVING)

    response = pat.post(url("show_conversation", conversation), data)

    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.needs_group == NeedsGroup.THRIVING
    assert not NeedsGroupAssignment.objects.exists()


def test_recording_a_needs_group_without_a_reason_is_an_error(conversation, pat):
    data = form_data(
        conversation,
        needs_group=NeedsGroup.THRIVING,
        decision=Decision.NOT_YET,
        next_steps="Talk again in two weeks",
        **{"young_person-what_matters": "Time to think"},
    )

    response = pat.post(url("record_conversation", conversation), data)

    assert response.status_code == 200
    assert "Say briefly why this group fits now" in response.content.decode()
    conversation.refresh_from_db()
    assert not conversation.is_recorded
    assert not NeedsGroupAssignment.objects.exists()


def test_a_refused_record_saves_nothing_but_keeps_what_was_typed_on_the_page(conversation, pat):
    data = form_data(
        conversation,
        questions="Is there a waiting list?",
        needs_group=NeedsGroup.THRIVING,
        decision=Decision.NOT_YET,
        next_steps="Talk again in two weeks",
        **{"young_person-what_matters": "Time to think"},
    )
    since = last_event()

    response = pat.post(url("record_conversation", conversation), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Say briefly why this group fits now" in html
    assert "Is there a waiting list?" in html and "Time to think" in html
    conversation.refresh_from_db()
    assert (conversation.revision, conversation.questions, conversation.needs_group) == (1, "", "")
    assert not conversation.voices.exists()
    assert list(conversation.revisions.values_list("number", flat=True)) == [1]
    assert events(since) == ["conversation.view"]


def test_record_from_a_stale_page_shows_the_conflict_and_records_nothing(conversation, pat, sam):
    theirs = drafts.draft_of(conversation)
    theirs.next_steps = "Sam will ring the school"
    services.save_draft(by=sam, conversation=conversation, base_revision=1, draft=theirs)
    data = form_data(
        conversation,
        revision="1",
        decision=Decision.NOT_YET,
        next_steps="Pat will ring the GP",
        **{"young_person-what_matters": "Time to think"},
    )
    since = last_event()

    response = pat.post(url("record_conversation", conversation), data)

    assert response.status_code == 409
    assert "Sam Khan saved this conversation" in response.content.decode()
    conversation.refresh_from_db()
    assert not conversation.is_recorded
    assert conversation.next_steps == "Sam will ring the school"
    assert events(since) == ["conversation.view"]


def test_recorded_conversation_is_read_only(conversation, pat, pat_user):
    data = form_data(
        conversation,
        decision=Decision.NOT_YET,
        next_steps="Talk again in two weeks",
        **{"young_person-what_matters": "Time to think"},
    )
    pat.post(url("record_conversation", conversation), data)
    since = last_event()

    page = pat.get(url("show_conversation", conversation))
    save = pat.post(url("show_conversation", conversation), {**data, "revision": "3"})

    html = page.content.decode()
    assert 'id="conversation-form"' not in html
    assert "Recorded" in html and "Talk again in two weeks" in html
    assert save.status_code == 302
    conversation.refresh_from_db()
    assert conversation.is_recorded
    assert events(since) == ["conversation.view"]
