"""Grid services and model guards: immutable published versions, publishing, drafts, local details."""

import datetime

import pytest

from tests.grids.factories import (
    TODAY,
    as_yaml,
    fresh,
    make_user,
    minimal_data,
    store,
    store_draft,
    store_published,
)
from thrivegrids.core.models import AuditEvent
from thrivegrids.grids.content import ContentError, parse_text
from thrivegrids.grids.export import same_content, version_to_document
from thrivegrids.grids.models import (
    Cell,
    GridVersion,
    LocalOptionDetailChange,
    Option,
    PublishedVersionIsImmutable,
    Question,
    Source,
)
from thrivegrids.grids.services import (
    PublishRefused,
    create_draft_version,
    load_grid_documents,
    publish_grid_version,
    retire_grid_version,
    update_local_option_detail,
)
from thrivegrids.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def refused_codes(version, *, today=TODAY):
    """The essential checks a publish attempt names when it refuses."""
    with pytest.raises(PublishRefused) as caught:
        publish_grid_version(by=None, version=version, today=today)
    return {finding.code for finding in caught.value.findings}


def talk_risks_cell(version):
    return Cell.objects.get(version=version, option__key="talk", question__key="risks")


# Immutability of published versions


def test_published_version_refuses_a_changed_field():
    version = store_published()
    version.endorsed_by = "A royal college"

    with pytest.raises(PublishedVersionIsImmutable):
        version.save()

    assert GridVersion.objects.get(pk=version.pk).endorsed_by == ""


def test_published_version_refuses_a_changed_text():
    version = store_published()
    version.text = {"en": {**version.text["en"], "title": "Changed"}}

    with pytest.raises(PublishedVersionIsImmutable):
        version.save()


def test_published_version_can_be_retired():
    version = store_published()
    version.status = GridVersion.Status.RETIRED

    version.save()

    assert GridVersion.objects.get(pk=version.pk).status == GridVersion.Status.RETIRED


def test_retired_version_cannot_be_published_again():
    version = store_published()
    retire_grid_version(by=None, version=version)
    version.refresh_from_db()
    version.status = GridVersion.Status.PUBLISHED

    with pytest.raises(PublishedVersionIsImmutable):
        version.save()


def test_published_version_cannot_go_back_to_draft():
    version = store_published()
    version.status = GridVersion.Status.DRAFT

    with pytest.raises(PublishedVersionIsImmutable):
        version.save()


def test_published_version_cannot_be_deleted():
    version = store_published()

    with pytest.raises(PublishedVersionIsImmutable):
        version.delete()

    assert GridVersion.objects.filter(pk=version.pk).exists()


def test_draft_version_can_be_deleted_with_its_content():
    version = store_draft()

    version.delete()

    assert not GridVersion.objects.filter(pk=version.pk).exists()
    assert not Cell.objects.filter(version_id=version.pk).exists()


@pytest.mark.parametrize("model", [Option, Question, Source, Cell])
def test_published_version_content_refuses_to_be_saved(model):
    version = store_published()
    row = model.objects.filter(version=version).first()
    if model is Source:
        row.title = "Changed"
    else:
        row.text = {"en": "Changed"}

    with pytest.raises(PublishedVersionIsImmutable):
        row.save()


@pytest.mark.parametrize("model", [Option, Question, Source, Cell])
def test_published_version_content_refuses_to_be_deleted(model):
    version = store_published()
    row = model.objects.filter(version=version).first()

    with pytest.raises(PublishedVersionIsImmutable):
        row.delete()

    assert model.objects.filter(pk=row.pk).exists()


def test_published_version_refuses_a_new_option():
    version = store_published()

    with pytest.raises(PublishedVersionIsImmutable):
        Option.objects.create(version=version, key="new", position=9, text={"en": {"name": "New"}})


def test_draft_version_content_can_be_changed():
    version = store_draft()
    cell = talk_risks_cell(version)
    cell.text = {"en": "A new answer."}

    cell.save()

    assert talk_risks_cell(version).text == {"en": "A new answer."}


def test_published_cell_refuses_changed_citations():
    version = store_published()
    cell = talk_risks_cell(version)

    with pytest.raises(PublishedVersionIsImmutable):
        cell.sources.clear()


