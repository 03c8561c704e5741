"""The audit log is append-only: no event can be changed or deleted through the application."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError

from thrivegrids.core.audit import record_event
from thrivegrids.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_user("auditor", "auditor@example.invalid", "x" * 16)


@pytest.fixture
def event(user):
    return record_event(
        by=user, action="young_person.view", target=user, details={"why": "testing"}
    )


def test_record_event_stores_who_did_what_to_which_record(user):
    event = record_event(by=user, action="young_person.view", target=user, details={"n": 1})

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_label, stored.action) == (user, "", "young_person.view")
    assert (stored.target_type, stored.target_id, stored.details) == (
        "auth.user",
        str(user.pk),
        {"n": 1},
    )


def test_record_event_without_a_user_names_the_command_line(user):
    event = record_event(by=None, action="young_person.view", target=user)

    assert (event.actor, event.actor_label) == (None, "command line")


def test_record_event_keeps_the_request_id(user, rf):
    request = rf.get("/")
    request.request_id = "abc123"

    event = record_event(by=user, action="young_person.view", target=user, request=request)

    assert event.request_id == "abc123"


def test_audit_event_refuses_to_be_saved_again(event):
    event.action = "test.rewritten"

    with pytest.raises(PermissionError):
        event.save()

    assert AuditEvent.objects.get(pk=event.pk).action == "young_person.view"


def test_audit_event_refuses_to_be_deleted(event):
    with pytest.raises(PermissionError):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_events_refuse_a_queryset_update(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.rewritten")

    assert AuditEvent.objects.get(pk=event.pk).action == "young_person.view"


def test_audit_events_refuse_a_queryset_delete(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_events_refuse_a_bulk_update(event):
    event.action = "test.rewritten"

    # bulk_update runs in its own atomic block; a savepoint keeps the test's transaction usable.
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["action"])

    assert AuditEvent.objects.get(pk=event.pk).action == "young_person.view"


def test_audit_event_refuses_update_or_create_on_an_existing_row(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.update_or_create(pk=event.pk, defaults={"action": "test.rewritten"})


def test_deleting_a_user_with_audit_events_is_refused(user, event):
    with pytest.raises(ProtectedError):
        user.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_record_event_refuses_an_action_without_a_label(user):
    with pytest.raises(ValueError):
        record_event(by=user, action="young_person.teleport", target=user)

    assert not AuditEvent.objects.exists()


def test_every_audit_action_has_a_label_that_is_not_its_code():
    from thrivegrids.core.audit import AuditAction

    for action in AuditAction:
        assert action.label and str(action.label) != action.value


def test_every_action_the_services_write_is_an_audit_action():
    """Each literal action code in the product code is a member, so none can fail at run time."""
    import re
    from pathlib import Path

    from thrivegrids.core.audit import AuditAction

    root = Path(__file__).resolve().parents[2] / "thrivegrids"
    written = set()
    for path in root.rglob("*.py"):
        text = path.read_text()
        # Audit codes are "thing.verb"; argparse's action="store_true" is not one.
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', text))
        written |= set(re.findall(r'"(directory\.[a-z_]+\.[a-z_]+)"', text))
        written |= {
            f"directory.service.import_{change}"
            for change in ("created", "updated")
            if "import_{change}" in text
        }
    assert all("." in code for code in AuditAction.values), "the scan assumes thing.verb codes"
    assert written, "the scan found no actions: the pattern is out of date"
    assert written - set(AuditAction.values) == set()
