"""Reads and writes of young people's records. Each call writes exactly one audit event.

Writes are atomic and take the actor as `by`. Audit details name fields, never their values, so
the audit log holds no more about a young person than the record itself.
"""

from django.db import transaction

from thrivegrids.core.audit import record_event
from thrivegrids.records.models import YoungPerson

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


def _only_record_fields(fields):
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Not fields of a young person's record: {sorted(unknown)}")
    return fields
