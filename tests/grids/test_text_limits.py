"""Every text in a grid file has a limit (docs/content-format.md, "Text limits"): a text over it is
refused at its line, naming the field and the limit; a huge file is refused before its YAML is
read."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.grids.factories import MINIMAL_YAML, line_of
from thrivegrids.core import content_yaml
from thrivegrids.grids.content import ContentError, parse_files, parse_text
from thrivegrids.grids.models import GridVersion

TITLE = '"Low mood: a test grid"'
TWENTY_MB = 20 * 1024 * 1024


def problems_of(text, path="grid.yaml"):
    with pytest.raises(ContentError) as caught:
        parse_text(text, path)
    return caught.value.problems


# (the text in MINIMAL_YAML replaced, the label of its field, its limit)
FIELDS = [
    (TITLE, "text (en) title", 150),
    ('"Feeling sad or flat most days."', "text (en) condition", 1_000),
    ('"The test team."', "text (en) authors", 500),
    ('"Talking therapy"', "option talk text (en) name", 150),
    ('"Help yourself for now."', "option wait text (en) summary", 500),
    ('"You meet a therapist each week."', "option talk text (en) what_it_is", 3_000),
    ('"Do not wait if you feel unsafe."', "option wait text (en) when_waiting_is_not_safe", 1_000),
    ('"Nobody has counted this yet."', "option wait benefits_and_harms not_known (en)", 1000),
    ('"About 5 in 100 feel better."', "option talk benefits_and_harms number 1 text (en)", 1000),
    ('"How could it help?"', "question help text (en)", 150),
    ('"Talking helps lots of people."', "cell talk/help text (en)", 1_000),
    ('"A guideline"', "source nice title", 300),
]


@pytest.mark.parametrize(("written", "field", "limit"), FIELDS, ids=[f[1] for f in FIELDS])
def test_parse_text_refuses_a_text_one_character_over_its_limit_at_its_line(written, field, limit):
    text = MINIMAL_YAML.replace(written, "x" * (limit + 1))

    [problem] = problems_of(text)

    assert problem.line == line_of(MINIMAL_YAML, written)
    assert problem.message == f"{field} is {limit + 1:,} characters long: at most {limit:,}"


@pytest.mark.parametrize(("written", "field", "limit"), FIELDS, ids=[f[1] for f in FIELDS])
def test_parse_text_reads_a_text_at_its_limit(written, field, limit):
    # Spaces around a text are not counted.
    document = parse_text(MINIMAL_YAML.replace(written, f'"  {"x" * limit}  "'))

    assert document.path == "<text>"


def test_parse_text_refuses_a_huge_title_by_its_limit_alone():
    """A 900,000-character title (under the file limit) is refused in the words of its limit."""
    text = MINIMAL_YAML.replace(TITLE, "word " * 180_000)

    [problem] = problems_of(text)

    assert str(problem) == (
        f"grid.yaml:{line_of(MINIMAL_YAML, TITLE)}: "
        "text (en) title is 899,999 characters long: at most 150"
    )


def test_parse_text_refuses_a_20_mb_title_at_its_line_without_reading_the_yaml(monkeypatch):
    def read_yaml(*args, **kwargs):
        raise AssertionError("the YAML of a 20 MB file was read")

    monkeypatch.setattr(content_yaml.yaml, "load", read_yaml)
    text = MINIMAL_YAML.replace(TITLE, "x" * TWENTY_MB)

    [problem] = problems_of(text, "low-mood--nhs--v1.yaml")

    assert problem.path == "low-mood--nhs--v1.yaml"
    assert problem.line == line_of(MINIMAL_YAML, TITLE)
    assert "longer than 1,000,000 characters" in problem.message


def test_parse_text_refuses_a_long_file_at_the_line_that_passes_the_limit():
    # 20 MB of short lines in a folded title: the line reported holds the 1,000,001st character.
    head = MINIMAL_YAML.split(f"title: {TITLE}")[0] + "title: >\n"
    line = "      word\n"
    text = MINIMAL_YAML.replace(f"title: {TITLE}\n", f"title: >\n{line * 2_000_000}")
    first = head.count("\n") + 1

    [problem] = problems_of(text)

    assert problem.line == first + (1_000_000 - len(head)) // len(line)


@pytest.mark.django_db
def test_load_grids_refuses_a_file_with_a_20_mb_title_and_stores_nothing(tmp_path):
    path = tmp_path / "low-mood--nhs--v1.yaml"
    path.write_text(MINIMAL_YAML.replace(TITLE, "x" * TWENTY_MB), encoding="utf-8")

    with pytest.raises(CommandError, match="Nothing was loaded: 1 problem"):
        call_command("load_grids", str(path))

    assert not GridVersion.objects.exists()


def test_parse_files_names_the_file_and_line_of_a_title_over_its_limit(tmp_path):
    (tmp_path / "grid.yaml").write_text(MINIMAL_YAML.replace(TITLE, "x" * 151), encoding="utf-8")

    with pytest.raises(ContentError) as caught:
        parse_files([tmp_path])

    assert str(caught.value) == (
        f"{tmp_path / 'grid.yaml'}:{line_of(MINIMAL_YAML, TITLE)}: "
        "text (en) title is 151 characters long: at most 150"
    )
