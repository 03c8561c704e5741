"""Arabic text helpers shared by search, the glossary check and right-to-left rendering."""

import re

# Short vowels, shadda, sukun, tanwin, the superscript alef and tatweel: optional in writing.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
    }
)
# A run of Latin words (with digits and inner punctuation: "A&E", "NHS 111"), ending on a letter
# or digit: a full stop after it belongs to the Arabic sentence, not to the English run.
_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9&'’.\-]*[A-Za-z0-9])?"
_LATIN_RUN = re.compile(rf"(?=[A-Za-z]){_WORD}(?:[ ]{_WORD})*")


def normalise_arabic(text):
    """Fold the spellings Arabic readers treat as the same word (hamza and alef forms, taa
    marbuta, alef maqsura, diacritics), so search and checks match what people type."""
    return _DIACRITICS.sub("", text or "").translate(_LETTERS)


def latin_runs(text):
    """Each run of Latin letters (with the digits and spaces inside it) in a mixed text."""
    return [match.group(0) for match in _LATIN_RUN.finditer(text or "")]


def isolate_latin(text):
    """Text safe to show inside a right-to-left page: each Latin run (a service name, "CBT")
    is marked lang="en" dir="ltr", so its punctuation and order stay right. Returns markup."""
    from markupsafe import Markup, escape

    parts, last = [], 0
    for match in _LATIN_RUN.finditer(text or ""):
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup('<span lang="en" dir="ltr">{}</span>').format(match.group(0)))
        last = match.end()
    parts.append(escape((text or "")[last:]))
    return Markup("").join(parts)
