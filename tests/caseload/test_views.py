"""Records pages: own organisation only (others' records are 404), one audit event per page."""

import ast
import inspect
import re

import pytest

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.caseload import views
from thrivegrids.core.models import AuditEvent
from thrivegrids.records import services
from thrivegrids.records.models import YoungPerson

pytestmark = pytest.mark.django_db

VALID = {
    "local_reference": "EV-NEW",
    "age_band": "",
    "year_of_birth": "2012",
    "preferred_language": "ar",
    "nhs_number": "943 476 5919",
    "parent_carer_name": "",
}


@pytest.fixture
def team():
    return OrganisationFactory(name="Example CAMHS")


@pytest.fixture
def pat(client, team):
    sign_in_fully(client, member(Role.PRACTITIONER, team, username="pat"))
    return client


@pytest.fixture
def lead(client, team):
    sign_in_fully(client, member(Role.TEAM_LEAD, team, username="lee"))
    return client


@pytest.fixture
def ours(team):
    return YoungPersonFactory(organisation=team, local_reference="EV-OURS")


@pytest.fixture
def theirs():
    return YoungPersonFactory(local_reference="OTHER-1")


def events():
    return list(AuditEvent.objects.values_list("action", "target_id"))


def test_views_reach_records_only_through_for_organisation():
    """A lint: no YoungPerson.objects.get/filter/all/... in records views, only for_organisation."""
    tree = ast.parse(inspect.getsource(views))
    direct = [
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "objects"
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id == "YoungPerson"
        and node.attr != "for_organisation"
    ]
    assert direct == []


def test_list_shows_only_our_records_and_audits_which(pat, ours, theirs):
    response = pat.get("/records/")

    html = response.content.decode()
    assert "EV-OURS" in html and "OTHER-1" not in html
    event = AuditEvent.objects.get()
    assert event.action == "young_person.list" and event.details["shown"] == [ours.pk]


def test_list_finds_by_reference(pat, team, ours):
    YoungPersonFactory(organisation=team, local_reference="EV-ELSE")

    html = pat.get("/records/?q=ours").content.decode()

    assert "EV-OURS" in html and "EV-ELSE" not in html


def test_another_organisations_record_is_not_found(pat, theirs):
    for url in (f"/records/{theirs.pk}/", f"/records/{theirs.pk}/edit/"):
        assert pat.get(url).status_code == 404
    assert pat.post(f"/records/{theirs.pk}/edit/", VALID).status_code == 404
    assert events() == []


def test_record_page_shows_the_facts_and_writes_one_event(pat, ours):
    html = pat.get(f"/records/{ours.pk}/").content.decode()

    assert "EV-OURS" in html and "nhsuk-summary-list" in html
    assert events() == [("young_person.view", str(ours.pk))]


def test_adding_a_record_writes_one_event_and_shows_it(pat, team):
    response = pat.post("/records/new/", VALID)

    young_person = YoungPerson.objects.get()
    assert response["Location"] == f"/records/{young_person.pk}/"
    assert (young_person.organisation, young_person.nhs_number) == (team, "9434765919")
    assert events() == [("young_person.create", str(young_person.pk))]


def test_add_form_explains_each_problem(pat):
    data = {**VALID, "year_of_birth": "", "nhs_number": "1234567890", "local_reference": ""}

    response = pat.post("/records/new/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a local reference" in html
    assert "Choose an age band or enter a year of birth" in html
    assert "Enter a real NHS number" in html
    assert not YoungPerson.objects.exists() and events() == []


def test_add_form_refuses_a_reference_already_used_in_the_organisation(pat, ours):
    response = pat.post("/records/new/", {**VALID, "local_reference": "EV-OURS"})

    assert "already has a young person with this reference" in response.content.decode()


def test_add_form_allows_a_reference_used_by_another_organisation(pat, theirs):
    response = pat.post("/records/new/", {**VALID, "local_reference": "OTHER-1"})

    assert response.status_code == 302


def test_add_form_refuses_both_age_band_and_year(pat):
    response = pat.post("/records/new/", {**VALID, "age_band": "11_13"})

    assert "not both" in response.content.decode()


def test_edit_page_is_one_read_and_saving_is_one_update(pat, ours):
    pat.get(f"/records/{ours.pk}/edit/")
    response = pat.post(f"/records/{ours.pk}/edit/", {**VALID, "local_reference": "EV-OURS"})

    assert response["Location"] == f"/records/{ours.pk}/"
    assert [action for action, _ in events()] == ["young_person.update", "young_person.view"]
    ours.refresh_from_db()
    assert ours.year_of_birth == 2012 and ours.age_band == ""


def test_edit_form_shows_the_current_values(pat, ours):
    html = pat.get(f"/records/{ours.pk}/edit/").content.decode()

    assert 'value="EV-OURS"' in html
    assert re.search(r'<option value="14_15" selected', html)


def test_team_lead_sees_the_audit_trail_of_a_record(lead, ours):
    lead.get(f"/records/{ours.pk}/")

    response = lead.get(f"/records/audit/?record={ours.pk}")

    html = response.content.decode()
    assert "Looked at the record" in html and "EV-OURS" in html and "lee" in html
    assert AuditEvent.objects.filter(action="audit_trail.view").count() == 1


def test_audit_trail_of_another_organisations_record_is_not_found(lead, theirs):
    assert lead.get(f"/records/audit/?record={theirs.pk}").status_code == 404


def test_audit_trail_shows_only_our_organisations_events(lead, ours, theirs):
    outsider = member(Role.PRACTITIONER, theirs.organisation, username="outsider")
    services.record_young_person_read(by=outsider, young_person=theirs)

    html = lead.get("/records/audit/").content.decode()

    assert "outsider" not in html and "OTHER-1" not in html


def test_practitioners_cannot_see_the_audit_trail(pat):
    assert pat.get("/records/audit/").status_code == 403


def test_audit_trail_shows_each_action_as_words_never_as_its_code(lead, ours):
    from thrivegrids.core.audit import AuditAction, record_event

    for action in AuditAction:
        record_event(by=None, action=action, target=ours, organisation=ours.organisation)

    html = lead.get("/records/audit/").content.decode()

    for action in AuditAction:
        assert action.value not in html
    assert str(AuditAction.CONVERSATION_RECORD.label) in html
