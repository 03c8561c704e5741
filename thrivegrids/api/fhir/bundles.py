"""FHIR answers: searchset Bundles and OperationOutcomes, each validated as an R4B model."""

from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome

# HTTP status -> the OperationOutcome issue code (FHIR's issue-type value set).
ISSUE_CODES = {400: "invalid", 401: "login", 404: "not-found", 405: "not-supported"}


class FhirError(Exception):
    """A request the API refuses: its HTTP status and what to tell the client."""

    def __init__(self, status, text):
        super().__init__(text)
        self.status, self.text = status, text


def operation_outcome(status, text) -> dict:
    issue = {
        "severity": "error",
        "code": ISSUE_CODES.get(status, "processing"),
        "diagnostics": text,
    }
    return OperationOutcome.model_validate(
        {"resourceType": "OperationOutcome", "issue": [issue]}
    ).model_dump(mode="json")


def full_url(request, resource):
    address = reverse(
        "fhir:read", kwargs={"resource_type": resource.get_resource_type(), "id": resource.id}
    )
    return request.build_absolute_uri(address)


def searchset(request, found) -> dict:
    """A searchset Bundle of `found` (R4B models), every one a match, all on one page."""
    entries = [
        {
            "fullUrl": full_url(request, resource),
            "resource": resource,
            "search": {"mode": "match"},
        }
        for resource in found
    ]
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(entries),
        "link": [{"relation": "self", "url": request.build_absolute_uri()}],
    }
    if entries:
        bundle["entry"] = entries
    return Bundle.model_validate(bundle).model_dump(mode="json")
