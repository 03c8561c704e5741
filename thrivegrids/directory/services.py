"""Staff edits to the directory: services and gazetteer places. Every function is atomic and
audited; the actor is `by`.

Grid pages list matching services and are cached whole, so every write that changes what they
show bumps the grids' content generation. Feed imports and exports are in feeds.py.
"""

from django.db import transaction
from django.utils import timezone

from thrivegrids.core.audit import record_event
from thrivegrids.core.content_generation import bump_content_generation
from thrivegrids.directory import text_search
from thrivegrids.directory.models import Service


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def mark_service_checked(*, by, service, on=None, request=None):
    """Record that someone checked the service's details: sets the assured date and checker."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.assured_date = on or timezone.localdate()
    service.checked_by = _user(by)
    service.last_modified = timezone.now()
    service.save(update_fields=["assured_date", "checked_by", "last_modified"])
    record_event(
        by=by,
        action="directory.service.mark_checked",
        target=service,
        request=request,
        details={"assured_date": service.assured_date.isoformat()},
    )
    bump_content_generation()
    return service


@transaction.atomic
def create_service(*, by, service, request=None):
    """Store a new service built by staff (not yet saved), stamping last_modified."""
    service.last_modified = timezone.now()
    service.refresh_search_columns()
    service.save(force_insert=True)
    record_event(by=by, action="directory.service.create", target=service, request=request)
    bump_content_generation()
    return service


@transaction.atomic
def update_service(*, by, service, related=(), request=None, **fields):
    """Change a service's fields (and note which related records changed); stamps last_modified.

    `related` names child records an editor changed alongside, such as ("phones",), so the audit
    event says what was edited even when no column of the service itself changed.
    """
    stored = Service.objects.select_for_update().get(pk=service.pk)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.last_modified = timezone.now()
    stored.refresh_search_columns()
    stored.save(update_fields=[*fields, "last_modified", *text_search.COLUMNS])
    record_event(
        by=by,
        action="directory.service.update",
        target=stored,
        request=request,
        details={"fields": sorted(fields), "related": sorted(related)},
    )
    bump_content_generation()
    return stored


@transaction.atomic
def save_place(*, by, place, request=None):
    """Create or change one gazetteer place (staff admin)."""
    created = place._state.adding
    place.save()
    record_event(
        by=by,
        action="directory.place.create" if created else "directory.place.update",
        target=place,
        request=request,
        details={"name": place.name},
    )
    bump_content_generation()
    return place
