"""Feeds are refused whole, with the file and line where the bad record starts, when a text is
over its length limit, the JSON is nested too deeply, or the file is no JSON feed at all."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.directory import feeds
from thrivegrids.directory.models import FeedRun, Service
from thrivegrids.directory.oruk import limits
from thrivegrids.directory.oruk.dump import read_dump
from thrivegrids.directory.oruk.fields import DESCRIPTION_LENGTH, FeedError

DOC = Path("docs/directory-feeds.md")


def _write_indented(path, records):
    """One record after another over many lines, as a person or a tool would lay a feed out."""
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    return path


def _line_of(path, record_id):
    """The line on which the record with this id starts (its opening brace)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if f'"id": "{record_id}"' in line)
    return next(n for n in range(at, -1, -1) if lines[n].strip() == "{") + 1


def _problems(path):
    with pytest.raises(FeedError) as caught:
        read_dump(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_description_over_its_limit_is_refused_at_the_line_its_record_starts(tmp_path):
    records = [feeds.service(), feeds.service(), feeds.service()]
    records[1]["description"] = "x" * (DESCRIPTION_LENGTH + 1)
    path = _write_indented(tmp_path / "feed.json", records)

    problems = _problems(path)

    line = _line_of(path, records[1]["id"])
    assert line > 30  # the second record, well after the first
    assert problems == [
        f"service {records[1]['id']}: description: must be at most 10000 characters "
        f"(feed.json:{line}, record 2)"
    ]


def test_a_description_at_its_limit_is_accepted(tmp_path):
    record = feeds.service(description="x" * DESCRIPTION_LENGTH)
    assert len(read_dump(feeds.write(tmp_path / "feed.json", [record])).services) == 1


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("name", lambda r: r.update(name="n" * 256)),
        ("organization.description", lambda r: r["organization"].update(description="d" * 10_001)),
        ("phones[0].number", lambda r: r["phones"][0].update(number="1" * 51)),
        ("schedules[0].description", lambda r: r["schedules"][0].update(description="s" * 10_001)),
        (
            "service_at_locations[0].location.addresses[0].postal_code",
            lambda r: r["service_at_locations"][0]["location"].update(
                addresses=[
                    {
                        "id": feeds.new_id(),
                        "address_1": "1 High Street",
                        "city": "Valleyford",
                        "state_province": "Example Valley",
                        "postal_code": "P" * 21,
                        "country": "GB",
                        "address_type": "physical",
                    }
                ]
            ),
        ),
    ],
)
def test_nested_text_over_its_limit_is_named_by_its_path(tmp_path, where, change):
    record = feeds.service()
    change(record)
    problems = _problems(feeds.write(tmp_path / "feed.json", [record]))
    assert len(problems) == 1
    assert f": {where}: must be at most " in problems[0]
    assert problems[0].endswith("(feed.json:1, record 1)")


def test_a_50_mb_description_is_refused_and_nothing_is_imported(db, tmp_path):
    record = feeds.service(description="word " * 10_000_000)
    path = feeds.write(tmp_path / "huge.json", [record])
    errors = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_oruk", str(path), stderr=errors)

    assert "description: must be at most 10000 characters (huge.json:1, record 1)" in (
        errors.getvalue()
    )
    assert not Service.objects.exists()
    assert not FeedRun.objects.exists()


def test_every_text_field_has_a_limit_or_a_fixed_format():
    unbounded = [
        (record, name)
        for record, name, limit in limits.text_fields()
        if limit is None and name not in limits.FORMATS
    ]
    assert unbounded == []
    assert len(limits.text_fields()) > 60  # every record nested in a service, and taxonomies


def test_the_docs_list_every_limit_as_the_schema_declares_it():
    text = DOC.read_text(encoding="utf-8")
    table = re.search(r"<!-- limits:start -->\n(.*?)<!-- limits:end -->", text, re.S)
    assert table is not None, "docs/directory-feeds.md has lost its limits table markers"
    assert table[1] == limits.limits_table(), (
        "Regenerate the table: python -c 'from thrivegrids.directory.oruk.limits import "
        "limits_table; print(limits_table())'"
    )


def test_deeply_nested_json_is_one_clear_problem(db, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[\n" + "[" * 100_000 + "]" * 100_000 + "\n]", encoding="utf-8")
    errors = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_oruk", str(path), stderr=errors)

    assert errors.getvalue().strip() == (
        "deep.json:2: not valid for a feed: arrays or objects are nested too deeply to read"
    )


def test_deep_nesting_inside_a_record_names_the_record_line(tmp_path):
    record = feeds.service()
    text = json.dumps([record, feeds.service()], indent=2)
    deep = '"extra": ' + "[" * 50_000 + "]" * 50_000 + ","
    text = text.replace(f'"id": "{record["id"]}",', f'"id": "{record["id"]}", {deep}', 1)
    path = tmp_path / "feed.json"
    path.write_text(text, encoding="utf-8")
    assert _problems(path) == [
        "feed.json:2: not valid for a feed: arrays or objects are nested too deeply to read"
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("name,age\nx,1\n", "feed.json: not valid JSON: Expecting value (line 1, column 1)"),
        ("", "feed.json: not valid JSON: Expecting value (line 1, column 1)"),
        ('[\n{"id": 1},\n{"id": 2}\n', "feed.json: not valid JSON: Expecting ',' delimiter"),
        ("[{}] []", "feed.json: not valid JSON: Extra data (line 1, column 6)"),
        ("42", "feed.json: must be a list of records or an Open Referral page"),
        ('{"total_items": 0}', "feed.json: must be a list of records or an Open Referral page"),
    ],
)
def test_a_file_that_is_no_json_feed_is_one_clear_problem(tmp_path, content, problem):
    path = tmp_path / "feed.json"
    path.write_text(content, encoding="utf-8")
    problems = _problems(path)
    assert len(problems) == 1
    assert problems[0].startswith(problem)


def test_a_binary_file_cannot_be_read(tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(b"\xff\xfe\x00\x81 not text")
    (problem,) = _problems(path)
    assert problem.startswith("feed.json: cannot be read: 'utf-8' codec can't decode")


def test_records_of_a_page_are_numbered_by_their_own_lines(tmp_path):
    records = [feeds.service(), feeds.service(name="")]
    body = {"total_items": 2, "page_number": 1, "contents": records}
    path = tmp_path / "page.json"
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    line = _line_of(path, records[1]["id"])
    assert _problems(path) == [
        f"service {records[1]['id']}: name: is required (page.json:{line}, record 2)"
    ]
