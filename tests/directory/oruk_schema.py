"""Validating JSON against the vendored Open Referral UK v3 schemas (fixtures/openreferral-uk)."""

import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "fixtures" / "openreferral-uk" / "schema"
# The address the profile's own OpenAPI document uses for these files; relative $refs such as
# "attribute.json" resolve against it.
BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"


@functools.cache
def registry():
    resources = []
    for path in sorted(SCHEMA_DIR.rglob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((BASE + path.relative_to(SCHEMA_DIR).as_posix(), resource))
    return Registry().with_resources(resources)


def validator(name):
    """A validator for a schema file, such as "service.json" or "compiled/service_list.json"."""
    return Draft202012Validator(
        {"$ref": BASE + name},
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def page_validator(item_schema):
    """An ORUK page: the Page envelope with every item of `contents` valid against item_schema."""
    return Draft202012Validator(
        {
            "allOf": [{"$ref": BASE + "openapi.json#/components/schemas/Page"}],
            "required": ["total_items", "total_pages", "page_number", "size", "contents"],
            "properties": {"contents": {"type": "array", "items": {"$ref": BASE + item_schema}}},
        },
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def errors(validator_, document):
    """Readable errors, empty when the document is valid."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator_.iter_errors(document)
    ]
