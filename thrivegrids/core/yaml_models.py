"""Content formats declared as pydantic models, every error reported as a `file:line` Problem.

A format's field types carry the words a content editor reads when a value breaks them ("must be
a whole number from 1"); `validate` turns each pydantic error into `<label> <words>` at the YAML
line of the error's location (or of the nearest enclosing value the file has).
"""

import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    WrapValidator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from thrivegrids.core.content_yaml import KEY_PATTERN, MAX_KEY_LENGTH, LineDict, LineList, Problem
from thrivegrids.core.text_limits import DETAIL, LONG, MEDIUM, SHORT

# What pydantic says about a value's shape, in the words of the field types below.
SHAPE = {
    "missing": "is missing",
    "model_type": "must be a mapping of names to values",
    "model_attributes_type": "must be a mapping of names to values",
    "dict_type": "must be a mapping of names to values",
    "list_type": "must be a list",
    "string_type": "must be text",
}
KEY_WORDS = f"must be lower-case letters, digits and single hyphens (at most {MAX_KEY_LENGTH})"


class ContentModel(BaseModel):
    """A part of a content file: no coercion (YAML gives typed values) and no unknown fields."""

    model_config = ConfigDict(strict=True, extra="forbid")


def problem(words, *, line_of=None):
    """The error a check raises; `line_of` names a field of the checked mapping whose line the
    problem is reported on (the mapping's own line otherwise)."""
    return PydanticCustomError("content", "{words}", {"words": words, "line_of": line_of})


def reported(default, **words):
    """Word the failure of the type inside: pydantic's error type picks the words, else default."""

    def wrap(value, handler):
        try:
            return handler(value)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            if first["type"] == "content":
                raise PydanticCustomError("content", "{words}", first["ctx"]) from None
            raise problem(words.get(first["type"], default)) from None

    return WrapValidator(wrap)


def alternatives(values):
    """`a`, `a or b`, `a, b or c`."""
    values = [str(value) for value in values]
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def _no_nul(value):
    if "\x00" in value:
        raise problem("contains a NUL character")
    return value


def text(max_length, *, required=True):
    """Text of at most `max_length` characters once stripped (every text has a limit: see
    core.text_limits); a number is taken as its digits. Blank is missing (or "" if not required)."""

    def plain(value):
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise problem("is missing or empty")
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and len(value) > max_length:
            # Said with its length, so the author knows how much to cut; checked before any
            # other check reads the text.
            length = len(value.strip())
            if length > max_length:
                raise problem(f"is {length:,} characters long: at most {max_length:,}")
        return value

    return Annotated[
        str,
        Strict(),
        StringConstraints(strip_whitespace=True, max_length=max_length),
        BeforeValidator(plain),
        AfterValidator(_no_nul),
        reported("must be text", string_too_long=f"is longer than {max_length:,} characters"),
    ]


# The kinds of text in content files (core.text_limits says what each is for).
ShortText = text(SHORT)
MediumText = text(MEDIUM)
LongText = text(LONG)
DetailText = text(DETAIL)


def key(max_length=MAX_KEY_LENGTH, words=KEY_WORDS):
    """A short id of lower-case letters, digits and single hyphens."""
    pattern = StringConstraints(pattern=KEY_PATTERN.pattern, max_length=max_length)
    return Annotated[str, Strict(), pattern, reported(words)]


def listed(check, words):
    """The name of something listed elsewhere in the file (a scale, an item): no longer than a key,
    and `check` (an AfterValidator function) says it is listed; else `words`."""
    short = StringConstraints(max_length=MAX_KEY_LENGTH)
    return Annotated[str, Strict(), short, AfterValidator(check), reported(words)]


def choice(*values, words=None):
    return Annotated[Literal[values], reported(words or f"must be {alternatives(values)}")]


def whole(low, high, words=None):
    """A whole number (never 12.0, a string or true/false) from low to high."""
    words = words or f"must be a whole number from {low} to {high}"
    return Annotated[int, Strict(), Field(ge=low, le=high), reported(words)]


