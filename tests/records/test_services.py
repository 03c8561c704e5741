"""Writes to young people's records: atomic, one audit event each, no values in the audit log."""

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.factories import OrganisationFactory, member
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.core.models import AuditEvent
from thrivegrids.records import services
from thrivegrids.records.models import YoungPerson

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return OrganisationFactory()


@pytest.fixture
def pat(team):
    return member(Role.PRACTITIONER, team, username="pat")


def test_create_stores_the_record_and_one_audit_event(pat, team):
    young_person = services.create_young_person(
        by=pat, organisation=team, local_reference="EV-1", age_band="11_13", preferred_language="ar"
    )

    event = AuditEvent.objects.get()
    assert (event.actor, event.organisation, event.action) == (pat, team, "young_person.create")
    assert (event.target_type, event.target_id) == ("records.youngperson", str(young_person.pk))


def test_create_refuses_a_record_without_age_band_or_year(pat, team):
    with pytest.raises(ValidationError):
        services.create_young_person(by=pat, organisation=team, local_reference="EV-1")

    assert not YoungPerson.objects.exists() and not AuditEvent.objects.exists()


def test_create_refuses_a_bad_nhs_number(pat, team):
    with pytest.raises(ValidationError):
        services.create_young_person(
            by=pat,
            organisation=team,
            local_reference="EV-1",
            age_band="11_13",
            nhs_number="9434765918",
        )


def test_create_refuses_fields_that_are_not_part_of_the_record(pat, team):
    with pytest.raises(TypeError):
        services.create_young_person(
            by=pat, organisation=team, local_reference="EV-1", age_band="11_13", address="1 High St"
        )


def test_update_names_the_changed_fields_but_not_their_values(pat, team):
    young_person = YoungPersonFactory(organisation=team, parent_carer_name="")

    services.update_young_person(
        by=pat, young_person=young_person, parent_carer_name="Alex Example", age_band="16_17"
    )

    event = AuditEvent.objects.get()
    assert event.action == "young_person.update"
    assert sorted(event.details["changed"]) == ["age_band", "parent_carer_name"]
    assert "Alex Example" not in str(event.details)
    young_person.refresh_from_db()
    assert young_person.parent_carer_name == "Alex Example"


def test_a_failed_update_writes_nothing(pat, team):
    young_person = YoungPersonFactory(organisation=team)

    with pytest.raises(ValidationError):
        services.update_young_person(by=pat, young_person=young_person, nhs_number="123")

    young_person.refresh_from_db()
    assert young_person.nhs_number == "" and not AuditEvent.objects.exists()


def test_reads_are_recorded_against_the_records_organisation(pat, team):
    young_person = YoungPersonFactory(organisation=team)

    services.record_young_person_read(by=pat, young_person=young_person)

    event = AuditEvent.objects.get()
    assert (event.action, event.organisation, event.details) == (
        "young_person.view",
        team,
        {"purpose": "view"},
    )


def test_local_references_are_unique_within_an_organisation_only(pat, team):
    YoungPersonFactory(organisation=team, local_reference="EV-1")
    YoungPersonFactory(local_reference="EV-1")  # another organisation: allowed

    with pytest.raises(ValidationError):
        services.create_young_person(
            by=pat, organisation=team, local_reference="EV-1", age_band="11_13"
        )
