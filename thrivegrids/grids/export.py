"""Turning stored versions back into content documents and YAML (the inverse of content.py)."""

import dataclasses
import datetime

import yaml

from thrivegrids.grids.content import FORMAT, GridDocument


def version_to_document(version):
    """The GridDocument a version was loaded from (path left empty)."""
    options = list(version.options.all())
    questions = list(version.questions.all())
    sources_by_id = {source.pk: source.key for source in version.sources.all()}
    option_keys = {option.pk: option.key for option in options}
    question_keys = {question.pk: question.key for question in questions}
    cells = {}
    for cell in version.cells.all():
        cited = sorted(
            (sources_by_id[source.pk] for source in cell.sources.all()),
            key=list(sources_by_id.values()).index,
        )
        cells[(option_keys[cell.option_id], question_keys[cell.question_id])] = {
            "sources": cited,
            "text": dict(cell.text),
        }
    return GridDocument(
        path="",
        topic=version.grid.topic.slug,
        setting=version.grid.setting,
        version=version.number,
        status="draft" if version.is_draft else "published",
        published_on=version.published_on,
        next_review_on=version.next_review_on,
        example_content=version.is_example_content,
        endorsed=version.endorsed,
        endorsed_by=version.endorsed_by,
        languages=dict(version.translation_status),
        text={language: dict(text) for language, text in version.text.items()},
        age_min=version.age_min,
        age_max=version.age_max,
        clinical_review=[dict(review) for review in version.clinical_review],
        names=list(version.readability_names),
        sources=[
            {
                "key": s.key,
                "title": s.title,
                "recommendation": s.recommendation,
                "url": s.url,
                "evidence": s.evidence,
            }
            for s in version.sources.all()
        ],
        options=[
            {
                "key": o.key,
                "waiting": o.is_waiting,
                "kind": o.kind,
                "text": dict(o.text),
                "benefits_and_harms": dict(o.benefits_and_harms),
            }
            for o in options
        ],
        questions=[{"key": q.key, "role": q.role, "text": dict(q.text)} for q in questions],
        cells=cells,
    )


def same_content(first, second):
    """True when two documents say the same thing, wherever they were read from."""
    return dataclasses.replace(first, path="") == dataclasses.replace(second, path="")


def document_to_yaml(document):
    data = {
        "format": FORMAT,
        "topic": document.topic,
        "setting": document.setting,
        "version": document.version,
        "status": document.status,
    }
    if document.published_on:
        data["published_on"] = document.published_on
    if document.next_review_on:
        data["next_review_on"] = document.next_review_on
    data["example_content"] = document.example_content
    data["clinical_review"] = [
        {**review, "reviewed_on": datetime.date.fromisoformat(review["reviewed_on"])}
        for review in document.clinical_review
    ]
    if document.age_min is not None:
        data["age_range"] = {"min": document.age_min, "max": document.age_max}
    if document.names:
        data["names"] = document.names
    data["endorsement"] = {"endorsed": document.endorsed, "body": document.endorsed_by}
    data["languages"] = document.languages
    data["text"] = document.text
    data["sources"] = document.sources
    data["options"] = [
        {key: value for key, value in option.items() if key != "kind" or value}
        for option in document.options
    ]
    data["questions"] = document.questions
    cells = {}
    for option in document.options:
        cells[option["key"]] = {
            question["key"]: document.cells[(option["key"], question["key"])]
            for question in document.questions
        }
    data["cells"] = cells
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def export_filename(document):
    return f"{document.topic}--{document.setting}--v{document.version}.yaml"
