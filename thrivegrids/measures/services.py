"""Writes of the measure library: loading instrument files and recording answers.

Each call writes in one transaction and records one audit event per write. Audit details name
instruments and roles, never the answers given.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from thrivegrids.accounts.models import Membership
from thrivegrids.accounts.permissions import Permission, Role, role_has_permission
from thrivegrids.conversations.public import Conversation, record_conversation_read
from thrivegrids.core.audit import record_event
from thrivegrids.core.content_yaml import ContentError, Problem
from thrivegrids.measures import reports
from thrivegrids.measures.content import MeasureDocument
from thrivegrids.measures.models import Instrument, Item, Response

FEEDBACK_LINK_ACTOR = "feedback link"


class AlreadyAnswered(Exception):
    """This person (role) has already answered this instrument for this conversation."""


class AnsweringClosed(Exception):
    """The instrument's answering window for this conversation has ended."""


def document_of(instrument) -> MeasureDocument:
    """A stored instrument in the shape the loader reads, to compare with a file."""
    return MeasureDocument(
        path=instrument.source_file,
        slug=instrument.slug,
        version=instrument.version,
        validated=instrument.validated,
        licence=instrument.licence,
        licence_url=instrument.licence_url,
        licence_statement=instrument.licence_statement,
        attribution=instrument.attribution,
        answering_window_days=instrument.answering_window_days,
        benchmark=dict(instrument.benchmark),
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
    return dataclasses.replace(stored, path="") == dataclasses.replace(document, path="")


def may_mark_validated(user, organisation):
    """Whether `user` is a site admin (MARK_INSTRUMENT_VALIDATED) of `organisation` itself.

    Validation is claimed under a licence, which an organisation holds: an instrument for
    everyone (no organisation) can never be marked validated.
    """
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    roles = [
        role for role in Role if role_has_permission(role, Permission.MARK_INSTRUMENT_VALIDATED)
    ]
    return Membership.objects.filter(user=user, organisation=organisation, role__in=roles).exists()


def _validation_problems(by, documents, organisation):
    if organisation is None:
        reason = (
            "validated: true needs the organisation that holds the licence: load it with "
            "--organisation SLUG --by USERNAME (a site admin there)"
        )
    elif not may_mark_validated(by, organisation):
        reason = (
            f"validated: true can only be loaded by a site admin of {organisation.slug}: "
            "load it with --by USERNAME (a site admin there)"
        )
    else:
        return []
    return [
        Problem(document.path, document.validated_line, reason)
        for document in documents
        if document.validated
    ]


@transaction.atomic
def load_instrument_documents(*, by, documents, organisation=None):
    """Store validated documents all-or-nothing; returns created/updated/unchanged counts.

    A stored version that already has answers cannot change (the answers were given to its
    wording): a changed file must carry a new version number. A file that says `validated: true`
    is refused unless `by` is a site admin of `organisation` (see may_mark_validated).
    """
    problems = _validation_problems(by, documents, organisation)
    if problems:
        raise ContentError(problems)
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
        # A validated instrument's load is its own action, so the audit trail answers
        # "who said this instrument is validated, and when".
        record_event(
            by=by,
            action="instrument.mark_validated" if document.validated else "instrument.load",
            target=instrument,
            organisation=organisation,
            details={
                "file": document.path,
                "instrument": str(instrument),
                "validated": document.validated,
            },
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
        "licence_url",
        "licence_statement",
        "attribution",
        "answering_window_days",
        "benchmark",
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
    now=None,
):
    """Store one person's answers to one or more instruments, with one audit event.

    `answers_by_instrument` maps each Instrument to {item key: value}. Raises AlreadyAnswered
    (storing nothing) if this role has answered any of them for this conversation already, and
    AnsweringClosed if any of them stopped taking answers (answering_window_days after the
    conversation was recorded).
    """
    if not conversation.is_recorded:
        raise ValidationError(_("Feedback can be given once the conversation is recorded"))
    if not answers_by_instrument:
        raise ValidationError(_("There is nothing to answer"))
    now = now or timezone.now()
    versions = [row.version for row in conversation.grids.select_related("version")]
    responses = []
    for instrument, answers in answers_by_instrument.items():
        if respondent_role not in instrument.respondent_roles:
            raise ValidationError(f"{instrument} is not answered by {respondent_role}")
        if not instrument.is_open_for(conversation, now):
            raise AnsweringClosed
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
                    answered_on=answered_on or timezone.localdate(now),
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


def record_feedback_link_view(*, conversation, respondent_role, request=None, purpose="answer"):
    """One event per view of the public feedback page (nobody is signed in: the link is the actor)."""
    return record_event(
        by=None,
        actor_label=FEEDBACK_LINK_ACTOR,
        action="feedback_link.view",
        target=conversation,
        organisation=conversation.organisation,
        request=request,
        details={"respondent_role": respondent_role, "purpose": purpose},
    )


def record_team_page_view(*, by, organisation, period, request=None):
    """One event for a look at the team page (aggregates only, no record is shown)."""
    return record_event(
        by=by,
        action="measures.team_page.view",
        target=organisation,
        organisation=organisation,
        request=request,
        details={
            "period": period.value,
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
        },
    )


def recorded_conversation_to_change(*, organisation, pk):
    """A recorded conversation of `organisation` (Http404 for any other), for a write that is
    audited itself (answering the practitioner's questions)."""
    conversations = Conversation.objects.for_organisation(organisation)
    return get_object_or_404(
        conversations.filter(status=Conversation.Status.RECORDED).select_related("young_person"),
        pk=pk,
    )


def recorded_conversation_for_reading(*, by, organisation, pk, request=None, purpose):
    """As recorded_conversation_to_change, for a page that shows it: the read is audited."""
    conversation = recorded_conversation_to_change(organisation=organisation, pk=pk)
    record_conversation_read(by=by, conversation=conversation, request=request, purpose=purpose)
    return conversation


def team_figures_for_reading(*, by, organisation, period, periods, request=None):
    """The team page's figures for `organisation` and those within it in `period` (one of the
    offered `periods`, which are suppressed together), the look audited."""
    report = reports.team_report(organisation, period, periods)
    record_team_page_view(by=by, organisation=organisation, period=period, request=request)
    return report
