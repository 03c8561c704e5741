from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from thrivegrids.conversations.tests.factories import started_conversation
from thrivegrids.core.models import AuditEvent
from thrivegrids.measures import services
from thrivegrids.measures.models import Instrument, Response
from thrivegrids.measures.tests.factories import (
    a_day,
    load_demo_instruments,
    recorded_conversation,
)

pytestmark = pytest.mark.django_db

ALL_TOP = {
    "enough-information": 2,
    "what-matters": 2,
    "what-happens-next": 1,
    "sure-about-decision": 0,
}


def _young_peoples_instrument():
    return Instrument.objects.get(slug="thrivegrids-after-the-conversation")


def test_answers_are_stored_with_role_grid_versions_language_and_date(demo_grids):
    load_demo_instruments()
    conversation = recorded_conversation()
    instrument = _young_peoples_instrument()
    events = AuditEvent.objects.count()

    [response] = services.record_responses(
        by=None,
        actor_label="feedback through a summary link",
        conversation=conversation,
        respondent_role="young_person",
        language="ar",
        answers_by_instrument={instrument: ALL_TOP},
        answered_on=a_day(),
    )

    shown = [row.version for row in conversation.grids.all()]
    assert response.organisation == conversation.organisation
    assert list(response.grid_versions.all()) == shown
    assert response.main_grid_version == shown[0]
    assert (response.language, response.answered_on) == ("ar", a_day())
    assert response.answers == ALL_TOP
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == "measures.response.record"
    assert event.actor_label == "feedback through a summary link"
    assert "2" not in str(event.details.get("instruments"))  # names, never answers


def test_a_second_answer_from_the_same_role_is_refused_and_stores_nothing(demo_grids):
    load_demo_instruments()
    conversation = recorded_conversation()
    answers = {_young_peoples_instrument(): ALL_TOP}
    services.record_responses(
        by=None,
        conversation=conversation,
        respondent_role="young_person",
        language="en",
        answers_by_instrument=answers,
    )
    events = AuditEvent.objects.count()

    with pytest.raises(services.AlreadyAnswered):
        services.record_responses(
            by=None,
            conversation=conversation,
            respondent_role="young_person",
            language="en",
            answers_by_instrument=answers,
        )

    assert Response.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_the_parent_answers_separately_from_the_young_person(demo_grids):
    load_demo_instruments()
    conversation = recorded_conversation()
    answers = {_young_peoples_instrument(): ALL_TOP}
    for role in ("young_person", "parent_carer"):
        services.record_responses(
            by=None,
            conversation=conversation,
            respondent_role=role,
            language="en",
            answers_by_instrument=answers,
        )

    assert Response.objects.count() == 2


@pytest.mark.parametrize(
    "answers",
    [
        {"enough-information": 2},
        {**ALL_TOP, "what-matters": 7},
        {**ALL_TOP, "extra": 1},
    ],
)
def test_incomplete_or_impossible_answers_are_refused(demo_grids, answers):
    load_demo_instruments()
    conversation = recorded_conversation()

    with pytest.raises(ValidationError):
        services.record_responses(
            by=None,
            conversation=conversation,
            respondent_role="young_person",
            language="en",
            answers_by_instrument={_young_peoples_instrument(): answers},
        )


def test_a_draft_conversation_takes_no_answers(demo_grids):
    load_demo_instruments()

    with pytest.raises(ValidationError):
        services.record_responses(
            by=None,
            conversation=started_conversation(),
            respondent_role="young_person",
            language="en",
            answers_by_instrument={_young_peoples_instrument(): ALL_TOP},
        )


def test_a_role_the_instrument_is_not_for_is_refused(demo_grids):
    load_demo_instruments()

    with pytest.raises(ValidationError):
        services.record_responses(
            by=None,
            conversation=recorded_conversation(),
            respondent_role="practitioner",
            language="en",
            answers_by_instrument={_young_peoples_instrument(): ALL_TOP},
        )


def test_an_instrument_with_answers_cannot_change_without_a_new_version(demo_grids, tmp_path):
    load_demo_instruments()
    services.record_responses(
        by=None,
        conversation=recorded_conversation(),
        respondent_role="young_person",
        language="en",
        answers_by_instrument={_young_peoples_instrument(): ALL_TOP},
    )
    changed = tmp_path / "changed.yaml"
    source = Path("content/measures/after-the-conversation.yaml").read_text(encoding="utf-8")
    changed.write_text(source.replace("Partly", "A bit"), encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("load_measures", str(changed), verbosity=0)

    assert _young_peoples_instrument().items.first().scale[1]["label"]["en"] == "Partly"
