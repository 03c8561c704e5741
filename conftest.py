"""Shared test fixtures."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from thrivegrids.core.content_generation import forget_content_generation


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


@pytest.fixture
def demo_grids(db):
    """The demo grid content, loaded through the real loader."""
    call_command("load_grids", "content/grids", verbosity=0)
