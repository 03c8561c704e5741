"""RFC 9457 problem details: the body of every API error, and its place in the OpenAPI document.

One declaration (`Problem`) builds the error responses and describes them, so a client reads in
the document exactly what it gets: 400 for a parameter that is missing, malformed or out of its
bounds (naming the field), 404 for an id that names no record.
"""

from django.http import JsonResponse
from pydantic import BaseModel, Field

MEDIA_TYPE = "application/problem+json"


class FieldProblem(BaseModel):
    field: str = Field(description="The query or path parameter at fault.")
    message: str = Field(description="What is wrong with its value.")


class Problem(BaseModel):
    """An RFC 9457 problem detail (application/problem+json)."""

    type: str = Field("about:blank", description="Always about:blank: the status says it all.")
    title: str = Field(description="A short summary of the status, such as Not found.")
    status: int = Field(ge=400, le=599, description="The HTTP status code.")
    detail: str | None = Field(None, description="This occurrence, in a sentence.")
    errors: list[FieldProblem] | None = Field(
        None, description="For 400: each parameter at fault, with what is wrong with it."
    )


def problem(status, title, detail="", errors=None):
    """An application/problem+json response."""
    body = Problem(title=title, status=status, detail=detail or None, errors=errors or None)
    response = JsonResponse(
        body.model_dump(exclude_none=True),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Type"] = MEDIA_TYPE
    return response


def _components():
    """Problem and FieldProblem as OpenAPI component schemas."""
    found = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    nested = found.pop("$defs", {})
    return {"Problem": found, **nested}


def _response(description):
    schema = {"$ref": "#/components/schemas/Problem"}
    return {"description": description, "content": {MEDIA_TYPE: {"schema": schema}}}


BAD_REQUEST = "A parameter is missing, malformed or out of its bounds; `errors` names each one."
NOT_FOUND = "No record has this id."


def document_problems(document):
    """Add to `document` (an OpenAPI dict) the problem responses each operation can give:
    400 where it takes parameters, 404 where one of them is a record's id in the path."""
    document.setdefault("components", {}).setdefault("schemas", {}).update(_components())
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            responses = operation.setdefault("responses", {})
            if parameters:
                responses["400"] = _response(BAD_REQUEST)
            if any(parameter["in"] == "path" for parameter in parameters):
                responses["404"] = _response(NOT_FOUND)
    return document
