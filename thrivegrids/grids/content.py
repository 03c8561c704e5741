"""Reading and writing grid content files (docs/content-format.md).

Parsing and validation never touch the database: `parse_documents` returns either documents or a
list of problems, each with file and line, so a caller can refuse the whole batch before writing.
"""

import datetime
from dataclasses import dataclass, field

from thrivegrids.core.content_yaml import (  # noqa: F401 (ContentError and Problem re-exported)
    KEY_PATTERN,
    MAX_KEY_LENGTH,
    Checker,
    ContentError,
    LineDict,
    LineList,
    Problem,
    content_paths,
    load_yaml,
)
from thrivegrids.core.thrive import TOPIC_SLUGS
from thrivegrids.grids import evidence

FORMAT = "thrivegrids-grid/2"
TOPICS = TOPIC_SLUGS
SETTINGS = ("nhs", "community")
LANGUAGE_CODES = ("en", "ar")
TRANSLATION_STATUSES = ("draft", "reviewed")
ROLES = ("general", "benefits", "downsides")
VERSION_TEXT_FIELDS = (
    "title",
    "condition",
    "decision",
    "authors",
    "funding",
    "audience",
    "update_policy",
    "declarations_of_interest",
)
VERSION_OPTIONAL_TEXT_FIELDS = ("evidence_note",)
OPTION_TEXT_FIELDS = ("name", "summary", "what_it_is", "who_provides", "how_to_get")
# Waiting options only: when not to wait, and what to do instead.
WHEN_NOT_SAFE = "when_waiting_is_not_safe"
# Limits of the database columns, checked here so they are reported as file:line problems.
MAX_KIND_LENGTH = 60
MAX_VERSION = 2**31 - 1
TOP_LEVEL_KEYS = {
    "format",
    "topic",
    "setting",
    "version",
    "status",
    "published_on",
    "next_review_on",
    "example_content",
    "endorsement",
    "languages",
    "text",
    "clinical_review",
    "age_range",
    "names",
    "sources",
    "options",
    "questions",
    "cells",
}


@dataclass
class GridDocument:
    """A validated content file, in plain Python values."""

    path: str
    topic: str
    setting: str
    version: int
    status: str
    published_on: datetime.date | None
    next_review_on: datetime.date | None
    example_content: bool
    endorsed: bool
    endorsed_by: str
    languages: dict
    text: dict
    age_min: int | None = None
    age_max: int | None = None
    clinical_review: list = field(default_factory=list)
    names: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    options: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)


def parse_text(source_text, path="<text>"):
    """Parse one document's text into a GridDocument, or raise ContentError."""
    data = load_yaml(source_text, path)
    checker = Checker(path)
    document = _validate(data, checker)
    if checker.problems:
        raise ContentError(checker.problems)
    return document


