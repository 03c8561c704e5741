"""IPDAS and NICE essentials as code: quality checks on a grid version.

Essential findings stop loading and publication; advisory findings are warnings for the content
team. The checks read a GridDocument, so they run the same on a file (`check_grids --files`) and on
a stored version. Each rule is one function below, so a reviewer can see what each one tests.
"""

import re
import statistics
from dataclasses import dataclass

from thrivegrids.grids import readability
from thrivegrids.grids.export import version_to_document

ESSENTIAL = "essential"
ADVISORY = "advisory"
READING_AGE_LIMIT = readability.READING_AGE_LIMIT
REVIEW_WARNING_DAYS = 60
# Equal detail: an option's words, and a downsides cell against its benefits cell, stay within
# half and twice the comparison, so no option is sold harder than another.
BALANCE = (0.5, 2.0)
# "about 5 in 100", "3 out of 10", "1 in 1,000": a count with its denominator.
NATURAL_FREQUENCY = re.compile(r"\b\d[\d,]*\s+(?:in|out of)\s+(?:every\s+)?\d[\d,]*\b", re.I)
DIGITS = re.compile(r"[0-9\u0660-\u0669]+")
# The front of the PDF is the whole grid on one landscape A4 page, as the paper grids were
# (tests/grids/test_pdf_layout.py proves a grid at these limits fits, in English and Arabic).
ONE_PAGE = {"options": 6, "questions": 7, "cell": {"en": 90, "ar": 100}}
ONE_PAGE_NUMBERS = {"en": 160, "ar": 180}


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    message: str

    def __str__(self):
        return f"[{self.level}] {self.code}: {self.message}"


def reading_age(text):
    """Estimated reading age in years: the higher of the two formulas (see readability.py)."""
    return max(readability.reading_ages(text).values())


def check_version(version, *, today, counterpart=None, superseded=False):
    """All findings for one stored version. `counterpart` is the other setting's, for parity."""
    document = version_to_document(version)
    counterpart_questions = (
        [q.key for q in counterpart.questions.all()] if counterpart is not None else None
    )
    where = f"{counterpart.grid.setting} grid (v{counterpart.number})" if counterpart else ""
    return check_document(
        document,
        today=today,
        counterpart_questions=counterpart_questions,
        counterpart_label=where,
        superseded=superseded,
        is_draft=version.is_draft,
    )


def check_document(
    document,
    *,
    today,
    counterpart_questions=None,
    counterpart_label="other setting's grid",
    superseded=False,
    is_draft=None,
):
    findings = []
    is_draft = document.status == "draft" if is_draft is None else is_draft
    for rule in (
        _described,
        _sign_off,
        _options_and_waiting,
        _benefits_and_harms,
        _rows_and_cells,
        _sources,
        _balance,
        _readable,
        _fits_one_page,
    ):
        findings.extend(rule(document))
    findings.extend(_dates(document, today=today, superseded=superseded, is_draft=is_draft))
    if counterpart_questions is not None:
        ours = [q["key"] for q in document.questions]
        if ours != counterpart_questions:
            findings.append(
                Finding(
                    ESSENTIAL,
                    "parity",
                    f"Question rows differ from the {counterpart_label}: "
                    "NHS and community grids must ask the same questions.",
                )
            )
    return findings


def _essential(code, message):
    return Finding(ESSENTIAL, code, message)


def _described(document):
    english = document.text.get("en", {})
    wanted = {
        "condition": "The condition is not described.",
        "decision": "The decision is not stated.",
        "audience": "The audience (who the grid is for) is not stated.",
        "update_policy": "The update policy is not stated.",
        "declarations_of_interest": "Declarations of interest are not stated.",
    }
    found = [
        _essential(code, message)
        for code, message in wanted.items()
        if not str(english.get(code, "")).strip()
    ]
    if not str(english.get("authors", "")).strip() or not str(english.get("funding", "")).strip():
        found.append(_essential("authorship", "The authors and funding statements are required."))
    if document.age_min is None or document.age_max is None:
        found.append(_essential("age-range", "The age range the grid is written for is not given."))
    return found


