"""Nothing typed on the working page is lost: a page's own earlier saves are never a conflict
with itself, a field the form refuses (too long, a past follow-up date) is marked beside itself
while every other field saves, and each limited field shows its limit and a character count."""

import re

import pytest

from tests.conversations.pages import events, form_data, last_event, option_pks, url
from thrivegrids.conversations import drafts, services
from thrivegrids.conversations.models import Decision

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
PAGE = "page-one"  # the editor token the working page carries
OTHER_TAB = "page-two"
TOO_LONG = "x" * 4001


def _typed(conversation, **changes):
    """What the page posts: `changes` over the saved draft, from this page, at revision 1."""
    return form_data(conversation, revision="1", editor=PAGE, **changes)


def _chosen_with_a_tick_and_a_date(conversation):
    return _typed(
        conversation,
        decision=Decision.CHOSEN,
        options_chosen=option_pks(conversation, 1),
        follow_up_day="3",
        follow_up_month="4",
        follow_up_year="2027",
        **{"young_person-what_matters": "Football"},
    )


def test_the_page_carries_an_editor_token_of_its_own(conversation, pat):
    first = pat.get(url("show_conversation", conversation)).content.decode()
    second = pat.get(url("show_conversation", conversation)).content.decode()

    tokens = [
        re.search(r'name="editor" value="([^"]+)"', html).group(1) for html in (first, second)
    ]
    assert all(tokens) and tokens[0] != tokens[1]


def test_own_autosave_landing_before_record_is_not_a_conflict(conversation, pat):
    # The autosave of choosing "chosen" was still in flight when Record was pressed.
    pat.post(url("autosave", conversation), _typed(conversation, decision="chosen"), headers=HTMX)
    since = last_event()

    response = pat.post(
        url("record_conversation", conversation), _chosen_with_a_tick_and_a_date(conversation)
    )

    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.is_recorded
    assert [str(o.pk) for o in conversation.options_chosen.all()] == option_pks(conversation, 1)
    assert str(conversation.follow_up_on) == "2027-04-03"
    assert events(since) == ["conversation.record"]


def test_refused_record_then_own_late_autosave_then_record_again_is_not_a_conflict(
    conversation, pat
):
    chosen_no_tick = _typed(
        conversation, decision=Decision.CHOSEN, **{"young_person-what_matters": "Football"}
    )
    refused = pat.post(url("record_conversation", conversation), chosen_no_tick)
    # The page shown again is the same page: same token, the revision it was at.
    html = refused.content.decode()
    assert "Choose the option or options agreed" in html
    assert f'name="editor" value="{PAGE}"' in html
    assert 'name="revision" id="id_revision" value="1"' in html
    # Its autosave of the radio button, sent as Record was pressed, lands after the refusal.
    pat.post(url("autosave", conversation), chosen_no_tick, headers=HTMX)
    conversation.refresh_from_db()
    assert (conversation.revision, conversation.decision) == (2, Decision.CHOSEN)

    again = pat.post(
        url("record_conversation", conversation), _chosen_with_a_tick_and_a_date(conversation)
    )

    assert again.status_code == 302
    conversation.refresh_from_db()
    assert conversation.is_recorded and str(conversation.follow_up_on) == "2027-04-03"


