"""Reading grid content files (docs/content-format.md) into GridDocuments.

The file's shape is declared once, in format.py; this module checks what one part of a file cannot
know alone (cells name known options and questions, citations name listed sources, every text
has the listed languages) and builds the document. Parsing never touches the database:
`parse_files` returns documents or raises one ContentError listing every problem with file and
line, so a caller can refuse the whole batch before writing.
"""

import datetime
from dataclasses import dataclass, field

from thrivegrids.core.content_yaml import (  # noqa: F401 (ContentError and Problem re-exported)
    KEY_PATTERN,
    ContentError,
    LineDict,
    LineList,
    Problem,
    load_yaml,
    parse_content_files,
)
from thrivegrids.core.languages import LANGUAGE_CODES
from thrivegrids.core.yaml_models import line_at, validate
from thrivegrids.grids.format import (  # noqa: F401 (FORMAT and TOPICS re-exported)
    FORMAT,
    TOPICS,
    TRANSLATION_STATUSES,
    GridFile,
    label,
)


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
    grid, problems = validate(GridFile, data, path, label)
    problems += CrossReferences(data, path).problems()
    if problems:
        raise ContentError(sorted(problems, key=lambda problem: problem.line))
    return _document(path, grid)


def _mapping(value):
    return value if isinstance(value, LineDict) else LineDict()


def _listing(value):
    return value if isinstance(value, LineList) else LineList()


def _keys(entries):
    """The well-formed keys of a list of keyed mappings, in order."""
    found = [entry.get("key") for entry in _listing(entries) if isinstance(entry, LineDict)]
    return [key for key in found if isinstance(key, str) and KEY_PATTERN.match(key)]


class CrossReferences:
    """What the models cannot see from one part: each problem at its line, read from the raw
    data so it is reported even when other parts of the file are wrong."""

    def __init__(self, data, path):
        self.data, self.path, self.found = data, path, []
        languages = _mapping(data.get("languages"))
        self.languages = [
            code
            for code, status in languages.items()
            if code in LANGUAGE_CODES and status in TRANSLATION_STATUSES
        ]
        if "en" not in languages:
            if isinstance(data.get("languages"), LineDict):
                self.problem(("languages",), "languages must include en (English is required)")
            self.languages.append("en")
        self.sources = _keys(data.get("sources"))

    def problem(self, loc, message):
        self.found.append(Problem(self.path, line_at(self.data, loc), message))

    def problems(self):
        data = self.data
        for name in ("sources", "options", "questions"):
            self.keys_once(name)
        self.texts(("text",), data.get("text"))
        for index, option in enumerate(_listing(data.get("options"))):
            self.option(("options", index), _mapping(option))
        for index, question in enumerate(_listing(data.get("questions"))):
            self.texts(("questions", index, "text"), _mapping(question).get("text"))
        self.cells(_mapping(data.get("cells")))
        return self.found

    def keys_once(self, name):
        seen = set()
        for index, entry in enumerate(_listing(self.data.get(name))):
            key = entry.get("key") if isinstance(entry, LineDict) else None
            if not isinstance(key, str):
                continue
            if key in seen:
                self.problem((name, index, "key"), f"{name[:-1]} key {key!r} is used twice")
            seen.add(key)

    def texts(self, loc, value):
        """Text per language: every listed language, and no other."""
        if not isinstance(value, LineDict):
            return
        what = label(self.data, loc)
        for language in value:
            if language not in self.languages:
                self.problem(
                    (*loc, language),
                    f"{what} has text in {language!r}, which is not listed in languages",
                )
        for language in self.languages:
            if language not in value:
                self.problem((*loc, language), f"{what} has no {language!r} text")

    def option(self, loc, option):
        self.texts((*loc, "text"), option.get("text"))
        benefits_and_harms = _mapping(option.get("benefits_and_harms"))
        loc = (*loc, "benefits_and_harms")
        self.texts((*loc, "not_known"), benefits_and_harms.get("not_known"))
        for index, number in enumerate(_listing(benefits_and_harms.get("numbers"))):
            number = _mapping(number)
            self.texts((*loc, "numbers", index, "text"), number.get("text"))
            self.cited((*loc, "numbers", index), ("source",), number.get("source"))

    def cited(self, citing, loc, key):
        """A citation by `citing` (at `loc` inside it) names a listed source."""
        if isinstance(key, str) and KEY_PATTERN.match(key) and key not in self.sources:
            where = label(self.data, citing)
            self.problem((*citing, *loc), f"{where} cites {key!r}, which is not in sources")

    def cells(self, cells):
        options, questions = _keys(self.data.get("options")), _keys(self.data.get("questions"))
        for option in cells:
            if option not in options:
                self.problem(
                    ("cells", option), f"cells name an option {option!r} that is not in options"
                )
        for option in options:
            if option not in cells:
                self.problem(("cells", option), f"cells have nothing for option {option!r}")
            elif isinstance(cells[option], LineDict):
                self.row(option, cells[option], questions)

    def row(self, option, row, questions):
        for question in row:
            loc = ("cells", option, question)
            if question not in questions:
                self.problem(loc, f"cell {option}/{question}: no such question")
            elif isinstance(row[question], LineDict):
                self.texts((*loc, "text"), row[question].get("text"))
                cited = row[question].get("sources")
                if isinstance(cited, LineList) and not cited:
                    self.problem(
                        (*loc, "sources"), f"cell {option}/{question} must cite at least one source"
                    )
                for index, key in enumerate(_listing(cited)):
                    self.cited(loc, ("sources", index), key)
        for question in questions:
            if question not in row:
                self.problem(
                    ("cells", option, question),
                    f"cell {option}/{question} is missing "
                    "(every option needs an answer to every question)",
                )


