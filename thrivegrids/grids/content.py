"""Reading and writing grid content files (docs/content-format.md).

Parsing and validation never touch the database: `parse_documents` returns either documents or a
list of problems, each with file and line, so a caller can refuse the whole batch before writing.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlsplit

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

FORMAT = "thrivegrids-grid/2"
TOPICS = TOPIC_SLUGS
SETTINGS = ("nhs", "community")
LANGUAGE_CODES = ("en", "ar")
TRANSLATION_STATUSES = ("draft", "reviewed")
EVIDENCE = ("research", "expert-consensus")
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
BENEFIT_EVIDENCE = ("numbers", "not-known")
AGE_LIMITS = (5, 25)
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


def _validate(data, checker):
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
    age_min, age_max = _age_range(data, checker)
    clinical_review = _clinical_review(data, checker, example)
    names = _names(data, checker)
    sources = _sources(data, checker)
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


def _age_range(data, checker):
    age_range = checker.mapping(data.get("age_range"), data.line_of("age_range"), "age_range")
    if age_range is None:
        return None, None
    low, high = age_range.get("min"), age_range.get("max")
    for name, value in (("min", low), ("max", high)):
        if isinstance(value, bool) or not isinstance(value, int):
            checker.problem(age_range.line_of(name), f"age_range.{name} must be a whole number")
            return None, None
        if not AGE_LIMITS[0] <= value <= AGE_LIMITS[1]:
            checker.problem(
                age_range.line_of(name),
                f"age_range.{name} must be between {AGE_LIMITS[0]} and {AGE_LIMITS[1]}",
            )
            return None, None
    if low > high:
        checker.problem(age_range.line_of("max"), "age_range.max must not be below min")
        return None, None
    return low, high


def _clinical_review(data, checker, example):
    """Who signed the version off; content that is not example content needs at least one."""
    reviews = checker.listing(
        data.get("clinical_review", LineList()), data.line_of("clinical_review"), "clinical_review"
    )
    result = []
    for index, review in enumerate(reviews or []):
        what = f"clinical reviewer {index + 1}"
        review = checker.mapping(review, reviews.line_of(index), what)
        if review is None:
            continue
        entry = {
            "name": checker.text(review, "name", f"{what} name", max_length=200),
            "role": checker.text(review, "role", f"{what} role", max_length=200),
        }
        reviewed_on = checker.date(review, "reviewed_on", f"{what} reviewed_on", required=True)
        entry["reviewed_on"] = reviewed_on.isoformat() if reviewed_on else ""
        for name in review:
            if name not in ("name", "role", "reviewed_on"):
                checker.problem(review.line_of(name), f"{what} has an unknown field {name!r}")
        result.append(entry)
    if example is False and not result:
        checker.problem(
            data.line_of("example_content"),
            "example_content is false, so clinical_review must name at least one clinical "
            "reviewer with their role and sign-off date",
        )
    return result


def _names(data, checker):
    if "names" not in data:
        return []
    names = checker.listing(data["names"], data.line_of("names"), "names")
    result = []
    for index, name in enumerate(names or []):
        if not isinstance(name, str) or not name.strip() or len(name) > 80:
            checker.problem(names.line_of(index), "each of names must be a word or short name")
            continue
        result.append(name.strip())
    return result


def _sources(data, checker):
    sources = checker.listing(data.get("sources"), data.line_of("sources"), "sources")
    result, seen = [], set()
    for index, source in enumerate(sources or []):
        source = checker.mapping(source, sources.line_of(index), f"source {index + 1}")
        if source is None:
            continue
        key = checker.key(source, f"source {index + 1}")
        if key is not None and key in seen:
            checker.problem(source.line_of("key"), f"source key {key!r} is used twice")
        seen.add(key)
        title = checker.text(source, "title", f"source {key or index + 1} title", max_length=300)
        recommendation = checker.text(
            source, "recommendation", f"source {key or index + 1} recommendation", max_length=200
        )
        url = checker.text(source, "url", f"source {key or index + 1} url", max_length=500)
        if url and not url.startswith(("https://", "http://")):
            checker.problem(source.line_of("url"), f"source {key} url must start with https://")
        elif url and not urlsplit(url).path.strip("/"):
            checker.problem(
                source.line_of("url"),
                f"source {key} url is a home page: link the page with the recommendation",
            )
        evidence = source.get("evidence")
        if evidence not in EVIDENCE:
            checker.problem(
                source.line_of("evidence"),
                f"source {key} evidence must be research or expert-consensus",
            )
        for name in source:
            if name not in ("key", "title", "recommendation", "url", "evidence"):
                checker.problem(source.line_of(name), f"source {key} has an unknown field {name!r}")
        if key:
            result.append(
                {
                    "key": key,
                    "title": title,
                    "recommendation": recommendation,
                    "url": url,
                    "evidence": evidence,
                }
            )
    return result


def _rows(data, checker, name, languages):
    """Options (columns) or questions (rows), in order."""
    what = name[:-1]
    items = checker.listing(data.get(name), data.line_of(name), name)
    result, seen = [], set()
    for index, item in enumerate(items or []):
        item = checker.mapping(item, items.line_of(index), f"{what} {index + 1}")
        if item is None:
            continue
        key = checker.key(item, f"{what} {index + 1}")
        if key is not None and key in seen:
            checker.problem(item.line_of("key"), f"{what} key {key!r} is used twice")
        seen.add(key)
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
                "benefits_and_harms": _benefits_and_harms(item, checker, label, languages),
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


def _benefits_and_harms(option, checker, label, languages):
    """Numbers with their sources, or a plain statement that they are not known."""
    what = f"{label} benefits_and_harms"
    value = checker.mapping(
        option.get("benefits_and_harms"), option.line_of("benefits_and_harms") or option.line, what
    )
    if value is None:
        return {}
    evidence = value.get("evidence")
    if evidence not in BENEFIT_EVIDENCE:
        checker.problem(value.line_of("evidence"), f"{what} evidence must be numbers or not-known")
        return {}
    for name in value:
        if name not in ("evidence", "numbers", "not_known"):
            checker.problem(value.line_of(name), f"{what} has an unknown field {name!r}")
    result = {"evidence": evidence, "numbers": []}
    numbers = checker.listing(
        value.get("numbers", LineList()), value.line_of("numbers") or value.line, f"{what} numbers"
    )
    for index, item in enumerate(numbers or []):
        item = checker.mapping(item, numbers.line_of(index), f"{what} number {index + 1}")
        if item is None:
            continue
        source = item.get("source")
        if not isinstance(source, str) or not source:
            checker.problem(item.line_of("source"), f"{what} number {index + 1} needs a source")
            source = ""
        for name in item:
            if name not in ("source", "text"):
                checker.problem(
                    item.line_of(name), f"{what} number {index + 1} has an unknown field {name!r}"
                )
        text = checker.translations(
            item.get("text"), item.line_of("text"), f"{what} number {index + 1}", languages
        )
        result["numbers"].append({"source": source, "text": text})
    if "not_known" in value:
        result["not_known"] = checker.translations(
            value["not_known"], value.line_of("not_known"), f"{what} not_known", languages
        )
    return result


def _cells(data, checker, options, questions, source_keys, languages):
    cells = checker.mapping(data.get("cells"), data.line_of("cells"), "cells")
    if cells is None:
        return {}
    option_keys = [o["key"] for o in options]
    question_keys = [q["key"] for q in questions]
    result = {}
    for option_key in cells:
        if option_key not in option_keys:
            checker.problem(
                cells.line_of(option_key),
                f"cells name an option {option_key!r} that is not in options",
            )
    for option_key in option_keys:
        row = cells.get(option_key)
        if row is None:
            checker.problem(cells.line, f"cells have nothing for option {option_key!r}")
            continue
        row = checker.mapping(row, cells.line_of(option_key), f"cells for {option_key}")
        if row is None:
            continue
        for question_key in row:
            if question_key not in question_keys:
                checker.problem(
                    row.line_of(question_key), f"cell {option_key}/{question_key}: no such question"
                )
        for question_key in question_keys:
            label = f"cell {option_key}/{question_key}"
            cell = row.get(question_key)
            if cell is None:
                checker.problem(
                    row.line, f"{label} is missing (every option needs an answer to every question)"
                )
                continue
            cell = checker.mapping(cell, row.line_of(question_key), label)
            if cell is None:
                continue
            cited = checker.listing(
                cell.get("sources"), cell.line_of("sources"), f"{label} sources"
            )
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
            cited = [key for key in source_keys if key in cited]
            result[(option_key, question_key)] = {"sources": cited, "text": text}
    return result


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