def _sign_off(document):
    if document.example_content:
        return []
    complete = [
        review
        for review in document.clinical_review
        if review.get("name") and review.get("role") and review.get("reviewed_on")
    ]
    if complete:
        return []
    return [
        _essential(
            "clinical-sign-off",
            "Content that is not example content needs a named clinical reviewer, their role "
            "and the sign-off date.",
        )
    ]


def _options_and_waiting(document):
    found = []
    if len(document.options) < 2:
        found.append(_essential("options", "A grid needs at least two options."))
    waiting = [option for option in document.options if option["waiting"]]
    if not waiting:
        found.append(
            _essential(
                "waiting-option",
                "No option covers waiting, doing nothing for now or self-management.",
            )
        )
    for option in waiting:
        for language in document.languages:
            text = option["text"].get(language, {}).get("when_waiting_is_not_safe", "")
            if not text.strip():
                found.append(
                    _essential(
                        "when-waiting-is-not-safe",
                        f"Waiting option {option['key']} does not say when waiting is not safe "
                        f"({language}).",
                    )
                )
    for option in document.options:
        if not option["waiting"] and any(
            "when_waiting_is_not_safe" in text for text in option["text"].values()
        ):
            found.append(
                _essential(
                    "when-waiting-is-not-safe",
                    f"Option {option['key']} is not a waiting option but says when waiting is not safe.",
                )
            )
    return found


def _benefits_and_harms(document):
    found = []
    for option in document.options:
        numbers = option.get("benefits_and_harms") or {}
        key = option["key"]
        if not numbers:
            found.append(
                _essential(
                    "benefits-and-harms",
                    f"Option {key} gives no benefits and harms: numbers, or a statement that "
                    "they are not known.",
                )
            )
            continue
        if numbers["evidence"] == "numbers":
            if not numbers.get("numbers"):
                found.append(
                    _essential(
                        "missing-numbers",
                        f"Option {key} says evidence exists but gives no numbers.",
                    )
                )
            for index, item in enumerate(numbers.get("numbers", []), start=1):
                english = item["text"].get("en", "")
                if not NATURAL_FREQUENCY.search(english):
                    found.append(
                        _essential(
                            "natural-frequency",
                            f"Option {key} number {index} is not a natural frequency "
                            f"such as 'about 5 in 100': {english!r}",
                        )
                    )
                expected = sorted(DIGITS.findall(english.replace(",", "")))
                for language, text in item["text"].items():
                    given = sorted(_western_digits(DIGITS.findall(text.replace(",", ""))))
                    if language != "en" and given != expected:
                        found.append(
                            _essential(
                                "natural-frequency",
                                f"Option {key} number {index} ({language}) does not give the "
                                "same numbers as the English.",
                            )
                        )
        elif not all(
            (numbers.get("not_known") or {}).get(language) for language in document.languages
        ):
            found.append(
                _essential(
                    "benefits-and-harms",
                    f"Option {key} says the numbers are not known but does not say so plainly "
                    "in every language.",
                )
            )
    return found


def _western_digits(groups):
    table = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
    return [group.translate(table) for group in groups]


def _rows_and_cells(document):
    found = []
    roles = {question["role"] for question in document.questions}
    if "benefits" not in roles:
        found.append(_essential("benefits-row", "No question row covers benefits."))
    if "downsides" not in roles:
        found.append(_essential("downsides-row", "No question row covers risks or downsides."))
    for option in document.options:
        for question in document.questions:
            where = f"{option['key']}/{question['key']}"
            cell = document.cells.get((option["key"], question["key"]))
            for language in document.languages:
                if cell is None or not str(cell["text"].get(language, "")).strip():
                    found.append(_essential("empty-cell", f"Cell {where} has no {language} text."))
            if cell is not None and not cell["sources"]:
                found.append(_essential("uncited-cell", f"Cell {where} cites no source."))
    return found


