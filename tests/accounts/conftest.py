import pytest

from tests.accounts.factories import member
from thrivegrids.accounts.permissions import Role


@pytest.fixture
def practitioner(db):
    return member(Role.PRACTITIONER, username="pat")


@pytest.fixture
def commissioner(db):
    return member(Role.COMMISSIONER, username="cam")
