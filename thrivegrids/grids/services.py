"""Writes to grid content. Every function is atomic and audited; the actor is `by`."""

from django.db import transaction
from django.utils import timezone

from thrivegrids.core.audit import record_event
from thrivegrids.core.content_generation import bump_content_generation
from thrivegrids.grids import quality
from thrivegrids.grids.content import ContentError, Problem
from thrivegrids.grids.export import same_content, version_to_document
from thrivegrids.grids.models import (
    Cell,
    Grid,
    GridVersion,
    LocalOptionDetail,
    LocalOptionDetailChange,
    Option,
    Question,
    Source,
)


class PublishRefused(Exception):
    def __init__(self, version, findings):
        self.version = version
        self.findings = findings
        super().__init__(
            f"{version} fails essential checks: " + "; ".join(f.message for f in findings)
        )


def counterpart_for(version):
    """The other setting's grid version to compare question rows with: latest published, else latest."""
    others = GridVersion.objects.filter(
        grid__topic_id=version.grid.topic_id, grid__setting=version.grid.other_setting
    ).exclude(status=GridVersion.Status.RETIRED)
    return others.published().order_by("-number").first() or others.order_by("-number").first()


def check_grid_version(version, *, today=None):
    today = today or timezone.localdate()
    superseded = (
        not version.is_draft
        and version.grid.versions.published().filter(number__gt=version.number).exists()
    )
    return quality.check_version(
        version, today=today, counterpart=counterpart_for(version), superseded=superseded
    )


@transaction.atomic
def publish_grid_version(*, by, version, today=None, request=None):
    """Publish a draft; refuses, naming each failed essential check."""
    version = GridVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise PublishRefused(
            version,
            [quality.Finding(quality.ESSENTIAL, "status", "Only a draft can be published.")],
        )
    failed = quality.essential_findings(check_grid_version(version, today=today))
    if failed:
        raise PublishRefused(version, failed)
    version.status = GridVersion.Status.PUBLISHED
    version.published_on = version.published_on or timezone.localdate()
    version.published_at = timezone.now()
    version.published_by = by if getattr(by, "is_authenticated", False) else None
    version.save()
    bump_content_generation()
    record_event(
        by=by,
        action="grid_version.publish",
        target=version,
        request=request,
        details={"grid": str(version.grid), "number": version.number},
    )
    return version


@transaction.atomic
def retire_grid_version(*, by, version, request=None):
    version = GridVersion.objects.select_for_update().get(pk=version.pk)
    version.status = GridVersion.Status.RETIRED
    version.save()
    bump_content_generation()
    record_event(by=by, action="grid_version.retire", target=version, request=request)
    return version


@transaction.atomic
def save_topic(*, by, topic, request=None):
    """Save a topic's names and settings; its grid pages show the change at once."""
    topic.save()
    bump_content_generation()
    record_event(by=by, action="topic.save", target=topic, request=request)
    return topic


@transaction.atomic
def create_draft_version(*, by, grid, request=None):
    """A new draft copying the latest version's content, ready for the content team to edit."""
    latest = grid.versions.order_by("-number").first()
    if latest is not None and latest.is_draft:
        return latest
    number = latest.number + 1 if latest else 1
    if latest is None:
        draft = GridVersion.objects.create(
            grid=grid, number=number, translation_status={"en": "draft"}
        )
    else:
        document = version_to_document(latest)
        document.version, document.status = number, "draft"
        document.published_on = None
        draft = _write_document(document, grid)
    record_event(by=by, action="grid_version.create_draft", target=draft, request=request)
    return draft


