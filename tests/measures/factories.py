"""Recorded conversations, summary links and loaded instruments for measure tests.

Needs the demo grids (the `demo_grids` fixture) for grid versions to show.
"""

import datetime

from django.core.management import call_command

from tests.conversations.factories import started_conversation
from thrivegrids.conversations import services as conversations
from thrivegrids.conversations.drafts import ConversationDraft, VoiceDraft
from thrivegrids.conversations.models import Decision
from thrivegrids.conversations.summaries.links import create_summary_link
from thrivegrids.measures.content import parse_text
from thrivegrids.measures.services import load_instrument_documents


def load_demo_instruments():
    call_command("load_measures", "content/measures", verbosity=0)


def recorded_conversation(*, held_on=None, parent_carer_present=True, **kwargs):
    """A conversation recorded through the real services (started, drafted, recorded)."""
    conversation = started_conversation(**kwargs)
    by = conversation.created_by
    conversations.save_draft(
        by=by,
        conversation=conversation,
        base_revision=conversation.revision,
        draft=ConversationDraft(
            held_on=held_on or conversation.held_on,
            parent_carer_present=parent_carer_present,
            summary_language=conversation.summary_language,
            decision=Decision.NOT_YET,
            next_steps="Talk again in two weeks",
            voices={"young_person": VoiceDraft(what_matters="Staying at school")},
        ),
    )
    conversation.refresh_from_db()
    return conversations.record_conversation(
        by=by, conversation=conversation, base_revision=conversation.revision
    )


def summary_token(conversation, language=None):
    _link, token = create_summary_link(
        by=conversation.created_by, conversation=conversation, language=language
    )
    return token


MEASURE_FILE = """\
format: thrivegrids-measure/2
slug: {slug}
version: 1
validated: {validated}
licence:
  name: "Test licence"
  statement: "For tests only"
  attribution: "Test authors"
languages: [en]
respondent_roles: [{roles}]
{extra}scoring:
  rule: {rule}
{parameters}name:
  en: "Test instrument {slug}"
scales:
  - key: yes-no
    options:
      - value: 1
        label: {{en: "Yes"}}
      - value: 0
        label: {{en: "No"}}
items:
  - key: first
    concept: enough-information
    scale: yes-no
    text: {{en: "First question?"}}
  - key: second
    scale: yes-no
    text: {{en: "Second question?"}}
"""


def measure_text(
    slug="test-instrument",
    roles="young_person",
    rule="top-score",
    parameters="",
    validated="false",
    extra="",
):
    """A small valid measure file; `extra` is top-level YAML put in before `scoring`."""
    return MEASURE_FILE.format(
        slug=slug,
        roles=roles,
        rule=rule,
        parameters=parameters,
        validated=validated,
        extra=extra,
    )


def load_test_instrument(organisation=None, by=None, **kwargs):
    document = parse_text(measure_text(**kwargs), "test.yaml")
    load_instrument_documents(by=by, documents=[document], organisation=organisation)
    return document


def frozen_at(time_machine, moment):
    """Stop the clock at `moment` (an aware datetime) for everything that reads it (timezone.now,
    localdate, auto_now fields, time.time), through time-machine's `time_machine` fixture."""
    time_machine.move_to(moment, tick=False)


def a_day(n=0):
    return datetime.date(2027, 3, 1) + datetime.timedelta(days=n)
