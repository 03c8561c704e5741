import uuid

import pydantic
import pytest
from django.test import Client

from tests.directory import oruk_schema
from thrivegrids.directory import vocabulary
from thrivegrids.directory.models import Service
from thrivegrids.directory.oruk import schema

API = "/api/openreferral"


@pytest.fixture
def demo_directory(demo_directory_feed):
    """The example area's directory feed (imported once a session; see the root conftest)."""


@pytest.fixture
def anonymous():
    return Client()


def _json(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def _valid(validator, document):
    assert oruk_schema.errors(validator, document) == []


def test_root_gives_version_profile_and_openapi_url(db, anonymous):
    body = _json(anonymous.get(f"{API}/"))
    assert body["version"] == "3.0"
    assert body["openapi_url"] == "http://testserver/api/openreferral/openapi.json"
    assert _json(anonymous.get(body["openapi_url"].removeprefix("http://testserver")))["paths"]


def test_api_is_public_and_does_not_touch_the_session(demo_directory, anonymous):
    for url in (
        "/",
        "/services",
        "/organizations",
        "/taxonomies",
        "/taxonomy_terms",
        "/service_at_locations",
        "/docs",
    ):
        response = anonymous.get(API + url)
        assert response.status_code == 200, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_docs_serve_swagger_from_our_own_static_files(db, anonymous):
    response = anonymous.get(f"{API}/docs")
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html


def test_services_page_validates_against_the_oruk_schemas(demo_directory, anonymous):
    body = _json(anonymous.get(f"{API}/services", {"per_page": 10, "page": 2}))
    _valid(oruk_schema.page_validator("compiled/service_list.json"), body)
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (
        40,
        4,
        2,
        10,
    )
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, False, False)


def test_every_full_service_validates_and_carries_our_extras_as_attributes(
    demo_directory, anonymous
):
    validator = oruk_schema.validator("service.json")
    for service_id in Service.objects.values_list("id", flat=True):
        body = _json(anonymous.get(f"{API}/services/{service_id}"))
        _valid(validator, body)
        link_types = {a["link_type"] for a in body["attributes"]}
        assert {
            "thrive_needs_group",
            "topic",
            "option_kind",
            "setting",
            "access_route",
        } <= link_types


def test_service_at_locations_validate_and_sort_by_distance(demo_directory, anonymous):
    body = _json(
        anonymous.get(f"{API}/service_at_locations", {"lat": 52.6, "lng": -1.5, "radius_km": 5})
    )
    _valid(oruk_schema.page_validator("compiled/service_at_location_list.json"), body)
    assert body["total_items"] > 0
    distances = [
        (item["location"]["latitude"] - 52.6) ** 2
        + ((item["location"]["longitude"] + 1.5) * 0.607) ** 2
        for item in body["contents"]
    ]
    assert distances == sorted(distances)
    one = _json(anonymous.get(f"{API}/service_at_locations/{body['contents'][0]['id']}"))
    _valid(oruk_schema.validator("service_at_location.json"), one)


def test_organizations_and_taxonomies_validate(demo_directory, anonymous):
    organizations = _json(anonymous.get(f"{API}/organizations"))
    _valid(oruk_schema.page_validator("compiled/organization_list.json"), organizations)
    one = _json(anonymous.get(f"{API}/organizations/{organizations['contents'][0]['id']}"))
    _valid(oruk_schema.validator("organization.json"), one)
    assert one["services"]
    taxonomies = _json(anonymous.get(f"{API}/taxonomies"))
    _valid(oruk_schema.page_validator("taxonomy.json"), taxonomies)
    assert taxonomies["total_items"] == 5
    terms = _json(
        anonymous.get(f"{API}/taxonomy_terms", {"taxonomy_id": str(vocabulary.THRIVE.id)})
    )
    _valid(oruk_schema.page_validator("taxonomy_term.json"), terms)
    assert sorted(t["term"] for t in terms["contents"]) == sorted(
        c for c, *_ in vocabulary.THRIVE.terms
    )
    with_terms = _json(anonymous.get(f"{API}/taxonomies/{vocabulary.TOPICS.id}"))
    _valid(oruk_schema.validator("taxonomy.json"), with_terms)
    term = _json(anonymous.get(f"{API}/taxonomy_terms/{vocabulary.TOPICS.term_id('adhd')}"))
    _valid(oruk_schema.validator("taxonomy_term.json"), term)


