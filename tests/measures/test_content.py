from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.accounts.factories import OrganisationFactory, member
from tests.measures.factories import load_test_instrument, measure_text
from thrivegrids.accounts.permissions import Role
from thrivegrids.core.languages import LANGUAGE_CODES
from thrivegrids.core.models import AuditEvent
from thrivegrids.grids.content import ContentError
from thrivegrids.measures.content import parse_files, parse_text
from thrivegrids.measures.format import MeasureFile
from thrivegrids.measures.models import Instrument


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
        assert "not validated" in document.licence_statement
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
        "x.yaml:12: scoring rule must be one of count-at-or-below-threshold, top-score"
    ]


def test_an_item_must_use_a_named_scale_and_roles_must_be_known():
    text = measure_text(roles="young_person, teacher").replace(
        'scale: yes-no\n    text: {en: "Second', 'scale: agree\n    text: {en: "Second'
    )

    problems = _problems(text)

    assert (
        "x.yaml:10: respondent role 'teacher' must be one of young_person, parent_carer, practitioner, once"
        in problems
    )
    assert "x.yaml:28: item second scale must name one of the scales" in problems


def test_every_language_needs_text():
    text = measure_text().replace("languages: [en]", "languages: [en, ar]")

    assert "x.yaml:14: name has no 'ar' text" in _problems(text)


