"""Conversations for tests, started through the real service on published demo grid versions."""

from tests.accounts.factories import member
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.conversations import services
from thrivegrids.grids.models import GridVersion


def published_version(topic="low-mood", setting="nhs"):
    return (
        GridVersion.objects.published()
        .filter(grid__topic__slug=topic, grid__setting=setting)
        .order_by("-number")
        .first()
    )


def started_conversation(*, by=None, young_person=None, versions=None):
    """A draft conversation (needs the demo grids loaded: use the `demo_grids` fixture)."""
    young_person = young_person or YoungPersonFactory()
    by = by or member(Role.PRACTITIONER, young_person.organisation)
    versions = versions or [published_version()]
    return services.start_conversation(by=by, young_person=young_person, versions=versions)
