"""The FHIR R4 API's views (docs/fhir.md): read-only, application/fhir+json, for API clients with
a bearer token, not signed-in people (so no session, no login page, no CSRF token)."""

import functools
import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from thrivegrids.api.fhir import services
from thrivegrids.api.fhir.bundles import FhirError, operation_outcome

CONTENT_TYPE = "application/fhir+json"


def _fhir_response(body, status=200):
    response = HttpResponse(json.dumps(body), status=status, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def fhir_view(view):
    """GET only, a client's token first; every refusal answered as an OperationOutcome."""

    @login_not_required
    @csrf_exempt
    @functools.wraps(view)
    def answer(request, **kwargs):
        try:
            if request.method != "GET":
                raise FhirError(405, "This API is read-only: it answers GET only.")
            client = services.authenticated_client(request)
            return _fhir_response(view(request, client, **kwargs))
        except FhirError as error:
            response = _fhir_response(operation_outcome(error.status, error.text), error.status)
            if error.status == 401:
                response["WWW-Authenticate"] = "Bearer"
            if error.status == 405:
                response["Allow"] = "GET"
            return response

    return answer


@fhir_view
def search(request, client, resource_type):
    return services.search(
        client=client, resource_type=resource_type, params=request.GET, request=request
    )


@fhir_view
def read(request, client, resource_type, id):
    resource = services.read_resource(
        client=client, resource_type=resource_type, id=id, request=request
    )
    return resource.model_dump(mode="json")


@fhir_view
def everything(request, client, id):
    return services.everything(client=client, id=id, request=request)


@fhir_view
def not_found(request, client, rest):
    raise FhirError(404, "There is nothing at this address.")
