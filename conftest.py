"""Shared test fixtures."""

import io
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from tests import clock
from tests.directory.feeds import DEMO_FEED
from tests.recorded_rows import record, replay
from thrivegrids.core.content_generation import forget_content_generation

create_topics = import_module("thrivegrids.grids.migrations.0002_topics_and_grids").create_topics


@pytest.fixture(scope="session", autouse=True)
def suite_clock():
    """Session and module fixtures run on the suite's clock, an hour before each test starts
    (tests/clock.py): nothing the suite writes or reads depends on the real date."""
    with time_machine.travel(clock.SET_UP, tick=True):
        yield


@pytest.fixture(autouse=True)
def test_clock(request, suite_clock):
    """Every test starts at the same moment, clock.NOW, whatever the real date and time, and in
    whatever order the tests run; the clock ticks from there (tests/clock.py). A test marked
    `time_machine(...)` starts at the moment the marker names instead."""
    marker = request.node.get_closest_marker("time_machine")
    moment, options = (marker.args, marker.kwargs) if marker else ((clock.NOW,), {"tick": True})
    with time_machine.travel(*moment, **options):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached pages: the cache outlives the rolled-back database."""
    cache.clear()
    forget_content_generation()
    yield
    cache.clear()
    forget_content_generation()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to an /ar/ address activates Arabic
    for the thread and nothing deactivates it, so a later test would see Arabic routes."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def demo_grids_recording(django_db_setup, django_db_blocker):
    """What the real loader writes for the demo grids (`load_grids content/grids`), loaded once
    per session (per xdist worker) and rolled back; see tests/recorded_rows.py.

    The topics and grids come from a data migration, which a transactional test's flush undoes
    (the browser journeys), so the migration's own function puts them back first if need be.
    """

    def load():
        create_topics(apps, schema_editor=None)
        call_command("load_grids", "content/grids", verbosity=0)

    with django_db_blocker.unblock():
        return record(load)


@pytest.fixture(scope="session")
def demo_directory_recording(django_db_setup, django_db_blocker):
    """What importing the example area's directory feed writes, recorded once per session."""
    with django_db_blocker.unblock():
        return record(
            lambda: call_command(
                "import_oruk", DEMO_FEED, "--feed", "example-valley", stdout=io.StringIO()
            )
        )


@pytest.fixture
def demo_grids(db, demo_grids_recording):
    """The demo grid content as the real loader leaves it, in this test's transaction."""
    replay(demo_grids_recording)
    forget_content_generation()


@pytest.fixture
def demo_directory_feed(db, demo_directory_recording):
    """The example area's directory as `import_oruk` leaves it, in this test's transaction."""
    replay(demo_directory_recording)
    forget_content_generation()