def _names(body):
    return {service["name"] for service in body["contents"]}


def test_services_filter_by_term_taxonomy_search_age_and_organisation(demo_directory, anonymous):
    peer = str(vocabulary.OPTION_KINDS.term_id("peer-support"))
    body = _json(anonymous.get(f"{API}/services", {"taxonomy_term_id": peer, "per_page": 100}))
    assert "Tuesday Peer Support Group" in _names(body)
    assert "Samaritans" not in _names(body)
    nhs = str(vocabulary.SETTINGS.term_id("nhs"))
    nhs_names = _names(
        _json(anonymous.get(f"{API}/services", {"taxonomy_term_id": nhs, "per_page": 100}))
    )
    assert "CAMHS Getting Help Team" in nhs_names and "Hub Drop-in Café" not in nhs_names
    assert _names(_json(anonymous.get(f"{API}/services", {"search": "climbing ADHD"}))) == {
        "ADHD-friendly Climbing Club"
    }
    ages = _json(
        anonymous.get(f"{API}/services", {"minimum_age": 16, "maximum_age": 25, "per_page": 100})
    )
    assert all(s["minimum_age"] >= 16 and s["maximum_age"] <= 25 for s in ages["contents"])
    organization = Service.objects.get(name="Samaritans").organization_id
    assert _names(
        _json(anonymous.get(f"{API}/services", {"organization_id": str(organization)}))
    ) == {"Samaritans"}
    everything = _json(anonymous.get(f"{API}/services", {"taxonomy_id": str(vocabulary.TOPICS.id)}))
    assert everything["total_items"] == 40


def test_services_modified_after_and_proximity(demo_directory, anonymous):
    recent = _json(
        anonymous.get(
            f"{API}/services", {"modified_after": "2026-11-01T00:00:00Z", "per_page": 100}
        )
    )
    assert recent["contents"] and all(
        s["last_modified"] >= "2026-11-01" for s in recent["contents"]
    )
    near = _json(anonymous.get(f"{API}/services", {"lat": 52.63, "lng": -1.47, "radius_km": 1}))
    assert _names(near) == {"Youth Clinic at Brookmere Health Centre"}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"minimum_age": "twelve"}, "minimum_age"),
        ({"lat": 52.6}, "lng"),
        ({"lat": 95, "lng": 0}, "lat"),
        ({"radius_km": 5}, "radius_km"),
        ({"page": 0}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"page": 1_000_001}, "page"),
        ({"per_page": 1000}, "per_page"),
        ({"taxonomy_term_id": "adhd"}, "taxonomy_term_id"),
        ({"modified_after": "last week"}, "modified_after"),
        ({"modified_after": "0.5"}, "modified_after"),  # not a Unix time: RFC 3339 only
        ({"modified_after": "2026-11-01T00:00:00"}, "modified_after"),  # no offset
        ({"search": "x" * 201}, "search"),
        ({"search": "café\x00"}, "search"),  # PostgreSQL refuses NUL: it was a 500 there
    ],
)
def test_bad_parameters_are_problem_details_naming_the_field(db, anonymous, query, field):
    response = anonymous.get(f"{API}/services", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert [error["field"] for error in body["errors"]] == [field]


def test_organization_search_is_bounded_too(db, anonymous):
    response = anonymous.get(f"{API}/organizations", {"search": "x" * 201})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "search", "message": "must be at most 200 characters"}
    ]


@pytest.mark.parametrize(
    ("moment", "total"), [("0001-01-01T00:00:00+05:00", 40), ("9999-12-31T23:59:59-05:00", 0)]
)
def test_modified_after_beyond_what_utc_holds_is_the_first_or_last_moment(
    demo_directory, anonymous, moment, total
):
    body = _json(anonymous.get(f"{API}/services", {"modified_after": moment}))
    assert body["total_items"] == total


def test_web_addresses_are_uris_with_other_characters_percent_encoded(demo_directory, anonymous):
    """ORUK's format is uri (RFC 3986): the demo feed's café address comes out encoded."""
    service = Service.objects.get(name="Sanctuary Evening Crisis Café")
    body = _json(anonymous.get(f"{API}/services/{service.id}"))
    assert (
        body["url"] == "https://sanctuary-evenings.example.org/sanctuary-evening-crisis-caf%C3%A9/"
    )