def test_the_threshold_rule_needs_a_threshold_below_the_item_count():
    text = measure_text(
        rule="count-at-or-below-threshold", parameters="  parameters: {threshold: 2}\n"
    )

    assert _problems(text) == [
        "x.yaml:13: scoring parameter threshold must be less than the number of items (2)"
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
    load_test_instrument(
        organisation=ics, by=member(Role.SITE_ADMIN, ics), slug="licensed", validated="true"
    )

    assert [i.slug for i in Instrument.objects.latest_for_role(team, "young_person")] == [
        "licensed"
    ]
    assert Instrument.objects.latest_for_role(elsewhere, "young_person") == []


def _document(slug):
    return next(d for d in parse_files(["content/measures"]) if d.slug == slug)


def test_the_audit_benchmark_is_in_the_instrument_files_with_its_real_source():
    young_peoples = _document("thrivegrids-after-the-conversation").benchmark
    practitioners = _document("thrivegrids-practitioner-mirror").benchmark

    for benchmark in (young_peoples, practitioners):
        assert (benchmark["source"], benchmark["year"]) == ("CYP IAPT rapid internal audit", 2015)
        assert benchmark["comparable"] is False
        assert benchmark["question"]["ar"] and benchmark["population"]["ar"]
    assert young_peoples["item"] == "enough-information"
    assert [(f["role"], f["percent"]) for f in young_peoples["figures"]] == [
        ("young_person", 30),
        ("parent_carer", 50),
    ]
    assert "yes or no" in young_peoples["differences"]["en"]
    assert "3-point item" in young_peoples["differences"]["en"]
    # The 83% answered another question: it sits beside "Did I discuss the range of options?".
    assert practitioners["item"] == "range-of-options"
    [figure] = practitioners["figures"]
    assert (figure["role"], figure["percent"]) == ("practitioner", 83)
    assert "usually or always discussed the range" in figure["label"]["en"]


def test_the_demo_files_state_their_licence_and_answering_window():
    for document in parse_files(["content/measures"]):
        assert (document.licence, document.attribution) == (
            "ThriveGrids demo questions",
            "ThriveGrids contributors",
        )
        assert document.answering_window_days == 14


def test_the_demo_arabic_follows_the_glossary():
    young_peoples = _document("thrivegrids-after-the-conversation")
    practitioners = _document("thrivegrids-practitioner-mirror")
    items = {item["key"]: item["text"]["ar"] for item in practitioners.items}

    sure = next(i for i in young_peoples.items if i["key"] == "sure-about-decision")
    assert sure["text"]["ar"] == "هل أشعر بالثقة في القرار؟"  # the same for any reader
    assert "كل" not in items["range-of-options"]  # "the range", not "all" of the options
    assert "ممارس" not in practitioners.name["ar"] + practitioners.description["ar"]
    assert "المختص" in practitioners.name["ar"]
    for document in (young_peoples, practitioners):
        assert "مثبتة علميًا" in document.description["ar"]


def test_a_file_without_a_licence_is_refused():
    text = measure_text().replace(
        'licence:\n  name: "Test licence"\n  statement: "For tests only"\n'
        '  attribution: "Test authors"\n',
        "",
    )

    assert _problems(text) == [
        "x.yaml:1: licence is missing: give its name, a url or statement, and the attribution"
    ]


@pytest.mark.parametrize(
    ("licence", "problem"),
    [
        (
            'licence: "Test licence"\n',
            "x.yaml:5: licence must be a mapping with name, url or statement, and attribution",
        ),
        (
            'licence:\n  name: "Test licence"\n  attribution: "Test authors"\n',
            "x.yaml:6: licence needs a url or a statement (or both)",
        ),
        (
            'licence:\n  name: "Test licence"\n  url: "ftp://example.org/x"\n'
            '  attribution: "Test authors"\n',
            "x.yaml:7: licence url must be a web address (https://...)",
        ),
        (
            'licence:\n  name: "Test licence"\n  statement: "For tests"\n',
            "x.yaml:6: licence attribution is missing",
        ),
        (
            'licence:\n  name: "Test licence"\n  statement: "For tests"\n'
            '  attribution: "Test authors"\n  version: 3\n',
            "x.yaml:9: licence has an unknown field 'version'",
        ),
    ],
)
def test_licence_problems_name_the_line(licence, problem):
    text = measure_text().replace(
        'licence:\n  name: "Test licence"\n  statement: "For tests only"\n'
        '  attribution: "Test authors"\n',
        licence,
    )

    assert _problems(text) == [problem]


def test_a_format_1_file_is_refused_with_what_to_change():
    text = measure_text().replace("thrivegrids-measure/2", "thrivegrids-measure/1")

    assert _problems(text) == [
        "x.yaml:1: format must be 'thrivegrids-measure/2' (version 2 moves attribution under "
        "licence: see docs/measures.md)"
    ]


BENCHMARK = """\
benchmark:
  source: "An audit"
  year: 2015
  item: first
  comparable: false
  question: {en: "Was it enough?"}
  population: {en: "People in an audit"}
  differences: {en: "Yes or no, not three points"}
  figures:
    - role: young_person
      percent: 30
      label: {en: "Young people who said yes"}
"""


def test_a_benchmark_is_read_with_its_figures():
    document = parse_text(measure_text(extra=BENCHMARK), "x.yaml")

    assert document.benchmark == {
        "source": "An audit",
        "year": 2015,
        "url": "",
        "item": "first",
        "comparable": False,
        "question": {"en": "Was it enough?"},
        "population": {"en": "People in an audit"},
        "differences": {"en": "Yes or no, not three points"},
        "figures": [
            {"role": "young_person", "percent": 30, "label": {"en": "Young people who said yes"}}
        ],
    }


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "item: first",
            "item: third",
            "x.yaml:14: benchmark item must name one of this instrument's items",
        ),
        ("year: 2015", "year: fifteen", "x.yaml:13: benchmark year must be a year such as 2015"),
        (
            "role: young_person",
            "role: practitioner",
            "x.yaml:20: benchmark figure role must be one of this instrument's respondent_roles, once",
        ),
        (
            "percent: 30",
            "percent: 130",
            "x.yaml:21: benchmark figure percent must be a whole number 0 to 100",
        ),
        (
            '  differences: {en: "Yes or no, not three points"}\n',
            "",
            "x.yaml:15: benchmark differences must say how the figure differs when comparable is false",
        ),
        (
            "comparable: false",
            "comparable: maybe",
            "x.yaml:15: benchmark comparable must be true or false",
        ),
        (
            '  population: {en: "People in an audit"}\n',
            "",
            "x.yaml:12: benchmark population is missing",
        ),
    ],
)
def test_benchmark_problems_name_the_line(old, new, problem):
    text = measure_text(extra=BENCHMARK.replace(old, new))

    assert problem in _problems(text)


