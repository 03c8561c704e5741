import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thrivegrids.accounts.permissions import Role
from thrivegrids.accounts.tests.factories import OrganisationFactory, member, sign_in_fully
from thrivegrids.conversations.tests.factories import started_conversation
from thrivegrids.core.models import AuditEvent
from thrivegrids.measures import services
from thrivegrids.measures.models import Instrument, Response
from thrivegrids.measures.presenters import feedback_url
from thrivegrids.measures.tests.factories import (
    load_demo_instruments,
    recorded_conversation,
    summary_token,
)
from thrivegrids.records.tests.factories import YoungPersonFactory

pytestmark = pytest.mark.django_db

YOUNG_PERSON_ANSWERS = {
    "enough-information": "2",
    "what-matters": "2",
    "what-happens-next": "1",
    "sure-about-decision": "2",
}


@pytest.fixture
def link(demo_grids):
    load_demo_instruments()
    conversation = recorded_conversation()
    return conversation, summary_token(conversation)


def _form_data(role="young_person"):
    instrument = Instrument.objects.get(slug="thrivegrids-after-the-conversation")
    data = {f"i{instrument.pk}-{key}": value for key, value in YOUNG_PERSON_ANSWERS.items()}
    return {"role": role, **data}


def _assert_private(response):
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"
    assert "sessionid" not in response.cookies


def test_an_unknown_link_is_a_friendly_404(client, db):
    response = client.get("/s/no-such-token/feedback/")

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    _assert_private(response)


def test_the_page_asks_who_is_answering_and_is_audited_once(client, link):
    conversation, token = link
    events = AuditEvent.objects.count()

    response = client.get(f"/s/{token}/feedback/")

    assert response.status_code == 200
    assert "Who is answering?" in response.content.decode()
    _assert_private(response)
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.details["purpose"]) == ("summary_link.view", "feedback")


def test_the_questions_are_in_the_language_of_the_address(client, link):
    _conversation, token = link

    english = client.get(f"/s/{token}/feedback/?role=parent_carer").content.decode()
    arabic = client.get(f"/ar/s/{token}/feedback/?role=parent_carer").content.decode()

    assert "Was I given enough information to choose?" in english
    assert "هل حصلتُ على معلومات كافية لأختار؟" in arabic
    assert 'dir="rtl"' in arabic


def test_the_link_to_the_page_is_in_the_links_language(link):
    _conversation, token = link

    assert feedback_url(token, "ar") == f"/ar/s/{token}/feedback/"
    assert feedback_url(token, "en") == f"/s/{token}/feedback/"


def test_answers_are_stored_with_one_audit_event_then_thanks(link):
    conversation, token = link
    client = Client(enforce_csrf_checks=True)
    client.get(f"/ar/s/{token}/feedback/?role=young_person")
    events = AuditEvent.objects.count()

    response = client.post(
        f"/ar/s/{token}/feedback/",
        _form_data() | {"csrfmiddlewaretoken": client.cookies["csrftoken"].value},
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


def test_a_second_answer_says_thanks_already_answered(client, link):
    _conversation, token = link
    client.post(f"/s/{token}/feedback/", _form_data())

    response = client.post(f"/s/{token}/feedback/", _form_data())

    assert "already been answered" in response.content.decode()
    assert Response.objects.count() == 1


def test_a_missing_answer_shows_the_question_again_with_an_error(client, link):
    _conversation, token = link
    data = _form_data()
    data.pop(next(k for k in data if k.endswith("what-matters")))

    response = client.post(f"/s/{token}/feedback/", data)

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Response.objects.exists()


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


def _answer(conversation, role, answers_at_top=True):
    instrument = Instrument.objects.latest_for_role(conversation.organisation, role)[0]
    answers = {item.key: item.top_value if answers_at_top else 0 for item in instrument.items.all()}
    services.record_responses(
        by=None,
        conversation=conversation,
        respondent_role=role,
        language="en",
        answers_by_instrument={instrument: answers},
    )


def test_the_team_page_counts_the_teams_within_and_suppresses_small_numbers(demo_grids):
    load_demo_instruments()
    ics = OrganisationFactory(kind="ics", name="North ICS")
    team = OrganisationFactory(parent=ics, name="North team")
    for n in range(12):
        conversation = recorded_conversation(young_person=YoungPersonFactory(organisation=team))
        _answer(conversation, "young_person", answers_at_top=n < 7)
        if n < 3:
            _answer(conversation, "parent_carer")
    commissioner = sign_in_fully(Client(), member(Role.COMMISSIONER, ics))
    events = AuditEvent.objects.count()

    response = commissioner.get(reverse("measures:team_page"))

    page = response.content.decode()
    assert response.status_code == 200
    # 12 young people (shown as 10), 7 of them with enough information (58%); 3 parents: *.
    assert ">10<" in page.replace("\n", "").replace(" ", "")
    assert "58%" in page
    assert "30%" in page and "50%" in page and "83%" in page
    # Each row is named by a row header (who answered, or the grid), not a plain cell.
    squeezed = " ".join(page.replace(">", "> ").split())
    assert 'scope="row" > Young people </th>' in squeezed
    assert 'scope="row" > All </th>' in squeezed
    # The privacy note is markup, not escaped tags shown as text.
    assert "counts under 5 are shown as *" in page and "&lt;p&gt;" not in page
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.target_id) == ("measures.team_page.view", str(ics.pk))


def test_the_team_page_is_for_team_leads_and_commissioners(db):
    team = OrganisationFactory()
    for role, status in [(Role.TEAM_LEAD, 200), (Role.PRACTITIONER, 403)]:
        client = sign_in_fully(Client(), member(role, team))
        assert client.get(reverse("measures:team_page")).status_code == status


def test_the_team_page_refuses_a_period_that_ends_before_it_starts(db):
    client = sign_in_fully(Client(), member(Role.TEAM_LEAD))
    this_month = timezone.localdate().strftime("%Y-%m")
    earlier = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")

    response = client.get(reverse("measures:team_page"), {"start": this_month, "end": earlier})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
