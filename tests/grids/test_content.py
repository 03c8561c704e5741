"""The content loader (content.py): valid documents parse; every problem names its file and line."""

import datetime
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.grids.factories import MINIMAL_YAML, as_yaml, junk, line_of, minimal_data
from thrivegrids.grids.content import ContentError, GridDocument, parse_files, parse_text

DEMO_FILE = Path("content/grids/low-mood--nhs--v1.yaml")

PARSING = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI results are reproducible
    database=None,  # no .hypothesis folder in the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def problems_of(text, path="grid.yaml"):
    with pytest.raises(ContentError) as caught:
        parse_text(text, path)
    return caught.value.problems


def only_problem(text, path="grid.yaml"):
    problems = problems_of(text, path)
    assert len(problems) == 1, problems
    return problems[0]


# A valid document


def test_parse_text_reads_a_minimal_document():
    document = parse_text(MINIMAL_YAML, "low-mood--nhs--v1.yaml")

    assert isinstance(document, GridDocument)
    assert (document.topic, document.setting, document.version, document.status) == (
        "low-mood",
        "nhs",
        1,
        "draft",
    )
    assert document.published_on == datetime.date(2026, 5, 1)
    assert [o["key"] for o in document.options] == ["wait", "talk"]
    assert [o["waiting"] for o in document.options] == [True, False]
    assert [q["role"] for q in document.questions] == ["benefits", "downsides"]
    assert document.cells[("talk", "help")] == {
        "sources": ["nice", "nhs"],
        "text": {"en": "Talking helps lots of people."},
    }


def test_parse_text_orders_citations_as_the_source_list():
    text = MINIMAL_YAML.replace("sources: [nice, nhs]", "sources: [nhs, nice]")

    document = parse_text(text)

    assert document.cells[("talk", "help")]["sources"] == ["nice", "nhs"]


def test_parse_text_reads_every_demo_file():
    for path in sorted(Path("content/grids").glob("*.yaml")):
        document = parse_text(path.read_text(encoding="utf-8"), str(path))
        assert path.name == f"{document.topic}--{document.setting}--v{document.version}.yaml"


# Each kind of problem, with its file and line


def test_parse_text_reports_a_missing_cell_in_its_option_row():
    text = MINIMAL_YAML.replace(
        '    risks: {sources: [nhs], text: {en: "It can be hard to talk at first."}}\n', ""
    )

    problem = only_problem(text, "low-mood--nhs--v1.yaml")

    assert problem.path == "low-mood--nhs--v1.yaml"
    assert "cell talk/risks is missing" in problem.message
    # The row for option "talk" starts on the line after "talk:" (its first cell).
    assert problem.line in (line_of(text, "  talk:"), line_of(text, "  talk:") + 1)


def test_parse_text_reports_an_unknown_source_key_on_the_citing_line():
    text = MINIMAL_YAML.replace("risks: {sources: [nhs]", "risks: {sources: [nhs, cochrane]")

    problem = only_problem(text)

    assert "cell talk/risks cites 'cochrane', which is not in sources" in problem.message
    assert problem.line == line_of(text, "cochrane")


def test_parse_text_reports_a_badly_written_date_on_its_line():
    text = MINIMAL_YAML.replace("published_on: 2026-05-01", "published_on: 01/05/2026")

    problem = only_problem(text)

    assert problem.message == "published_on must be a date written YYYY-MM-DD"
    assert problem.line == 6


def test_parse_text_reports_a_date_with_a_time_as_not_a_date():
    text = MINIMAL_YAML.replace("next_review_on: 2036-05-01", "next_review_on: 2036-05-01 09:00:00")

    problem = only_problem(text)

    assert problem.message == "next_review_on must be a date written YYYY-MM-DD"
    assert problem.line == 7


def test_parse_text_reports_a_review_date_before_publication():
    text = MINIMAL_YAML.replace("next_review_on: 2036-05-01", "next_review_on: 2026-04-01")

    problem = only_problem(text)

    assert problem.message == "next_review_on must be after published_on"
    assert problem.line == 7


def test_parse_text_requires_dates_for_a_published_version():
    text = MINIMAL_YAML.replace("status: draft", "status: published").replace(
        "published_on: 2026-05-01\n", ""
    )

    problem = only_problem(text)

    assert problem.message == "published_on is missing"


def test_parse_text_reports_a_duplicate_yaml_key_on_its_second_line():
    text = MINIMAL_YAML.replace("setting: nhs\n", "setting: nhs\nsetting: community\n")

    problem = only_problem(text)

    assert "duplicate key 'setting'" in problem.message
    assert problem.line == 4


