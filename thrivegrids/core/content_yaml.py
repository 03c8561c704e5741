"""YAML content files read with line numbers, so every problem is reported as `file:line`.

Shared by every content format (grids, measures, urgent help): parsing never touches the database.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from thrivegrids.core.text_limits import CONTENT_FILE

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_KEY_LENGTH = 80


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {}

    def line_of(self, key):
        return self.lines.get(key, self.line)


class LineList(list):
    line = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.lines = []

    def line_of(self, index):
        return self.lines[index] if index < len(self.lines) else self.line


class LineLoader(yaml.SafeLoader):
    def construct_object(self, node, deep=False):
        # PyYAML raises plain Python errors for values such as 2026-02-30 or "!!int one";
        # turn them into YAML errors that carry the line, so the report names it.
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({error})", node.start_mark
            ) from None


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | bool | datetime.date) or key is None:
            raise yaml.MarkedYAMLError(
                problem="a key must be plain text", problem_mark=key_node.start_mark
            )
        if key in mapping:
            raise yaml.MarkedYAMLError(
                problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader, node):
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.lines = [child.start_mark.line + 1 for child in node.value]
    return items


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class Checker:
    """Collects problems for one file while walking its data."""

    def __init__(self, path):
        self.path = path
        self.problems = []

    def problem(self, line, message):
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, value, line, what):
        if not isinstance(value, LineDict):
            self.problem(line, f"{what} must be a mapping of names to values")
            return None
        return value

    def listing(self, value, line, what):
        # A plain list here came from a tag such as !!pairs or !!omap: not a list of values.
        if not isinstance(value, LineList):
            self.problem(line, f"{what} must be a list")
            return None
        return value

    def text(self, container, key, what, *, max_length, required=True):
        """Text of at most `max_length` characters (core.text_limits), stripped."""
        value = container.get(key)
        line = container.line_of(key) if isinstance(container, LineDict) else 0
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(line or getattr(container, "line", 0), f"{what} is missing or empty")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(line, f"{what} must be text")
            return ""
        value = str(value).strip()
        if "\x00" in value:
            self.problem(line, f"{what} contains a NUL character")
            return ""
        if len(value) > max_length:
            self.problem(line, f"{what} is {len(value):,} characters long: at most {max_length:,}")
            return ""
        return value

    def date(self, container, key, what, *, required):
        value = container.get(key)
        if value is None:
            if required:
                self.problem(container.line, f"{what} is missing")
            return None
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            self.problem(container.line_of(key), f"{what} must be a date written YYYY-MM-DD")
            return None
        return value

    def key(self, container, what):
        value = container.get("key")
        if (
            not isinstance(value, str)
            or not KEY_PATTERN.match(value)
            or len(value) > MAX_KEY_LENGTH
        ):
            self.problem(
                container.line_of("key"),
                f"{what} needs a key of lower-case letters, digits and single hyphens (at most {MAX_KEY_LENGTH})",
            )
            return None
        return value

    def keyed_mappings(self, data, name, what):
        """(index, mapping, key) for each mapping in the list `data[name]`; a bad or repeated
        key is a problem (the mapping is still given, with key None for a bad one)."""
        items = self.listing(data.get(name), data.line_of(name), name)
        seen = set()
        for index, item in enumerate(items or []):
            item = self.mapping(item, items.line_of(index), f"{what} {index + 1}")
            if item is None:
                continue
            key = self.key(item, f"{what} {index + 1}")
            if key is not None and key in seen:
                self.problem(item.line_of("key"), f"{what} key {key!r} is used twice")
            seen.add(key)
            yield index, item, key

    def translations(self, value, line, what, languages, *, max_length, fields=None, optional=()):
        """Text per language, each at most `max_length` characters; with `fields`, each language
        is a mapping of those fields (`optional` ones may be left out)."""
        value = self.mapping(value, line, what)
        if value is None:
            return {}
        result = {}
        for language in value:
            if language not in languages:
                self.problem(
                    value.line_of(language),
                    f"{what} has text in {language!r}, which is not listed in languages",
                )
        for language in languages:
            if language not in value:
                self.problem(value.line, f"{what} has no {language!r} text")
                continue
            if fields is None:
                result[language] = self.text(
                    value, language, f"{what} ({language})", max_length=max_length
                )
                continue
            per_language = self.mapping(
                value[language], value.line_of(language), f"{what} ({language})"
            )
            if per_language is None:
                continue
            for name in per_language:
                if name not in fields and name not in optional:
                    self.problem(
                        per_language.line_of(name),
                        f"{what} ({language}) has an unknown field {name!r}",
                    )
            result[language] = {
                name: self.text(
                    per_language, name, f"{what} ({language}) {name}", max_length=max_length
                )
                for name in fields
            }
            for name in optional:
                if name in per_language:
                    result[language][name] = self.text(
                        per_language, name, f"{what} ({language}) {name}", max_length=max_length
                    )
        return result


def load_yaml(source_text, path):
    """The document's data (a LineDict), or raise ContentError naming the line."""
    if len(source_text) > CONTENT_FILE:
        # Refused before the YAML is read: reading a huge text takes seconds, and no check
        # after it should ever see one. The line is where the limit is passed.
        line = source_text.count("\n", 0, CONTENT_FILE) + 1
        raise ContentError(
            [
                Problem(
                    path,
                    line,
                    f"the file is longer than {CONTENT_FILE:,} characters: this line passes "
                    "the limit (every text has a limit: see docs/content-format.md)",
                )
            ]
        )
    try:
        data = yaml.load(source_text, Loader=LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise ContentError(
            [Problem(path, line, f"not valid YAML: {error.problem or error}")]
        ) from None
    except yaml.YAMLError as error:
        raise ContentError([Problem(path, 0, f"not valid YAML: {error}")]) from None
    except RecursionError:
        raise ContentError([Problem(path, 0, "not valid YAML: nested too deeply")]) from None
    if not isinstance(data, LineDict):
        raise ContentError([Problem(path, 1, "the file must be a mapping of names to values")])
    return data


def content_paths(paths):
    """Expand folders into the YAML files inside them, sorted, so load order is stable."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(path.glob("*.yaml")))
        else:
            found.append(path)
    return found


def parse_content_files(paths, parse_text, *, identity, what):
    """Parse every file with `parse_text(text, path)`; raise one ContentError listing every
    file's problems, including two files that are the same `what` (same `identity(document)`)."""
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
        key = identity(document)
        if key in seen:
            problems.append(Problem(document.path, 1, f"the same {what} is also in {seen[key]}"))
        seen[key] = document.path
    if problems:
        raise ContentError(problems)
    return documents
