import pytest

from thrivegrids.accounts.permissions import Role
from thrivegrids.accounts.tests.factories import member


@pytest.fixture
def practitioner(db):
    return member(Role.PRACTITIONER, username="pat")


@pytest.fixture
def commissioner(db):
    return member(Role.COMMISSIONER, username="cam")