def _write_document(document, grid, existing=None):
    """Store a document as a draft version (replacing the content of an existing draft)."""
    if existing is not None:
        existing.cells.all().delete()
        existing.options.all().delete()
        existing.questions.all().delete()
        existing.sources.all().delete()
        version = existing
    else:
        version = GridVersion(grid=grid, number=document.version)
    version.status = GridVersion.Status.DRAFT
    version.published_on = document.published_on
    version.next_review_on = document.next_review_on
    version.is_example_content = document.example_content
    version.endorsed = document.endorsed
    version.endorsed_by = document.endorsed_by
    version.translation_status = document.languages
    version.text = document.text
    version.age_min, version.age_max = document.age_min, document.age_max
    version.clinical_review = document.clinical_review
    version.readability_names = document.names
    version.save()
    sources = {
        s["key"]: Source.objects.create(
            version=version,
            position=i,
            key=s["key"],
            title=s["title"],
            recommendation=s["recommendation"],
            url=s["url"],
            evidence=s["evidence"],
        )
        for i, s in enumerate(document.sources)
    }
    options = {
        o["key"]: Option.objects.create(
            version=version,
            position=i,
            key=o["key"],
            is_waiting=o["waiting"],
            kind=o["kind"],
            text=o["text"],
            benefits_and_harms=o["benefits_and_harms"],
        )
        for i, o in enumerate(document.options)
    }
    questions = {
        q["key"]: Question.objects.create(
            version=version, position=i, key=q["key"], role=q["role"], text=q["text"]
        )
        for i, q in enumerate(document.questions)
    }
    for (option_key, question_key), cell_data in document.cells.items():
        cell = Cell.objects.create(
            version=version,
            option=options[option_key],
            question=questions[question_key],
            text=cell_data["text"],
        )
        cell.sources.set([sources[key] for key in cell_data["sources"]])
    return version


@transaction.atomic
def load_grid_documents(*, by, documents, today=None):
    """Store validated documents all-or-nothing; publish the ones marked published.

    Returns (created, updated, unchanged) counts. Raises ContentError and writes nothing when a
    published version would change or fails an essential check.
    """
    problems, to_publish = [], []
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    grids = {(g.topic.slug, g.setting): g for g in Grid.objects.select_related("topic")}
    for document in documents:
        grid = grids.get((document.topic, document.setting))
        if grid is None:
            problems.append(
                Problem(
                    document.path, 1, f"no grid {document.topic}/{document.setting} in the database"
                )
            )
            continue
        existing = grid.versions.filter(number=document.version).first()
        if existing is not None and not existing.is_draft:
            if same_content(
                version_to_document(GridVersion.objects.with_content().get(pk=existing.pk)),
                document,
            ):
                counts["unchanged"] += 1
            else:
                problems.append(
                    Problem(
                        document.path,
                        1,
                        f"version {document.version} of {grid} is published and "
                        "cannot change: give the changed content a new version number",
                    )
                )
            continue
        version = _write_document(document, grid, existing)
        counts["updated" if existing else "created"] += 1
        record_event(
            by=by, action="grid_version.load", target=version, details={"file": document.path}
        )
        if document.status == "published":
            to_publish.append((document, version))
    if not problems:
        for document, version in to_publish:
            try:
                # A file records a version published in the past: check it as of its own
                # publication date, so the content folder still loads after a review date passes.
                publish_grid_version(by=by, version=version, today=today or document.published_on)
            except PublishRefused as refused:
                problems.extend(
                    Problem(document.path, 1, f"cannot publish: {f.message}")
                    for f in refused.findings
                )
    if problems:
        raise ContentError(problems)  # leaving the atomic block by an exception rolls back
    return counts


@transaction.atomic
def update_local_option_detail(*, by, organisation, grid, option_key, note, contact, request=None):
    """Change a site's local note or contact for an option, keeping a history of each change."""
    detail, _created = LocalOptionDetail.objects.select_for_update().get_or_create(
        organisation=organisation, grid=grid, option_key=option_key
    )
    changes = [
        (name, getattr(detail, name), value)
        for name, value in (("note", note), ("contact", contact))
        if getattr(detail, name) != value
    ]
    if not changes:
        return detail
    for name, old, new in changes:
        LocalOptionDetailChange.objects.create(
            detail=detail, changed_by=by, field=name, old_value=old, new_value=new
        )
        setattr(detail, name, new)
    detail.updated_by = by
    detail.save()
    bump_content_generation()
    record_event(
        by=by,
        action="local_option_detail.update",
        target=detail,
        organisation=organisation,
        request=request,
        details={"fields": [name for name, _old, _new in changes]},
    )
    return detail
