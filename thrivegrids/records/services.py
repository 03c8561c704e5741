"""Reads and writes of young people's records. Each call writes exactly one audit event.

Writes are atomic and take the actor as `by`. Audit details name fields, never their values, so
the audit log holds no more about a young person than the record itself.
"""

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404

from thrivegrids.core.audit import events_for_organisation, record_event
from thrivegrids.records.models import YoungPerson

LIST_PAGE_SIZE = 50

FIELDS = (
    "local_reference",
    "age_band",
    "year_of_birth",
    "preferred_language",
    "nhs_number",
    "parent_carer_name",
)


@transaction.atomic
def create_young_person(*, by, organisation, request=None, **fields):
    young_person = YoungPerson(organisation=organisation, **_only_record_fields(fields))
    young_person.full_clean()
    young_person.save()
    record_event(
        by=by,
        action="young_person.create",
        target=young_person,
        organisation=organisation,
        request=request,
    )
    return young_person


@transaction.atomic
def update_young_person(*, by, young_person, request=None, **changes):
    young_person = YoungPerson.objects.select_for_update().get(pk=young_person.pk)
    changed = []
    for name, value in _only_record_fields(changes).items():
        if getattr(young_person, name) != value:
            setattr(young_person, name, value)
            changed.append(name)
    if changed:
        young_person.full_clean()
        young_person.save()
    record_event(
        by=by,
        action="young_person.update",
        target=young_person,
        organisation=young_person.organisation,
        request=request,
        details={"changed": changed},
    )
    return young_person


def record_young_person_read(*, by, young_person, request=None, purpose="view"):
    """One event for a page that shows a record; `purpose` says which page (view, edit, audit)."""
    return record_event(
        by=by,
        action="young_person.view",
        target=young_person,
        organisation=young_person.organisation,
        request=request,
        details={"purpose": purpose},
    )


def record_list_read(*, by, organisation, young_people, request=None, query=""):
    """One event for a list page, naming every record it showed."""
    return record_event(
        by=by,
        action="young_person.list",
        target=organisation,
        organisation=organisation,
        request=request,
        details={"shown": [person.pk for person in young_people], "query": query},
    )


def record_audit_trail_read(*, by, organisation, request=None, young_person=None):
    """One event for a team lead's look at the audit trail (of everyone, or of one record)."""
    return record_event(
        by=by,
        action="audit_trail.view",
        target=young_person or organisation,
        organisation=organisation,
        request=request,
    )


def young_person_for_reading(*, by, organisation, pk, request=None, purpose="view"):
    """The organisation's record with this pk (404 for anyone else's), its read audited."""
    young_person = get_object_or_404(YoungPerson.objects.for_organisation(organisation), pk=pk)
    record_young_person_read(by=by, young_person=young_person, request=request, purpose=purpose)
    return young_person


def young_person_to_change(*, organisation, pk):
    """The organisation's record with this pk (404 for anyone else's), for a write or a page
    whose own event names it (the write, or the audit trail look, is what gets audited)."""
    return get_object_or_404(YoungPerson.objects.for_organisation(organisation), pk=pk)


def young_people_for_listing(*, by, organisation, query="", page_number=None, request=None):
    """One page of the organisation's records (matching `query` on the local reference), with
    one audit event naming every record it shows."""
    people = YoungPerson.objects.for_organisation(organisation)
    if query:
        people = people.filter(local_reference__icontains=query)
    page = Paginator(people, LIST_PAGE_SIZE).get_page(page_number)
    record_list_read(
        by=by, organisation=organisation, young_people=page, request=request, query=query
    )
    return page


def audit_trail_for_reading(*, by, organisation, young_person=None, request=None):
    """The organisation's audit events (of everyone, or about one record), newest first, and the
    local references of the records they name; the look itself is audited."""
    record_audit_trail_read(
        by=by, organisation=organisation, young_person=young_person, request=request
    )
    events = events_for_organisation(organisation, target=young_person)
    record_type = YoungPerson._meta.label_lower
    ids = {event.target_id for event in events if event.target_type == record_type}
    references = YoungPerson.objects.for_organisation(organisation).local_references(ids)
    return events, references


def _only_record_fields(fields):
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Not fields of a young person's record: {sorted(unknown)}")
    return fields
