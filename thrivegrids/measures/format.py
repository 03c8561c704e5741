"""The shape of a measure file (`thrivegrids-measure/2`, docs/measures.md), declared once.

Each field's type says what it may hold and the words an author reads when it does not; `label`
names a place in a file as problems name it ("item second text (ar)"). Fields are validated in the
order declared, so languages, respondent_roles, scales and items are remembered for the texts,
items, scoring and benchmark after them, which must agree with them.
"""

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, model_validator

from thrivegrids.conversations.public import VoiceRole
from thrivegrids.core.content_yaml import KEY_PATTERN, LineDict, LineList
from thrivegrids.core.languages import LANGUAGE_CODES
from thrivegrids.core.text_limits import MEDIUM, SHORT
from thrivegrids.core.yaml_models import (
    ContentModel,
    Flag,
    choice,
    entries,
    key,
    listed,
    problem,
    problems_at,
    remember,
    remembered,
    translations,
    whole,
)
from thrivegrids.measures import scoring
from thrivegrids.measures.provenance import Benchmark, LicenceBlock

FORMAT = "thrivegrids-measure/2"
MAX_VERSION = 2**31 - 1
DEFAULT_ANSWERING_WINDOW_DAYS = 14
MAX_ANSWERING_WINDOW_DAYS = 365
RULES = tuple(sorted(scoring.RULES))
ROLES = f"must be one of {', '.join(VoiceRole.values)}, once"


def _format(value):
    if value != FORMAT:
        hint = ""
        if value == "thrivegrids-measure/1":
            hint = " (version 2 moves attribution under licence: see docs/measures.md)"
        raise problem(f"must be {FORMAT!r}{hint}")
    return value


def _with_english(languages):
    if "en" not in languages:
        raise problem("must include en (English is required)")
    return languages


def _a_scale(value, info):
    scales = remembered(info, "scales")
    if scales is not None and value not in {scale.key for scale in scales}:
        raise problem("must name one of the scales")
    return value


class Option(ContentModel):
    value: whole(0, 100, "must be a whole number 0 to 100")
    label: translations(SHORT)


class Scale(ContentModel):
    """Answers in the order shown; the highest value is the best answer."""

    key: key()
    options: Annotated[
        list[Option],
        entries(at_least=2, too_few="must list at least two options", once=("value",)),
    ]


class Item(ContentModel):
    key: key()
    # What the item asks about, in words shared across instruments ("Concepts").
    concept: key() = None
    scale: listed(_a_scale, "must name one of the scales")
    text: translations(MEDIUM)


class Scoring(ContentModel):
    rule: choice(*RULES, words=f"must be one of {', '.join(RULES)}")
    parameters: Annotated[dict[str, Any], BeforeValidator(lambda value: value or {})] = {}

    @model_validator(mode="after")
    def _parameters_fit_the_rule(self, info):
        items = remembered(info, "items")
        if items is not None:
            # scoring.check's messages start "scoring ...", which the label says.
            messages = scoring.check(self.rule, self.parameters, len(items))
            found = [((), m.removeprefix("scoring "), "parameters") for m in messages]
            if found:
                raise problems_at(found)
        return self


class MeasureFile(ContentModel):
    """One version of one instrument, in every language it is written in."""

    format: Annotated[Literal[FORMAT], BeforeValidator(_format)]
    slug: key()
    version: whole(1, MAX_VERSION, "must be a whole number from 1")
    # True only for a published, validated instrument loaded by a site admin.
    validated: Flag
    licence: LicenceBlock
    answering_window_days: whole(
        1,
        MAX_ANSWERING_WINDOW_DAYS,
        f"must be a whole number from 1 to {MAX_ANSWERING_WINDOW_DAYS}",
    ) = DEFAULT_ANSWERING_WINDOW_DAYS
    languages: Annotated[
        list[choice(*LANGUAGE_CODES, words=f"is not one of {', '.join(LANGUAGE_CODES)}")],
        entries(once=(), twice="is listed twice"),
        AfterValidator(_with_english),
        AfterValidator(remember),
    ]
    respondent_roles: Annotated[
        list[choice(*VoiceRole.values, words=ROLES)],
        entries(at_least=1, too_few="must name at least one role", once=(), twice=ROLES),
        AfterValidator(remember),
    ]
    name: translations(SHORT)
    description: translations(MEDIUM) = None
    scales: Annotated[list[Scale], entries(once=("key",)), AfterValidator(remember)]
    items: Annotated[
        list[Item],
        entries(at_least=1, too_few="must list at least one item", once=("key",)),
        AfterValidator(remember),
    ]
    scoring: Scoring
    benchmark: Benchmark = None

    @model_validator(mode="before")
    @classmethod
    def _licence_asked_for(cls, data):
        # A missing licence is given as None, which LicenceBlock refuses saying what to give.
        if isinstance(data, dict) and "licence" not in data:
            return {**data, "licence": None}
        return data


def label(data, loc):
    """The words naming the value at `loc`, as an author would: "item second scale",
    "scale yes-no option 1 label (ar)", "respondent role 'teacher'"."""
    words, value = [], data
    for part in loc:
        if isinstance(value, LineList):
            value = value[part] if isinstance(part, int) and 0 <= part < len(value) else None
            noun = words.pop().removesuffix("s").replace("_", " ") if words else ""
            words += [noun, *_called(value)]
            continue
        if part == "[key]":  # the key itself, not its value, is wrong
            words.insert(len(words) - 1, "key")
            break
        value = value.get(part) if isinstance(value, LineDict) else None
        words.append(f"({part})" if part in LANGUAGE_CODES else str(part))
    return " ".join(word for word in words if word)


def _called(entry):
    """A list entry by name: a mapping by its key (or value), text or a number as written."""
    if isinstance(entry, LineDict):
        name = entry.get("key", entry.get("value"))
        named = type(name) is int or isinstance(name, str) and KEY_PATTERN.match(name)
        return [str(name)] if named else []
    return [repr(entry)] if type(entry) in (str, int) else []
