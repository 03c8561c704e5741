"""The FHIR R4 API (docs/fhir.md): every answer parses as its fhir.resources R4B model; bearer
tokens per API client (missing, unknown or stopped: 401); another organisation's young person is a
404 that reads like a missing one; one audit event per request that names a client."""

import datetime

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan as FhirCarePlan
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.goal import Goal as FhirGoal
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tests.accounts.factories import OrganisationFactory, UserFactory, member, sign_in_fully
from tests.careplans.test_plans import with_goals
from tests.measures.factories import load_demo_instruments, recorded_conversation
from tests.records.factories import YoungPersonFactory, fictional_nhs_number
from thrivegrids.accounts.api_clients import create_api_client, revoke_api_client
from thrivegrids.accounts.models import ApiClient
from thrivegrids.accounts.permissions import Role
from thrivegrids.careplans import goals, services
from thrivegrids.careplans.content import PlanContent
from thrivegrids.careplans.models import GoalOutcome
from thrivegrids.core.models import AuditEvent
from thrivegrids.core.secret_tokens import hashed
from thrivegrids.measures.models import Instrument
from thrivegrids.measures.services import record_responses

pytestmark = pytest.mark.django_db

NHS = "https://fhir.nhs.uk/Id/nhs-number"
MODELS = {
    "Patient": Patient,
    "CarePlan": FhirCarePlan,
    "Goal": FhirGoal,
    "Observation": Observation,
    "QuestionnaireResponse": QuestionnaireResponse,
    "Consent": Consent,
}


@pytest.fixture
def team():
    return OrganisationFactory(name="FHIR CAMHS", slug="fhir-camhs")


@pytest.fixture
def pat(team):
    return member(Role.PRACTITIONER, team, username="fhir-pat")


@pytest.fixture
def person(team):
    return YoungPersonFactory(
        organisation=team, local_reference="FHIR-1", nhs_number=fictional_nhs_number(4242)
    )


@pytest.fixture
def plan(pat, person):
    plan = services.start_plan(by=pat, young_person=person)
    content = PlanContent(
        consent="yes",
        consent_on=datetime.date(2026, 12, 1),
        competence="yes",
        parent_carer_agrees="yes",
        may_see=["parent_carer", "gp"],
        what_matters="Seeing my friends",
        needs_group="getting-help",
    )
    plan.content = content.to_json()
    plan.save(update_fields=["content"])
    with_goals(plan, pat, 2)
    plan.refresh_from_db()
    first = plan.goals.get(number=1)
    for score, day in ((2, 1), (5, 6)):
        goals.rate_goal(
            by=pat,
            goal=first,
            score=score,
            rater_role="young_person",
            occasion="contact",
            rated_on=datetime.date(2026, 12, day),
        )
    services.agree_plan(by=pat, plan=plan, agreed_with=["young_person"])
    return plan


@pytest.fixture
def token(team):
    _client, token = create_api_client(by=None, organisation=team, name="GP system")
    return token


