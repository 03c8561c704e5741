"""Urgent help: the contacts file, its validation and the box's links."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests import clock
from thrivegrids.core.arabic import isolate_latin
from thrivegrids.core.content_yaml import ContentError
from thrivegrids.core.urgent_help import default_path, parse_text, registry, urgent_help_box

BUNDLED = default_path().read_text(encoding="utf-8")


def test_emergency_wording_covers_overdose_and_injury():
    how = registry().contacts["emergency"]["how"]

    assert "999" in how["en"]
    assert "too many tablets" in how["en"] and "even if you feel fine" in how["en"]
    assert "badly hurt" in how["en"]
    assert "جرعة زائدة" in how["ar"]


def test_every_topic_lists_the_emergency_contact():
    for topic, keys in registry().topics.items():
        assert keys[0] == "emergency", topic


def test_a_number_that_is_not_a_uk_number_is_refused():
    broken = BUNDLED.replace('call: "116 123"', 'call: "+1 555 0100"')

    with pytest.raises(ContentError, match="not a UK number"):
        parse_text(broken, "urgent-help.yaml")


def test_a_topic_without_the_emergency_contact_is_refused():
    broken = BUNDLED.replace(
        "adhd: [emergency, nhs-111, samaritans, shout, childline]", "adhd: [samaritans]"
    )

    with pytest.raises(ContentError, match="must include the emergency contact"):
        parse_text(broken, "urgent-help.yaml")


def test_a_contact_missing_its_arabic_is_refused_with_its_line():
    broken = BUNDLED.replace(
        '    hours: {en: "Any time, day or night", ar: "في أي وقت، ليلًا أو نهارًا"}\n',
        '    hours: {en: "Any time, day or night"}\n',
        1,
    )

    with pytest.raises(ContentError) as error:
        parse_text(broken, "urgent-help.yaml")
    assert re.search(
        r"urgent-help\.yaml:\d+: contact emergency hours has no 'ar' text", str(error.value)
    )


def test_bundled_file_is_due_a_check_within_six_months():
    help_ = registry()

    assert help_.checked_on < help_.next_check_on
    assert (help_.next_check_on - help_.checked_on).days <= 183


def test_links_dial_the_number_shown():
    box = urgent_help_box("self-harm", "en")
    by_key = {contact["key"]: contact for contact in box["contacts"]}

    for contact in box["contacts"]:
        if contact["call"]:
            assert contact["call_href"] == "tel:" + contact["call"].replace(" ", "")
    assert by_key["shout"]["text_href"] == "sms:85258?&body=SHOUT"


def test_the_arabic_box_is_in_arabic():
    box = urgent_help_box("low-mood", "ar")

    for contact in box["contacts"]:
        visible = re.sub(r'<span lang="en" dir="ltr">[^<]*</span>', "", str(contact["how"]))
        visible += re.sub(r'<span lang="en" dir="ltr">[^<]*</span>', "", str(contact["name"]))
        # Only numbers and service names marked lang="en" may be in Latin letters.
        assert not re.search("[A-Za-z]", visible), contact["key"]


def test_latin_words_in_arabic_are_isolated():
    html = str(isolate_latin("اتصل بـ NHS 111. ثم <b>"))

    # The full stop belongs to the Arabic sentence; markup in the text stays text.
    assert '<span lang="en" dir="ltr">NHS 111</span>.' in html
    assert "<b>" not in html


def test_system_check_refuses_a_broken_urgent_help_file(settings, tmp_path):
    broken = tmp_path / "urgent-help.yaml"
    broken.write_text(BUNDLED.replace('call: "999"', 'call: "nine nine nine"'), encoding="utf-8")
    settings.THRIVEGRIDS_URGENT_HELP_FILE = str(broken)

    with pytest.raises(SystemCheckError, match="not a UK number"):
        call_command("check")


def test_check_grids_fails_once_the_urgent_help_numbers_are_overdue_for_checking(db, time_machine):
    from django.core.management import CommandError

    from tests.grids.factories import run

    due = registry().next_check_on
    time_machine.move_to(clock.noon(due), tick=False)
    run("check_grids")  # on the day itself: still fine
    time_machine.move_to(clock.noon(due + datetime.timedelta(days=1)), tick=False)

    with pytest.raises(CommandError, match="urgent-help numbers overdue"):
        run("check_grids")
