"""The shape of a grid content file (`thrivegrids-grid/2`, docs/content-format.md), declared once.

Each field's type says what it may hold and the words a content editor reads when it does not;
`label` names a place in a file as problems name it (`option talk text (en) name`). What one part
cannot know alone (cells naming options and questions, citations, languages) is content.py's.
"""

from typing import Annotated

from pydantic import BeforeValidator, Field, field_validator

from thrivegrids.core.content_yaml import KEY_PATTERN, LineDict
from thrivegrids.core.languages import LANGUAGE_CODES
from thrivegrids.core.text_limits import LONG, SHORT, WORD
from thrivegrids.core.thrive import TOPIC_SLUGS
from thrivegrids.core.yaml_models import (
    ContentModel,
    Date,
    DetailText,
    Flag,
    LongText,
    MediumText,
    ShortText,
    choice,
    key,
    problem,
    text,
    whole,
)
from thrivegrids.grids.evidence import AgeRange, BenefitsAndHarms, ClinicalReview, Source, texts

FORMAT = "thrivegrids-grid/2"
TOPICS = TOPIC_SLUGS
SETTINGS = ("nhs", "community")
TRANSLATION_STATUSES = ("draft", "reviewed")
ROLES = ("general", "benefits", "downsides")
# Limits of the database columns, checked here so they are reported as file:line problems.
MAX_KIND_LENGTH = 60
MAX_ENDORSED_BY = 200
MAX_VERSION = 2**31 - 1


class VersionText(ContentModel):
    """What the grid is about and who made it, in one language."""

    title: ShortText
    condition: LongText
    decision: LongText
    authors: MediumText
    funding: MediumText
    audience: LongText
    update_policy: MediumText
    declarations_of_interest: MediumText
    evidence_note: LongText = None


class OptionText(ContentModel):
    name: ShortText
    summary: MediumText
    # The reverse side of the grid: what it is, who provides it, how to get it.
    what_it_is: DetailText
    who_provides: MediumText
    how_to_get: MediumText
    # Waiting options only: when not to wait, and what to do instead.
    when_waiting_is_not_safe: LongText = None


Kind = key(MAX_KIND_LENGTH, words="must be lower-case letters and hyphens")


class Option(ContentModel):
    """A column: one kind of help."""

    key: key()
    waiting: Flag = False
    kind: Annotated[Kind | None, BeforeValidator(lambda value: value or None)] = None
    benefits_and_harms: BenefitsAndHarms
    text: dict[str, OptionText]


class Question(ContentModel):
    """A row: what every option answers."""

    key: key()
    role: choice(*ROLES) = "general"
    text: texts(SHORT)


class Cell(ContentModel):
    sources: list[key()]
    text: texts(LONG)


class Endorsement(ContentModel):
    endorsed: Flag
    body: text(MAX_ENDORSED_BY, required=False) = Field("", validate_default=True)

    @field_validator("body")
    @classmethod
    def _named_when_endorsed(cls, value, info):
        if info.data.get("endorsed") and not value:
            raise problem("is missing or empty")
        return value


class GridFile(ContentModel):
    """One version of one grid, in every language it is written in."""

    format: choice(FORMAT)
    topic: choice(*TOPICS)
    setting: choice(*SETTINGS)
    version: whole(1, MAX_VERSION, words="must be a whole number from 1")
    status: choice("draft", "published")
    published_on: Date | None = Field(None, validate_default=True)
    next_review_on: Date | None = Field(None, validate_default=True)
    # Before example_content, whose check reads it.
    clinical_review: list[ClinicalReview] = []
    example_content: Flag
    age_range: AgeRange
    names: list[text(WORD)] = []
    endorsement: Endorsement
    languages: dict[
        choice(*LANGUAGE_CODES, words=f"is not one of {', '.join(LANGUAGE_CODES)}"),
        choice(*TRANSLATION_STATUSES),
    ]
    text: dict[str, VersionText]
    sources: list[Source]
    options: list[Option]
    questions: list[Question]
    cells: dict[str, dict[str, Cell]]

    @field_validator("published_on", "next_review_on")
    @classmethod
    def _dated_when_published(cls, value, info):
        if value is None and info.data.get("status") == "published":
            raise problem("is missing")
        published_on = info.data.get("published_on")
        if info.field_name == "next_review_on" and value and published_on and value <= published_on:
            raise problem("must be after published_on")
        return value

    @field_validator("example_content")
    @classmethod
    def _reviewed_unless_example(cls, value, info):
        if value is False and info.data.get("clinical_review") == []:
            raise problem(
                "is false, so clinical_review must name at least one clinical reviewer with "
                "their role and sign-off date"
            )
        return value


# Lists whose entries are named by their key (or number): `option talk`, `clinical reviewer 1`.
ENTRIES = {
    "sources": "source",
    "options": "option",
    "questions": "question",
    "numbers": "number",
    "clinical_review": "clinical reviewer",
    "names": "name",
}
PER_LANGUAGE = ("text", "not_known")


def label(data, loc):
    """The words for the place `loc` in a grid file's data: `option talk text (en) name`."""
    if loc[:1] == ("languages",) and len(loc) > 1:
        return f"language {loc[1]!r}" if "[key]" in loc else f"translation status for {loc[1]}"
    if loc[:1] == ("cells",) and len(loc) > 1:
        if len(loc) == 2 or "[key]" in loc[:3]:
            return f"cells for {loc[1]}"
        row = _child(data["cells"], loc[1])
        return _words(_child(row, loc[2]), loc[3:], [(f"cell {loc[1]}/{loc[2]}", False)])
    return _words(data, loc, [])


def _child(value, part):
    if isinstance(value, dict) and part in value:
        return value[part]
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return value[part]
    return None


def _entry_name(entry, index):
    name = entry.get("key") if isinstance(entry, LineDict) else None
    return name if isinstance(name, str) and KEY_PATTERN.match(name) else index + 1


def _words(value, loc, segments):
    """Segments are (words, is a field name); two field names in a row join with a dot."""
    for index, part in enumerate(loc):
        previous = segments[-1][0] if segments else None
        child = _child(value, part)
        if loc[index + 1 : index + 2] == ("[key]",):
            segments.append((f"key {part!r}", False))
            break
        if isinstance(part, int) and previous in ENTRIES:
            segments[-1] = (f"{ENTRIES[previous]} {_entry_name(child, part)}", False)
        elif isinstance(part, int):
            segments.append((str(part + 1), False))
        elif previous in PER_LANGUAGE:
            segments[-1] = (f"{previous} ({part})", False)
        else:
            segments.append((str(part), part not in ENTRIES))
        value = child
    words = ""
    for index, (segment, field) in enumerate(segments):
        dot = index and field and segments[index - 1][1]
        words += ("." if dot else " " if index else "") + segment
    return words
