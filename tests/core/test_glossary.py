"""Every Arabic string uses the terms in the Arabic glossary (content/glossary/ar.yaml).

Pairs of English and Arabic text come from the interface catalogue (django.po, obsolete entries
left out) and from every content YAML file under content/ (any mapping with both `en` and `ar`:
two texts, or two mappings of fields paired field by field). For each pair:

1. the Arabic contains no `avoid` form of any term;
2. where the English contains a term's `en` form (any case, whole words), the Arabic contains at
   least one of its `use` forms.

Arabic is compared after `normalise_arabic` (diacritics, hamza and alef forms, taa marbuta, alef
maqsura), so "مُثبَت علميًا" matches "مثبت علميا". Each file's failures are reported together in
one assertion, so a translator can fix them all at once. No database is needed.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from thrivegrids.core.arabic import normalise_arabic
from thrivegrids.core.content_yaml import LineDict, LineList, load_yaml

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
GLOSSARY_PATH = CONTENT / "glossary" / "ar.yaml"
PO_PATH = ROOT / "thrivegrids" / "locale" / "ar" / "LC_MESSAGES" / "django.po"
# Files whose en/ar mappings are not translations (the glossary itself).
NOT_TRANSLATIONS = {GLOSSARY_PATH}
# Keys whose en/ar values are not text to read, e.g. `languages: {en: reviewed, ar: draft}`.
NOT_TEXT_KEYS = {"languages"}


@dataclass(frozen=True)
class Term:
    key: str
    en: tuple[str, ...]
    use: tuple[str, ...]
    avoid: tuple[str, ...]

    def english_pattern(self):
        alternatives = "|".join(
            r"\s+".join(re.escape(word) for word in form.lower().split()) for form in self.en
        )
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@dataclass(frozen=True)
class Pair:
    where: str  # file:line, as a translator would look it up
    english: str
    arabic: str


def _squash(text):
    return " ".join((text or "").split())


def _english(text):
    return _squash(text).lower()


def _arabic(text):
    return _squash(normalise_arabic(text))


def _relative(path):
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


@cache
def _glossary_data():
    return yaml.safe_load(GLOSSARY_PATH.read_text(encoding="utf-8"))


@cache
def glossary_terms():
    return tuple(
        Term(
            key=term["key"],
            en=tuple(term["en"]),
            use=tuple(term["use"]),
            avoid=tuple(term.get("avoid") or ()),
        )
        for term in _glossary_data()["terms"]
    )


def _contains_word_ending(arabic_text, form):
    """`form` in the text, ending where a word ends: prefixes (ال، لل، و) may come before it,
    but "ممارس" (practitioner) must not match "ممارسة" (doing, practice)."""
    pattern = re.escape(_arabic(form)) + "(?![\u0621-\u064a])"
    return re.search(pattern, arabic_text) is not None


def glossary_problems(english, arabic, terms):
    """What is wrong with one English/Arabic pair: a list of short explanations (empty if none)."""
    english_text, arabic_text = _english(english), _arabic(arabic)
    problems = []
    for term in terms:
        avoided = [form for form in term.avoid if _contains_word_ending(arabic_text, form)]
        if avoided:
            problems.append(f"{term.key}: avoid {' / '.join(avoided)}")
        if term.english_pattern().search(english_text) and not any(
            _arabic(form) in arabic_text for form in term.use
        ):
            problems.append(f"{term.key}: use one of {' / '.join(term.use)}")
    return problems


# Collecting pairs ---------------------------------------------------------------------------


def po_pairs(path=PO_PATH):
    """(English, Arabic) for every current entry: plural entries give one pair per Arabic form."""
    with path.open("rb") as f:
        # locale="ar" so that all six Arabic plural forms are read; obsolete (#~) entries are
        # kept apart by Babel (catalogue.obsolete) and never iterated here.
        catalogue = read_po(f, locale="ar")
    name = _relative(path)
    pairs = []
    for message in catalogue:
        if not message.id:
            continue  # the header
        where = f"{name}:{message.lineno}"
        if message.context:
            where += f" (msgctxt {message.context!r})"
        if message.pluralizable:
            english = " | ".join(message.id)
            for index, form in enumerate(message.string):
                if form:
                    pairs.append(Pair(f"{where} [plural form {index}]", english, form))
        elif message.string:
            pairs.append(Pair(where, message.id, message.string))
    return pairs


def _text_pairs(english, arabic, name, line):
    """Pairs from the values of one en/ar mapping: two texts, or mappings paired by field."""
    if isinstance(english, str) and isinstance(arabic, str):
        return [Pair(f"{name}:{line}", english, arabic)]
    if isinstance(english, LineDict) and isinstance(arabic, LineDict):
        pairs = []
        for field, arabic_value in arabic.items():
            if field in english:
                pairs += _text_pairs(english[field], arabic_value, name, arabic.line_of(field))
        return pairs
    return []


def _yaml_pairs(node, name):
    pairs = []
    if isinstance(node, LineDict):
        if "en" in node and "ar" in node:
            pairs += _text_pairs(node["en"], node["ar"], name, node.line_of("ar"))
        for key, value in node.items():
            if key not in ("en", "ar") and key not in NOT_TEXT_KEYS:
                pairs += _yaml_pairs(value, name)
    elif isinstance(node, LineList):
        for item in node:
            pairs += _yaml_pairs(item, name)
    return pairs


def yaml_pairs(path):
    name = _relative(path)
    return _yaml_pairs(load_yaml(path.read_text(encoding="utf-8"), name), name)


def content_files():
    return sorted(
        path for path in CONTENT.rglob("*.yaml") if path not in NOT_TRANSLATIONS and path.is_file()
    )


def _report(pairs):
    failures = []
    for pair in pairs:
        problems = glossary_problems(pair.english, pair.arabic, glossary_terms())
        if problems:
            failures.append(
                f"{pair.where}\n"
                f"    en: {_squash(pair.english)}\n"
                f"    ar: {_squash(pair.arabic)}\n"
                f"    -> {'; '.join(problems)}"
            )
    return failures


# Tests ----------------------------------------------------------------------------------------


def test_glossary_is_well_formed():
    data = _glossary_data()
    assert data.get("format") == "thrivegrids-glossary/1"
    assert data.get("language") == "ar"
    terms = data.get("terms")
    assert isinstance(terms, list) and terms, "the glossary needs a list of terms"
    problems, keys = [], set()
    for index, term in enumerate(terms):
        label = (
            f"term {index + 1} ({term.get('key', 'no key') if isinstance(term, dict) else term!r})"
        )
        if not isinstance(term, dict):
            problems.append(f"{label}: must be a mapping")
            continue
        unknown = set(term) - {"key", "en", "use", "avoid", "note"}
        if unknown:
            problems.append(f"{label}: unknown fields {sorted(unknown)}")
        key = term.get("key")
        if not isinstance(key, str) or not key:
            problems.append(f"{label}: needs a key")
        elif key in keys:
            problems.append(f"{label}: duplicate key")
        keys.add(key)
        for field, required in (("en", True), ("use", True), ("avoid", False)):
            forms = term.get(field)
            if forms is None and not required:
                continue
            if (
                not isinstance(forms, list)
                or (required and not forms)
                or not all(isinstance(form, str) and form.strip() for form in forms)
            ):
                problems.append(f"{label}: {field} must be a non-empty list of non-empty texts")
    assert not problems, "\n".join(problems)


def test_no_use_form_contains_an_avoid_form():
    """Otherwise no Arabic text could satisfy both rules."""
    clashes = [
        f"{term.key} use {use!r} contains {other.key} avoid {avoid!r}"
        for term in glossary_terms()
        for use in term.use
        for other in glossary_terms()
        for avoid in other.avoid
        if _arabic(avoid) in _arabic(use)
    ]
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize(
    ("english", "arabic", "expected"),
    [
        # An avoided form, and no accepted one.
        ("Record the conversation", "سجّل المحادثة", ["record-conversation", "record-conversation"]),
        ("Ask the practitioner", "اسأل الممارس", ["practitioner", "practitioner"]),
        # An avoided form even where the English does not use the term.
        ("Low mood", "الاكتئاب الخفيف", ["low-mood", "low-mood"]),
        ("Help", "محتوى تجريبي", ["example-content"]),
        # The English uses the term; the Arabic uses neither form.
        ("Example content", "محتوى", ["example-content"]),
    ],
)
def test_known_bad_pairs_are_flagged(english, arabic, expected):
    problems = glossary_problems(english, arabic, glossary_terms())
    assert [problem.split(":")[0] for problem in problems] == expected, problems


@pytest.mark.parametrize(
    ("english", "arabic"),
    [
        ("Record the conversation", "اعتماد المحادثة"),
        # Diacritics and hamza/taa marbuta spellings are folded before matching.
        ("Not validated", "غير مُثبَتة علميًّا"),
        ("Ask your practitioner", "اسأل الأخصائي"),
        # Whole words only: "moderately" is not "moderated".
        ("Moderately", "إلى حد ما"),
        ("Help", "مساعدة"),
    ],
)
def test_good_pairs_pass(english, arabic):
    assert glossary_problems(english, arabic, glossary_terms()) == []


def test_failures_name_the_file_the_english_and_the_arabic():
    report = _report([Pair("example.po:12", "Record the conversation", "تسجيل المحادثة")])
    assert len(report) == 1
    assert "example.po:12" in report[0]
    assert "Record the conversation" in report[0]
    assert "تسجيل المحادثة" in report[0]


def test_obsolete_po_entries_are_left_out(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n\n'
        'msgid "Record the conversation"\nmsgstr "اعتماد المحادثة"\n\n'
        '#~ msgid "Old practitioner"\n#~ msgstr "ممارس قديم"\n',
        encoding="utf-8",
    )
    assert [(pair.english, pair.arabic) for pair in po_pairs(po)] == [
        ("Record the conversation", "اعتماد المحادثة")
    ]


def test_interface_catalogue_follows_glossary():
    pairs = po_pairs()
    assert len(pairs) > 100, f"only {len(pairs)} pairs read from {_relative(PO_PATH)}"
    failures = _report(pairs)
    assert not failures, (
        f"{len(failures)} Arabic text(s) in {_relative(PO_PATH)} do not follow "
        "content/glossary/ar.yaml:\n\n" + "\n".join(failures)
    )


@pytest.mark.parametrize("path", content_files(), ids=_relative)
def test_content_file_follows_glossary(path):
    # An English-only file (a grid not yet translated) has no pairs, and so nothing to check.
    failures = _report(yaml_pairs(path))
    assert not failures, (
        f"{len(failures)} Arabic text(s) in {_relative(path)} do not follow "
        "content/glossary/ar.yaml:\n\n" + "\n".join(failures)
    )
