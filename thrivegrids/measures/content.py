"""Reading measure files (docs/measures.md): validate every file before anything is stored.

Parsing never touches the database. `parse_files` returns documents or raises one ContentError
listing every problem as file:line, so the loader can refuse the whole batch.
"""

from dataclasses import dataclass, field

from thrivegrids.conversations.public import VoiceRole
from thrivegrids.core.content_yaml import (
    KEY_PATTERN,
    Checker,
    ContentError,
    LineDict,
    Problem,
    content_paths,
    load_yaml,
)
from thrivegrids.core.languages import LANGUAGE_CODES
from thrivegrids.measures import scoring
from thrivegrids.measures.provenance import benchmark_of, licence_of

FORMAT = "thrivegrids-measure/2"
MAX_KEY_LENGTH = 80
MAX_VERSION = 2**31 - 1
DEFAULT_ANSWERING_WINDOW_DAYS = 14
MAX_ANSWERING_WINDOW_DAYS = 365
TOP_LEVEL_KEYS = {
    "format",
    "slug",
    "version",
    "validated",
    "licence",
    "benchmark",
    "answering_window_days",
    "languages",
    "respondent_roles",
    "scoring",
    "name",
    "description",
    "scales",
    "items",
}


@dataclass
class MeasureDocument:
    """A validated measure file, in plain Python values."""

    path: str
    slug: str
    version: int
    validated: bool
    # The licence's name, where it is published (url) or what it says (statement), and the
    # attribution it requires; at least one of url and statement.
    licence: str
    licence_url: str
    licence_statement: str
    attribution: str
    # Days from the conversation being recorded during which answers are taken.
    answering_window_days: int
    # {} or {"source", "year", "url", "item", "comparable", "question": {lang: str},
    #  "population": {lang: str}, "differences": {lang: str},
    #  "figures": [{"role", "percent", "label": {lang: str}}]}: see docs/measures.md.
    benchmark: dict
    languages: list
    respondent_roles: list
    scoring_rule: str
    scoring_parameters: dict
    name: dict
    description: dict
    # [{"key", "concept", "text": {lang: str}, "scale": [{"value", "label": {lang: str}}]}]
    items: list = field(default_factory=list)
    # Line of `validated` in the file, for problems found when loading (not compared).
    validated_line: int = field(default=0, compare=False)


def parse_text(source_text, path="<text>"):
    """Parse one file's text into a MeasureDocument, or raise ContentError."""
    data = load_yaml(source_text, path)
    checker = Checker(path)
    document = _validate(data, checker)
    if checker.problems:
        raise ContentError(checker.problems)
    return document


def _key(checker, container, name, what):
    value = container.get(name)
    if not isinstance(value, str) or not KEY_PATTERN.match(value) or len(value) > MAX_KEY_LENGTH:
        checker.problem(
            container.line_of(name),
            f"{what} must be lower-case letters, digits and single hyphens (at most {MAX_KEY_LENGTH})",
        )
        return None
    return value


def _validate(data, checker):
    for name in data:
        if name not in TOP_LEVEL_KEYS:
            checker.problem(data.line_of(name), f"unknown field {name!r}")
    if data.get("format") != FORMAT:
        hint = ""
        if data.get("format") == "thrivegrids-measure/1":
            hint = " (version 2 moves attribution under licence: see docs/measures.md)"
        checker.problem(data.line_of("format"), f"format must be {FORMAT!r}{hint}")
    slug = _key(checker, data, "slug", "slug")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= MAX_VERSION:
        checker.problem(data.line_of("version"), "version must be a whole number from 1")
        version = 0
    validated = data.get("validated")
    if not isinstance(validated, bool):
        checker.problem(data.line_of("validated"), "validated must be true or false")
    licence = licence_of(data, checker)
    window = _answering_window(data, checker)
    languages = _languages(data, checker)
    roles = _roles(data, checker)
    name = checker.translations(data.get("name"), data.line_of("name"), "name", languages)
    description = {}
    if "description" in data:
        description = checker.translations(
            data["description"], data.line_of("description"), "description", languages
        )
    scales = _scales(data, checker, languages)
    items = _items(data, checker, languages, scales)
    rule, parameters = _scoring(data, checker, len(items))
    benchmark = benchmark_of(data, checker, languages, roles, items)
    return MeasureDocument(
        path=checker.path,
        slug=slug,
        version=version,
        validated=validated is True,
        licence=licence["name"],
        licence_url=licence["url"],
        licence_statement=licence["statement"],
        attribution=licence["attribution"],
        answering_window_days=window,
        benchmark=benchmark,
        languages=languages,
        respondent_roles=roles,
        scoring_rule=rule,
        scoring_parameters=parameters,
        name=name,
        description=description,
        items=items,
        validated_line=data.line_of("validated"),
    )


def _answering_window(data, checker):
    days = data.get("answering_window_days", DEFAULT_ANSWERING_WINDOW_DAYS)
    whole = isinstance(days, int) and not isinstance(days, bool)
    if not whole or not 1 <= days <= MAX_ANSWERING_WINDOW_DAYS:
        checker.problem(
            data.line_of("answering_window_days"),
            f"answering_window_days must be a whole number from 1 to {MAX_ANSWERING_WINDOW_DAYS}",
        )
        return DEFAULT_ANSWERING_WINDOW_DAYS
    return days