def _identity(data, checker):
    """Format, topic, setting, version and status: what the document is."""
    for name in data:
        if name not in TOP_LEVEL_KEYS:
            checker.problem(data.line_of(name), f"unknown field {name!r}")
    if data.get("format") != FORMAT:
        checker.problem(data.line_of("format"), f"format must be {FORMAT!r}")
    topic = data.get("topic")
    if topic not in TOPICS:
        checker.problem(data.line_of("topic"), f"topic must be one of {', '.join(TOPICS)}")
    setting = data.get("setting")
    if setting not in SETTINGS:
        checker.problem(data.line_of("setting"), f"setting must be one of {', '.join(SETTINGS)}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= MAX_VERSION:
        checker.problem(data.line_of("version"), "version must be a whole number from 1")
        version = 0
    status = data.get("status")
    if status not in ("draft", "published"):
        checker.problem(data.line_of("status"), "status must be draft or published")
    return topic, setting, version, status


def _validate(data, checker):
    topic, setting, version, status = _identity(data, checker)
    published = status == "published"
    published_on = checker.date(data, "published_on", "published_on", required=published)
    next_review_on = checker.date(data, "next_review_on", "next_review_on", required=published)
    if published_on and next_review_on and next_review_on <= published_on:
        checker.problem(data.line_of("next_review_on"), "next_review_on must be after published_on")
    example = data.get("example_content")
    if not isinstance(example, bool):
        checker.problem(data.line_of("example_content"), "example_content must be true or false")
    endorsed, endorsed_by = _endorsement(data, checker)
    languages = _languages(data, checker)
    text = checker.translations(
        data.get("text"),
        data.line_of("text"),
        "text",
        languages,
        VERSION_TEXT_FIELDS,
        optional=VERSION_OPTIONAL_TEXT_FIELDS,
    )
    age_min, age_max = evidence.age_range(data, checker)
    clinical_review = evidence.clinical_review(data, checker, example)
    names = evidence.names(data, checker)
    sources = evidence.sources(data, checker)
    source_keys = [s["key"] for s in sources]
    options = _rows(data, checker, "options", languages)
    questions = _rows(data, checker, "questions", languages)
    for option in options:
        for number in option["benefits_and_harms"].get("numbers", []):
            if number["source"] and number["source"] not in source_keys:
                checker.problem(
                    data.line_of("options"),
                    f"option {option['key']} cites {number['source']!r} for a number, "
                    "which is not in sources",
                )
    cells = _cells(data, checker, options, questions, source_keys, languages)
    return GridDocument(
        path=checker.path,
        topic=topic,
        setting=setting,
        version=version,
        status=status,
        published_on=published_on,
        next_review_on=next_review_on,
        example_content=bool(example),
        endorsed=endorsed,
        endorsed_by=endorsed_by,
        languages=languages,
        text=text,
        age_min=age_min,
        age_max=age_max,
        clinical_review=clinical_review,
        names=names,
        sources=sources,
        options=options,
        questions=questions,
        cells=cells,
    )


def _endorsement(data, checker):
    endorsement = checker.mapping(
        data.get("endorsement"), data.line_of("endorsement"), "endorsement"
    )
    if endorsement is None:
        return False, ""
    endorsed = endorsement.get("endorsed")
    if not isinstance(endorsed, bool):
        checker.problem(
            endorsement.line_of("endorsed"), "endorsement.endorsed must be true or false"
        )
        endorsed = False
    body = checker.text(endorsement, "body", "endorsement.body", required=endorsed, max_length=200)
    return endorsed, body


def _languages(data, checker):
    languages = checker.mapping(data.get("languages"), data.line_of("languages"), "languages")
    if languages is None:
        return {"en": "draft"}
    result = {}
    for code, status in languages.items():
        if code not in LANGUAGE_CODES:
            checker.problem(
                languages.line_of(code),
                f"language {code!r} is not one of {', '.join(LANGUAGE_CODES)}",
            )
        elif status not in TRANSLATION_STATUSES:
            checker.problem(
                languages.line_of(code), f"translation status for {code} must be draft or reviewed"
            )
        else:
            result[code] = status
    if "en" not in languages:
        checker.problem(languages.line, "languages must include en (English is required)")
        result.setdefault("en", "draft")
    return result


def _rows(data, checker, name, languages):
    """Options (columns) or questions (rows), in order."""
    what = name[:-1]
    result = []
    for index, item, key in checker.keyed_mappings(data, name, what):
        label = f"{what} {key or index + 1}"
        if name == "options":
            allowed = {"key", "waiting", "kind", "text", "benefits_and_harms"}
            waiting = item.get("waiting", False)
            if not isinstance(waiting, bool):
                checker.problem(item.line_of("waiting"), f"{label} waiting must be true or false")
            kind = item.get("kind", "")
            if kind and (
                not isinstance(kind, str)
                or not KEY_PATTERN.match(kind)
                or len(kind) > MAX_KIND_LENGTH
            ):
                checker.problem(
                    item.line_of("kind"), f"{label} kind must be lower-case letters and hyphens"
                )
            text = checker.translations(
                item.get("text"),
                item.line_of("text"),
                f"{label} text",
                languages,
                OPTION_TEXT_FIELDS,
                optional=(WHEN_NOT_SAFE,),
            )
            entry = {
                "key": key,
                "waiting": waiting is True,
                "kind": kind or "",
                "text": text,
                "benefits_and_harms": evidence.benefits_and_harms(item, checker, label, languages),
            }
        else:
            allowed = {"key", "role", "text"}
            role = item.get("role", "general")
            if role not in ROLES:
                checker.problem(
                    item.line_of("role"), f"{label} role must be general, benefits or downsides"
                )
            text = checker.translations(
                item.get("text"), item.line_of("text"), f"{label} text", languages
            )
            entry = {"key": key, "role": role, "text": text}
        for field_name in item:
            if field_name not in allowed:
                checker.problem(
                    item.line_of(field_name), f"{label} has an unknown field {field_name!r}"
                )
        if key:
            result.append(entry)
    return result


def _cells(data, checker, options, questions, source_keys, languages):
    cells = checker.mapping(data.get("cells"), data.line_of("cells"), "cells")
    if cells is None:
        return {}
    option_keys = [o["key"] for o in options]
    question_keys = [q["key"] for q in questions]
    for option_key in cells:
        if option_key not in option_keys:
            checker.problem(
                cells.line_of(option_key),
                f"cells name an option {option_key!r} that is not in options",
            )
    result = {}
    for option_key in option_keys:
        row = cells.get(option_key)
        if row is None:
            checker.problem(cells.line, f"cells have nothing for option {option_key!r}")
            continue
        row = checker.mapping(row, cells.line_of(option_key), f"cells for {option_key}")
        if row is not None:
            result |= _cell_row(checker, row, option_key, question_keys, source_keys, languages)
    return result


def _cell_row(checker, row, option_key, question_keys, source_keys, languages):
    for question_key in row:
        if question_key not in question_keys:
            checker.problem(
                row.line_of(question_key), f"cell {option_key}/{question_key}: no such question"
            )
    result = {}
    for question_key in question_keys:
        label = f"cell {option_key}/{question_key}"
        cell = row.get(question_key)
        if cell is None:
            checker.problem(
                row.line, f"{label} is missing (every option needs an answer to every question)"
            )
            continue
        cell = checker.mapping(cell, row.line_of(question_key), label)
        if cell is not None:
            result[(option_key, question_key)] = _cell(checker, cell, label, source_keys, languages)
    return result


def _cell(checker, cell, label, source_keys, languages):
    cited = checker.listing(cell.get("sources"), cell.line_of("sources"), f"{label} sources")
    cited = [str(key) for key in (cited or [])]
    if not cited:
        checker.problem(cell.line_of("sources"), f"{label} must cite at least one source")
    for key in cited:
        if key not in source_keys:
            checker.problem(
                cell.line_of("sources"), f"{label} cites {key!r}, which is not in sources"
            )
    for name in cell:
        if name not in ("sources", "text"):
            checker.problem(cell.line_of(name), f"{label} has an unknown field {name!r}")
    text = checker.translations(cell.get("text"), cell.line_of("text"), label, languages)
    # Citations are a set: keep them in the order of the source list so stored and file agree.
    return {"sources": [key for key in source_keys if key in cited], "text": text}


def parse_files(paths):
    """Parse every file; raise one ContentError listing the problems of all of them."""
    documents, problems = [], []
    for path in content_paths(paths):
        try:
            source_text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(str(path), 0, f"cannot be read: {error}"))
            continue
        try:
            documents.append(parse_text(source_text, str(path)))
        except ContentError as error:
            problems.extend(error.problems)
    seen = {}
    for document in documents:
        identity = (document.topic, document.setting, document.version)
        if identity in seen:
            problems.append(
                Problem(document.path, 1, f"the same grid version is also in {seen[identity]}")
            )
        seen[identity] = document.path
    if problems:
        raise ContentError(problems)
    return documents
