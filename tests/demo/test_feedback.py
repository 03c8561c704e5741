import pytest

from tests.measures.factories import a_day, load_demo_instruments, recorded_conversation
from thrivegrids.demo.feedback import load_demo_feedback
from thrivegrids.measures.models import Response

pytestmark = pytest.mark.django_db


def _summary():
    return sorted(
        (r.conversation_id, r.respondent_role, r.instrument.slug, tuple(sorted(r.answers.items())))
        for r in Response.objects.select_related("instrument")
    )


def test_demo_feedback_is_the_same_every_time_and_not_added_twice(demo_grids):
    load_demo_instruments()
    conversations = [recorded_conversation(held_on=a_day(n)) for n in range(12)]

    made = load_demo_feedback(conversations, seed=7, today=a_day(40))
    first = _summary()
    again = load_demo_feedback(conversations, seed=7, today=a_day(40))

    assert made and again == []
    Response.objects.all().delete()
    load_demo_feedback(list(reversed(conversations)), seed=7, today=a_day(40))
    assert _summary() == first
    assert {r.respondent_role for r in Response.objects.all()} == {
        "young_person",
        "parent_carer",
        "practitioner",
    }