def test_parse_text_reports_an_option_key_used_twice():
    text = MINIMAL_YAML.replace("  - key: talk\n", "  - key: wait\n")

    problems = problems_of(text)

    assert any(
        p.message == "option key 'wait' is used twice"
        and p.line == line_of(text, "key: wait", line_of(text, "options:") + 2)
        for p in problems
    ), problems


def test_parse_text_reports_an_unknown_top_level_field_on_its_line():
    text = MINIMAL_YAML.replace("example_content: true\n", "example_content: true\ncolour: blue\n")

    problem = only_problem(text)

    assert problem.message == "unknown field 'colour'"
    assert problem.line == 9


def test_parse_text_reports_an_unknown_option_text_field_on_its_line():
    text = MINIMAL_YAML.replace(
        '        how_to_get: "Ask your GP."\n',
        '        how_to_get: "Ask your GP."\n        price: "free"\n',
    )

    problem = only_problem(text)

    assert problem.message == "option wait text (en) has an unknown field 'price'"
    assert problem.line == line_of(text, "price:")


def test_parse_text_reports_a_language_that_is_not_supported():
    text = MINIMAL_YAML.replace("languages: {en: reviewed}", "languages: {en: reviewed, fr: draft}")

    problems = problems_of(text)

    assert any(
        p.message.startswith("language 'fr' is not one of")
        and p.line == line_of(text, "languages:")
        for p in problems
    )


def test_parse_text_reports_text_in_a_language_not_listed():
    text = MINIMAL_YAML.replace(
        'text: {en: "What are the risks?"}', 'text: {en: "What are the risks?", ar: "ما المخاطر؟"}'
    )

    problem = only_problem(text)

    assert (
        problem.message == "question risks text has text in 'ar', which is not listed in languages"
    )
    assert problem.line == line_of(text, "ما المخاطر")


def test_parse_text_reports_a_listed_language_without_text():
    text = MINIMAL_YAML.replace("languages: {en: reviewed}", "languages: {en: reviewed, ar: draft}")

    problems = problems_of(text)

    assert any(
        p.message == "question help text has no 'ar' text" and p.line == line_of(text, "How could")
        for p in problems
    ), problems


def test_parse_text_requires_english():
    text = MINIMAL_YAML.replace("languages: {en: reviewed}", "languages: {ar: reviewed}")

    problems = problems_of(text)

    assert any(
        p.message == "languages must include en (English is required)"
        and p.line == line_of(text, "languages:")
        for p in problems
    ), problems


def test_parse_text_reports_bad_yaml_syntax_with_its_line():
    text = MINIMAL_YAML.replace("    kind: self-help\n", "    kind: self-help: more\n")

    problem = only_problem(text)

    assert problem.message.startswith("not valid YAML")
    assert problem.line == line_of(text, "self-help: more")


def test_parse_text_reports_an_unclosed_quote_as_yaml():
    text = MINIMAL_YAML.replace('title: "A guideline"', 'title: "A guideline')

    problem = only_problem(text)

    assert problem.message.startswith("not valid YAML")


def test_parse_text_reports_a_file_that_is_not_a_mapping():
    problem = only_problem("- just\n- a list\n")

    assert problem.message == "the file must be a mapping of names to values"
    assert problem.line == 1


def test_parse_text_reports_an_uncited_cell():
    text = MINIMAL_YAML.replace("risks: {sources: [nhs]", "risks: {sources: []")

    problem = only_problem(text)

    assert problem.message == "cell talk/risks must cite at least one source"
    assert problem.line == line_of(text, "sources: []")


def test_parse_text_reports_a_key_that_is_not_lower_case_with_hyphens():
    text = MINIMAL_YAML.replace("  - key: talk\n", "  - key: Talk_Therapy\n")

    problems = problems_of(text)

    assert any(
        p.message.startswith("option 2 key must be lower-case letters, digits and single hyphens")
        and p.line == line_of(text, "Talk_Therapy")
        for p in problems
    ), problems


def test_parse_text_reports_every_problem_in_one_file_at_once():
    text = (
        MINIMAL_YAML.replace("topic: low-mood", "topic: sadness")
        .replace("evidence: research", "evidence: hearsay")
        .replace("role: downsides", "role: risks")
    )

    problems = problems_of(text)

    assert [p.line for p in problems] == [
        line_of(text, "topic: sadness"),
        line_of(text, "evidence: hearsay"),
        line_of(text, "role: risks"),
    ]


def test_parse_text_reports_an_unknown_field_inside_a_mapping_on_its_line():
    text = MINIMAL_YAML.replace(
        "age_range: {min: 12, max: 18}", "age_range:\n  min: 12\n  oldest: 18"
    )

    problems = problems_of(text)

    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "  min: 12"), "age_range.max is missing"),
        (line_of(text, "oldest:"), "age_range has an unknown field 'oldest'"),
    ]


