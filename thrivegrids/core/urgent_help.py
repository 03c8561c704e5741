"""Urgent help: the "If you need help now" contacts, declared once in content/urgent-help.yaml.

The file is read and validated when the application starts (a system check refuses to start with
a broken file), so the box never depends on the database and cannot be changed in the admin:
only a reviewed change to the file and a deploy changes it (docs/clinical-safety/safety-case.md).
"""

import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation

from thrivegrids.core.arabic import isolate_latin
from thrivegrids.core.content_yaml import Checker, ContentError, LineDict, load_yaml
from thrivegrids.core.text_limits import MEDIUM, SHORT
from thrivegrids.core.thrive import TOPIC_SLUGS

FORMAT = "thrivegrids-urgent-help/1"
LANGUAGES = ("en", "ar")
# Each translated text and its limit in characters (docs/content-format.md).
TEXT_LIMITS = {"name": SHORT, "how": MEDIUM, "hours": SHORT, "who_for": SHORT}
TEXT_FIELDS = tuple(TEXT_LIMITS)
# A number as dialled or texted (the patterns below say which), and the words to text.
NUMBER_LIMIT = 20
TEXT_BODY_LIMIT = SHORT
# UK numbers people dial: 999, 111, 116 xxx helplines, 0800/0808 freephone, geographic 01/02/03.
PHONE_PATTERN = re.compile(r"^(999|111|116 ?\d{3}|0\d{3} ?\d{3,4} ?\d{0,4}|0\d{2} ?\d{4} ?\d{4})$")
SHORT_CODE_PATTERN = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class UrgentHelp:
    checked_on: datetime.date
    next_check_on: datetime.date
    languages: dict
    contacts: dict  # key -> contact
    topics: dict  # topic slug (or "general") -> [contact key]


def default_path():
    return Path(settings.THRIVEGRIDS_URGENT_HELP_FILE)


def parse_text(source_text, path="<text>"):
    """Parse and validate the urgent-help file, or raise ContentError (file:line problems)."""
    data = load_yaml(source_text, path)
    checker = Checker(path)
    checked_on, next_check_on = _dates(checker, data)
    languages = _languages(checker, data)
    contacts = _contacts(checker, data)
    topics = _topics(checker, data, contacts)
    if checker.problems:
        raise ContentError(checker.problems)
    return UrgentHelp(
        checked_on=checked_on,
        next_check_on=next_check_on,
        languages=languages,
        contacts=contacts,
        topics={slug: list(keys) for slug, keys in topics.items()},
    )


def _dates(checker, data):
    for name in data:
        if name not in {"format", "checked_on", "next_check_on", "languages", "contacts", "topics"}:
            checker.problem(data.line_of(name), f"unknown field {name!r}")
    if data.get("format") != FORMAT:
        checker.problem(data.line_of("format"), f"format must be {FORMAT!r}")
    checked_on = checker.date(data, "checked_on", "checked_on", required=True)
    next_check_on = checker.date(data, "next_check_on", "next_check_on", required=True)
    if checked_on and next_check_on and next_check_on <= checked_on:
        checker.problem(data.line_of("next_check_on"), "next_check_on must be after checked_on")
    return checked_on, next_check_on


def _languages(checker, data):
    languages = checker.mapping(data.get("languages"), data.line_of("languages"), "languages")
    languages = dict(languages or {})
    for code in LANGUAGES:
        if code not in languages:
            # Urgent help never falls back to English inside a right-to-left page.
            checker.problem(data.line_of("languages"), f"languages must include {code}")
    return languages


def _contacts(checker, data):
    contacts = {}
    listed = checker.listing(data.get("contacts"), data.line_of("contacts"), "contacts") or []
    for index, raw in enumerate(listed):
        contact = checker.mapping(raw, listed.line_of(index), f"contact {index + 1}")
        if contact is None:
            continue
        key = checker.key(contact, f"contact {index + 1}")
        entry = _contact(checker, contact, key, label=f"contact {key or index + 1}")
        if key in contacts:
            checker.problem(contact.line_of("key"), f"contact key {key!r} is used twice")
        if key:
            contacts[key] = entry
    return contacts


