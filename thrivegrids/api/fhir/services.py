"""Answering the FHIR API's requests (docs/fhir.md): who is asking (a bearer token), what they
may read (their organisation's rows only), and one audit event per request that names a client.

Every function here that answers a request records exactly one event, whether it answers with
resources or refuses (404, 400): the event and the answer are made in one transaction.
"""

from django.db import transaction

from thrivegrids.accounts.api_clients import client_for_token
from thrivegrids.api.fhir import gather, resources
from thrivegrids.api.fhir.bundles import FhirError, searchset
from thrivegrids.core.audit import AuditAction, record_event

# Search parameters each type takes (anything else is refused: 400), and the reference type.
SEARCH_PARAMETERS = {
    "Patient": "identifier",
    "CarePlan": "subject",
    "Goal": "subject",
    "Observation": "subject",
    "QuestionnaireResponse": "subject",
    "Consent": "patient",
}
READABLE = set(SEARCH_PARAMETERS)
VALUE_LIMIT = 200
ID_LIMIT = 18
BEARER = "Bearer "


def _not_found():
    return FhirError(404, "There is no such resource.")


def authenticated_client(request):
    """The active API client whose bearer token the request carries; FhirError(401) without one,
    with an unknown token (neither audited: there is no one to name) or a revoked one (audited)."""
    header = request.headers.get("Authorization", "")
    if not header.startswith(BEARER):
        raise FhirError(401, "Send an API client's token: Authorization: Bearer <token>.")
    client = client_for_token(header.removeprefix(BEARER).strip())
    if client is None:
        raise FhirError(401, "This token is not known.")
    if client.revoked_at is not None:
        _record(client, AuditAction.FHIR_REFUSE, client, request, {"status": 401})
        raise FhirError(401, "This token has been stopped.")
    return client


def _record(client, action, target, request, details):
    record_event(
        by=None,
        actor_label=client.name,
        action=action,
        target=target,
        organisation=client.organisation,
        request=request,
        details={"client": client.pk, "path": request.path[:200], **details},
    )


def _pk(value):
    if not (value.isdigit() and len(value) <= ID_LIMIT):
        raise _not_found()
    return int(value)


def _patient(organisation, pk):
    row = gather.young_person(organisation, pk)
    return row and (resources.patient(row), row)


def _care_plan(organisation, pk):
    row = gather.plan(organisation, pk)
    return row and (gather.care_plan_resource(row), row)


def _consent(organisation, pk):
    row = gather.plan(organisation, pk)
    return row and (gather.consent_resource(row), row)


def _goal(organisation, pk):
    row = gather.goal(organisation, pk)
    patient_id = row and row.plan.young_person_id
    return row and (
        resources.goal(row, patient_id=patient_id, ratings=list(row.ratings.all())),
        row,
    )


def _observation(organisation, pk):
    row = gather.rating(organisation, pk)
    return row and (resources.rating(row, patient_id=row.goal.plan.young_person_id), row)


def _questionnaire_response(organisation, pk):
    row = gather.response(organisation, pk)
    patient_id = row and row.conversation.young_person_id
    return row and (resources.questionnaire_response(row, patient_id=patient_id), row)


# {type: function(organisation, pk) -> (the R4B resource, the row read), or None when the
# organisation has no such row}.
READERS = {
    "Patient": _patient,
    "CarePlan": _care_plan,
    "Consent": _consent,
    "Goal": _goal,
    "Observation": _observation,
    "QuestionnaireResponse": _questionnaire_response,
}


def _refusing(function):
    """Record a refusal (404, 400) as the request's one event, then let it go on to the view."""

    def answer(*, client, request, **kwargs):
        try:
            with transaction.atomic():
                return function(client=client, request=request, **kwargs)
        except FhirError as error:
            _record(client, AuditAction.FHIR_REFUSE, client, request, {"status": error.status})
            raise

    answer.__doc__ = function.__doc__
    return answer


@_refusing
def read_resource(*, client, resource_type, id, request):
    """One resource, by type and id: the R4B model. Audited as a read of its row."""
    if resource_type not in READABLE:
        raise FhirError(404, "This API does not serve that type of resource.")
    found = READERS[resource_type](client.organisation, _pk(id))
    if not found:
        raise _not_found()
    resource, row = found
    _record(client, AuditAction.FHIR_READ, row, request, {"type": resource_type})
    return resource


def _search_value(resource_type, params):
    expected = SEARCH_PARAMETERS[resource_type]
    names = set(params)
    if names != {expected}:
        raise FhirError(400, f"Search {resource_type} by {expected} only, given once.")
    values = params.getlist(expected)
    if len(values) != 1 or not values[0] or len(values[0]) > VALUE_LIMIT:
        raise FhirError(
            400, f"Give {expected} once, with a value of at most {VALUE_LIMIT} characters."
        )
    return values[0]


def _subject(client, value):
    """The young person a subject or patient parameter names, or None (an empty search)."""
    kind, _slash, pk = value.partition("/")
    if kind != "Patient" or not (pk.isdigit() and len(pk) <= ID_LIMIT):
        raise FhirError(400, "Name the subject as Patient/<id>.")
    return gather.young_person(client.organisation, int(pk))


def _patient_by_identifier(client, value):
    system, bar, identifier = value.partition("|")
    if not bar or not system or not identifier:
        raise FhirError(400, "Search Patient by identifier as <system>|<value>.")
    return gather.young_person_by_identifier(client.organisation, system, identifier)


@_refusing
def search(*, client, resource_type, params, request):
    """A searchset Bundle of one young person's resources of a type (an empty one when the
    client's organisation has no such young person). Audited as a search about that person."""
    if resource_type not in READABLE:
        raise FhirError(404, "This API does not serve that type of resource.")
    value = _search_value(resource_type, params)
    if resource_type == "Patient":
        person = _patient_by_identifier(client, value)
        found = [resources.patient(person)] if person else []
    else:
        person = _subject(client, value)
        found = gather.about_person(person, resource_type) if person else []
    details = {"type": resource_type, "total": len(found)}
    _record(client, AuditAction.FHIR_SEARCH, person or client, request, details)
    return searchset(request, found)


@_refusing
def everything(*, client, id, request):
    """One searchset Bundle with the Patient and everything about them ($everything)."""
    person = gather.young_person(client.organisation, _pk(id))
    if person is None:
        raise _not_found()
    found = gather.everything(person)
    _record(client, AuditAction.FHIR_EVERYTHING, person, request, {"total": len(found)})
    return searchset(request, found)