def test_parse_text_reports_a_citation_in_a_block_list_on_its_own_line():
    text = MINIMAL_YAML.replace(
        '    risks: {sources: [nhs], text: {en: "It can be hard to talk at first."}}\n',
        "    risks:\n"
        "      sources:\n"
        "        - nhs\n"
        "        - cochrane\n"
        '      text: {en: "It can be hard to talk at first."}\n',
    )

    problem = only_problem(text)

    assert problem.message == "cell talk/risks cites 'cochrane', which is not in sources"
    assert problem.line == line_of(text, "- cochrane")


def test_parse_text_lists_shape_and_cross_reference_problems_in_line_order():
    text = (
        MINIMAL_YAML.replace("topic: low-mood", "topic: sadness")
        .replace("risks: {sources: [nhs]", "risks: {sources: [cochrane]")
        .replace("    waiting: true\n", "    waiting: sometimes\n")
    )

    problems = problems_of(text)

    assert [p.message for p in problems] == [
        "topic must be low-mood, generalised-anxiety, self-harm or adhd",
        "option wait waiting must be true or false",
        "cell talk/risks cites 'cochrane', which is not in sources",
    ]
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_parse_files_lists_the_problems_of_every_file_in_one_error(tmp_path):
    (tmp_path / "a-good.yaml").write_text(MINIMAL_YAML, encoding="utf-8")
    (tmp_path / "b-bad-date.yaml").write_text(
        MINIMAL_YAML.replace("setting: nhs", "setting: community").replace(
            "published_on: 2026-05-01", "published_on: soon"
        ),
        encoding="utf-8",
    )
    (tmp_path / "c-bad-topic.yaml").write_text(
        MINIMAL_YAML.replace("topic: low-mood", "topic: sadness"), encoding="utf-8"
    )

    with pytest.raises(ContentError) as caught:
        parse_files([tmp_path])

    where = [(Path(p.path).name, p.line) for p in caught.value.problems]
    assert where == [("b-bad-date.yaml", 6), ("c-bad-topic.yaml", 2)]
    assert "b-bad-date.yaml:6: published_on must be a date" in str(caught.value)


def test_parse_files_reports_the_same_version_in_two_files(tmp_path):
    (tmp_path / "one.yaml").write_text(MINIMAL_YAML, encoding="utf-8")
    (tmp_path / "two.yaml").write_text(MINIMAL_YAML, encoding="utf-8")

    with pytest.raises(ContentError) as caught:
        parse_files([tmp_path])

    [problem] = caught.value.problems
    assert problem.path.endswith("two.yaml")
    assert "also in" in problem.message and "one.yaml" in problem.message


def test_parse_files_reports_a_file_that_is_not_utf8(tmp_path):
    (tmp_path / "latin.yaml").write_bytes(MINIMAL_YAML.replace("Wait", "Wäit").encode("latin-1"))

    with pytest.raises(ContentError) as caught:
        parse_files([tmp_path])

    [problem] = caught.value.problems
    assert problem.message.startswith("cannot be read")


# YAML that PyYAML's safe constructors turn into Python exceptions other than YAMLError.

BUG_CONSTRUCTOR = (
    "BUG: content.py parse_text (yaml.load call, ~line 236) only catches YAMLError/RecursionError; "
    "PyYAML's SafeConstructor raises ValueError/KeyError/AttributeError for scalars like "
    "2026-02-30, '!!int abc', '!!bool maybe', '!!timestamp x', so the loader crashes instead of "
    "reporting file:line"
)
BUG_PAIRS = (
    "BUG: content.py _Checker.listing accepts any list, but '!!omap'/'!!pairs' build a plain list "
    "without line_of, so _sources/_rows/_crisis_contacts crash with AttributeError"
)


@pytest.mark.parametrize(
    ("original", "replacement"),
    [
        pytest.param(
            "published_on: 2026-05-01",
            "published_on: 2026-02-30",
            id="impossible-date",
        ),
        pytest.param(
            "version: 1",
            "version: !!int one",
            id="int-tag",
        ),
        pytest.param(
            "version: 1",
            "version: !!float one",
            id="float-tag",
        ),
        pytest.param(
            "example_content: true",
            "example_content: !!bool maybe",
            id="bool-tag",
        ),
        pytest.param(
            "published_on: 2026-05-01",
            "published_on: !!timestamp soon",
            id="timestamp-tag",
        ),
        pytest.param(
            "sources:\n",
            "crisis_contacts: !!pairs [name: x]\nsources:\n",
            id="pairs-tag",
        ),
        pytest.param("version: 1", "version: !!python/name:os.system", id="python-tag"),
        pytest.param("version: 1", "version: !!binary '%%%'", id="binary-tag"),
        pytest.param("version: 1", "version: &a [*a]", id="recursive-alias"),
        pytest.param("version: 1", "version: " + "[" * 500 + "]" * 500, id="deep-nesting"),
    ],
)
def test_parse_text_reports_odd_yaml_as_a_content_error(original, replacement):
    text = MINIMAL_YAML.replace(original, replacement, 1)
    assert text != MINIMAL_YAML

    problems = problems_of(text)

    assert problems and all(p.path == "grid.yaml" for p in problems)


