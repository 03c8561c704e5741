"""Round trips over the demo content: export, reload, check. The demo is loaded once per module."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.grids.factories import DEMO, run, snapshot
from thrivegrids.grids.content import parse_files
from thrivegrids.grids.export import same_content, version_to_document
from thrivegrids.grids.models import Cell, GridVersion
from thrivegrids.grids.services import load_grid_documents


@pytest.fixture
def demo_grids(demo_site, db):
    """The demo content (shared by this module; each test's writes are rolled back)."""


# export_grids and the round trip


def test_export_grids_writes_one_file_per_version(demo_grids, tmp_path):
    out, _err = run("export_grids", str(tmp_path))

    assert "Wrote 9 file(s)" in out
    assert sorted(p.name for p in tmp_path.glob("*.yaml")) == sorted(
        p.name for p in DEMO.glob("*.yaml")
    )


def test_export_grids_says_what_the_content_files_say(demo_grids, tmp_path):
    run("export_grids", str(tmp_path))

    exported = {Path(d.path).name: d for d in parse_files([tmp_path])}
    for original in parse_files([DEMO]):
        assert same_content(exported[Path(original.path).name], original), original.path


def test_export_grids_twice_writes_identical_bytes(demo_grids, tmp_path):
    run("export_grids", str(tmp_path / "first"))
    run("export_grids", str(tmp_path / "second"))

    first = {p.name: p.read_bytes() for p in (tmp_path / "first").glob("*.yaml")}
    second = {p.name: p.read_bytes() for p in (tmp_path / "second").glob("*.yaml")}
    assert first == second and len(first) == 9


def test_load_grids_of_an_export_changes_nothing(demo_grids, tmp_path):
    run("export_grids", str(tmp_path))
    before = snapshot()

    out, _err = run("load_grids", str(tmp_path))

    assert "9 grid version(s): 0 new, 0 drafts updated, 9 unchanged" in out
    assert snapshot() == before


def test_export_loads_into_an_empty_database_with_the_same_content(demo_grids, tmp_path):
    run("export_grids", str(tmp_path))
    exported = parse_files([tmp_path])
    # A queryset delete skips GridVersion.delete's guard on purpose: it empties the tables so
    # the export is loaded into a database that has never seen the demo content.
    GridVersion.objects.all().delete()

    counts = load_grid_documents(by=None, documents=exported)

    assert counts == {"created": 9, "updated": 0, "unchanged": 0}
    stored = {
        (v.grid.topic.slug, v.grid.setting, v.number): version_to_document(v)
        for v in GridVersion.objects.with_content()
    }
    for document in exported:
        assert same_content(stored[(document.topic, document.setting, document.version)], document)


# check_grids


def test_check_grids_passes_on_the_demo_content(demo_grids):
    out, _err = run("check_grids")

    assert "Checked 9 version(s): every published version passes" in out
    assert "FAIL" not in out


def test_check_grids_fails_when_a_published_version_has_an_empty_cell(demo_grids):
    version = GridVersion.objects.get(grid__topic__slug="adhd", grid__setting="nhs")
    cell = Cell.objects.filter(version=version).order_by("pk").first()
    # A queryset update skips the model's immutability guard: the only way to reach this state,
    # which is what check_grids exists to catch (a database edited behind the application).
    Cell.objects.filter(pk=cell.pk).update(text={"en": ""})

    with pytest.raises(CommandError, match="1 published version"):
        run("check_grids")


def test_check_grids_names_the_failing_check(demo_grids):
    version = GridVersion.objects.get(grid__topic__slug="adhd", grid__setting="nhs")
    cell = Cell.objects.filter(version=version).order_by("pk").first()
    Cell.objects.filter(pk=cell.pk).update(text={"en": ""})
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("check_grids", stdout=out)

    assert "FAIL adhd/nhs v1" in out.getvalue()
    assert "[essential] empty-cell" in out.getvalue()
