"""The management commands on small documents: load_grids, export_grids, check_grids.

Round trips over the whole demo content are in test_export.py.
"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.grids.factories import (
    DEMO,
    MINIMAL_YAML,
    TODAY,
    as_yaml,
    junk,
    line_of,
    minimal_data,
    run,
    snapshot,
)
from thrivegrids.core.models import AuditEvent
from thrivegrids.grids.content import ContentError, parse_files, parse_text
from thrivegrids.grids.export import document_to_yaml, same_content, version_to_document
from thrivegrids.grids.models import GridVersion
from thrivegrids.grids.services import load_grid_documents

DATABASE_EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def minimal_data_text(**changes):
    return as_yaml(minimal_data(**changes))


# load_grids


def test_load_grids_loads_the_demo_content(db):
    out, _err = run("load_grids", str(DEMO))

    assert "Loaded 9 grid version(s): 9 new, 0 drafts updated, 0 unchanged." in out
    assert GridVersion.objects.published().count() == 9
    assert AuditEvent.objects.filter(action="grid_version.publish").count() == 9


def test_load_grids_reports_each_problem_as_file_and_line(db, tmp_path):
    bad = tmp_path / "low-mood--nhs--v1.yaml"
    bad.write_text(MINIMAL_YAML.replace("evidence: research", "evidence: hearsay"))

    err = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was loaded: 1 problem"):
        call_command("load_grids", str(tmp_path), stdout=io.StringIO(), stderr=err)

    line = line_of(bad.read_text(), "evidence: hearsay")
    assert (
        f"{bad}:{line}: source nice evidence must be research or expert-consensus" in err.getvalue()
    )
    assert GridVersion.objects.count() == 0


def test_load_grids_writes_nothing_when_one_of_the_demo_files_is_broken(db, tmp_path):
    for path in DEMO.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    broken = tmp_path / "self-harm--nhs--v1.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("waiting: true", "waiting: false"))
    before = snapshot()

    with pytest.raises(CommandError):
        run("load_grids", str(tmp_path))

    assert snapshot() == before


def test_load_grids_still_loads_a_published_file_after_its_review_date_has_passed(db, monkeypatch):
    # Files record versions published in the past: with no explicit date the loader checks each
    # as of its own publication date, so the folder still loads once a review date has passed.
    monkeypatch.setattr(
        "thrivegrids.grids.services.timezone.localdate", lambda: datetime.date(2027, 6, 1)
    )
    documents = parse_files([DEMO / "low-mood--nhs--v1.yaml"])

    counts = load_grid_documents(by=None, documents=documents)

    assert counts["created"] == 1


def _published_batch(tmp_path, mutated_text):
    """A good community draft that sorts first, and a published NHS file that was mutated."""
    folder = tmp_path
    (folder / "a-good.yaml").write_text(minimal_data_text(setting="community"), encoding="utf-8")
    (folder / "b-mutated.yaml").write_text(mutated_text, encoding="utf-8")
    return folder


# Changes that still parse but must stop the batch at the database stage.
SEMANTIC_BREAKS = {
    "no waiting option": lambda d: d["options"][0].update(waiting=False),
    "no benefits row": lambda d: d["questions"][0].update(role="general"),
    "review date passed": lambda d: d.update(
        published_on=TODAY.replace(year=2020), next_review_on=TODAY.replace(year=2021)
    ),
    "rows differ from community": lambda d: d["questions"].reverse(),
    "self-harm, no crisis contacts": lambda d: d.update(topic="self-harm"),
}


@st.composite
def published_mutations(draw):
    data = minimal_data(status="published")
    if draw(st.booleans()):
        SEMANTIC_BREAKS[draw(st.sampled_from(sorted(SEMANTIC_BREAKS)))](data)
    else:
        section = draw(st.sampled_from(["options", "questions", "sources"]))
        item = draw(st.sampled_from(data[section]))
        field = draw(st.sampled_from(sorted(item)))
        # Junk is kept to types the database can hold; over-big values are a known bug
        # (see test_services.test_load_reports_content_too_big_for_the_database).
        item[field] = draw(junk.filter(lambda value: not isinstance(value, int) or value < 1000))
    return as_yaml(data)


@DATABASE_EXAMPLES
@given(mutated=published_mutations())
def test_load_grids_writes_nothing_or_everything_for_a_mutated_batch(db, tmp_path, mutated):
    folder = _published_batch(tmp_path, mutated)
    with transaction.atomic():
        before = snapshot()
        try:
            run("load_grids", str(folder))
        except CommandError:
            event("refused")
            assert snapshot() == before
        else:
            event("loaded")
            assert GridVersion.objects.count() == 2
        transaction.set_rollback(True)


def test_load_grid_documents_writes_nothing_when_the_last_document_is_refused(db):
    good = parse_text(minimal_data_text(setting="community"), "a.yaml")
    data = minimal_data(status="published")
    data["questions"].reverse()
    refused = parse_text(as_yaml(data), "b.yaml")
    before = snapshot()

    with pytest.raises(ContentError, match="cannot publish"):
        load_grid_documents(by=None, documents=[good, refused], today=TODAY)

    assert snapshot() == before


# export_grids and the round trip


def test_export_of_a_draft_loads_back_as_the_same_draft(db, tmp_path):
    load_grid_documents(by=None, documents=[parse_text(minimal_data_text(), "g.yaml")], today=TODAY)

    run("export_grids", str(tmp_path))

    [document] = parse_files([tmp_path])
    assert document.status == "draft"
    assert same_content(document, parse_text(minimal_data_text(), "g.yaml"))


printable_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40
).filter(str.strip)


@DATABASE_EXAMPLES
@given(cell=printable_text, name=printable_text, title=printable_text)
def test_any_stored_text_exports_and_reloads_unchanged(db, cell, name, title):
    data = minimal_data()
    data["cells"]["talk"]["risks"]["text"]["en"] = cell
    data["options"][1]["text"]["en"]["name"] = name
    data["sources"][0]["title"] = title[:300]
    with transaction.atomic():
        load_grid_documents(by=None, documents=[parse_text(as_yaml(data), "g.yaml")], today=TODAY)
        stored = version_to_document(GridVersion.objects.with_content().get())

        reloaded = parse_text(document_to_yaml(stored), "again.yaml")

        assert same_content(reloaded, stored)
        counts = load_grid_documents(by=None, documents=[reloaded], today=TODAY)
        assert counts == {"created": 0, "updated": 1, "unchanged": 0}
        assert same_content(version_to_document(GridVersion.objects.with_content().get()), stored)
        transaction.set_rollback(True)


# check_grids


def test_check_grids_lets_a_failing_draft_through(db):
    data = minimal_data()
    data["options"][0]["waiting"] = False
    load_grid_documents(by=None, documents=[parse_text(as_yaml(data), "g.yaml")], today=TODAY)

    out, _err = run("check_grids")

    assert "FAIL low-mood/nhs v1 (draft)" in out
    assert "every published version passes" in out
