"""The JSON API keeps the contract its own OpenAPI document states, checked by schemathesis.

The document is read from the app itself (WSGI, in process) and every operation in it is called
with generated requests, valid and invalid: boundary values of each parameter first (schemathesis'
coverage phase), then a fixed number of examples from a fixed seed, over the demo directory.
Each response must not be a server error and must match the document: a status it lists, the
content type it lists for that status, the body its schema describes; invalid requests must be
refused (4xx) and valid ones accepted; other methods get 405. The rule OpenAPI cannot state
(lat, lng and radius_km go together) is taught to schemathesis in schemathesis_hooks.py.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from tests.api import schemathesis_hooks  # noqa: F401 -- registers the hooks
from thrivegrids.directory.models import (
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

OPENAPI = "/api/openreferral/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    unsupported_method,
]
# Each record id a path can hold, so that found records (200) are checked as well as 404s.
RECORDS = {
    "service_id": Service,
    "link_id": ServiceAtLocation,
    "organization_id": Organization,
    "taxonomy_id": Taxonomy,
    "term_id": TaxonomyTerm,
}

# Loaded when the module is collected, so a document that cannot be read or parsed fails.
schema = schemathesis.openapi.from_wsgi(OPENAPI, get_wsgi_application())


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """A generated id, or the id of a record the demo directory holds."""
    if not isinstance(path_parameters, dict) or len(path_parameters) != 1:
        return st.just(path_parameters)
    ((name, _),) = path_parameters.items()
    if name not in RECORDS:
        return st.just(path_parameters)
    ids = [str(pk) for pk in RECORDS[name].objects.order_by("pk").values_list("pk", flat=True)]
    return st.one_of(st.just(path_parameters), st.sampled_from(ids).map(lambda pk: {name: pk}))


@pytest.fixture
def in_test_transaction(db):
    """Requests share the test's database transaction, as with django.test.Client (which also
    keeps Django from closing the connection at the start and end of each request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_openreferral_api_keeps_its_openapi_contract(case, demo_directory, in_test_transaction):
    case.call_and_validate(checks=CHECKS)


def test_the_contract_test_covers_every_operation():
    """Eleven ORUK operations: a document that lost some would pass the test above unseen."""
    operations = [result.ok().label for result in schema.get_all_operations()]
    assert len(operations) == 11
    assert "GET /api/openreferral/services/{service_id}" in operations


def _openapi_urls(patterns, prefix="/"):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _openapi_urls(pattern.url_patterns, prefix + str(pattern.pattern))
        elif pattern.name == "openapi-json":
            yield prefix + str(pattern.pattern)


def test_every_ninja_api_of_the_project_is_contract_tested():
    """A new NinjaAPI mounted in the URLconf fails here until this module tests its document."""
    assert sorted(_openapi_urls(get_resolver().url_patterns)) == [OPENAPI]
