"""Reading age of English content: every text is scored by two formulas and the higher counts.

Flesch–Kincaid (syllables per word) and the Automated Readability Index (letters per word)
disagree on different texts, so a text passes only when both put it at age 11 or under
(the NHS aims for 9 to 11). Names the reader must see as written (a medicine, a helpline) are
listed by the content file and scored as a short word, since no rewording can shorten them.

`manage.py check_grids --files FILE...` lists every text above the limit with both scores.
"""

import re

import textstat

READING_AGE_LIMIT = 11
# Texts shorter than this are labels ("Yes.", a name): the formulas say nothing useful about them.
MIN_WORDS = 3


def _plain(text, names):
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(re.escape(name), "Name", text, flags=re.IGNORECASE)
    return text


def reading_ages(text, names=()):
    """{"Flesch–Kincaid": age, "ARI": age} for one English text (grade plus five)."""
    plain = _plain(text, names)
    return {
        "Flesch–Kincaid": textstat.flesch_kincaid_grade(plain) + 5,
        "ARI": textstat.automated_readability_index(plain) + 5,
    }


def too_hard(text, names=()):
    """The formulas that put this text above the limit, with their ages ({} when it passes)."""
    if len(text.split()) < MIN_WORDS:
        return {}
    return {
        formula: age
        for formula, age in reading_ages(text, names).items()
        if age > READING_AGE_LIMIT
    }


def describe(where, ages):
    scores = ", ".join(f"{formula} {age:.1f}" for formula, age in ages.items())
    return (
        f"{where} reads above age {READING_AGE_LIMIT} ({scores}): use shorter words and sentences."
    )


def english_texts(document):
    """(where, text) for every English text a reader sees in a parsed grid document."""
    texts = []
    for name, text in document.text.get("en", {}).items():
        # Authors and funding are statements of record, written for the reader of the record.
        if name not in ("title", "authors", "funding") and text:
            texts.append((name, text))
    for option in document.options:
        for name, text in option["text"].get("en", {}).items():
            if name != "name":
                texts.append((f"option {option['key']} {name}", text))
        numbers = option.get("benefits_and_harms") or {}
        for index, item in enumerate(numbers.get("numbers", [])):
            texts.append((f"option {option['key']} number {index + 1}", item["text"].get("en", "")))
        if numbers.get("not_known", {}).get("en"):
            texts.append((f"option {option['key']} not known", numbers["not_known"]["en"]))
    for question in document.questions:
        texts.append((f"question {question['key']}", question["text"].get("en", "")))
    for (option_key, question_key), cell in document.cells.items():
        texts.append((f"cell {option_key}/{question_key}", cell["text"].get("en", "")))
    return texts
