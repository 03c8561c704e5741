import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivegrids.accounts.tests.factories import OrganisationFactory
from thrivegrids.core.models import AuditEvent
from thrivegrids.grids.content import ContentError
from thrivegrids.measures.content import parse_files, parse_text
from thrivegrids.measures.models import Instrument
from thrivegrids.measures.tests.factories import load_test_instrument, measure_text


def _problems(text):
    with pytest.raises(ContentError) as error:
        parse_text(text, "x.yaml")
    return [str(problem) for problem in error.value.problems]


def test_demo_instruments_are_not_validated_and_have_arabic_for_everything():
    documents = parse_files(["content/measures"])

    assert {d.slug for d in documents} == {
        "thrivegrids-after-the-conversation",
        "thrivegrids-practitioner-mirror",
    }
    for document in documents:
        assert document.validated is False
        assert "not validated" in document.licence
        for item in document.items:
            assert item["text"]["ar"]
            assert all(option["label"]["ar"] for option in item["scale"])
        assert any(item["concept"] == "enough-information" for item in document.items)


@pytest.mark.django_db
def test_loading_the_demo_instruments_twice_changes_nothing_the_second_time():
    call_command("load_measures", "content/measures", verbosity=0)
    events = AuditEvent.objects.count()

    call_command("load_measures", "content/measures", verbosity=0)

    assert Instrument.objects.count() == 2
    assert AuditEvent.objects.count() == events


def test_a_problem_names_the_file_and_line():
    text = measure_text().replace("rule: top-score", "rule: average")

    assert _problems(text) == [
        "x.yaml:10: scoring rule must be one of count-at-or-below-threshold, top-score"
    ]


def test_an_item_must_use_a_named_scale_and_roles_must_be_known():
    text = measure_text(roles="young_person, teacher").replace(
        'scale: yes-no\n    text: {en: "Second', 'scale: agree\n    text: {en: "Second'
    )

    problems = _problems(text)

    assert (
        "x.yaml:8: respondent role 'teacher' must be one of young_person, parent_carer, practitioner, once"
        in problems
    )
    assert "x.yaml:26: item second scale must name one of the scales" in problems


def test_every_language_needs_text():
    text = measure_text().replace("languages: [en]", "languages: [en, ar]")

    assert "x.yaml:12: name has no 'ar' text" in _problems(text)


def test_the_threshold_rule_needs_a_threshold_below_the_item_count():
    text = measure_text(
        rule="count-at-or-below-threshold", parameters="  parameters: {threshold: 2}\n"
    )

    assert _problems(text) == [
        "x.yaml:11: scoring parameter threshold must be less than the number of items (2)"
    ]


@pytest.mark.django_db
def test_nothing_is_loaded_when_any_file_has_a_problem(tmp_path):
    (tmp_path / "a.yaml").write_text(measure_text(slug="fine"))
    (tmp_path / "b.yaml").write_text(measure_text(slug="Not A Slug"))

    with pytest.raises(CommandError):
        call_command("load_measures", str(tmp_path), verbosity=0)

    assert not Instrument.objects.exists()


@pytest.mark.django_db
def test_an_organisation_loads_a_licensed_instrument_for_itself_and_those_within_it():
    ics = OrganisationFactory(kind="ics")
    team = OrganisationFactory(parent=ics)
    elsewhere = OrganisationFactory()
    load_test_instrument(organisation=ics, slug="licensed", validated="true")

    assert [i.slug for i in Instrument.objects.latest_for_role(team, "young_person")] == [
        "licensed"
    ]
    assert Instrument.objects.latest_for_role(elsewhere, "young_person") == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_parsed_or_refused_with_problems(text):
    try:
        parse_text(text, "fuzz.yaml")
    except ContentError as error:
        assert error.problems


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(measure_text().splitlines()), st.text(max_size=40))
def test_a_damaged_line_is_parsed_or_refused_with_problems(line, replacement):
    text = measure_text().replace(line, replacement, 1)
    try:
        parse_text(text, "fuzz.yaml")
    except ContentError as error:
        assert error.problems
        assert all(problem.path == "fuzz.yaml" for problem in error.problems)
