"""A user in several organisations picks the one they are working in; the choice is in the session."""

import pytest

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from thrivegrids.accounts.active import SESSION_KEY
from thrivegrids.accounts.permissions import Role

pytestmark = pytest.mark.django_db

CHOOSE = "/accounts/organisation/"


@pytest.fixture
def two_teams():
    camhs = OrganisationFactory(name="Example CAMHS")
    school = OrganisationFactory(name="Example School Team")
    user = member(Role.TEAM_LEAD, camhs, username="lee")
    user.memberships.create(organisation=school, role=Role.PRACTITIONER)
    return user, camhs, school


def test_user_in_two_organisations_is_asked_to_choose_first(client, two_teams):
    user, _, _ = two_teams
    sign_in_fully(client, user)

    response = client.get("/records/")

    assert response["Location"] == f"{CHOOSE}?next=%2Frecords%2F"


def test_choose_page_offers_each_membership_with_its_role(client, two_teams):
    user, camhs, school = two_teams
    sign_in_fully(client, user)

    html = client.get(CHOOSE).content.decode()

    assert "Example CAMHS (Team lead)" in html and "Example School Team (Practitioner)" in html
    assert 'class="nhsuk-radios__input"' in html


def test_choosing_stores_the_organisation_and_returns_to_the_page(client, two_teams):
    user, camhs, school = two_teams
    sign_in_fully(client, user)

    response = client.post(CHOOSE, {"organisation": school.pk, "next": "/records/"})

    assert response["Location"] == "/records/"
    assert client.session[SESSION_KEY] == school.pk
    assert "Example School Team" in client.get("/records/").content.decode()


def test_the_role_follows_the_organisation_chosen(client, two_teams):
    user, camhs, school = two_teams
    sign_in_fully(client, user)

    client.post(CHOOSE, {"organisation": camhs.pk})
    as_team_lead = client.get("/records/audit/").status_code
    client.post(CHOOSE, {"organisation": school.pk})
    as_practitioner = client.get("/records/audit/").status_code

    assert (as_team_lead, as_practitioner) == (200, 403)


def test_an_organisation_the_user_is_not_in_cannot_be_chosen(client, two_teams):
    user, _, _ = two_teams
    stranger = OrganisationFactory()
    sign_in_fully(client, user)

    response = client.post(CHOOSE, {"organisation": stranger.pk})

    assert response.status_code == 200
    assert "nhsuk-error-message" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_stale_choice_from_a_removed_membership_is_not_used(client, two_teams):
    user, camhs, school = two_teams
    sign_in_fully(client, user)
    client.post(CHOOSE, {"organisation": school.pk})
    user.memberships.filter(organisation=school).delete()

    html = client.get("/records/").content.decode()

    assert "Example CAMHS" in html


def test_header_offers_switching_only_to_users_in_several_organisations(client, two_teams):
    user, camhs, _ = two_teams
    sign_in_fully(client, user)
    client.post(CHOOSE, {"organisation": camhs.pk})

    assert "Switch organisation" in client.get("/accounts/").content.decode()
    user.memberships.exclude(organisation=camhs).delete()
    assert "Switch organisation" not in client.get("/accounts/").content.decode()