# Property tests: whatever a file holds, the loader answers with a document or a ContentError.


def _paths(value, prefix=()):
    """Every path to a value inside nested dicts and lists."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


MINIMAL_PATHS = _paths(minimal_data())


@st.composite
def mutated_documents(draw):
    """The minimal document with one to three values dropped or replaced by junk of any type."""
    data = minimal_data()
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(junk)
    return as_yaml(data)


def parses_or_reports(text):
    """The property: a GridDocument, or a ContentError whose problems all say where."""
    try:
        document = parse_text(text, "grid.yaml")
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path == "grid.yaml"
            assert isinstance(problem.line, int) and problem.line >= 0
            assert problem.message
        return None
    assert isinstance(document, GridDocument)
    return document


def reports_problems(text):
    """The property for text that is not a valid document: a ContentError with problems, each
    saying where."""
    with pytest.raises(ContentError) as caught:
        parse_text(text, "grid.yaml")
    assert caught.value.problems
    for problem in caught.value.problems:
        assert problem.path == "grid.yaml"
        assert isinstance(problem.line, int) and problem.line >= 0
        assert problem.message


@PARSING
@given(text=mutated_documents())
def test_parse_text_answers_any_mutated_document_with_a_document_or_problems(text):
    parses_or_reports(text)


# A cut before a document's last character leaves it unfinished (true of every such cut of these
# two documents); a cut after it leaves the whole document, which
# test_parse_text_reads_a_document_cut_after_its_last_character reads.
@PARSING
@given(cut=st.integers(0, len(MINIMAL_YAML.rstrip()) - 1))
def test_parse_text_answers_a_truncated_document_with_problems(cut):
    reports_problems(MINIMAL_YAML[:cut])


DEMO_TEXT = DEMO_FILE.read_text(encoding="utf-8")


@settings(PARSING, max_examples=100)
@given(cut=st.integers(0, len(DEMO_TEXT.rstrip()) - 1))
def test_parse_text_answers_a_truncated_demo_file_with_problems(cut):
    reports_problems(DEMO_TEXT[:cut])


def test_parse_text_reads_a_document_cut_after_its_last_character():
    for text in (MINIMAL_YAML, DEMO_TEXT):
        for cut in range(len(text.rstrip()), len(text) + 1):
            assert isinstance(parse_text(text[:cut], "grid.yaml"), GridDocument), cut


@PARSING
@given(text=st.text())
def test_parse_text_answers_random_text_with_problems(text):
    reports_problems(text)


MINIMAL_LINES = MINIMAL_YAML.splitlines()


def replaced(line, raw):
    """The minimal document with one line replaced."""
    return "\n".join([*MINIMAL_LINES[:line], raw, *MINIMAL_LINES[line + 1 :]])


def _is_a_document(text):
    try:
        parse_text(text, "grid.yaml")
    except ContentError:
        return False
    return True


# The lines the minimal document cannot do without: with any one of them left out it is refused.
NEEDED_LINES = [i for i in range(len(MINIMAL_LINES)) if not _is_a_document(replaced(i, ""))]


@PARSING
@given(
    line=st.sampled_from(NEEDED_LINES),
    raw=st.text(alphabet=string.printable.replace(":", ""), max_size=30),
)
def test_parse_text_answers_a_needed_line_replaced_with_problems(line, raw):
    """Text without a colon cannot stand in for a needed line: it names no key."""
    reports_problems(replaced(line, raw))


@PARSING
@given(
    line=st.integers(0, len(MINIMAL_LINES) - 1),
    raw=st.text(alphabet=string.printable, max_size=30),
)
def test_parse_text_answers_any_replaced_line_with_a_document_or_problems(line, raw):
    """Some lines can go (an optional key) or change and leave a valid document."""
    parses_or_reports(replaced(line, raw))


@PARSING
@given(data=st.binary(max_size=300), prefix=st.integers(0, len(MINIMAL_YAML)))
def test_parse_files_answers_random_bytes_with_a_document_or_problems(
    tmp_path_factory, data, prefix
):
    path = tmp_path_factory.mktemp("bytes") / "grid.yaml"
    path.write_bytes(MINIMAL_YAML[:prefix].encode() + data)

    try:
        documents = parse_files([path])
    except ContentError as error:
        assert error.problems and all(p.path == str(path) for p in error.problems)
    else:
        assert len(documents) == 1