def test_published_option_refuses_to_move_to_a_draft():
    published = store_published()
    draft = store_draft(setting="community")
    option = Option.objects.get(version=published, key="talk")
    option.version, option.key, option.position = draft, "moved", 5

    with pytest.raises(PublishedVersionIsImmutable):
        option.save()


def test_load_refuses_a_changed_file_for_a_published_version():
    store_published()
    changed = minimal_data(status="published")
    changed["cells"]["talk"]["risks"]["text"]["en"] = "A quietly changed answer."
    document = parse_text(as_yaml(changed), "low-mood--nhs--v1.yaml")

    with pytest.raises(ContentError) as caught:
        load_grid_documents(by=None, documents=[document], today=TODAY)

    [problem] = caught.value.problems
    assert problem.path == "low-mood--nhs--v1.yaml"
    assert "is published and cannot change" in problem.message
    assert "new version number" in problem.message
    assert "quietly" not in talk_risks_cell(GridVersion.objects.get()).text["en"]


def test_load_counts_an_identical_published_file_as_unchanged():
    store_published()
    document = parse_text(as_yaml(minimal_data(status="published")), "again.yaml")
    events = AuditEvent.objects.count()

    counts = load_grid_documents(by=None, documents=[document], today=TODAY)

    assert counts == {"created": 0, "updated": 0, "unchanged": 1}
    assert AuditEvent.objects.count() == events


def test_load_replaces_the_content_of_an_existing_draft():
    store_draft()
    changed = minimal_data(status="draft")
    changed["cells"]["talk"]["risks"]["text"]["en"] = "A better answer."
    document = parse_text(as_yaml(changed), "grid.yaml")

    counts = load_grid_documents(by=None, documents=[document], today=TODAY)

    assert counts == {"created": 0, "updated": 1, "unchanged": 0}
    version = GridVersion.objects.get()
    assert talk_risks_cell(version).text == {"en": "A better answer."}
    assert Cell.objects.filter(version=version).count() == 4


def test_load_writes_nothing_when_a_later_document_cannot_publish():
    good = parse_text(as_yaml(minimal_data(setting="community")), "a.yaml")
    bad_data = minimal_data(status="published")
    bad_data["options"][0]["waiting"] = False
    del bad_data["options"][0]["text"]["en"]["when_waiting_is_not_safe"]
    bad = parse_text(as_yaml(bad_data), "b.yaml")
    events = AuditEvent.objects.count()

    with pytest.raises(ContentError) as caught:
        load_grid_documents(by=None, documents=[good, bad], today=TODAY)

    assert [p.path for p in caught.value.problems] == ["b.yaml"]
    assert "cannot publish" in caught.value.problems[0].message
    assert GridVersion.objects.count() == 0
    assert Option.objects.count() == 0
    assert AuditEvent.objects.count() == events


# Content the database cannot hold should be a problem with the file, not a crash.

BUG_LIMITS = (
    "BUG: content.py validates no database limits (version <= 2**31-1, keys <= 80 chars, "
    "source title <= 300, url <= 500, endorsement body <= 200, kind <= 60, no NUL characters "
    "for PostgreSQL), so load_grid_documents raises DataError/OverflowError (or, on SQLite, "
    "silently stores over-long values) instead of a ContentError naming the file and line"
)


def _too_big_version(data):
    data["version"] = 10**20


def _long_key(data):
    data["options"][1]["key"] = "t" * 81
    data["cells"]["t" * 81] = data["cells"].pop("talk")


def _long_title(data):
    data["sources"][0]["title"] = "A" * 301


def _nul_in_text(data):
    data["text"]["en"]["funding"] = "No\x00 funding."


@pytest.mark.parametrize("change", [_too_big_version, _long_key, _long_title, _nul_in_text])
def test_load_reports_content_too_big_for_the_database(change):
    data = minimal_data()
    change(data)

    # Reported as a file problem by parsing (or, failing that, by loading), never a database error.
    with pytest.raises(ContentError) as raised:
        load_grid_documents(
            by=None, documents=[parse_text(as_yaml(data), "grid.yaml")], today=TODAY
        )

    assert all(problem.path == "grid.yaml" for problem in raised.value.problems)
    assert GridVersion.objects.count() == 0


# Publishing


