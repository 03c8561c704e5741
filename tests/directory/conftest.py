"""Fixtures the directory's test modules share."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from tests.accounts.factories import sign_in_fully
from tests.recorded_rows import replay


@pytest.fixture(scope="module")
def demo_directory(demo_directory_recording, django_db_blocker):
    """The example area's services and places, copied in once per module
    (imported once a session: see the root conftest) and rolled back at its end.
    A module that needs something else defines its own `demo_directory`."""
    with django_db_blocker.unblock(), transaction.atomic():
        replay(demo_directory_recording)
        call_command(
            "import_places", "content/directory/example-valley-places.csv", stdout=io.StringIO()
        )
        yield
        transaction.set_rollback(True)


@pytest.fixture
def directory(demo_directory, db):
    return None


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def staff_client(client, db):
    """A superuser signed in with password and authenticator code (staff need both)."""
    user = get_user_model().objects.create_superuser(
        "directory-editor", "editor@example.invalid", "a-long-password-123"
    )
    sign_in_fully(client, user)
    client.user = user
    return client