def _languages(data, checker):
    languages = checker.listing(data.get("languages"), data.line_of("languages"), "languages")
    result = []
    for index, code in enumerate(languages or []):
        if code not in LANGUAGE_CODES:
            checker.problem(
                languages.line_of(index),
                f"language {code!r} is not one of {', '.join(LANGUAGE_CODES)}",
            )
        elif code in result:
            checker.problem(languages.line_of(index), f"language {code} is listed twice")
        else:
            result.append(code)
    if "en" not in result:
        checker.problem(
            data.line_of("languages"), "languages must include en (English is required)"
        )
        result.insert(0, "en")
    return result


def _roles(data, checker):
    line = data.line_of("respondent_roles")
    roles = checker.listing(data.get("respondent_roles"), line, "respondent_roles")
    result = []
    for index, role in enumerate(roles or []):
        if role not in VoiceRole.values or role in result:
            checker.problem(
                roles.line_of(index),
                f"respondent role {role!r} must be one of {', '.join(VoiceRole.values)}, once",
            )
        else:
            result.append(role)
    if roles is not None and not result:
        checker.problem(line, "respondent_roles must name at least one role")
    return result


def _scoring(data, checker, item_count):
    scoring_data = checker.mapping(data.get("scoring"), data.line_of("scoring"), "scoring")
    if scoring_data is None:
        return "", {}
    for name in scoring_data:
        if name not in ("rule", "parameters"):
            checker.problem(scoring_data.line_of(name), f"scoring has an unknown field {name!r}")
    rule = scoring_data.get("rule")
    parameters = scoring_data.get("parameters") or LineDict()
    if not isinstance(parameters, LineDict):
        checker.problem(scoring_data.line_of("parameters"), "scoring parameters must be a mapping")
        parameters = LineDict()
    line = scoring_data.line_of("parameters" if "parameters" in scoring_data else "rule")
    for message in scoring.check(rule, parameters, item_count):
        checker.problem(
            scoring_data.line_of("rule") if rule not in scoring.RULES else line, message
        )
    return (rule if isinstance(rule, str) else ""), dict(parameters)


def _scales(data, checker, languages):
    scales = checker.listing(data.get("scales"), data.line_of("scales"), "scales")
    result = {}
    for index, scale in enumerate(scales or []):
        scale = checker.mapping(scale, scales.line_of(index), f"scale {index + 1}")
        if scale is None:
            continue
        key = _key(checker, scale, "key", f"scale {index + 1} key")
        if key in result:
            checker.problem(scale.line_of("key"), f"scale key {key!r} is used twice")
        for name in scale:
            if name not in ("key", "options"):
                checker.problem(scale.line_of(name), f"scale {key} has an unknown field {name!r}")
        entries = _scale_options(checker, scale, key, languages)
        if key:
            result[key] = entries
    return result


def _scale_options(checker, scale, key, languages):
    """A scale's options as [{"value", "label"}], in the order given."""
    options = checker.listing(
        scale.get("options"), scale.line_of("options"), f"scale {key} options"
    )
    entries, values = [], set()
    for position, option in enumerate(options or []):
        option = checker.mapping(option, options.line_of(position), f"scale {key} option")
        if option is None:
            continue
        value = option.get("value")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            checker.problem(
                option.line_of("value"), f"scale {key} value must be a whole number 0 to 100"
            )
            continue
        if value in values:
            checker.problem(option.line_of("value"), f"scale {key} uses the value {value} twice")
        values.add(value)
        for name in option:
            if name not in ("value", "label"):
                checker.problem(
                    option.line_of(name), f"scale {key} option has an unknown field {name!r}"
                )
        label = checker.translations(
            option.get("label"),
            option.line_of("label"),
            f"scale {key} option {value} label",
            languages,
        )
        entries.append({"value": value, "label": label})
    if options is not None and len(entries) < 2:
        checker.problem(scale.line_of("options"), f"scale {key} needs at least two options")
    return entries


def _items(data, checker, languages, scales):
    items = checker.listing(data.get("items"), data.line_of("items"), "items")
    result, seen = [], set()
    for index, item in enumerate(items or []):
        item = checker.mapping(item, items.line_of(index), f"item {index + 1}")
        if item is None:
            continue
        key = _key(checker, item, "key", f"item {index + 1} key")
        if key is not None and key in seen:
            checker.problem(item.line_of("key"), f"item key {key!r} is used twice")
        seen.add(key)
        concept = ""
        if "concept" in item:
            concept = _key(checker, item, "concept", f"item {key} concept") or ""
        scale_key = item.get("scale")
        if scale_key not in scales:
            checker.problem(item.line_of("scale"), f"item {key} scale must name one of the scales")
        for name in item:
            if name not in ("key", "concept", "scale", "text"):
                checker.problem(item.line_of(name), f"item {key} has an unknown field {name!r}")
        text = checker.translations(
            item.get("text"), item.line_of("text"), f"item {key} text", languages
        )
        if key:
            result.append(
                {"key": key, "concept": concept, "text": text, "scale": scales.get(scale_key, [])}
            )
    if items is not None and not result:
        checker.problem(data.line_of("items"), "items must list at least one item")
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
        identity = (document.slug, document.version)
        if identity in seen:
            problems.append(
                Problem(
                    document.path, 1, f"the same instrument version is also in {seen[identity]}"
                )
            )
        seen[identity] = document.path
    if problems:
        raise ContentError(problems)
    return documents