def test_a_comparable_benchmark_needs_no_differences():
    benchmark = BENCHMARK.replace("comparable: false", "comparable: true").replace(
        '  differences: {en: "Yes or no, not three points"}\n', ""
    )

    document = parse_text(measure_text(extra=benchmark), "x.yaml")

    assert document.benchmark["comparable"] is True


@pytest.mark.parametrize("days", ["0", "366", "two", "1.5", "true"])
def test_the_answering_window_is_a_whole_number_of_days(days):
    text = measure_text(extra=f"answering_window_days: {days}\n")

    assert _problems(text) == [
        "x.yaml:11: answering_window_days must be a whole number from 1 to 365"
    ]


def test_the_answering_window_defaults_to_14_days():
    assert parse_text(measure_text(), "x.yaml").answering_window_days == 14
    assert (
        parse_text(measure_text(extra="answering_window_days: 2\n"), "x.yaml").answering_window_days
        == 2
    )


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


def _with_line(index, text):
    """The small valid measure file with its `index`th line replaced by `text`."""
    lines = measure_text().splitlines()
    return "\n".join([*lines[:index], text, *lines[index + 1 :]])


def _refused(text):
    try:
        parse_text(text, "fuzz.yaml")
    except ContentError:
        return True
    return False


# The lines the file cannot do without: with any one of them left out it is refused.
NEEDED_LINES = [
    index for index in range(len(measure_text().splitlines())) if _refused(_with_line(index, ""))
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(NEEDED_LINES),
    st.text(st.characters(exclude_characters=":"), max_size=40),
)
def test_a_needed_line_damaged_is_refused_with_problems(index, replacement):
    """Text without a colon cannot stand in for a line the file needs: it names no key. (A
    damaged line in general may leave a valid file: the test above.)"""
    with pytest.raises(ContentError) as caught:
        parse_text(_with_line(index, replacement), "fuzz.yaml")

    assert caught.value.problems
    assert all(problem.path == "fuzz.yaml" for problem in caught.value.problems)


def _documented_example():
    text = Path("docs/measures.md").read_text(encoding="utf-8")
    return text.split("```yaml\n", 1)[1].split("```", 1)[0]


def _keys(value):
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


def test_the_documented_example_is_a_valid_file_naming_every_field_of_the_format():
    example = _documented_example()
    schema = MeasureFile.model_json_schema()
    fields = {name for model in (schema, *schema["$defs"].values()) for name in model["properties"]}

    parse_text(example, "docs/measures.md")

    assert _keys(yaml.safe_load(example)) - set(LANGUAGE_CODES) == fields


# Text limits (docs/content-format.md): each text over its limit is refused at its line.


@pytest.mark.parametrize(
    ("written", "limit", "problem"),
    [
        ('"First question?"', 500, "x.yaml:26: item first text (en)"),
        ('"Yes"', 150, "x.yaml:19: scale yes-no option 1 label (en)"),
        ('"Test instrument test-instrument"', 150, "x.yaml:14: name (en)"),
        ('"Test authors"', 300, "x.yaml:8: licence attribution"),
    ],
)
def test_a_text_over_its_limit_is_refused_at_its_line(written, limit, problem):
    text = measure_text().replace(written, "x" * (limit + 1))

    assert _problems(text) == [f"{problem} is {limit + 1:,} characters long: at most {limit:,}"]


def test_a_scale_named_by_a_huge_text_is_refused_in_the_words_of_a_scale():
    text = measure_text().replace(
        'scale: yes-no\n    text: {en: "First', f'scale: {"x" * 100_000}\n    text: {{en: "First'
    )

    assert _problems(text) == ["x.yaml:25: item first scale must name one of the scales"]
