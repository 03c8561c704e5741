"""Fixtures shared by the grid tests."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo grids, loaded once per test module in a transaction rolled back at its end.

    Loading costs a few seconds, so modules that only read the demo content share one load.
    Each test still runs inside its own savepoint (the `db` fixture), so what a test writes is
    undone before the next test. Every test in a module that uses this must request it (through
    `db`-using fixtures), because the data stays visible until the module ends.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_grids", "content/grids", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
