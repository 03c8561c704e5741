import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import sign_in_fully
from tests.conversations.factories import started_conversation
from tests.measures.factories import (
    frozen_at,
    load_demo_instruments,
    load_test_instrument,
    recorded_conversation,
    summary_token,
)
from thrivegrids.config.jinja2_env import long_date
from thrivegrids.core.models import AuditEvent
from thrivegrids.measures.feedback.links import feedback_url
from thrivegrids.measures.models import Instrument, Response

pytestmark = pytest.mark.django_db

YOUNG_PERSON_ANSWERS = {
    "enough-information": "2",
    "what-matters": "2",
    "what-happens-next": "1",
    "sure-about-decision": "2",
}


@pytest.fixture
def link(demo_grids):
    """A recorded conversation and its young person's feedback address."""
    load_demo_instruments()
    conversation = recorded_conversation()
    return conversation, feedback_url(conversation, "young_person", "en")


def _form_data():
    instrument = Instrument.objects.get(slug="thrivegrids-after-the-conversation")
    return {f"i{instrument.pk}-{key}": value for key, value in YOUNG_PERSON_ANSWERS.items()}


def _assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"
    assert "sessionid" not in response.cookies


def test_an_unknown_link_is_a_friendly_404(client, db):
    response = client.get("/s/no-such-token/feedback/")

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    _assert_private(response)


def test_the_page_asks_the_questions_of_the_links_person_and_is_audited_once(client, link):
    conversation, url = link
    events = AuditEvent.objects.count()

    response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert "You are answering as the young person." in page
    assert "Who is answering?" not in page and "Change who is answering" not in page
    assert "Was I given enough information to choose?" in page
    _assert_private(response)
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.target_id) == ("feedback_link.view", str(conversation.pk))
    assert event.details == {"respondent_role": "young_person", "purpose": "answer"}


def test_the_questions_are_in_the_language_of_the_address(client, link):
    conversation, _url = link

    english = client.get(feedback_url(conversation, "parent_carer", "en")).content.decode()
    arabic = client.get(feedback_url(conversation, "parent_carer", "ar")).content.decode()

    assert "Was I given enough information to choose?" in english
    assert "هل حصلتُ على معلومات كافية لأختار؟" in arabic
    assert 'dir="rtl"' in arabic


def test_the_link_to_the_page_is_in_the_given_language_and_names_its_person(link):
    conversation, _url = link

    arabic = feedback_url(conversation, "parent_carer", "ar")
    english = feedback_url(conversation, "young_person", "en")

    assert arabic.startswith("/ar/s/") and arabic.endswith("/feedback/")
    assert f"/s/{conversation.pk}-parent-carer." in arabic
    assert english.startswith(f"/s/{conversation.pk}-young-person.")


