"""Every text in every content format has a limit, and docs/content-format.md lists each one as
the models declare it; urgent help refuses a text over its limit at its line."""

import re
import types
from pathlib import Path
from typing import Annotated, Union, get_args, get_origin, get_type_hints

import pytest
from pydantic import BaseModel, StringConstraints

from thrivegrids.core import urgent_help
from thrivegrids.core.content_yaml import ContentError
from thrivegrids.core.urgent_help import default_path, parse_text
from thrivegrids.grids.format import GridFile
from thrivegrids.measures.format import MeasureFile

DOC = Path(__file__).resolve().parents[2] / "docs" / "content-format.md"
BUNDLED = default_path().read_text(encoding="utf-8")


def text_limits(model):
    """({place: limit} for each text of a format, [places of text without a limit]). A place is
    written as in the docs: `*` for any key of a mapping, `[]` for each entry of a list."""
    limits, unlimited = {}, []

    def walk(annotation, place, constraint=None):
        origin = get_origin(annotation)
        if origin is Annotated:
            inner, *metadata = get_args(annotation)
            for item in metadata:
                if isinstance(item, StringConstraints) and item.max_length:
                    constraint = item
            walk(inner, place, constraint)
        elif origin in (Union, types.UnionType):
            for argument in get_args(annotation):
                walk(argument, place, constraint)
        elif origin is dict:
            walk(get_args(annotation)[1], f"{place}.*")
        elif origin is list:
            walk(get_args(annotation)[0], f"{place}[]")
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for name, hint in get_type_hints(annotation, include_extras=True).items():
                walk(hint, f"{place}.{name}" if place else name)
        elif annotation is str and constraint is None:
            unlimited.append(place)
        elif annotation is str and not constraint.pattern:  # keys are ids, not texts
            limits[place] = constraint.max_length

    walk(model, "")
    return limits, unlimited


def documented(heading):
    """The table under `### <heading>` in docs/content-format.md, as {field: limit}."""
    section = DOC.read_text(encoding="utf-8").split(f"\n### {heading}")[1].split("\n#")[0]
    rows = re.findall(r"^\| `([^`]+)` \| ([\d,]+) \|$", section, flags=re.MULTILINE)
    return {field: int(limit.replace(",", "")) for field, limit in rows}


@pytest.mark.parametrize(("model", "heading"), [(GridFile, "Grid files"), (MeasureFile, "Measure")])
def test_every_text_of_a_format_has_a_limit_listed_in_the_docs(model, heading):
    limits, unlimited = text_limits(model)

    assert unlimited == []
    assert len(limits) >= 10
    assert documented(heading) == limits


def test_the_urgent_help_limits_are_listed_in_the_docs():
    limits = {f"contacts[].{name}.*": limit for name, limit in urgent_help.TEXT_LIMITS.items()}
    limits |= {
        "contacts[].call": urgent_help.NUMBER_LIMIT,
        "contacts[].text.number": urgent_help.NUMBER_LIMIT,
        "contacts[].text.body": urgent_help.TEXT_BODY_LIMIT,
    }

    assert documented("Urgent help") == limits


def test_the_text_limits_leave_room_over_the_shipped_content():
    """Every shipped file is read: the limits never refuse what is already published."""
    from thrivegrids.grids.content import parse_files as parse_grids
    from thrivegrids.measures.content import parse_files as parse_measures

    assert parse_grids(["content/grids"]) and parse_measures(["content/measures"])
    assert parse_text(BUNDLED, "urgent-help.yaml").contacts


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        (
            'name: {en: "Samaritans"',
            "contact samaritans name (en) is 151 characters long: at most 150",
        ),
        (
            'hours: {en: "Any time, day or night"',
            "contact emergency hours (en) is 151 characters long: at most 150",
        ),
        ('body: "SHOUT"', "contact shout text body is 151 characters long: at most 150"),
    ],
)
def test_an_urgent_help_text_over_its_limit_is_refused_at_its_line(written, problem):
    line = next(n for n, text in enumerate(BUNDLED.splitlines(), 1) if written in text)
    key, _, _ = written.partition('"')
    broken = BUNDLED.replace(written, f'{key}"{"x" * 151}"', 1)

    with pytest.raises(ContentError) as caught:
        parse_text(broken, "urgent-help.yaml")

    assert [str(p) for p in caught.value.problems] == [f"urgent-help.yaml:{line}: {problem}"]


def test_an_urgent_help_file_of_20_mb_is_refused_at_the_line_that_passes_the_limit():
    line = next(
        n for n, text in enumerate(BUNDLED.splitlines(), 1) if 'name: {en: "Samaritans"' in text
    )
    broken = BUNDLED.replace('name: {en: "Samaritans"', f'name: {{en: "{"x" * 20_000_000}"', 1)

    with pytest.raises(ContentError) as caught:
        parse_text(broken, "urgent-help.yaml")

    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (line, "urgent-help.yaml")
    assert "longer than 1,000,000 characters" in problem.message
