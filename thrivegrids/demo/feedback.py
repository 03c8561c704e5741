"""Demo feedback: realistic-looking answers to the demo instruments for recorded conversations.

Deterministic for a given seed and list of conversations, so the demo team page looks the same
every time. Answers go through services.record_responses, so they are validated and audited.
"""

import datetime
import random

from django.utils import timezone

from thrivegrids.conversations.models import VoiceRole
from thrivegrids.measures import services
from thrivegrids.measures.models import Instrument

DEMO_ACTOR = "demo loader"
# How likely each person is to answer, and to give each item its top answer: invented for the
# demo, as a team using grids might hope, but not perfect. (The published figures the team page
# compares with are in the instrument files' `benchmark`, with how far they compare.)
ANSWER_RATE = {
    VoiceRole.YOUNG_PERSON: 0.7,
    VoiceRole.PARENT_CARER: 0.6,
    VoiceRole.PRACTITIONER: 0.9,
}
TOP_ANSWER_RATE = {
    VoiceRole.YOUNG_PERSON: 0.62,
    VoiceRole.PARENT_CARER: 0.7,
    VoiceRole.PRACTITIONER: 0.88,
}


def _answers(rng, instrument, role):
    answers = {}
    for item in instrument.items.all():
        values = sorted(item.values, reverse=True)
        if rng.random() < TOP_ANSWER_RATE[role]:
            answers[item.key] = values[0]
        else:
            answers[item.key] = rng.choice(values[1:])
    return answers


def load_demo_feedback(conversations, *, seed=2027, today=None):
    """Answer the latest instruments for each recorded conversation; returns responses made.

    Conversations already answered by a role are left as they are, so running it twice adds
    nothing. A parent or carer answers only when one took part.
    """
    rng = random.Random(seed)  # noqa: S311 (demo data, not security)
    today = today or timezone.localdate()
    made = []
    for conversation in sorted(conversations, key=lambda c: c.pk):
        if not conversation.is_recorded:
            continue
        for role in VoiceRole.values:
            # Draw every number whether or not it is used, so one skip does not shift the rest.
            answers_now = rng.random() < ANSWER_RATE[role]
            delay = datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2, 5)))
            instruments = Instrument.objects.latest_for_role(conversation.organisation, role)
            answers = {i: _answers(rng, i, role) for i in instruments}
            if not instruments or not answers_now:
                continue
            if role == VoiceRole.PARENT_CARER and not conversation.parent_carer_present:
                continue
            if services.answered_instruments(conversation, role):
                continue
            language = conversation.summary_language if role != VoiceRole.PRACTITIONER else "en"
            made += services.record_responses(
                by=None,
                actor_label=DEMO_ACTOR,
                conversation=conversation,
                respondent_role=role,
                language=language,
                answers_by_instrument=answers,
                answered_on=min(conversation.held_on + delay, today),
            )
    return made
