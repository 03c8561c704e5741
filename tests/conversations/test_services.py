import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conversations.factories import published_version, started_conversation
from thrivegrids.conversations import drafts, services
from thrivegrids.conversations.drafts import ConversationDraft, VoiceDraft
from thrivegrids.conversations.models import Decision, NeedsGroupAssignment, SummaryLink
from thrivegrids.conversations.summaries import links
from thrivegrids.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _options(conversation):
    return list(services.options_shown(conversation).order_by("position"))


def _decided(conversation):
    options = _options(conversation)
    return ConversationDraft(
        held_on=conversation.held_on,
        options_discussed=[options[0].pk, options[1].pk],
        decision=Decision.CHOSEN,
        options_chosen=[options[1].pk],
        voices={
            "young_person": VoiceDraft(
                what_matters="Not missing football",
                priorities=["quick-to-start"],
                leaning_towards=[options[1].pk],
            )
        },
    )


def test_a_draft_saves_and_moves_the_revision_on(demo_grids):
    conversation = started_conversation()
    events = AuditEvent.objects.count()
    services.save_draft(
        by=conversation.created_by,
        conversation=conversation,
        base_revision=1,
        draft=_decided(conversation),
    )
    conversation.refresh_from_db()
    assert conversation.revision == 2
    assert conversation.voices.get(role="young_person").what_matters == "Not missing football"
    assert AuditEvent.objects.count() == events + 1


def test_a_stale_save_raises_a_conflict_carrying_both_versions(demo_grids):
    conversation = started_conversation()
    draft = _decided(conversation)
    services.save_draft(
        by=conversation.created_by, conversation=conversation, base_revision=1, draft=draft
    )
    mine = _decided(conversation)
    mine.questions = "How long is the wait?"
    with pytest.raises(drafts.EditConflict) as conflict:
        services.save_draft(
            by=conversation.created_by, conversation=conversation, base_revision=1, draft=mine
        )
    # Only this editor changed the questions: not a conflict, and kept in the merge.
    assert conflict.value.fields == []
    assert conflict.value.merged.questions == "How long is the wait?"
    assert conflict.value.saved.questions == ""
    conversation.refresh_from_db()
    assert conversation.questions == ""


def _two_editors(conversation, theirs_change, mine_change):
    """Both start at revision 1; they save first, then I save from revision 1."""
    theirs = drafts.draft_of(conversation)
    theirs_change(theirs)
    services.save_draft(
        by=conversation.created_by, conversation=conversation, base_revision=1, draft=theirs
    )
    base = drafts.draft_from_json(conversation.revisions.get(number=1).draft)
    mine_change(base)
    with pytest.raises(drafts.EditConflict) as conflict:
        services.save_draft(
            by=conversation.created_by, conversation=conversation, base_revision=1, draft=base
        )
    return conflict.value


def test_a_field_only_the_other_editor_changed_is_taken_from_them(demo_grids):
    conversation = started_conversation()

    def theirs(draft):
        draft.next_steps = "Ring on Friday"
        draft.voices["parent_carer"] = VoiceDraft(what_matters="Being kept in the loop")

    def mine(draft):
        draft.questions = "Can school know?"

    conflict = _two_editors(conversation, theirs, mine)

    assert conflict.fields == []
    assert sorted(conflict.taken_from_theirs) == ["next_steps", "voice:parent_carer:what_matters"]
    assert conflict.merged.next_steps == "Ring on Friday"
    assert conflict.merged.voices["parent_carer"].what_matters == "Being kept in the loop"
    assert conflict.merged.questions == "Can school know?"


def test_a_field_both_editors_changed_differently_is_a_conflict(demo_grids):
    conversation = started_conversation()

    def theirs(draft):
        draft.questions = "How long is the wait?"

    def mine(draft):
        draft.questions = "Can school know?"

    conflict = _two_editors(conversation, theirs, mine)

    assert conflict.fields == ["questions"]
    assert conflict.merged.questions == "Can school know?"
    assert conflict.saved.questions == "How long is the wait?"


def test_drafts_survive_the_trip_through_json(demo_grids):
    conversation = started_conversation()
    draft = _decided(conversation)
    draft.follow_up_on = conversation.held_on
    assert drafts.draft_from_json(drafts.draft_to_json(draft)) == draft