def test_answers_are_stored_with_one_audit_event_then_thanks(link):
    conversation, _url = link
    url = feedback_url(conversation, "young_person", "ar")
    client = Client(enforce_csrf_checks=True)
    client.get(url)
    events = AuditEvent.objects.count()

    response = client.post(
        url, _form_data() | {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    )

    assert response.status_code == 200
    _assert_private(response)
    [stored] = Response.objects.all()
    assert (stored.conversation, stored.respondent_role, stored.language) == (
        conversation,
        "young_person",
        "ar",
    )
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("pk").action == "measures.response.record"


def test_a_parents_link_answers_as_the_parent_whatever_the_form_says(client, link):
    conversation, _url = link

    client.post(
        feedback_url(conversation, "parent_carer", "en"),
        _form_data() | {"role": "young_person", "respondent_role": "young_person"},
    )

    assert [r.respondent_role for r in Response.objects.all()] == ["parent_carer"]


def test_a_link_whose_person_was_changed_does_not_work(client, link):
    conversation, _url = link
    parents = feedback_url(conversation, "parent_carer", "en")
    forged = parents.replace("-parent-carer.", "-young-person.")

    response = client.post(forged, _form_data())

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert not Response.objects.exists()


def test_a_feedback_link_that_does_not_work_still_shows_urgent_help(client, link):
    conversation, _url = link
    forged = feedback_url(conversation, "parent_carer", "ar").replace(
        "-parent-carer.", "-young-person."
    )

    html = client.get(forged).content.decode()

    assert "data-urgent-help" in html and 'href="tel:999"' in html
    assert "إذا كنت تحتاج إلى مساعدة الآن" in html


def test_the_summary_links_feedback_address_takes_no_answers(client, link):
    conversation, _url = link
    token = summary_token(conversation)

    page = client.get(f"/s/{token}/feedback/")
    posted = client.post(f"/s/{token}/feedback/", _form_data() | {"role": "young_person"})

    assert page.status_code == 200
    assert "each answer through their own feedback link" in page.content.decode()
    assert "Send my answers" not in page.content.decode()
    _assert_private(page)
    assert posted.status_code == 200
    assert not Response.objects.exists()


def test_a_second_answer_says_thanks_already_answered(client, link):
    _conversation, url = link
    client.post(url, _form_data())

    response = client.post(url, _form_data())

    assert "already been answered" in response.content.decode()
    assert Response.objects.count() == 1


def test_the_parent_still_answers_after_the_young_person(client, link):
    conversation, url = link
    client.post(url, _form_data())

    response = client.post(feedback_url(conversation, "parent_carer", "en"), _form_data())

    assert "We have your answers." in response.content.decode()
    assert sorted(r.respondent_role for r in Response.objects.all()) == [
        "parent_carer",
        "young_person",
    ]


def test_a_missing_answer_shows_the_question_again_with_an_error(client, link):
    _conversation, url = link
    data = _form_data()
    data.pop(next(k for k in data if k.endswith("what-matters")))

    response = client.post(url, data)

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Response.objects.exists()


# The answering window ---------------------------------------------------------------------------


def test_the_page_is_open_until_the_window_ends(client, link, time_machine):
    conversation, url = link
    frozen_at(time_machine, conversation.recorded_at + datetime.timedelta(days=14, seconds=-1))

    response = client.post(url, _form_data())

    assert "We have your answers." in response.content.decode()
    assert Response.objects.count() == 1


def test_after_the_window_the_page_says_the_questions_have_closed(client, link, time_machine):
    conversation, url = link
    frozen_at(time_machine, conversation.recorded_at + datetime.timedelta(days=14))
    events = AuditEvent.objects.count()

    page = client.get(url)
    posted = client.post(url, _form_data())

    text = page.content.decode()
    assert page.status_code == 200 and posted.status_code == 200
    assert "These questions have closed" in text
    closed_on = timezone.localdate(conversation.recorded_at + datetime.timedelta(days=14))
    assert long_date(closed_on) in text
    assert "Send my answers" not in text and "There is a problem" not in text
    _assert_private(page)
    assert "These questions have closed" in posted.content.decode()
    assert not Response.objects.exists()
    assert AuditEvent.objects.count() == events + 2
    assert AuditEvent.objects.latest("pk").details["purpose"] == "closed"


def test_the_window_is_set_in_the_instrument_file(client, link, time_machine):
    conversation, url = link
    Instrument.objects.filter(slug="thrivegrids-after-the-conversation").delete()
    load_test_instrument(slug="two-days", extra="answering_window_days: 2\n")
    frozen_at(time_machine, conversation.recorded_at + datetime.timedelta(days=2, minutes=1))

    response = client.get(url)

    assert "These questions have closed" in response.content.decode()


def test_the_practitioner_answers_the_mirror_questions(link):
    conversation, _token = link
    client = sign_in_fully(Client(), conversation.created_by)
    url = reverse("measures:answer_practitioner_feedback", args=[conversation.pk])
    mirror = Instrument.objects.get(slug="thrivegrids-practitioner-mirror")

    page = client.get(url)
    response = client.post(
        url, {f"i{mirror.pk}-range-of-options": "2", f"i{mirror.pk}-enough-information": "1"}
    )

    assert "Did I discuss the range of options?" in page.content.decode()
    assert response.status_code == 302
    assert Response.objects.get().respondent_role == "practitioner"
    assert "You answered" in client.get(url).content.decode()


def test_the_mirror_questions_are_only_for_recorded_conversations_of_your_organisation(
    demo_grids,
):
    load_demo_instruments()
    draft = started_conversation()
    other = recorded_conversation()
    client = sign_in_fully(Client(), draft.created_by)

    for conversation in (draft, other):
        url = reverse("measures:answer_practitioner_feedback", args=[conversation.pk])
        assert client.get(url).status_code == 404


# Each person's feedback link, for staff to hand out ---------------------------------------------


def test_staff_see_each_persons_own_feedback_link_and_qr_code_once_audited(link):
    conversation, _url = link
    client = sign_in_fully(Client(), conversation.created_by)
    events = AuditEvent.objects.count()

    response = client.get(reverse("measures:share_feedback_links", args=[conversation.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for role, label in [
        ("young_person", "Feedback link for the young person"),
        ("parent_carer", "Feedback link for the parent or carer"),
    ]:
        address = "http://testserver" + feedback_url(conversation, role, "en")
        assert label in page
        assert f'value="{address}"' in page
    assert page.count('class="tg-qr"') == 2
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.details["purpose"]) == ("conversation.view", "feedback-links")


def test_staff_links_are_in_the_summarys_language(demo_grids):
    load_demo_instruments()
    conversation = recorded_conversation()
    conversation.summary_language = "ar"
    conversation.save(update_fields=["summary_language"])
    client = sign_in_fully(Client(), conversation.created_by)

    page = client.get(reverse("measures:share_feedback_links", args=[conversation.pk]))

    assert "http://testserver" + feedback_url(conversation, "young_person", "ar") in (
        page.content.decode()
    )


def test_staff_can_show_the_links_in_another_language(demo_grids):
    load_demo_instruments()
    conversation = recorded_conversation()
    client = sign_in_fully(Client(), conversation.created_by)
    url = reverse("measures:share_feedback_links", args=[conversation.pk])

    page = client.get(url + "?language=ar").content.decode()

    assert "http://testserver" + feedback_url(conversation, "young_person", "ar") in page
    assert "?language=en" in page


def test_staff_see_when_a_person_has_answered_or_their_questions_closed(link, time_machine):
    conversation, url = link
    Client().post(url, _form_data())
    frozen_at(time_machine, conversation.recorded_at + datetime.timedelta(days=15))
    client = sign_in_fully(Client(), conversation.created_by)

    page = client.get(reverse("measures:share_feedback_links", args=[conversation.pk]))

    text = page.content.decode()
    assert "Already answered" in text
    assert "The questions closed on" in text
    assert 'class="tg-qr"' not in text


def test_feedback_links_are_only_for_recorded_conversations_of_your_organisation(demo_grids):
    load_demo_instruments()
    draft = started_conversation()
    other = recorded_conversation()
    client = sign_in_fully(Client(), draft.created_by)

    for conversation in (draft, other):
        url = reverse("measures:share_feedback_links", args=[conversation.pk])
        assert client.get(url).status_code == 404


def test_the_share_page_points_to_the_feedback_links(link):
    conversation, _url = link
    client = sign_in_fully(Client(), conversation.created_by)

    page = client.get(reverse("summaries:share_summary", args=[conversation.pk]))

    href = reverse("measures:share_feedback_links", args=[conversation.pk])
    assert f'href="{href}"' in page.content.decode()


def test_the_practitioners_questions_close_with_the_window(link, time_machine):
    conversation, _url = link
    frozen_at(time_machine, conversation.recorded_at + datetime.timedelta(days=14))
    client = sign_in_fully(Client(), conversation.created_by)
    url = reverse("measures:answer_practitioner_feedback", args=[conversation.pk])
    mirror = Instrument.objects.get(slug="thrivegrids-practitioner-mirror")

    page = client.get(url)
    client.post(
        url, {f"i{mirror.pk}-range-of-options": "2", f"i{mirror.pk}-enough-information": "1"}
    )

    assert "closed on" in page.content.decode()
    assert "Did I discuss the range of options?" not in page.content.decode()
    assert not Response.objects.exists()