Flag = Annotated[bool, Strict(), reported("must be true or false")]
# A date written YYYY-MM-DD (YAML reads it as a date); a date with a time is not one.
Date = Annotated[datetime.date, Strict(), reported("must be a date written YYYY-MM-DD")]


def line_at(data, loc):
    """The line of the value at `loc` in data from `load_yaml`, or of the nearest enclosing one."""
    line, value = getattr(data, "line", 0), data
    for part in loc:
        in_list = isinstance(value, LineList) and isinstance(part, int) and 0 <= part < len(value)
        if in_list or (isinstance(value, LineDict) and part in value):
            line, value = value.line_of(part), value[part]
        else:
            # A missing field is reported on its mapping; a bad key ("[key]") on the key's line.
            if part != "[key]" and isinstance(value, LineDict | LineList) and value.line:
                line = value.line
            break
    return line


def dotted(data, loc):
    """The default label of a location: `options[2].text.en`."""
    label = ""
    for part in loc:
        label += f"[{part}]" if isinstance(part, int) else f".{part}" if label else str(part)
    return label


def problems_in(error, data, path, label=dotted):
    """Each error pydantic found in `data` as a Problem: `<label> <words>` at its line."""
    for item in error.errors(include_url=False, include_input=False):
        loc, context = item["loc"], item.get("ctx") or {}
        if item["type"] in ("extra_forbidden", "invalid_key"):  # a key that is not text too
            parent = label(data, loc[:-1])
            unknown = f"unknown field {loc[-1]!r}"
            yield Problem(
                path, line_at(data, loc), f"{parent} has an {unknown}" if parent else unknown
            )
            continue
        if item["type"] == "content":
            words = context["words"]
        else:
            words = SHAPE.get(item["type"], f"is not right: {item['msg']}")
        where = (*loc, context["line_of"]) if context.get("line_of") else loc
        here = label(data, loc)
        yield Problem(path, line_at(data, where), f"{here} {words}" if here else words)


def validate(model, data, path, label=dotted):
    """(the model instance or None, the problems found). Each validation has its own context, for
    `remember`."""
    try:
        return model.model_validate(data, context={}), []
    except ValidationError as error:
        return None, list(problems_in(error, data, path, label))


# `line_of` for a problem with a mapping or list as a whole: its own first line, not its key's.
OWN_LINE = "[own line]"


def problems_at(found):
    """One error for several problems inside the value checked: `found` is [(loc, words, line_of)]."""
    details = [
        InitErrorDetails(type=problem(words, line_of=line_of), loc=loc, input=None)
        for loc, words, line_of in found
    ]
    return ValidationError.from_exception_data("content", details)


def remember(value, info):
    """Keep a field's valid value in the validation context, for checks of the fields declared
    after it (pydantic validates fields in the order they are declared)."""
    if info.context is not None:
        info.context[info.field_name] = value
    return value


def remembered(info, name):
    """A value kept by `remember`, or None when that field was not valid (its problem is said)."""
    return (info.context or {}).get(name)


def _in_every_language(texts, info):
    languages = remembered(info, "languages")
    if languages is None:
        return texts
    found = [
        ((), f"has text in {code!r}, which is not listed in languages", code)
        for code in texts
        if code not in languages
    ]
    found += [((), f"has no {code!r} text", OWN_LINE) for code in languages if code not in texts]
    if found:
        raise problems_at(found)
    return texts


def entries(*, at_least=0, too_few=None, once=None, twice="is used twice"):
    """A list's own checks: at least `at_least` entries (else `too_few`), and each value
    (`once=()`) or each value's field (`once=("key",)`) listed once (else `twice`, at the repeat)."""

    def check(values):
        found = [((), too_few, None)] if len(values) < at_least else []
        seen = set()
        for index, value in enumerate(values if once is not None else ()):
            name = getattr(value, once[0]) if once else value
            if name in seen:
                found.append(((index, *once), twice, None))
            seen.add(name)
        if found:
            raise problems_at(found)
        return values

    return AfterValidator(check)


def translations(max_length):
    """Text per language, each at most `max_length` characters: every language of the remembered
    `languages` field, and no other."""
    return Annotated[dict[str, text(max_length)], AfterValidator(_in_every_language)]