def test_publish_grid_version_publishes_a_good_draft_and_audits_it():
    user = make_user()
    draft = store_draft()

    version = publish_grid_version(by=user, version=draft, today=TODAY)

    stored = GridVersion.objects.get(pk=draft.pk)
    assert stored.status == GridVersion.Status.PUBLISHED
    assert stored.published_by == user
    assert stored.published_at is not None
    assert version.pk == draft.pk
    event = AuditEvent.objects.get(action="grid_version.publish")
    assert (event.actor, event.target_type, event.target_id) == (
        user,
        "grids.gridversion",
        str(draft.pk),
    )
    assert event.details == {"grid": "low-mood/nhs", "number": 1}


def test_publish_grid_version_refuses_a_draft_with_an_empty_cell():
    draft = store_draft()
    cell = talk_risks_cell(draft)
    cell.text = {"en": "  "}
    cell.save()

    with pytest.raises(PublishRefused) as caught:
        publish_grid_version(by=None, version=draft, today=TODAY)

    # An empty downsides cell also leaves the option's benefits unbalanced.
    assert [f.code for f in caught.value.findings] == ["empty-cell", "unbalanced"]
    assert "talk/risks" in str(caught.value)
    assert GridVersion.objects.get(pk=draft.pk).status == GridVersion.Status.DRAFT
    assert not AuditEvent.objects.filter(action="grid_version.publish").exists()


def test_publish_grid_version_refuses_a_draft_without_a_waiting_option():
    data = minimal_data()
    data["options"][0]["waiting"] = False
    del data["options"][0]["text"]["en"]["when_waiting_is_not_safe"]
    draft = store(data)

    assert refused_codes(draft) == {"waiting-option"}


def test_publish_grid_version_refuses_a_draft_without_a_benefits_row():
    data = minimal_data()
    data["questions"][0]["role"] = "general"
    draft = store(data)

    assert refused_codes(draft) == {"benefits-row"}


def test_publish_grid_version_refuses_a_draft_without_a_downsides_row():
    data = minimal_data()
    data["questions"][1]["role"] = "general"
    draft = store(data)

    # Without a downsides row the option's harms cannot balance its benefits either.
    assert refused_codes(draft) == {"downsides-row", "unbalanced"}


def test_publish_grid_version_refuses_a_draft_with_an_uncited_cell():
    draft = store_draft()
    talk_risks_cell(draft).sources.clear()

    assert refused_codes(fresh(draft)) == {"uncited-cell"}


def test_publish_grid_version_refuses_a_draft_whose_review_date_has_passed():
    draft = store_draft(
        published_on=datetime.date(2025, 1, 1), next_review_on=TODAY - datetime.timedelta(days=1)
    )

    assert refused_codes(draft) == {"review-date"}


def test_publish_grid_version_refuses_a_draft_reviewed_today():
    draft = store_draft(published_on=datetime.date(2025, 1, 1), next_review_on=TODAY)

    assert refused_codes(draft) == {"review-date"}


@pytest.mark.parametrize("statement", ["authors", "funding"])
def test_publish_grid_version_refuses_a_draft_without_authors_or_funding(statement):
    draft = store_draft()
    draft.text = {"en": {**draft.text["en"], statement: ""}}
    draft.save()

    assert refused_codes(draft) == {"authorship"}


def test_publish_grid_version_refuses_a_draft_without_a_described_condition():
    draft = store_draft()
    draft.text = {"en": {**draft.text["en"], "condition": " ", "decision": ""}}
    draft.save()

    assert refused_codes(draft) == {"condition", "decision"}


def test_publish_grid_version_refuses_a_draft_with_one_option():
    data = minimal_data()
    data["options"] = data["options"][:1]
    del data["cells"]["talk"]
    draft = store(data)

    assert refused_codes(draft) == {"options"}


def test_publish_grid_version_refuses_rows_that_differ_from_the_other_setting():
    community = minimal_data(setting="community")
    community["questions"][1]["key"] = "downsides"
    for row in community["cells"].values():
        row["downsides"] = row.pop("risks")
    store(community)
    draft = store_draft()

    assert refused_codes(draft) == {"parity"}