def get(client, path, token=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(f"/fhir/r4/{path}", **headers, **extra)


def parsed(response, model=Bundle):
    assert response["Content-Type"].startswith("application/fhir+json")
    return model.model_validate(response.json())


def test_patient_is_minimal_with_the_nhs_number_system(client, person, token):
    response = get(client, f"Patient/{person.pk}", token)

    patient = parsed(response, Patient)
    assert response.status_code == 200
    systems = {identifier.system: identifier.value for identifier in patient.identifier}
    assert systems == {
        "urn:thrivegrids:organisation:fhir-camhs:local-reference": "FHIR-1",
        NHS: person.nhs_number,
    }
    assert set(response.json()) == {"resourceType", "id", "identifier"}


def test_patient_without_an_nhs_number_has_only_the_local_reference(client, team, token):
    person = YoungPersonFactory(organisation=team, nhs_number="")

    patient = parsed(get(client, f"Patient/{person.pk}", token), Patient)

    assert [identifier.system for identifier in patient.identifier] == [
        "urn:thrivegrids:organisation:fhir-camhs:local-reference"
    ]


@pytest.mark.parametrize("by", ["nhs", "local"])
def test_patient_is_found_by_identifier(client, person, token, by):
    query = (
        f"{NHS}|{person.nhs_number}"
        if by == "nhs"
        else "urn:thrivegrids:organisation:fhir-camhs:local-reference|FHIR-1"
    )

    bundle = parsed(get(client, "Patient", token, data={"identifier": query}))

    assert bundle.type == "searchset" and bundle.total == 1
    assert bundle.entry[0].resource.id == str(person.pk)
    assert bundle.entry[0].fullUrl == f"http://testserver/fhir/r4/Patient/{person.pk}"


def test_every_resource_type_is_searched_by_subject_and_read_by_id(client, plan, token):
    subject = f"Patient/{plan.young_person_id}"
    for resource_type, model in MODELS.items():
        if resource_type == "Patient":
            continue
        parameter = "patient" if resource_type == "Consent" else "subject"
        bundle = parsed(get(client, resource_type, token, data={parameter: subject}))
        if resource_type == "QuestionnaireResponse":
            assert bundle.total == 0
            continue
        assert bundle.total >= 1, resource_type
        for entry in bundle.entry:
            read = get(client, f"{resource_type}/{entry.resource.id}", token)
            assert read.status_code == 200
            assert parsed(read, model).id == entry.resource.id


def test_goal_has_its_target_expressed_by_and_ratings(client, plan, token):
    goal = plan.goals.get(number=1)
    goal.outcome, goal.outcome_reason = GoalOutcome.NOT_MET, "School moved"
    goal.save()

    fhir_goal = parsed(get(client, f"Goal/{goal.pk}", token), FhirGoal)

    assert fhir_goal.description.text == goal.text
    assert fhir_goal.expressedBy.reference == f"Patient/{plan.young_person_id}"
    assert fhir_goal.lifecycleStatus == "completed"
    assert fhir_goal.achievementStatus.coding[0].code == "not-achieved"
    assert fhir_goal.statusReason == "School moved"
    [target] = fhir_goal.target
    assert target.detailInteger == 10
    # The coding file has no confirmed code yet: text only, never a made-up SNOMED CT code.
    assert target.measure.text and not target.measure.coding
    scores = [
        parsed(get(client, ref.reference, token), Observation).valueInteger
        for ref in fhir_goal.outcomeReference
    ]
    assert scores == [2, 5]


def test_care_plan_shows_the_agreed_version_and_consent_who_may_see(client, plan, token):
    care_plan = parsed(get(client, f"CarePlan/{plan.pk}", token), FhirCarePlan)
    consent = parsed(get(client, f"Consent/{plan.pk}", token), Consent)

    assert care_plan.status == "active" and care_plan.intent == "plan"
    assert len(care_plan.goal) == 2
    assert "THRIVE needs-based group: Getting help" in care_plan.category[0].text
    assert consent.status == "active"
    assert consent.dateTime.isoformat().startswith("2026-12-01")
    assert [actor.reference.display for actor in consent.provision.actor] == [
        "Parent or carer",
        "GP",
    ]


def test_questionnaire_responses_are_the_feedback_answers(client, team, token, demo_grids):
    load_demo_instruments()
    conversation = recorded_conversation(
        by=member(Role.PRACTITIONER, team), young_person=YoungPersonFactory(organisation=team)
    )
    instrument = Instrument.objects.get(slug="thrivegrids-after-the-conversation")
    answers = {item.key: item.top_value for item in instrument.items.all()}
    record_responses(
        by=None,
        actor_label="test",
        conversation=conversation,
        respondent_role="young_person",
        language="en",
        answers_by_instrument={instrument: answers},
    )

    bundle = parsed(
        get(
            client,
            "QuestionnaireResponse",
            token,
            data={"subject": f"Patient/{conversation.young_person_id}"},
        )
    )

    [entry] = bundle.entry
    response = QuestionnaireResponse.model_validate(entry.resource.model_dump(mode="json"))
    assert response.status == "completed"
    assert {item.linkId: item.answer[0].valueInteger for item in response.item} == answers


def test_everything_is_one_bundle_of_every_resource(client, plan, token):
    bundle = parsed(get(client, f"Patient/{plan.young_person_id}/$everything", token))

    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds == ["Patient", "CarePlan", "Goal", "Goal", "Observation", "Observation", "Consent"]
    for entry in bundle.entry:
        MODELS[entry.resource.get_resource_type()].model_validate(
            entry.resource.model_dump(mode="json")
        )


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic abc"])
def test_a_request_without_a_known_token_is_401(client, person, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(f"/fhir/r4/Patient/{person.pk}", **extra)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert parsed(response, OperationOutcome).issue[0].code == "login"
    assert AuditEvent.objects.filter(action__startswith="fhir.").count() == 0


def test_a_stopped_token_is_401_and_audited(client, person, token):
    revoke_api_client(by=None, client=ApiClient.objects.get())

    response = get(client, f"Patient/{person.pk}", token)

    assert response.status_code == 401
    [event] = AuditEvent.objects.filter(action__startswith="fhir.")
    assert (event.action, event.actor_label) == ("fhir.refuse", "GP system")


def test_another_organisations_token_gets_404_like_a_missing_resource(client, plan):
    _other, other_token = create_api_client(
        by=None, organisation=OrganisationFactory(), name="Elsewhere"
    )
    paths = [
        f"Patient/{plan.young_person_id}",
        f"CarePlan/{plan.pk}",
        f"Goal/{plan.goals.first().pk}",
        f"Consent/{plan.pk}",
        f"Patient/{plan.young_person_id}/$everything",
    ]

    answers = [get(client, path, other_token) for path in paths]
    missing = get(client, "Patient/999999", other_token)
    search = parsed(
        get(client, "Goal", other_token, data={"subject": f"Patient/{plan.young_person_id}"})
    )

    assert [answer.status_code for answer in answers] == [404] * len(paths)
    assert {answer.content for answer in answers} == {missing.content}
    assert parsed(missing, OperationOutcome).issue[0].code == "not-found"
    assert search.total == 0 and not search.entry


@pytest.mark.parametrize(
    "path, data",
    [
        ("Goal", {}),
        ("Goal", {"subject": "Practitioner/1"}),
        ("Goal", {"subject": "Patient/1", "_sort": "date"}),
        ("Goal", {"subject": "Patient/" + "9" * 300}),
        ("Patient", {"identifier": "no-bar"}),
    ],
)
def test_bad_search_parameters_are_400(client, token, path, data):
    response = get(client, path, token, data=data)

    assert response.status_code == 400
    assert parsed(response, OperationOutcome).issue[0].code == "invalid"


def test_unknown_types_and_addresses_are_404_and_writes_405(client, token, person):
    assert get(client, "Practitioner/1", token).status_code == 404
    assert get(client, "Patient/abc", token).status_code == 404
    assert get(client, "Patient/1/history/2", token).status_code == 404
    post = client.post(f"/fhir/r4/Patient/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert post.status_code == 405 and post["Allow"] == "GET"
    parsed(post, OperationOutcome)


def test_every_request_by_a_client_writes_one_audit_event(client, plan, token):
    paths = [
        (f"Patient/{plan.young_person_id}", "fhir.read", "records.youngperson"),
        (f"CarePlan/{plan.pk}", "fhir.read", "careplans.careplan"),
        (f"Patient/{plan.young_person_id}/$everything", "fhir.everything", "records.youngperson"),
        ("Patient/999999", "fhir.refuse", "accounts.apiclient"),
    ]
    for path, action, target_type in paths:
        before = AuditEvent.objects.count()
        get(client, path, token)
        [event] = AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before]
        assert (event.action, event.target_type, event.actor_label) == (
            action,
            target_type,
            "GP system",
        )
        assert event.organisation == plan.organisation


def test_search_is_audited_against_its_subject(client, plan, token):
    get(client, "Goal", token, data={"subject": f"Patient/{plan.young_person_id}"})

    [event] = AuditEvent.objects.filter(action="fhir.search")
    assert event.target_id == str(plan.young_person_id)
    assert event.details["total"] == 2


def test_the_token_is_stored_only_as_its_hash(team):
    client, token = create_api_client(by=None, organisation=team, name="Hashing")

    assert token not in client.token_hash and len(client.token_hash) == 64
    assert client.scope == ApiClient.Scope.READ


def test_admin_shows_the_token_once_on_making_a_client(client, team):
    staff = UserFactory(is_staff=True, is_superuser=True)
    sign_in_fully(client, staff)

    response = client.post(
        "/admin/accounts/apiclient/add/", {"organisation": team.pk, "name": "Admin made"}
    )

    made = ApiClient.objects.get(name="Admin made")
    token = response.content.decode().split('<code dir="ltr">')[1].split("</code>")[0]
    assert response.status_code == 200 and made.created_by == staff
    assert hashed(token) == made.token_hash
    assert response["Cache-Control"].startswith("no-store")
    assert (
        get(client, f"Patient/{YoungPersonFactory(organisation=team).pk}", token).status_code == 200
    )


def test_admin_action_stops_a_clients_token(client, team, token, person):
    sign_in_fully(client, UserFactory(is_staff=True, is_superuser=True))

    client.post(
        "/admin/accounts/apiclient/",
        {"action": "revoke", "_selected_action": [ApiClient.objects.get().pk]},
    )

    assert ApiClient.objects.get().revoked_at is not None
    assert get(client, f"Patient/{person.pk}", token).status_code == 401


def test_every_fhir_address_needs_a_token(client, person):
    paths = ["Patient", f"Patient/{person.pk}", f"Patient/{person.pk}/$everything", "x/y/z"]

    statuses = [client.get(f"/fhir/r4/{path}").status_code for path in paths]

    assert statuses == [401] * len(paths)
