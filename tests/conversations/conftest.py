"""Fixtures the conversation page tests share: a team with two practitioners, Pat (signed in) and
Sam, and a draft conversation Pat started with one of the team's young people."""

import pytest

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.conversations.factories import started_conversation
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role


@pytest.fixture
def team():
    return OrganisationFactory(name="Example CAMHS")


@pytest.fixture
def pat_user(team):
    return member(Role.PRACTITIONER, team, username="pat", first_name="Pat", last_name="Lee")


@pytest.fixture
def pat(client, pat_user):
    return sign_in_fully(client, pat_user)


@pytest.fixture
def sam(team):
    return member(Role.PRACTITIONER, team, username="sam", first_name="Sam", last_name="Khan")


@pytest.fixture
def ours(team):
    return YoungPersonFactory(organisation=team, local_reference="EV-OURS")


@pytest.fixture
def conversation(demo_grids, pat_user, ours):
    return started_conversation(by=pat_user, young_person=ours)