def test_options_outside_the_grids_shown_are_refused(demo_grids):
    conversation = started_conversation()
    other = started_conversation(versions=[published_version("self-harm", "nhs")])
    draft = ConversationDraft(options_discussed=[_options(other)[0].pk])
    with pytest.raises(ValidationError):
        services.save_draft(
            by=conversation.created_by, conversation=conversation, base_revision=1, draft=draft
        )


def test_recording_needs_a_decision_then_freezes_the_conversation(demo_grids):
    conversation = started_conversation()
    by = conversation.created_by
    with pytest.raises(ValidationError) as problems:
        services.record_conversation(by=by, conversation=conversation, base_revision=1)
    assert "decision" in problems.value.message_dict
    services.save_draft(
        by=by, conversation=conversation, base_revision=1, draft=_decided(conversation)
    )
    services.record_conversation(by=by, conversation=conversation, base_revision=2)
    with pytest.raises(services.ConversationAlreadyRecorded):
        services.save_draft(
            by=by, conversation=conversation, base_revision=3, draft=_decided(conversation)
        )


def test_coming_back_starts_from_the_last_conversation(demo_grids):
    first = started_conversation()
    services.save_draft(
        by=first.created_by, conversation=first, base_revision=1, draft=_decided(first)
    )
    second = services.start_conversation(
        by=first.created_by, young_person=first.young_person, versions=[published_version()]
    )
    assert second.follows == first
    voice = second.voices.get(role="young_person")
    assert voice.what_matters == "Not missing football"
    assert [o.key for o in voice.leaning_towards.all()] == [_options(first)[1].key]


def test_needs_group_history_is_append_only(demo_grids):
    conversation = started_conversation()
    assignment = services.assign_needs_group(
        by=conversation.created_by,
        young_person=conversation.young_person,
        group="getting-help",
        reason="Low mood for months; wants to talk",
        conversation=conversation,
    )
    with pytest.raises(ValueError):
        assignment.save()
    with pytest.raises(ValidationError):
        services.assign_needs_group(
            by=conversation.created_by,
            young_person=conversation.young_person,
            group="getting-help",
            reason=" ",
        )
    assert NeedsGroupAssignment.objects.count() == 1


def test_summary_links_expire_and_revoke(demo_grids):
    conversation = started_conversation()
    by = conversation.created_by
    services.save_draft(
        by=by, conversation=conversation, base_revision=1, draft=_decided(conversation)
    )
    with pytest.raises(ValidationError):
        links.create_summary_link(by=by, conversation=conversation)
    services.record_conversation(by=by, conversation=conversation, base_revision=2)
    link, token = links.create_summary_link(by=by, conversation=conversation)
    assert token not in link.token_hash
    assert links.live_summary_link(token) == link
    links.revoke_summary_link(by=by, link=link)
    assert links.live_summary_link(token) is None
    link2, token2 = links.create_summary_link(by=by, conversation=conversation)
    SummaryLink.objects.filter(pk=link2.pk).update(expires_at=link2.created_at)
    assert links.live_summary_link(token2) is None
    assert links.live_summary_link("") is None


def test_services_found_in_the_directory_attach_to_the_conversation(demo_grids):
    from thrivegrids.directory.models import Organization, Service

    organization = Organization.objects.create(name="Example Youth Hub (fictional)")
    hub = Service.objects.create(
        organization=organization, name="Drop-in (fictional)", last_modified=timezone.now()
    )
    conversation = started_conversation()
    events = AuditEvent.objects.count()
    found = services.attach_services(
        by=conversation.created_by,
        conversation=conversation,
        service_ids=[hub.pk, "00000000-0000-0000-0000-000000000000"],
    )
    assert found == [hub.pk]
    assert list(conversation.services.all()) == [hub]
    assert AuditEvent.objects.count() == events + 1


def test_recording_adds_the_drafted_needs_group_to_the_history_in_one_event(demo_grids):
    conversation = started_conversation()
    by = conversation.created_by
    draft = _decided(conversation)
    draft.needs_group = "getting-help"
    draft.needs_group_reason = "Wants to talk to someone soon"
    services.save_draft(by=by, conversation=conversation, base_revision=1, draft=draft)
    assert not NeedsGroupAssignment.objects.exists()
    events = AuditEvent.objects.count()

    services.record_conversation(by=by, conversation=conversation, base_revision=2)

    assignment = NeedsGroupAssignment.objects.get()
    assert (assignment.group, assignment.conversation) == ("getting-help", conversation)
    assert AuditEvent.objects.count() == events + 1


