"""Fixtures shared by the grid tests."""

import pytest
from django.db import transaction

from tests.recorded_rows import replay


@pytest.fixture(scope="module")
def demo_site(demo_grids_recording, django_db_blocker):
    """The demo grids, copied in once per test module in a transaction rolled back at its end.

    The loader runs once per session (`demo_grids_recording`); modules that only read the demo
    content share one copy of what it wrote. Each test still runs inside its own savepoint (the
    `db` fixture), so what a test writes is undone before the next test. Every test in a module
    that uses this must request it (through `db`-using fixtures), because the data stays visible
    until the module ends.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        replay(demo_grids_recording)
        yield
        transaction.set_rollback(True)