def test_a_save_from_another_tab_is_still_a_conflict(conversation, pat):
    other = form_data(conversation, revision="1", editor=OTHER_TAB, questions="From the other tab")
    pat.post(url("autosave", conversation), other, headers=HTMX)

    response = pat.post(
        url("record_conversation", conversation), _chosen_with_a_tick_and_a_date(conversation)
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "Pat Lee saved this conversation" in html
    # The conflict page is the same page going on: its token, and everything it typed.
    assert f'name="editor" value="{PAGE}"' in html
    assert 'name="follow_up_day" type="text" value="3"' in html
    assert f'value="{option_pks(conversation, 1)[0]}" checked' in html
    conversation.refresh_from_db()
    assert not conversation.is_recorded and conversation.questions == "From the other tab"


def test_an_autosave_overtaken_by_its_own_pages_save_is_dropped(conversation, pat):
    pat.post(url("show_conversation", conversation), _typed(conversation, questions="abcd"))
    since = last_event()

    late = pat.post(
        url("autosave", conversation), _typed(conversation, questions="abc"), headers=HTMX
    )

    assert late.status_code == 204
    conversation.refresh_from_db()
    assert conversation.questions == "abcd"
    assert events(since) == []


def test_a_refused_record_shows_every_field_as_typed(conversation, pat):
    discussed = option_pks(conversation, 2)
    data = _typed(
        conversation,
        decision=Decision.CHOSEN,
        options_discussed=discussed,
        questions="Is there a waiting list?",
        follow_up_day="3",
        follow_up_month="4",
        follow_up_year="2027",
        **{"young_person-leaning_towards": discussed[:1], "young_person-what_matters": "Art"},
    )

    html = pat.post(url("record_conversation", conversation), data).content.decode()

    assert "Choose the option or options agreed" in html
    assert f'name="options_discussed" type="checkbox" value="{discussed[1]}" checked' in html
    assert (
        f'name="young_person-leaning_towards" type="checkbox" value="{discussed[0]}" checked'
        in html
    )
    assert 'value="chosen" checked' in html
    assert ">Is there a waiting list?</textarea>" in html and ">Art</textarea>" in html
    assert 'name="follow_up_year" type="text" value="2027"' in html


def test_autosave_saves_every_valid_field_and_marks_only_the_long_one(conversation, pat):
    since = last_event()
    data = _typed(
        conversation,
        questions=TOO_LONG,
        next_steps="Ring the school",
        **{"young_person-what_matters": "Football"},
    )

    response = pat.post(url("autosave", conversation), data, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 422
    message = "Questions to ask and things to find out must be 4,000 characters or fewer"
    assert message in html and "(you have 4,001)" in html
    assert 'data-field-problem="id_questions"' in html and 'id="id_questions-error"' in html
    assert 'name="revision" id="id_revision" value="2" hx-swap-oob="true"' in html
    conversation.refresh_from_db()
    assert (conversation.questions, conversation.next_steps) == ("", "Ring the school")
    assert conversation.voices.get(role="young_person").what_matters == "Football"
    assert events(since) == ["conversation.save_draft"]


def test_a_long_what_matters_is_named_by_whose_it_is(conversation, pat):
    data = _typed(conversation, **{"parent_carer-what_matters": TOO_LONG})

    html = pat.post(url("autosave", conversation), data, headers=HTMX).content.decode()

    assert "What matters to the parent or carer must be 4,000 characters or fewer" in html
    assert 'data-field-problem="id_parent_carer-what_matters"' in html


def test_text_at_the_limit_is_saved_with_line_breaks_counted_once(conversation, pat):
    at_limit = ("y" * 99 + "\r\n") * 40  # 4,000 characters as typed; 4,040 as posted
    response = pat.post(
        url("autosave", conversation), _typed(conversation, questions=at_limit), headers=HTMX
    )

    assert response.status_code == 200
    conversation.refresh_from_db()
    assert len(conversation.questions) == 4000 - 1  # the last line break is trimmed


def test_save_draft_without_javascript_keeps_the_long_text_and_saves_the_rest(conversation, pat):
    since = last_event()
    data = _typed(conversation, questions=TOO_LONG, next_steps="Ring the school")

    response = pat.post(url("show_conversation", conversation), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'href="#id_questions"' in html
    assert '<span class="nhsuk-error-message" id="id_questions-error"' in html
    assert f">{TOO_LONG}</textarea>" in html
    assert "Draft saved, apart from the fields marked with a problem" in html
    # The page goes on from the revision its own save made.
    assert 'name="revision" id="id_revision" value="2"' in html
    assert f'name="editor" value="{PAGE}"' in html
    conversation.refresh_from_db()
    assert (conversation.questions, conversation.next_steps) == ("", "Ring the school")
    assert events(since) == ["conversation.save_draft"]


@pytest.mark.parametrize("name", ["record_conversation", "show_conversation", "autosave"])
def test_a_follow_up_date_in_the_past_is_refused_beside_the_date(conversation, pat, name):
    data = _typed(
        conversation,
        decision=Decision.NOT_YET,
        next_steps="Talk again in two weeks",
        follow_up_day="1",
        follow_up_month="1",
        follow_up_year="2020",
        **{"young_person-what_matters": "Time to think"},
    )

    response = pat.post(url(name, conversation), data, headers=HTMX if name == "autosave" else {})

    html = response.content.decode()
    assert "The follow-up date must be today or in the future" in html
    assert 'id="id_follow_up-error"' in html
    conversation.refresh_from_db()
    assert not conversation.is_recorded and conversation.follow_up_on is None
    if name != "record_conversation":  # a draft keeps the other fields; a refused record, none
        assert conversation.next_steps == "Talk again in two weeks"


def test_a_follow_up_date_today_is_accepted(conversation, pat):
    data = _typed(conversation, follow_up_day="7", follow_up_month="12", follow_up_year="2026")

    response = pat.post(url("autosave", conversation), data, headers=HTMX)

    assert response.status_code == 200
    conversation.refresh_from_db()
    assert str(conversation.follow_up_on) == "2026-12-07"


def test_each_limited_field_shows_its_limit_and_a_count_that_never_blocks_typing(conversation, pat):
    html = pat.get(url("show_conversation", conversation)).content.decode()

    counted = re.findall(r'data-module="nhsuk-character-count"\s+data-maxlength="(\d+)"', html)
    assert sorted(counted) == ["1000", "4000", "4000", "4000", "4000", "4000"]
    assert html.count("You can enter up to 4,000 characters.") >= 5
    assert "You can enter up to 1,000 characters." in html
    assert "data-i18n.characters-over-limit.other=" in html
    assert not re.search(r"<textarea[^>]*\smaxlength=", html)


def test_a_follow_up_year_too_long_to_be_a_year_is_one_message_on_the_date(conversation, pat):
    data = _typed(conversation, follow_up_day="1", follow_up_month="1", follow_up_year="9" * 5000)

    response = pat.post(url("autosave", conversation), data, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 422
    # One problem, in the status and waiting to be put beside the date: not one per box.
    assert html.count("<li>") == 1 and html.count("Enter the follow-up date as numbers") == 2
    assert 'data-field-problem="id_follow_up_day"' in html


def test_a_conflict_keeps_a_refused_long_text_as_typed(conversation, pat, sam):
    services.save_draft(
        by=sam,
        conversation=conversation,
        base_revision=1,
        draft=drafts.ConversationDraft(
            **{**drafts.draft_of(conversation).__dict__, "next_steps": "Sam will ring"}
        ),
    )

    response = pat.post(
        url("show_conversation", conversation), _typed(conversation, questions=TOO_LONG)
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert f">{TOO_LONG}</textarea>" in html and ">Sam will ring</textarea>" in html