def test_publish_grid_version_accepts_rows_that_match_the_other_setting():
    store_published(setting="community")
    draft = store_draft()

    publish_grid_version(by=None, version=draft, today=TODAY)

    assert GridVersion.objects.get(pk=draft.pk).status == GridVersion.Status.PUBLISHED


def test_grid_files_cannot_carry_their_own_crisis_contacts():
    """Urgent help is declared once (content/urgent-help.yaml), never per grid version."""
    contacts = [{"name": {"en": "Samaritans"}, "how": {"en": "Call 116 123."}, "phone": "116 123"}]

    with pytest.raises(ContentError, match="unknown field 'crisis_contacts'"):
        store_draft(topic="self-harm", crisis_contacts=contacts)


def test_publish_grid_version_refuses_a_version_that_is_not_a_draft():
    version = store_published()

    assert refused_codes(version) == {"status"}


# Drafts


def test_create_draft_version_copies_the_latest_version_into_the_next_number():
    user = make_user()
    published = store_published()

    draft = create_draft_version(by=user, grid=published.grid)

    draft = fresh(draft)
    assert (draft.number, draft.status, draft.published_on) == (2, GridVersion.Status.DRAFT, None)
    copied, original = version_to_document(draft), version_to_document(fresh(published))
    copied.version, copied.status, copied.published_on = 1, "published", original.published_on
    assert same_content(copied, original)
    assert Cell.objects.filter(version=draft).count() == 4
    assert AuditEvent.objects.filter(
        action="grid_version.create_draft", actor=user, target_id=str(draft.pk)
    ).exists()


def test_create_draft_version_returns_the_existing_draft():
    published = store_published()
    first = create_draft_version(by=None, grid=published.grid)

    second = create_draft_version(by=None, grid=published.grid)

    assert second.pk == first.pk
    assert GridVersion.objects.filter(status=GridVersion.Status.DRAFT).count() == 1


def test_create_draft_version_then_publish_makes_version_two_published():
    published = store_published()
    draft = create_draft_version(by=None, grid=published.grid)

    publish_grid_version(by=None, version=draft, today=TODAY)

    numbers = GridVersion.objects.published().values_list("number", flat=True)
    assert sorted(numbers) == [1, 2]


# Local option details


@pytest.fixture
def site():
    return Organisation.objects.create(name="Example site", slug="example-site", kind="site")


def test_update_local_option_detail_records_each_changed_field_with_who(site):
    user = make_user()
    grid = store_published().grid

    detail = update_local_option_detail(
        by=user,
        organisation=site,
        grid=grid,
        option_key="talk",
        note="Tuesdays at the hub",
        contact="01632 960 001",
    )

    changes = {c.field: c for c in LocalOptionDetailChange.objects.filter(detail=detail)}
    assert set(changes) == {"note", "contact"}
    assert (changes["note"].old_value, changes["note"].new_value) == ("", "Tuesdays at the hub")
    assert {c.changed_by for c in changes.values()} == {user}
    assert detail.updated_by == user
    event = AuditEvent.objects.get(action="local_option_detail.update")
    assert (event.actor, event.organisation, event.details) == (
        user,
        site,
        {"fields": ["note", "contact"]},
    )


def test_update_local_option_detail_records_only_the_field_that_changed(site):
    grid = store_published().grid
    update_local_option_detail(
        by=None, organisation=site, grid=grid, option_key="talk", note="Old", contact="0100"
    )

    detail = update_local_option_detail(
        by=None, organisation=site, grid=grid, option_key="talk", note="New", contact="0100"
    )

    latest = LocalOptionDetailChange.objects.filter(detail=detail).first()
    assert (latest.field, latest.old_value, latest.new_value) == ("note", "Old", "New")
    assert LocalOptionDetailChange.objects.filter(detail=detail).count() == 3


def test_update_local_option_detail_without_a_change_writes_no_history(site):
    grid = store_published().grid
    detail = update_local_option_detail(
        by=None, organisation=site, grid=grid, option_key="talk", note="Same", contact=""
    )
    history, events = LocalOptionDetailChange.objects.count(), AuditEvent.objects.count()

    update_local_option_detail(
        by=None, organisation=site, grid=grid, option_key="talk", note="Same", contact=""
    )

    assert LocalOptionDetailChange.objects.filter(detail=detail).count() == history == 1
    assert AuditEvent.objects.count() == events
