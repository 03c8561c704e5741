"""The languages content is written in, and picking the text for the reader's language."""

from django.utils import translation

# Content languages: every grid, measure and urgent-help text is keyed by one of these.
LANGUAGE_CODES = ("en", "ar")


def in_language(texts, language=None):
    """The text for the active language, falling back to English."""
    language = language or translation.get_language() or "en"
    if not isinstance(texts, dict):
        return texts
    return texts.get(language) or texts.get("en") or ""