def test_a_web_address_too_long_once_encoded_is_a_problem():
    base = "https://example.org/"
    record = {"id": str(uuid.uuid4()), "name": "x", "description": "x"}
    fits = base + "a" * (500 - len(base))
    assert schema.OrganizationBrief.model_validate(record | {"website": fits}).website == fits
    with pytest.raises(pydantic.ValidationError, match="500 characters once written as a web"):
        schema.OrganizationBrief.model_validate(record | {"website": fits[:-1] + "é"})


def test_openapi_documents_every_problem_response_each_operation_gives(db, anonymous):
    document = _json(anonymous.get(f"{API}/openapi.json"))
    problem = {"$ref": "#/components/schemas/Problem"}
    for path, operations in document["paths"].items():
        responses = operations["get"]["responses"]
        kinds = {p["in"] for p in operations["get"].get("parameters", [])}
        expected = {"200"} | ({"400"} if kinds else set()) | ({"404"} if "path" in kinds else set())
        assert set(responses) == expected, path
        for status in expected - {"200"}:
            assert responses[status]["content"] == {
                "application/problem+json": {"schema": problem}
            }, path
    assert set(document["components"]["schemas"]["Problem"]["required"]) == {"title", "status"}
    services = document["paths"][f"{API}/services"]["get"]
    parameters = {p["name"]: p["schema"] for p in services["parameters"]}
    search = parameters["search"]["anyOf"][0]
    assert (search["maxLength"], search["pattern"]) == (200, "^[^\\x00-\\x1f\\x7f]*$")
    assert parameters["modified_after"]["anyOf"][0] == {"type": "string", "format": "date-time"}


def test_openapi_describes_oruk_records_and_each_parameter_once(db, anonymous):
    document = _json(anonymous.get(f"{API}/openapi.json"))
    schemas = document["components"]["schemas"]
    services = document["paths"][f"{API}/services"]["get"]
    links = document["paths"][f"{API}/service_at_locations"]["get"]
    assert services["parameters"] == links["parameters"]
    parameters = {p["name"]: p["schema"] for p in services["parameters"]}
    assert len(parameters) == len(services["parameters"]) == 12
    assert set(parameters) >= {"search", "taxonomy_term_id", "modified_after", "lat", "radius_km"}
    assert (parameters["page"]["minimum"], parameters["page"]["maximum"]) == (1, 1_000_000)
    assert (parameters["per_page"]["default"], parameters["per_page"]["maximum"]) == (50, 200)
    page = services["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    contents = schemas[page.rpartition("/")[2]]["properties"]["contents"]
    assert contents["items"]["$ref"].endswith("/ServiceBrief")
    assert {"id", "name", "status"} <= set(schemas["Service"]["required"])
    assert schemas["Service"]["properties"]["status"]["enum"] == [
        "active",
        "inactive",
        "defunct",
        "temporarily closed",
    ]
    assert "service_id" not in schemas["ServiceAtLocation"]["properties"]  # implied by nesting


def test_unknown_ids_are_problem_details(db, anonymous):
    for path in (
        "services",
        "organizations",
        "taxonomies",
        "taxonomy_terms",
        "service_at_locations",
    ):
        response = anonymous.get(f"{API}/{path}/3fa85f64-5717-4562-b3fc-2c963f66afa6")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert "3fa85f64" in response.json()["detail"]


def test_other_methods_are_problem_details_with_the_allowed_one(db, anonymous):
    response = anonymous.post(f"{API}/services", {"name": "x"})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET"
    assert response.json()["title"] == "Method not allowed"


def test_schema_check_itself_catches_bad_documents():
    """Guards the guard: $refs resolve, required fields and formats are enforced."""
    validator = oruk_schema.validator("service.json")
    bad = {"id": "not-a-uuid", "name": "x", "attributes": [{"taxonomy_term": {"id": "x"}}]}
    messages = oruk_schema.errors(validator, bad)
    assert any("'status' is a required property" in m for m in messages)
    assert any(m.startswith("id:") and "uuid" in m for m in messages)
    assert any(
        m.startswith("attributes/0:") and "'id' is a required property" in m for m in messages
    )
    assert any(m.startswith("attributes/0/taxonomy_term:") for m in messages)
    page = oruk_schema.page_validator("compiled/service_list.json")
    assert oruk_schema.errors(page, {"total_items": "many", "contents": []})