def _contact(checker, contact, key, *, label):
    entry = {"key": key}
    for name in contact:
        if name not in {"key", *TEXT_FIELDS, "call", "text", "url"}:
            checker.problem(contact.line_of(name), f"{label} has an unknown field {name!r}")
    for name in TEXT_FIELDS:
        entry[name] = checker.translations(
            contact.get(name),
            contact.line_of(name) or contact.line,
            f"{label} {name}",
            LANGUAGES,
            max_length=TEXT_LIMITS[name],
        )
    if "call" in contact:
        entry["call"] = _call(checker, contact, label)
    if "text" in contact:
        text = _text(checker, contact, label)
        if text is not None:
            entry["text"] = text
    if "call" not in entry and "text" not in entry:
        checker.problem(contact.line, f"{label} needs a number to call or text")
    return entry


def _call(checker, contact, label):
    call = checker.text(contact, "call", f"{label} call", max_length=NUMBER_LIMIT)
    if call and not PHONE_PATTERN.match(call):
        checker.problem(contact.line_of("call"), f"{label} call {call!r} is not a UK number")
    return call


def _text(checker, contact, label):
    text = checker.mapping(contact["text"], contact.line_of("text"), f"{label} text")
    if text is None:
        return None
    number = checker.text(text, "number", f"{label} text number", max_length=NUMBER_LIMIT)
    if number and not SHORT_CODE_PATTERN.match(number):
        checker.problem(text.line_of("number"), f"{label} text number must be 5 digits")
    return {
        "number": number,
        "body": checker.text(
            text, "body", f"{label} text body", max_length=TEXT_BODY_LIMIT, required=False
        ),
    }


def _topics(checker, data, contacts):
    topics = checker.mapping(data.get("topics"), data.line_of("topics"), "topics") or LineDict()
    for slug in ("general", *TOPIC_SLUGS):
        keys = topics.get(slug)
        if not isinstance(keys, list) or not keys:
            checker.problem(topics.line, f"topics must list the contacts for {slug!r}")
            continue
        for key in keys:
            if key not in contacts:
                checker.problem(topics.line_of(slug), f"topic {slug} names unknown contact {key!r}")
        if "emergency" not in keys:
            checker.problem(
                topics.line_of(slug), f"topic {slug} must include the emergency contact"
            )
    return topics


@functools.cache
def _load(path):
    return parse_text(Path(path).read_text(encoding="utf-8"), str(path))


def registry():
    return _load(str(default_path()))


def urgent_help_box(topic=None, language=None):
    """What the box shows for a topic (or "general"), in one language: macro-shaped."""
    help_ = registry()
    language = language or translation.get_language() or "en"
    if language not in help_.languages:
        language = "en"
    keys = help_.topics.get(topic or "general") or help_.topics["general"]
    return {
        "language": language,
        "is_draft_translation": help_.languages.get(language) == "draft",
        "checked_on": help_.checked_on,
        "contacts": [_contact_in(help_.contacts[key], language) for key in keys],
    }


def _contact_in(contact, language):
    # On a right-to-left page a service's Latin name is marked lang="en" dir="ltr".
    def text(field):
        value = contact[field][language]
        return isolate_latin(value) if language == "ar" else value

    call, sms = contact.get("call", ""), contact.get("text") or {}
    return {
        "key": contact["key"],
        **{field: text(field) for field in TEXT_FIELDS},
        "call": call,
        "call_href": "tel:" + call.replace(" ", "") if call else "",
        "text_number": sms.get("number", ""),
        "text_body": sms.get("body", ""),
        "text_href": _text_href(sms),
    }


def _text_href(sms):
    """An sms: link; "?&body=" is understood by both Android and iOS messaging apps."""
    if not sms:
        return ""
    return f"sms:{sms['number']}?&body={sms['body']}" if sms["body"] else f"sms:{sms['number']}"