def _document(path, grid):
    """The validated file as a GridDocument, texts in the order of `languages`."""
    languages = list(grid.languages)
    source_keys = [source.key for source in grid.sources]
    return GridDocument(
        path=path,
        topic=grid.topic,
        setting=grid.setting,
        version=grid.version,
        status=grid.status,
        published_on=grid.published_on,
        next_review_on=grid.next_review_on,
        example_content=grid.example_content,
        endorsed=grid.endorsement.endorsed,
        endorsed_by=grid.endorsement.body,
        languages=dict(grid.languages),
        text={code: grid.text[code].model_dump(exclude_none=True) for code in languages},
        age_min=grid.age_range.min,
        age_max=grid.age_range.max,
        clinical_review=[
            review.model_dump() | {"reviewed_on": review.reviewed_on.isoformat()}
            for review in grid.clinical_review
        ],
        names=list(grid.names),
        sources=[source.model_dump() for source in grid.sources],
        options=[_option(option, languages) for option in grid.options],
        questions=[
            {
                "key": question.key,
                "role": question.role,
                "text": {code: question.text[code] for code in languages},
            }
            for question in grid.questions
        ],
        cells={
            (option.key, question.key): {
                # Citations are a set: keep them in the order of the source list.
                "sources": [key for key in source_keys if key in cell.sources],
                "text": {code: cell.text[code] for code in languages},
            }
            for option in grid.options
            for question in grid.questions
            for cell in [grid.cells[option.key][question.key]]
        },
    )


def _option(option, languages):
    evidence = option.benefits_and_harms
    benefits_and_harms = {
        "evidence": evidence.evidence,
        "numbers": [
            {"source": number.source, "text": {code: number.text[code] for code in languages}}
            for number in evidence.numbers
        ],
    }
    if evidence.not_known is not None:
        benefits_and_harms["not_known"] = {code: evidence.not_known[code] for code in languages}
    return {
        "key": option.key,
        "waiting": option.waiting,
        "kind": option.kind or "",
        "text": {code: option.text[code].model_dump(exclude_none=True) for code in languages},
        "benefits_and_harms": benefits_and_harms,
    }


def parse_files(paths):
    """Parse every file; raise one ContentError listing the problems of all of them."""
    return parse_content_files(
        paths,
        parse_text,
        identity=lambda document: (document.topic, document.setting, document.version),
        what="grid version",
    )
