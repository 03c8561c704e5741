"""Shared shortlists: the service function and their read-only admin."""

import uuid

import pytest

from thrivegrids.core.models import AuditEvent
from thrivegrids.directory import shared_shortlists
from thrivegrids.directory.models import Service, Shortlist


@pytest.fixture
def demo_directory(demo_directory_feed):
    """The example area's directory feed (imported once a session; see the root conftest)."""


def _service(name):
    return Service.objects.get(name=name)


def test_share_shortlist_keeps_order_and_drops_repeats_and_unknown_services(demo_directory):
    a, b = _service("Samaritans"), _service("Childline")

    shortlist = shared_shortlists.share_shortlist(service_ids=[b.pk, uuid.uuid4(), a.pk, b.pk])

    assert [e.service for e in shortlist.entries.all()] == [b, a]
    assert [e.position for e in shortlist.entries.all()] == [1, 2]
    event = AuditEvent.objects.get(action="directory.shortlist.share")
    assert (event.actor_label, event.details) == ("public", {"services": 2})


def test_share_shortlist_tokens_are_long_and_different(demo_directory):
    ids = [_service("Samaritans").pk]

    tokens = {shared_shortlists.share_shortlist(service_ids=ids).token for _ in range(5)}

    assert len(tokens) == 5
    assert all(len(token) >= 20 for token in tokens)


def test_share_shortlist_needs_a_service(demo_directory):
    with pytest.raises(ValueError):
        shared_shortlists.share_shortlist(service_ids=[uuid.uuid4()])
    assert not Shortlist.objects.exists()


def test_admin_shows_shared_shortlists_read_only(demo_directory, staff_client):
    shortlist = shared_shortlists.share_shortlist(service_ids=[_service("Samaritans").pk])

    listing = staff_client.get("/admin/directory/shortlist/")
    page = staff_client.get(f"/admin/directory/shortlist/{shortlist.pk}/change/")

    assert listing.status_code == 200
    assert page.status_code == 200
    assert "Samaritans" in page.content.decode()
    assert staff_client.get("/admin/directory/shortlist/add/").status_code == 403
