"""Correcting a recorded conversation: who may, the reason, the audit event, two correctors at
once, and what the summary (staff page, shared link, PDF) and the corrections page show."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.conversations.test_summary import (
    audit_mark,
    events_since,
    recorded_conversation,
    text_of,
)
from tests.conversations.test_summary_pdf import pdf_text, shared_pdf
from thrivegrids.accounts.permissions import Role
from thrivegrids.conversations.corrections.forms import CorrectionForm
from thrivegrids.conversations.corrections.services import correct_conversation
from thrivegrids.conversations.drafts import EditConflict, VoiceDraft, draft_of
from thrivegrids.conversations.models import Correction, Decision
from thrivegrids.conversations.summaries import links

pytestmark = pytest.mark.django_db

CORRECTED = "Not missing football or band practice"
REASON = "I typed only football; she said band practice matters as much."


@pytest.fixture
def team():
    return OrganisationFactory(name="Valley CAMHS")


@pytest.fixture
def conversation(demo_grids, team):
    return recorded_conversation(organisation=team)


@pytest.fixture
def recorder(client, conversation):
    return sign_in_fully(client, conversation.recorded_by)


def url(conversation, name="correct"):
    return f"/conversations/{conversation.pk}/{name}/"


def form_data(conversation, **changes):
    """What the correction page posts for the record as it is, with `changes` typed over it."""
    initial = CorrectionForm.initial_for(conversation.revision, draft_of(conversation))
    data = {key: value for key, value in initial.items() if value not in (None, False, "")}
    if data.get("parent_carer_present"):
        data["parent_carer_present"] = "on"
    data.update(changes)
    return data


def correcting_what_matters(conversation, reason=REASON):
    return form_data(conversation, **{"young_person-what_matters": CORRECTED, "reason": reason})


def what_matters_now(conversation):
    return conversation.voices.get(role="young_person").what_matters


# Who may correct -------------------------------------------------------------------------------


def test_the_recorder_sees_the_form_filled_in_with_the_record(recorder, conversation):
    mark = audit_mark()

    response = recorder.get(url(conversation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Not missing football practice</textarea>" in html
    assert 'name="reason"' in html
    assert f'name="revision" id="id_revision" value="{conversation.revision}"' in html
    event = events_since(mark).get()
    assert (event.action, event.details["purpose"]) == ("conversation.view", "correct")
    assert "no-store" in response["Cache-Control"]


def test_the_recorder_corrects_the_record_with_one_audit_event(recorder, conversation):
    mark = audit_mark()

    response = recorder.post(url(conversation), correcting_what_matters(conversation))

    assert response.status_code == 302
    assert response["Location"] == f"/conversations/{conversation.pk}/summary/?corrected=1"
    assert what_matters_now(conversation) == CORRECTED
    correction = Correction.objects.get(conversation=conversation)
    assert correction.reason == REASON
    assert correction.corrected_by == conversation.recorded_by
    assert correction.changed == ["voice:young_person:what_matters"]
    event = events_since(mark).get()
    assert event.action == "conversation.correct"
    assert event.target_id == str(conversation.pk)
    assert event.details == {"correction": 1, "changed": ["voice:young_person:what_matters"]}
    assert REASON not in str(event.details)  # audit details name fields, never their values


def test_a_team_lead_of_the_organisation_may_correct(client, conversation, team):
    sign_in_fully(client, member(Role.TEAM_LEAD, team))

    assert client.get(url(conversation)).status_code == 200
    response = client.post(url(conversation), correcting_what_matters(conversation))

    assert response.status_code == 302
    assert what_matters_now(conversation) == CORRECTED


def test_another_practitioner_of_the_organisation_may_not(client, conversation, team):
    sign_in_fully(client, member(Role.PRACTITIONER, team))
    mark = audit_mark()

    assert client.get(url(conversation)).status_code == 403
    assert client.post(url(conversation), correcting_what_matters(conversation)).status_code == 403

    assert what_matters_now(conversation) == "Not missing football practice"
    assert not events_since(mark).exists()
    assert "Correct this record" not in text_of(client.get(url(conversation, "summary")))


def test_another_organisations_record_is_not_found(client, conversation):
    sign_in_fully(client, member(Role.TEAM_LEAD, OrganisationFactory(name="Hill CAMHS")))
    mark = audit_mark()

    assert client.get(url(conversation)).status_code == 404
    assert client.post(url(conversation), correcting_what_matters(conversation)).status_code == 404
    assert client.get(url(conversation, "corrections")).status_code == 404

    assert what_matters_now(conversation) == "Not missing football practice"
    assert not events_since(mark).exists()


def test_a_draft_has_nothing_to_correct(client, team, demo_grids):
    draft = recorded_conversation(organisation=team, record=False)
    sign_in_fully(client, member(Role.TEAM_LEAD, team))

    assert client.get(url(draft)).status_code == 404


def test_the_service_refuses_someone_who_may_not_correct(conversation, team):
    other = member(Role.PRACTITIONER, team)
    content = draft_of(conversation)
    content.questions = "Changed"

    with pytest.raises(PermissionDenied):
        correct_conversation(
            by=other,
            conversation=conversation,
            base_revision=conversation.revision,
            content=content,
            reason=REASON,
        )

    assert not Correction.objects.exists()


# The reason and other problems -------------------------------------------------------------


def test_a_reason_is_required_and_what_was_typed_is_kept(recorder, conversation):
    mark = audit_mark()

    response = recorder.post(url(conversation), correcting_what_matters(conversation, reason=" "))

    text = text_of(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert 'href="#id_reason"' in html
    assert "Say why you are correcting the record" in text
    assert f"{CORRECTED}</textarea>" in html
    assert what_matters_now(conversation) == "Not missing football practice"
    assert not Correction.objects.exists()
    assert [event.action for event in events_since(mark)] == ["conversation.view"]


def test_a_reason_over_500_characters_is_refused(recorder, conversation):
    response = recorder.post(url(conversation), correcting_what_matters(conversation, "x" * 501))

    assert "Say why in 500 characters or fewer" in text_of(response)
    assert not Correction.objects.exists()


def test_a_correction_must_still_be_a_complete_record(recorder, conversation):
    data = form_data(
        conversation, decision=Decision.NOT_YET, next_steps="", options_chosen=[], reason=REASON
    )

    response = recorder.post(url(conversation), data)

    html = response.content.decode()
    assert "Say what happens next when it is not decided yet" in text_of(response)
    assert 'href="#id_next_steps"' in html
    conversation.refresh_from_db()
    assert conversation.decision == Decision.CHOSEN
    assert not Correction.objects.exists()


def test_a_new_follow_up_date_in_the_past_is_refused(recorder, conversation):
    past = {"follow_up_day": "1", "follow_up_month": "1", "follow_up_year": "2020"}
    data = correcting_what_matters(conversation) | past

    response = recorder.post(url(conversation), data)

    assert "The follow-up date must be today or in the future" in text_of(response)
    assert CORRECTED in response.content.decode()  # what was typed is kept
    assert not Correction.objects.exists()


def test_a_recorded_follow_up_date_that_has_passed_may_stay(recorder, conversation):
    type(conversation).objects.filter(pk=conversation.pk).update(
        follow_up_on=datetime.date(2026, 12, 1)
    )
    conversation.refresh_from_db()

    response = recorder.post(url(conversation), correcting_what_matters(conversation))

    assert response.status_code == 302, text_of(response)[:3000]
    assert Correction.objects.count() == 1


def test_a_correction_that_changes_nothing_is_refused(recorder, conversation):
    response = recorder.post(url(conversation), form_data(conversation, reason=REASON))

    assert "Nothing has been changed" in text_of(response)
    assert not Correction.objects.exists()


# Two correctors at once --------------------------------------------------------------------


def test_a_second_corrector_is_told_and_nothing_is_overwritten(client, conversation, team):
    lead = sign_in_fully(Client(), member(Role.TEAM_LEAD, team, first_name="Lou", last_name="Ray"))
    recorder = sign_in_fully(client, conversation.recorded_by)
    # Both open the form at the same revision.
    lead_form = form_data(conversation, questions="Ask about the waiting list", reason="Typo")
    recorder_form = correcting_what_matters(conversation)
    recorder_form["questions"] = "How long is the wait at the new clinic?"

    assert lead.post(url(conversation), lead_form).status_code == 302
    mark = audit_mark()
    response = recorder.post(url(conversation), recorder_form)

    text = text_of(response)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Lou Ray corrected this record at" in text
    assert "Your correction has not been saved, and nothing has been overwritten" in text
    assert "Ask about the waiting list" in text  # their version of the field both changed
    assert f"{CORRECTED}</textarea>" in html  # what the second corrector typed is kept
    assert REASON in html
    conversation.refresh_from_db()
    assert conversation.questions == "Ask about the waiting list"
    assert what_matters_now(conversation) == "Not missing football practice"
    assert Correction.objects.count() == 1
    assert [event.action for event in events_since(mark)] == ["conversation.view"]
    # Saving again from the page (now at the new revision) is a deliberate second correction.
    assert f'value="{conversation.revision}"' in html


def test_the_service_refuses_a_correction_from_an_older_revision(conversation):
    by = conversation.recorded_by
    base = conversation.revision
    first = draft_of(conversation)
    first.next_steps = "Sam will phone the school nurse."
    correct_conversation(
        by=by, conversation=conversation, base_revision=base, content=first, reason="A"
    )
    late = draft_of(conversation)  # `conversation` as loaded before the first correction
    late.voices["young_person"] = VoiceDraft(what_matters=CORRECTED, priorities=["quick-to-start"])

    with pytest.raises(EditConflict) as conflict:
        correct_conversation(
            by=by, conversation=conversation, base_revision=base, content=late, reason="B"
        )

    # The other corrector's change to a field this one did not touch is taken in, not lost.
    assert conflict.value.taken_from_theirs == ["next_steps"]
    assert conflict.value.merged.next_steps == "Sam will phone the school nurse."
    assert conflict.value.merged.voices["young_person"].what_matters == CORRECTED
    assert Correction.objects.count() == 1


# What the summary shows --------------------------------------------------------------------


@pytest.fixture
def corrected(conversation):
    correct_conversation(
        by=conversation.recorded_by,
        conversation=conversation,
        base_revision=conversation.revision,
        content=_with_what_matters(conversation, CORRECTED),
        reason=REASON,
    )
    conversation.refresh_from_db()
    return conversation


def _with_what_matters(conversation, text):
    content = draft_of(conversation)
    content.voices["young_person"].what_matters = text
    return content


def test_the_staff_summary_says_when_who_and_why(recorder, corrected):
    text = text_of(recorder.get(url(corrected, "summary")))

    assert CORRECTED in text
    assert "Not missing football practice " not in text
    assert "This summary was corrected on 7 December 2026." in text
    assert "Corrected on 7 December 2026, 10:00 by Sam Okonkwo-Smith." in text
    assert f"Reason: {REASON}" in text
    assert "See what changed (1 correction)" in text


def test_the_shared_page_says_it_was_corrected_but_not_why(client, corrected):
    # A link made before the correction: it still points at the same conversation.
    _link, token = links.create_summary_link(by=corrected.created_by, conversation=corrected)

    text = text_of(client.get(f"/s/{token}/"))

    assert CORRECTED in text
    assert "This summary was corrected on 7 December 2026." in text
    assert REASON not in text
    assert "Sam Okonkwo-Smith" not in text


def test_the_pdf_says_it_was_corrected(client, corrected):
    text, _size = pdf_text(shared_pdf(client, corrected))

    assert CORRECTED in text
    assert "This summary was corrected on 7 December 2026." in text


def test_an_uncorrected_summary_says_nothing_about_corrections(recorder, conversation):
    text = text_of(recorder.get(url(conversation, "summary")))

    assert "corrected" not in text.lower()


def test_a_link_made_before_the_correction_keeps_working(client, conversation):
    link, token = links.create_summary_link(by=conversation.created_by, conversation=conversation)
    correct_conversation(
        by=conversation.recorded_by,
        conversation=conversation,
        base_revision=conversation.revision,
        content=_with_what_matters(conversation, CORRECTED),
        reason=REASON,
    )

    assert links.live_summary_link(token) == link
    assert CORRECTED in text_of(client.get(f"/s/{token}/"))


# Earlier revisions are kept ----------------------------------------------------------------


def test_the_record_as_first_made_and_each_change_are_kept(recorder, corrected):
    again = _with_what_matters(corrected, "Band practice above all")
    correct_conversation(
        by=corrected.recorded_by,
        conversation=corrected,
        base_revision=corrected.revision,
        content=again,
        reason="She asked to put it her way",
    )
    mark = audit_mark()

    response = recorder.get(url(corrected, "corrections"))

    text = text_of(response)
    first, second = Correction.objects.filter(conversation=corrected).order_by("number")
    assert first.before["voices"]["young_person"]["what_matters"] == (
        "Not missing football practice"
    )
    assert first.after["voices"]["young_person"]["what_matters"] == CORRECTED
    assert second.before == first.after
    assert text.index("Correction 2") < text.index("Correction 1")
    assert "She asked to put it her way" in text
    assert f"Before: {CORRECTED} After: Band practice above all" in text
    assert "As first recorded" in text
    assert "Not missing football practice" in text
    event = events_since(mark).get()
    assert (event.action, event.details["purpose"]) == ("conversation.view", "corrections")


def test_corrections_cannot_be_changed_or_deleted(corrected):
    correction = Correction.objects.get()

    with pytest.raises(ValueError):
        correction.save()
    with pytest.raises(ValueError):
        correction.delete()