def _sources(document):
    return [
        _essential(
            "source-recommendation",
            f"Source {source['key']} does not name the recommendation or section it rests on.",
        )
        for source in document.sources
        if not source.get("recommendation")
    ]


def _balance(document):
    found = []
    totals = {}
    benefits = [q["key"] for q in document.questions if q["role"] == "benefits"]
    downsides = [q["key"] for q in document.questions if q["role"] == "downsides"]
    for option in document.options:
        key = option["key"]
        words = " ".join(option["text"].get("en", {}).values())
        for question in document.questions:
            cell = document.cells.get((key, question["key"]))
            words += " " + (cell["text"].get("en", "") if cell else "")
        totals[key] = len(words.split())
        good, bad = _cell_words(document, key, benefits), _cell_words(document, key, downsides)
        if good and not BALANCE[0] <= bad / good <= BALANCE[1]:
            found.append(
                _essential(
                    "unbalanced",
                    f"Option {key}: its downsides ({bad} words) and benefits ({good} words) "
                    "are not given equal detail.",
                )
            )
    if len(totals) >= 2:
        median = statistics.median(totals.values())
        for key, words in totals.items():
            if median and not BALANCE[0] <= words / median <= BALANCE[1]:
                found.append(
                    _essential(
                        "unbalanced",
                        f"Option {key} has {words} words against a median of {median:.0f}: "
                        "give each option equal detail.",
                    )
                )
    return found


def _fits_one_page(document):
    found = []
    if len(document.options) > ONE_PAGE["options"]:
        found.append(
            _essential(
                "one-page", f"More than {ONE_PAGE['options']} options will not fit one page."
            )
        )
    if len(document.questions) > ONE_PAGE["questions"]:
        found.append(
            _essential(
                "one-page", f"More than {ONE_PAGE['questions']} questions will not fit one page."
            )
        )
    for (option_key, question_key), cell in document.cells.items():
        for language, text in cell["text"].items():
            limit = ONE_PAGE["cell"].get(language, ONE_PAGE["cell"]["en"])
            if len(text) > limit:
                found.append(
                    _essential(
                        "one-page",
                        f"Cell {option_key}/{question_key} ({language}) has {len(text)} "
                        f"characters; at most {limit} fit the one-page grid.",
                    )
                )
    for option in document.options:
        numbers = option.get("benefits_and_harms") or {}
        for language in document.languages:
            text = " ".join(item["text"].get(language, "") for item in numbers.get("numbers", []))
            text = text or (numbers.get("not_known") or {}).get(language, "")
            limit = ONE_PAGE_NUMBERS.get(language, ONE_PAGE_NUMBERS["en"])
            if len(text) > limit:
                found.append(
                    _essential(
                        "one-page",
                        f"Option {option['key']} numbers ({language}) have {len(text)} "
                        f"characters; at most {limit} fit the one-page grid.",
                    )
                )
    return found


def _cell_words(document, option_key, question_keys):
    """English words in an option's cells for these questions."""
    return sum(
        len(document.cells.get((option_key, q), {"text": {}})["text"].get("en", "").split())
        for q in question_keys
    )


def _readable(document):
    found = []
    for where, text in readability.english_texts(document):
        ages = readability.too_hard(text, document.names)
        if ages:
            found.append(_essential("reading-age", readability.describe(where, ages)))
    return found


def _dates(document, *, today, superseded, is_draft):
    found = []
    # A draft gets its publication date when it is published.
    if document.published_on is None and not is_draft:
        found.append(_essential("published-on", "The publication date is not set."))
    # A superseded version's review date no longer matters: a newer version replaced it.
    if superseded:
        return found
    if document.next_review_on is None or document.next_review_on <= today:
        found.append(_essential("review-date", "The next review date must be in the future."))
    elif (document.next_review_on - today).days <= REVIEW_WARNING_DAYS:
        found.append(
            Finding(
                ADVISORY, "review-soon", f"Review due on {document.next_review_on.isoformat()}."
            )
        )
    return found


def essential_findings(findings):
    return [finding for finding in findings if finding.level == ESSENTIAL]
