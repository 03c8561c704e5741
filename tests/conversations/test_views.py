"""Conversation pages: start, save (with and without JavaScript), conflicts, in-room grid.

Own organisation only (another's conversation is a 404); one audit event per request that shows a
conversation, and a save is its own event (never a read as well).
"""

import ast
import datetime
import inspect
import re

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tests import clock
from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.conversations.factories import published_version, started_conversation
from tests.conversations.pages import events, form_data, last_event, option_pks, url
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.conversations import drafts, services, views
from thrivegrids.conversations.models import Conversation
from thrivegrids.conversations.summaries import shared_views
from thrivegrids.conversations.summaries import views as summary_views
from thrivegrids.core.models import AuditEvent
from thrivegrids.grids.models import GridVersion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("module", [views, summary_views, shared_views])
def test_views_reach_conversations_only_through_for_organisation(module):
    """A lint: no Conversation.objects.get/filter/... in these views, only for_organisation."""
    tree = ast.parse(inspect.getsource(module))
    direct = [
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "objects"
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id in {"Conversation", "YoungPerson"}
        and node.attr != "for_organisation"
    ]
    assert direct == []


@pytest.mark.parametrize("module", [views, summary_views, shared_views])
def test_views_never_write_audit_events_by_hand(module):
    """A lint: views fetch through services that write the read event with the fetch
    (conversation_for_reading, ...), so no view can forget the event or write two."""
    source = inspect.getsource(module)
    assert re.findall(r"\brecord_(?:event|\w+_read|summary_link_view)\b", source) == []


def test_a_page_fetched_for_reading_is_one_event_and_another_organisations_is_404(
    conversation, pat_user, team
):
    since = last_event()

    found = services.conversation_for_reading(
        by=pat_user, organisation=team, pk=conversation.pk, purpose="summary"
    )
    with pytest.raises(Http404):
        services.conversation_for_reading(
            by=pat_user, organisation=OrganisationFactory(), pk=conversation.pk
        )

    assert found == conversation
    event = AuditEvent.objects.get(pk__gt=since)
    assert (event.action, event.details["purpose"]) == ("conversation.view", "summary")


def test_start_offers_latest_published_grids_and_creates_the_conversation(demo_grids, pat, ours):
    version = published_version()
    start = f"/conversations/young-people/{ours.pk}/new/"
    since = last_event()

    page = pat.get(start)
    response = pat.post(start, {"versions": [str(version.pk)]})

    assert page.status_code == 200
    assert "Start the conversation" in page.content.decode()
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/conversations/{conversation.pk}/"
    assert [item.version for item in conversation.grids.all()] == [version]
    assert events(since) == ["young_person.view", "conversation.create"]


def test_start_with_no_grid_chosen_says_so(demo_grids, pat, ours):
    since = last_event()

    response = pat.post(f"/conversations/young-people/{ours.pk}/new/", {})

    assert response.status_code == 200
    assert "Choose at least one grid to talk about" in response.content.decode()
    assert not Conversation.objects.exists()
    assert events(since) == ["young_person.view"]


def test_start_ticks_the_grids_of_the_last_conversation(conversation, pat, ours):
    version = conversation.grids.get().version

    html = pat.get(f"/conversations/young-people/{ours.pk}/new/").content.decode()

    assert f'value="{version.pk}" checked' in html
    assert "starts from the last one" in html


def test_draft_page_shows_the_form_and_is_one_read_event(conversation, pat):
    since = last_event()

    response = pat.get(url("show_conversation", conversation))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="conversation-form"' in html
    assert f'hx-post="/conversations/{conversation.pk}/autosave/"' in html
    # Not on the form: htmx would send an autosave to a focused button's formaction (record).
    form_tag = html[html.index('<form method="post" action="/conversations/') :]
    assert "hx-post" not in form_tag[: form_tag.index(">")]
    assert 'name="revision" id="id_revision" value="1"' in html
    assert "Where you agree and differ" in html
    assert events(since) == ["conversation.view"]


