"""Shared test fixtures."""

import pytest
from django.core.management import call_command


@pytest.fixture
def demo_grids(db):
    """The demo grid content, loaded through the real loader."""
    call_command("load_grids", "content/grids", verbosity=0)
