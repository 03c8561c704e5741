"""Writes of the measure library: loading instrument files and recording answers.

Each call writes in one transaction and records one audit event per write. Audit details name
instruments and roles, never the answers given.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thrivegrids.core.audit import record_event
from thrivegrids.grids.content import ContentError, Problem
from thrivegrids.measures.content import MeasureDocument
from thrivegrids.measures.models import Instrument, Item, Response


class AlreadyAnswered(Exception):
    """This person (role) has already answered this instrument for this conversation."""


def document_of(instrument) -> MeasureDocument:
    """A stored instrument in the shape the loader reads, to compare with a file."""
    return MeasureDocument(
        path=instrument.source_file,
        slug=instrument.slug,
        version=instrument.version,
        validated=instrument.validated,
        licence=instrument.licence,
        attribution=instrument.attribution,
        languages=list(instrument.languages),
        respondent_roles=list(instrument.respondent_roles),
        scoring_rule=instrument.scoring_rule,
        scoring_parameters=dict(instrument.scoring_parameters),
        name=dict(instrument.name),
        description=dict(instrument.description),
        items=[
            {"key": i.key, "concept": i.concept, "text": dict(i.text), "scale": list(i.scale)}
            for i in instrument.items.all()
        ],
    )


def _same(stored: MeasureDocument, document: MeasureDocument):
    return {**vars(stored), "path": ""} == {**vars(document), "path": ""}


@transaction.atomic
def load_instrument_documents(*, by, documents, organisation=None):
    """Store validated documents all-or-nothing; returns created/updated/unchanged counts.

    A stored version that already has answers cannot change (the answers were given to its
    wording): a changed file must carry a new version number.
    """
    problems = []
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for document in documents:
        existing = Instrument.objects.filter(
            organisation=organisation, slug=document.slug, version=document.version
        ).first()
        if existing is not None and _same(document_of(existing), document):
            counts["unchanged"] += 1
            continue
        if existing is not None and existing.responses.exists():
            problems.append(
                Problem(
                    document.path,
                    1,
                    f"version {document.version} of {document.slug} already has answers and "
                    "cannot change: give the changed instrument a new version number",
                )
            )
            continue
        instrument = _write(document, existing or Instrument(organisation=organisation))
        counts["updated" if existing else "created"] += 1
        record_event(
            by=by,
            action="instrument.load",
            target=instrument,
            organisation=organisation,
            details={"file": document.path},
        )
    if problems:
        raise ContentError(problems)  # leaving the atomic block by an exception rolls back
    return counts


def _write(document, instrument):
    for name in (
        "slug",
        "version",
        "validated",
        "licence",
        "attribution",
        "languages",
        "respondent_roles",
        "scoring_rule",
        "scoring_parameters",
        "name",
        "description",
    ):
        setattr(instrument, name, getattr(document, name))
    instrument.source_file = document.path[:300]
    instrument.save()
    instrument.items.all().delete()
    Item.objects.bulk_create(
        Item(
            instrument=instrument,
            key=item["key"],
            position=position,
            concept=item["concept"],
            text=item["text"],
            scale=item["scale"],
        )
        for position, item in enumerate(document.items)
    )
    return instrument


def check_answers(instrument, answers):
    """{item key: value} with every item answered from its scale, or ValidationError."""
    items = list(instrument.items.all())
    if set(answers) != {item.key for item in items}:
        raise ValidationError(_("Answer every question"))
    for item in items:
        if answers[item.key] not in item.values:
            raise ValidationError(_("Choose an answer from the list"))
    return {item.key: answers[item.key] for item in items}


@transaction.atomic
def record_responses(
    *,
    by,
    conversation,
    respondent_role,
    language,
    answers_by_instrument,
    actor_label="",
    answered_on=None,
    request=None,
):
    """Store one person's answers to one or more instruments, with one audit event.

    `answers_by_instrument` maps each Instrument to {item key: value}. Raises AlreadyAnswered
    (storing nothing) if this role has answered any of them for this conversation already.
    """
    if not conversation.is_recorded:
        raise ValidationError(_("Feedback can be given once the conversation is recorded"))
    if not answers_by_instrument:
        raise ValidationError(_("There is nothing to answer"))
    versions = [row.version for row in conversation.grids.select_related("version")]
    responses = []
    for instrument, answers in answers_by_instrument.items():
        if respondent_role not in instrument.respondent_roles:
            raise ValidationError(f"{instrument} is not answered by {respondent_role}")
        if Response.objects.filter(
            conversation=conversation, instrument=instrument, respondent_role=respondent_role
        ).exists():
            raise AlreadyAnswered
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    organisation=conversation.organisation,
                    conversation=conversation,
                    instrument=instrument,
                    respondent_role=respondent_role,
                    main_grid_version=versions[0],
                    language=instrument.language_for(language),
                    answered_on=answered_on or timezone.localdate(),
                    answers=check_answers(instrument, answers),
                )
        except IntegrityError:  # answered at the same moment in another request
            raise AlreadyAnswered from None
        response.grid_versions.set(versions)
        responses.append(response)
    record_event(
        by=by,
        actor_label=actor_label,
        action="measures.response.record",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details={
            "respondent_role": respondent_role,
            "instruments": [str(instrument) for instrument in answers_by_instrument],
            "responses": [response.pk for response in responses],
        },
    )
    return responses


def answered_instruments(conversation, respondent_role):
    """Pks of the instruments this role has answered for this conversation."""
    return set(
        Response.objects.filter(
            conversation=conversation, respondent_role=respondent_role
        ).values_list("instrument_id", flat=True)
    )


def record_team_page_view(*, by, organisation, start, end, request=None):
    """One event for a look at the team page (aggregates only, no record is shown)."""
    return record_event(
        by=by,
        action="measures.team_page.view",
        target=organisation,
        organisation=organisation,
        request=request,
        details={"from": start.isoformat(), "to": end.isoformat()},
    )
