"""The ORUK models (oruk/schema.py) against the vendored Open Referral UK v3 schemas.

Each model's JSON schema, as pydantic generates it, must name the properties and required fields
of its vendored schema, except for the differences listed here with their reasons; and the
directory's exports must validate against the vendored schemas.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.directory import oruk_schema
from tests.directory.feeds import DEMO_FEED
from thrivegrids.directory.oruk import schema

VENDORED = {
    schema.Service: "service.json",
    schema.ServiceBrief: "compiled/service_list.json",
    schema.Organization: "organization.json",
    schema.OrganizationBrief: "compiled/organization_list.json",
    schema.OrganizationIdentifier: "organization_identifier.json",
    schema.Location: "location.json",
    schema.ServiceAtLocation: "service_at_location.json",
    schema.ServiceAtLocationBrief: "compiled/service_at_location_list.json",
    schema.ServiceAtLocationFull: "service_at_location.json",
    schema.Address: "address.json",
    schema.Accessibility: "accessibility.json",
    schema.Schedule: "schedule.json",
    schema.Phone: "phone.json",
    schema.Language: "language.json",
    schema.Contact: "contact.json",
    schema.ServiceArea: "service_area.json",
    schema.Funding: "funding.json",
    schema.CostOption: "cost_option.json",
    schema.Attribute: "attribute.json",
    schema.TaxonomyTerm: "taxonomy_term.json",
    schema.Taxonomy: "taxonomy.json",
}

# HSDS 3.0 fields that the UK profile's schemas leave out and we carry (the directory holds them,
# and the ORUK schemas allow additional properties).
HSDS_EXTRAS = {
    schema.Service: {"eligibility_description", "application_process", "phones"},
    schema.ServiceBrief: {"eligibility_description", "application_process"},
    schema.Location: {"schedules"},
    schema.ServiceAtLocation: {"schedules"},
    schema.ServiceAtLocationFull: {"schedules", "service"},  # the ORUK API nests the service
    schema.Phone: {"extension", "type"},
    schema.Language: {"name", "code", "note"},
    schema.Contact: {"department", "email", "phones"},
    schema.CostOption: {"currency"},
    schema.Attribute: {"link_entity", "value"},
}
# ORUK properties we do not carry: back-references that nesting implies, attributes on records
# other than services (the directory keeps them on services only), and `accessibility`, which
# is read into `description` (its HSDS 3.0 name).
NOT_CARRIED = {
    schema.Organization: {"attributes"},
    schema.OrganizationIdentifier: {"organization_id", "attributes"},
    schema.Location: {"attributes"},
    schema.Address: {"location_id", "attributes"},
    schema.Accessibility: {"location_id", "attributes", "accessibility"},
    schema.Schedule: {"service_id", "service_at_location_id"},
    schema.Phone: {"contact_id"},
    schema.Language: {"service_id", "phone_id"},
    schema.Contact: {"service_id", "attributes"},
    schema.ServiceArea: {"service_id"},
    schema.Funding: {"service_id"},
    schema.CostOption: {"service_id"},
}
# Required by us though optional in ORUK: a service is run by an organisation (the directory
# shows and files it under one), a service at a location names its location, and our list
# and full service-at-location records always carry both sides.
ALSO_REQUIRED = {
    schema.Service: {"organization"},
    schema.ServiceBrief: {"organization"},
    schema.ServiceAtLocation: {"location"},
    schema.ServiceAtLocationBrief: {"service_id", "location_id", "location", "service"},
    schema.ServiceAtLocationFull: {"service_id", "location_id", "location", "service"},
}


def _vendored(name):
    return json.loads((oruk_schema.SCHEMA_DIR / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("model", list(VENDORED), ids=lambda model: model.__name__)
def test_model_names_the_vendored_properties_and_required_fields(model):
    ours, theirs = model.model_json_schema(), _vendored(VENDORED[model])
    properties, required = set(ours["properties"]), set(ours.get("required", []))
    assert properties - set(theirs["properties"]) == HSDS_EXTRAS.get(model, set())
    assert set(theirs["properties"]) - properties == NOT_CARRIED.get(model, set())
    assert required - set(theirs["required"]) == ALSO_REQUIRED.get(model, set())
    assert set(theirs["required"]) <= required


@pytest.mark.parametrize("model", list(VENDORED), ids=lambda model: model.__name__)
def test_shared_properties_have_the_vendored_type_format_and_choices(model):
    ours, theirs = model.model_json_schema(), _vendored(VENDORED[model])
    for name in set(ours["properties"]) & set(theirs["properties"]):
        mine, oruk = ours["properties"][name], theirs["properties"][name]
        if "type" in oruk and "$ref" not in mine:
            # A whole number is a number; nested objects are compared as their own records.
            assert mine["type"] in (oruk["type"], "integer" if oruk["type"] == "number" else None)
        for keyword in ("format", "enum"):
            if keyword in oruk:
                assert mine.get(keyword) == oruk[keyword], (name, keyword)
        if oruk.get("type") == "array":
            assert mine["items"]["$ref"].rpartition("/")[2] in {
                m.__name__ for m, file in VENDORED.items() if file == oruk["items"]["$ref"]
            }, name


def test_exports_of_the_demo_feed_validate_against_the_vendored_schemas(db, tmp_path):
    call_command("import_oruk", DEMO_FEED, stdout=StringIO())
    call_command("export_oruk", str(tmp_path), stdout=StringIO())
    services = json.loads((tmp_path / "services-0001.json").read_text(encoding="utf-8"))
    taxonomies = json.loads((tmp_path / "taxonomies.json").read_text(encoding="utf-8"))
    assert services["total_items"] == 40
    page = oruk_schema.page_validator("service.json")
    assert oruk_schema.errors(page, services) == []
    assert oruk_schema.errors(oruk_schema.page_validator("taxonomy.json"), taxonomies) == []
