"""Small, hand-built grid documents for tests, and helpers to store them through the real services.

MINIMAL_YAML is the smallest document that passes every essential check once published: two
options (one waiting, saying when waiting is not safe), benefits and harms as numbers or "not known",
a benefits and a downsides row, every cell cited, English only.
"""

import copy
import datetime
import io
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from hypothesis import strategies as st

from thrivegrids.core.models import AuditEvent
from thrivegrids.grids.content import parse_text
from thrivegrids.grids.models import Cell, GridVersion, Option, Question, Source
from thrivegrids.grids.services import load_grid_documents

DEMO = Path("content/grids")

# A fixed "today" for the quality checks, so tests do not depend on the calendar.
TODAY = datetime.date(2026, 6, 1)

MINIMAL_YAML = """\
format: thrivegrids-grid/2
topic: low-mood
setting: nhs
version: 1
status: draft
published_on: 2026-05-01
next_review_on: 2036-05-01
example_content: true
clinical_review: []
age_range: {min: 12, max: 18}
endorsement: {endorsed: false, body: ""}
languages: {en: reviewed}
text:
  en:
    title: "Low mood: a test grid"
    condition: "Feeling sad or flat most days."
    decision: "Which help to try first."
    authors: "The test team."
    funding: "No funding."
    audience: "Young people aged 12 to 18."
    update_policy: "We check it every year."
    declarations_of_interest: "We have none."
sources:
  - key: nice
    title: "A guideline"
    recommendation: "Guideline 1 section 2"
    url: https://example.org/guideline/section-2
    evidence: research
  - key: nhs
    title: "A web page"
    recommendation: "The page on help"
    url: https://example.org/page
    evidence: expert-consensus
options:
  - key: wait
    waiting: true
    kind: self-help
    benefits_and_harms:
      evidence: not-known
      not_known: {en: "Nobody has counted this yet."}
    text:
      en:
        name: "Wait and see"
        summary: "Help yourself for now."
        what_it_is: "You look after yourself for now."
        who_provides: "You, with your GP."
        how_to_get: "Ask your GP."
        when_waiting_is_not_safe: "Do not wait if you feel unsafe."
  - key: talk
    benefits_and_harms:
      evidence: numbers
      numbers:
        - source: nice
          text: {en: "About 5 in 100 feel better."}
    text:
      en:
        name: "Talking therapy"
        summary: "Talk with a therapist."
        what_it_is: "You meet a therapist each week."
        who_provides: "An NHS team."
        how_to_get: "Your GP can refer you."
questions:
  - key: help
    role: benefits
    text: {en: "How could it help?"}
  - key: risks
    role: downsides
    text: {en: "What are the risks?"}
cells:
  wait:
    help: {sources: [nice], text: {en: "Low mood often lifts on its own."}}
    risks: {sources: [nice], text: {en: "It can feel slow if you feel worse."}}
  talk:
    help: {sources: [nice, nhs], text: {en: "Talking helps lots of people."}}
    risks: {sources: [nhs], text: {en: "It can be hard to talk at first."}}
"""

_MINIMAL_DATA = yaml.safe_load(MINIMAL_YAML)


def minimal_data(**top_level):
    """The minimal document as plain Python data (a fresh copy), with top-level keys replaced."""
    data = copy.deepcopy(_MINIMAL_DATA)
    data.update(top_level)
    return data


def as_yaml(data):
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def line_of(text, needle, start=1):
    """The 1-based number of the first line at or after `start` that contains `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in the text")


def store(data, *, today=TODAY, path="test.yaml"):
    """Parse and load one document through the real services; the stored version."""
    document = parse_text(as_yaml(data), path)
    load_grid_documents(by=None, documents=[document], today=today)
    return GridVersion.objects.with_content().get(
        grid__topic__slug=document.topic, grid__setting=document.setting, number=document.version
    )


def store_draft(**top_level):
    return store(minimal_data(status="draft", **top_level))


def store_published(**top_level):
    return store(minimal_data(status="published", **top_level))


def english_only_version(topic="self-harm", setting="nhs"):
    """A new published version of a demo grid offered in English only (as a grid is until
    its translation is written): its Arabic pages fall back to English, marked as such."""
    from thrivegrids.grids.models import Grid
    from thrivegrids.grids.services import create_draft_version, publish_grid_version

    grid = Grid.objects.get(topic__slug=topic, setting=setting)
    draft = create_draft_version(by=None, grid=grid)
    draft.translation_status = {"en": "reviewed"}
    draft.save()
    return publish_grid_version(by=None, version=draft)


def make_user(username="editor"):
    return get_user_model().objects.create_user(username, f"{username}@example.invalid", "x" * 16)


def fresh(version):
    """The version re-read with its content, as the services see it."""
    return GridVersion.objects.with_content().get(pk=version.pk)


# Any value of any type YAML can write, for replacing a value in a document.
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers() | st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3),
)


def run(*args):
    """Run a management command; its (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    """Every stored grid row and the audit count, to tell whether anything at all was written."""
    return {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in (GridVersion, Option, Question, Cell, Source, Cell.sources.through)
    } | {"audit": AuditEvent.objects.count()}