def test_a_drafted_needs_group_needs_a_reason_before_recording(demo_grids):
    conversation = started_conversation()
    draft = _decided(conversation)
    draft.needs_group = "getting-help"
    services.save_draft(
        by=conversation.created_by, conversation=conversation, base_revision=1, draft=draft
    )
    with pytest.raises(ValidationError) as problems:
        services.record_conversation(
            by=conversation.created_by, conversation=conversation, base_revision=2
        )
    assert "needs_group_reason" in problems.value.message_dict


def test_recording_with_a_draft_saves_and_records_in_one_transaction_and_one_event(demo_grids):
    conversation = started_conversation()
    draft = _decided(conversation)
    draft.needs_group = "getting-help"
    draft.needs_group_reason = "Wants to talk to someone soon"
    mark = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    services.record_conversation(
        by=conversation.created_by, conversation=conversation, base_revision=1, draft=draft
    )

    conversation.refresh_from_db()
    assert conversation.is_recorded
    assert conversation.revision == 3  # saved (2), then recorded (3), as two calls would
    assert conversation.voices.get(role="young_person").what_matters == "Not missing football"
    assert drafts.draft_at(conversation, 2).options_chosen == draft.options_chosen
    assert NeedsGroupAssignment.objects.get().conversation == conversation
    event = AuditEvent.objects.get(pk__gt=mark)
    assert event.action == "conversation.record"
    assert "voice:young_person:what_matters" in event.details["changed"]


def test_recording_that_is_refused_leaves_the_draft_unsaved(demo_grids):
    conversation = started_conversation()
    draft = _decided(conversation)
    draft.needs_group = "getting-help"  # without a reason: recording is refused
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as problems:
        services.record_conversation(
            by=conversation.created_by, conversation=conversation, base_revision=1, draft=draft
        )

    assert "needs_group_reason" in problems.value.message_dict
    conversation.refresh_from_db()
    assert (conversation.revision, conversation.needs_group, conversation.decision) == (1, "", "")
    assert not conversation.voices.exists()
    assert list(conversation.revisions.values_list("number", flat=True)) == [1]
    assert AuditEvent.objects.count() == events


def test_a_failure_late_in_recording_leaves_the_draft_unsaved_too(demo_grids, monkeypatch):
    conversation = started_conversation()
    draft = _decided(conversation)
    draft.needs_group = "getting-help"
    draft.needs_group_reason = "Wants to talk to someone soon"

    def broken_history(self, *args, **kwargs):
        raise RuntimeError("the history could not be written")

    monkeypatch.setattr(NeedsGroupAssignment, "save", broken_history)

    with pytest.raises(RuntimeError):
        services.record_conversation(
            by=conversation.created_by, conversation=conversation, base_revision=1, draft=draft
        )

    conversation.refresh_from_db()
    assert not conversation.is_recorded
    assert (conversation.revision, conversation.questions, conversation.decision) == (1, "", "")
    assert not conversation.voices.exists()
    assert not conversation.options_discussed.exists()
    assert list(conversation.revisions.values_list("number", flat=True)) == [1]


def test_recording_a_draft_from_a_stale_revision_is_a_conflict_and_saves_nothing(demo_grids):
    conversation = started_conversation()
    by = conversation.created_by
    theirs = drafts.draft_of(conversation)
    theirs.next_steps = "Ring on Friday"
    services.save_draft(by=by, conversation=conversation, base_revision=1, draft=theirs)
    mine = _decided(conversation)

    with pytest.raises(drafts.EditConflict) as conflict:
        services.record_conversation(by=by, conversation=conversation, base_revision=1, draft=mine)

    # Merged three ways against revision 1, as a draft save would be.
    assert conflict.value.taken_from_theirs == ["next_steps"]
    assert conflict.value.merged.next_steps == "Ring on Friday"
    conversation.refresh_from_db()
    assert not conversation.is_recorded
    assert conversation.revision == 2
    assert not conversation.voices.exists()