def test_save_draft_without_javascript_saves_and_redirects(conversation, pat):
    since = last_event()
    data = form_data(
        conversation,
        **{
            "young_person-what_matters": "Not missing football",
            "young_person-priorities": ["quick-to-start", "close-to-home"],
            "options_discussed": option_pks(conversation),
            "follow_up_day": "3",
            "follow_up_month": "4",
            "follow_up_year": "2027",
        },
    )

    response = pat.post(url("show_conversation", conversation), data)

    assert response.status_code == 302
    assert response["Location"].endswith("?saved=1")
    conversation.refresh_from_db()
    draft = drafts.draft_of(conversation)
    assert draft.voices["young_person"].what_matters == "Not missing football"
    assert sorted(draft.voices["young_person"].priorities) == ["close-to-home", "quick-to-start"]
    assert len(draft.options_discussed) == 2
    assert str(draft.follow_up_on) == "2027-04-03"
    assert events(since) == ["conversation.save_draft"]


def test_save_draft_with_an_impossible_date_shows_the_error_and_saves_the_rest(conversation, pat):
    since = last_event()
    data = form_data(
        conversation,
        questions="Is there a waiting list?",
        follow_up_day="31",
        follow_up_month="2",
        follow_up_year="2027",
    )

    response = pat.post(url("show_conversation", conversation), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a real follow-up date" in html and 'href="#id_follow_up_day"' in html
    assert "Is there a waiting list?" in html
    # The other fields are saved (one event, the save); the date is not.
    conversation.refresh_from_db()
    assert (conversation.questions, conversation.follow_up_on) == ("Is there a waiting list?", None)
    assert events(since) == ["conversation.save_draft"]


def test_autosave_answers_a_status_and_the_new_revision(conversation, pat):
    since = last_event()
    data = form_data(conversation, questions="How long is the wait?")

    response = pat.post(url("autosave", conversation), data, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft saved at" in html
    assert 'name="revision" id="id_revision" value="2" hx-swap-oob="true"' in html
    assert 'id="agreement" class="tg-agreement"' in html and 'hx-swap-oob="true"' in html
    conversation.refresh_from_db()
    assert conversation.questions == "How long is the wait?"
    assert events(since) == ["conversation.save_draft"]


def test_autosave_after_someone_else_saved_answers_409(conversation, pat, sam):
    services.save_draft(
        by=sam,
        conversation=conversation,
        base_revision=1,
        draft=drafts.ConversationDraft(
            **{**drafts.draft_of(conversation).__dict__, "questions": "Sam's question"}
        ),
    )
    since = last_event()

    response = pat.post(
        url("autosave", conversation),
        form_data(conversation, revision="1", questions="Pat's question"),
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "Sam Khan saved this conversation" in html
    assert "Compare their changes with yours" in html
    conversation.refresh_from_db()
    assert conversation.questions == "Sam's question"
    assert events(since) == ["conversation.view"]


def test_conflict_shows_both_versions_and_loses_nothing_typed(conversation, pat, sam):
    theirs = drafts.draft_of(conversation)
    theirs.voices["young_person"] = drafts.VoiceDraft(what_matters="Football on Saturdays")
    services.save_draft(by=sam, conversation=conversation, base_revision=1, draft=theirs)
    since = last_event()
    mine = form_data(
        conversation,
        revision="1",
        questions="Pat's question",
        **{"young_person-what_matters": "Swimming on Sundays"},
    )

    response = pat.post(url("show_conversation", conversation), mine)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Sam Khan saved this conversation" in html
    assert "Football on Saturdays" in html and "Swimming on Sundays" in html
    assert "Young person: what matters" in html
    assert "Pat&#39;s question" in html
    assert 'name="revision" id="id_revision" value="2"' in html
    conversation.refresh_from_db()
    assert conversation.voices.get(role="young_person").what_matters == "Football on Saturdays"
    assert events(since) == ["conversation.view"]

    # Saving again, knowingly, keeps what is on the page.
    again = pat.post(url("show_conversation", conversation), {**mine, "revision": "2"})

    assert again.status_code == 302
    assert conversation.voices.get(role="young_person").what_matters == "Swimming on Sundays"


def test_another_organisations_conversation_is_404(demo_grids, pat):
    theirs = started_conversation()
    since = last_event()

    for name, kwargs in [
        ("show_conversation", {}),
        ("show_grid_in_room", {"position": 1}),
    ]:
        assert pat.get(url(name, theirs, **kwargs)).status_code == 404
    for name in ("show_conversation", "autosave", "record_conversation"):
        assert pat.post(url(name, theirs), form_data(theirs)).status_code == 404
    young_person = theirs.young_person
    assert pat.get(f"/conversations/young-people/{young_person.pk}/new/").status_code == 404
    assert events(since) == []


def test_grid_in_room_shows_the_grid_and_saves_the_options_discussed(conversation, pat):
    since = last_event()
    in_room = url("show_grid_in_room", conversation, position=1)

    page = pat.get(in_room)
    response = pat.post(in_room, {"revision": "1", "options_discussed": option_pks(conversation)})

    assert page.status_code == 200
    assert "nhsuk-table" in page.content.decode()
    assert response.status_code == 302
    assert len(drafts.draft_of(conversation).options_discussed) == 2
    assert events(since) == ["conversation.view", "conversation.save_draft"]
    assert pat.get(url("show_grid_in_room", conversation, position=2)).status_code == 404


def test_newer_published_version_is_pointed_out(client, team, pat_user, ours):
    from tests.grids.factories import minimal_data, store

    first = store(minimal_data(status="published"))
    conversation = services.start_conversation(by=pat_user, young_person=ours, versions=[first])
    store(minimal_data(status="published", version=2))
    sign_in_fully(client, pat_user)

    html = client.get(url("show_conversation", conversation)).content.decode()

    assert "A newer version is published" in html
    assert "/grids/low-mood/nhs/changes/?from=1&amp;to=2" in html


def test_young_person_page_shows_start_button_and_the_timeline(conversation, pat, ours):
    html = pat.get(f"/records/{ours.pk}/").content.decode()

    assert f"/conversations/young-people/{ours.pk}/new/" in html
    assert f"/conversations/{conversation.pk}/" in html


def test_the_shortlist_is_attached_to_the_conversation_and_emptied(demo_grids, client):
    from thrivegrids.directory.models import Organization, Service
    from thrivegrids.directory.shortlist import SHORTLIST_KEY

    organization = Organization.objects.create(name="Example Youth Hub (fictional)")
    hub = Service.objects.create(
        organization=organization, name="Drop-in (fictional)", last_modified=timezone.now()
    )
    conversation = started_conversation()
    signed_in = sign_in_fully(client, conversation.created_by)
    session = signed_in.session
    session[SHORTLIST_KEY] = [str(hub.pk)]
    session.save()
    page = signed_in.get(reverse("conversations:show_conversation", args=[conversation.pk]))
    assert "Add the 1 service on your shortlist" in page.content.decode()

    answer = signed_in.post(reverse("conversations:attach_shortlist", args=[conversation.pk]))

    assert answer.status_code == 302
    assert list(conversation.services.all()) == [hub]
    assert SHORTLIST_KEY not in signed_in.session
    summary = signed_in.get(reverse("summaries:show_summary", args=[conversation.pk]))
    assert "Drop-in (fictional)" in summary.content.decode()


def test_the_start_page_gives_every_checkbox_its_own_id(demo_grids, ours, pat):
    page = pat.get(f"/conversations/young-people/{ours.pk}/new/").content.decode()
    ids = re.findall(r'<input[^>]*\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) > 4


def test_after_a_conflict_the_page_holds_their_changes_to_fields_you_did_not_touch(
    conversation, pat, sam
):
    theirs = drafts.draft_of(conversation)
    theirs.next_steps = "Sam will ring the school"
    services.save_draft(by=sam, conversation=conversation, base_revision=1, draft=theirs)
    mine = form_data(conversation, revision="1", questions="Pat's question")

    response = pat.post(url("show_conversation", conversation), mine)

    html = response.content.decode()
    assert response.status_code == 409
    assert "their changes are now on this page with yours" in html
    assert "nothing needs choosing" in html
    # Their next steps and my question are both in the form, so saving it loses neither.
    assert "Sam will ring the school</textarea>" in html
    assert "Pat&#39;s question</textarea>" in html


def test_start_page_tells_the_team_a_grid_is_past_its_review_date(client, demo_grids, time_machine):
    young_person = YoungPersonFactory()
    practitioner = member(Role.PRACTITIONER, young_person.organisation)
    sign_in_fully(client, practitioner)
    url = reverse("conversations:start_conversation", args=[young_person.pk])
    latest = GridVersion.objects.published().order_by("-next_review_on").first()
    assert "past its review date" not in client.get(url).content.decode()
    overdue = latest.next_review_on + datetime.timedelta(days=1)
    time_machine.move_to(clock.noon(overdue), tick=False)
    sign_in_fully(client, practitioner)  # months later: the earlier session has ended

    response = client.get(url)

    assert response.status_code == 200
    assert "past its review date" in response.content.decode()
