"""The Arabic interface catalogue: complete, not fuzzy, placeholders intact, and compiled.

The compiled .mo is git-ignored and built by `make messages` (part of `make install` and
`make install-dev`). These tests fail, never skip, when it is missing or out of date.
"""

import re
from gettext import c2py

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

LC_MESSAGES = settings.LOCALE_PATHS[0] / "ar" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
# Python %-placeholders as Django (gettext) and Jinja (newstyle gettext) fill them: %(name)s, %(num)d.
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?([a-zA-Z])")
# Strings that are rightly the same in Arabic: the product name and pure placeholder patterns.
SAME_IN_ARABIC = {"ThriveGrids", "%(option)s: %(question)s"}


def _require_mo():
    assert MO_PATH.exists(), (
        f"The compiled Arabic catalogue {MO_PATH} is missing: run `make messages` "
        "(.mo files are git-ignored and built on install)."
    )


def _catalogue():
    with PO_PATH.open("rb") as f:
        # locale="ar" so that the six Arabic plural forms are read (not the default two).
        return read_po(f, locale="ar")


def _entries():
    return [message for message in _catalogue() if message.id]


def _forms(message):
    return list(message.string) if message.pluralizable else [message.string]


def _placeholders(text):
    return sorted(PLACEHOLDER.findall(text or ""))


def _stray_percent(text):
    """A % that is neither a placeholder nor %%: Jinja's newstyle gettext would fail on it."""
    return "%" in PLACEHOLDER.sub("", (text or "").replace("%%", ""))


def _plural_rule(catalogue):
    """The catalogue's own rule: count -> index of the plural form."""
    return c2py(catalogue.plural_expr)


def _counts_for_form(catalogue):
    """Which counts (0..200) each plural form is used for."""
    rule, counts = _plural_rule(catalogue), {}
    for n in range(201):
        counts.setdefault(rule(n), set()).add(n)
    return counts


def test_po_catalogue_exists():
    assert PO_PATH.exists(), f"{PO_PATH} is missing: create it with `make messages-update`."


def test_arabic_catalogue_translates_interface_strings():
    _require_mo()
    with translation.override("ar"):
        translated = translation.gettext("Help from the NHS")
        language_name = translation.gettext("Arabic")
    assert translated != "Help from the NHS"
    assert ARABIC_LETTER.search(translated), translated
    assert "NHS" in translated, "NHS stays in Latin letters"
    assert language_name == "العربية"
    with translation.override("en"):
        assert translation.gettext("Help from the NHS") == "Help from the NHS"


def test_compiled_catalogue_matches_the_po():
    """A stale .mo (the .po changed since `make messages`) would show old or English text."""
    _require_mo()
    with MO_PATH.open("rb") as f:
        compiled = read_mo(f)
    stale = []
    for message in _entries():
        built = compiled.get(message.id, message.context)
        if built is None or _forms(built) != _forms(message):
            stale.append(message.id)
    assert not stale, f"run `make messages`: the .mo is out of date for {stale}"


def test_plural_forms_reach_django():
    """Django picks the Arabic plural form with the catalogue's own rule (6 forms)."""
    _require_mo()
    catalogue = _catalogue()
    assert catalogue.num_plurals == 6
    rule = _plural_rule(catalogue)
    plurals = [message for message in _entries() if message.pluralizable]
    for message in plurals:
        singular, plural = message.id
        for n in (0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 111):
            expected = message.string[rule(n)]
            with translation.override("ar"):
                if message.context:
                    shown = translation.npgettext(message.context, singular, plural, n)
                else:
                    shown = translation.ngettext(singular, plural, n)
            assert shown == expected, (singular, n)


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = _catalogue()
    entries = _entries()
    assert len(entries) > 50, "the catalogue looks empty: did extraction pick up the templates?"
    untranslated, fuzzy = [], []
    for message in entries:
        forms = _forms(message)
        if len(forms) != (catalogue.num_plurals if message.pluralizable else 1) or not all(
            form and form.strip() for form in forms
        ):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"untranslated (fill every msgstr, all 6 plural forms): {untranslated}"
    assert not fuzzy, f"fuzzy entries (check, then remove the fuzzy flag): {fuzzy}"


def test_translations_are_in_arabic():
    english_left = [
        message.id
        for message in _entries()
        if message.id not in SAME_IN_ARABIC
        and not all(ARABIC_LETTER.search(form or "") for form in _forms(message))
    ]
    assert not english_left, f"msgstr without Arabic text: {english_left}"


def test_placeholders_are_kept():
    catalogue = _catalogue()
    counts = _counts_for_form(catalogue)
    problems = []
    for message in _entries():
        ids = list(message.id) if message.pluralizable else [message.id]
        wanted = sorted({p for text in ids for p in _placeholders(text)})
        for index, form in enumerate(_forms(message)):
            found = sorted(set(_placeholders(form)))
            required = wanted
            if message.pluralizable and counts.get(index) in ({1}, {2}):
                # Arabic says "one change" / "two changes" in the word itself, so the forms used
                # only for 1 or only for 2 may leave out the number placeholder (%(num)d).
                required = [p for p in wanted if p[1] not in "di"]
            missing = [p for p in required if p not in found]
            unknown = [p for p in found if p not in wanted]
            if missing or unknown:
                problems.append((message.id, index, form, {"missing": missing, "unknown": unknown}))
            if _stray_percent(form) and not any(_stray_percent(text) for text in ids):
                problems.append((message.id, index, form, "stray %: write %% for a percent sign"))
    assert not problems, problems


def test_formatted_strings_render_in_arabic():
    """Every string with placeholders formats cleanly in Arabic, with the values shown."""
    _require_mo()
    problems = []
    for message in _entries():
        if message.pluralizable or not _placeholders(message.id):
            continue
        values = {
            name: 7 if kind in "di" else f"<{name}>" for name, kind in _placeholders(message.id)
        }
        with translation.override("ar"):
            try:
                if message.context:
                    text = translation.pgettext(message.context, message.id) % values
                else:
                    text = translation.gettext(message.id) % values
            except (KeyError, TypeError, ValueError) as error:
                problems.append((message.id, repr(error)))
                continue
        if not all(str(value) in text for value in values.values()):
            problems.append((message.id, text))
        if message.id not in SAME_IN_ARABIC and not ARABIC_LETTER.search(text):
            problems.append((message.id, text))
    assert not problems, problems
